package experiment

import (
	"context"
	"errors"
	"testing"
)

// EpochTime measures a positive time per epoch, refuses an unknown solver
// and stops with a cancelled context.
func TestSweepEpochTime(t *testing.T) {
	t.Parallel()
	ds := seedData(t)
	cfg := DefaultSweepConfig()
	per, err := cfg.EpochTime(context.Background(), ds, 2)
	if err != nil || per <= 0 {
		t.Fatalf("EpochTime = %v, %v; want a positive time", per, err)
	}
	bad := cfg
	bad.Solvers = []string{"newton"}
	if _, err := bad.EpochTime(context.Background(), ds, 1); err == nil {
		t.Error("an unknown solver was timed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cfg.EpochTime(ctx, ds, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v, want context.Canceled", err)
	}
}

package train

import (
	"context"
	"errors"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
)

// TestFitStatus checks why a fit stopped: all epochs, a cancelled context
// (stopping before the next epoch), a callback's error and a diverged loss.
func TestFitStatus(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 2, []float64{1, 1, 2, 2})
	y := []float64{0, 1}
	errStop := errors.New("enough")
	cases := []struct {
		name    string
		lr      float64
		onEpoch func(ctx context.Context, cancel func(), epoch int) error
		status  Status
		epochs  int
		errIs   error
	}{
		{"completed", 0.01, nil, Completed, 10, nil},
		{"cancelled at epoch 3", 0.01, func(_ context.Context, cancel func(), e int) error {
			if e == 3 {
				cancel()
			}
			return nil
		}, Cancelled, 3, context.Canceled},
		{"callback at epoch 4", 0.01, func(_ context.Context, _ func(), e int) error {
			if e == 4 {
				return errStop
			}
			return nil
		}, StoppedByCallback, 4, errStop},
		{"diverged", 1e308, nil, Diverged, 0, ErrDiverged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := graph.New(graph.Config{Features: 2, BatchRows: 2, Kernel: []float64{0.5, -0.3}})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cfg := DefaultConfig()
			cfg.Epochs, cfg.LearningRate = 10, c.lr
			if c.onEpoch != nil {
				cfg.OnEpoch = func(e int, _ float64) error { return c.onEpoch(ctx, cancel, e) }
			}
			h, err := Fit(ctx, m, x, y, cfg)
			if c.errIs == nil && err != nil || c.errIs != nil && !errors.Is(err, c.errIs) {
				t.Fatalf("error %v, want %v", err, c.errIs)
			}
			if h.Status != c.status {
				t.Errorf("status %v, want %v", h.Status, c.status)
			}
			if c.status != Diverged && len(h.Loss) != c.epochs {
				t.Errorf("%d epochs recorded, want %d", len(h.Loss), c.epochs)
			}
		})
	}
}

package baseline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestFitSAGContextStops cancels SAG before it starts and after its third
// epoch (from OnCoef): the fit must stop before the next epoch with an error
// wrapping context.Canceled that names that epoch, and an uncancelled
// context must give FitSAG's result exactly.
func TestFitSAGContextStops(t *testing.T) {
	x := mat.NewDense(2, 2, []float64{1, 1, 2, 2})
	y := []float64{0, 1}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := FitSAGContext(ctx, x, y, DefaultSAGConfig()); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "before epoch 1") {
		t.Errorf("cancelled before the fit: error %v, want context.Canceled before epoch 1", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	cfg := DefaultSAGConfig()
	epochs := 0
	cfg.OnCoef = func(e int, _ []float64, _ float64) {
		if epochs = e; e == 3 {
			cancel()
		}
	}
	if _, err := FitSAGContext(ctx, x, y, cfg); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "before epoch 4") || epochs != 3 {
		t.Errorf("cancelled after epoch 3: error %v after %d epochs, want context.Canceled before epoch 4", err, epochs)
	}
	want, err := FitSAG(x, y, DefaultSAGConfig())
	if err != nil {
		t.Fatal(err)
	}
	got, err := FitSAGContext(context.Background(), x, y, DefaultSAGConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got.Coef[0] != want.Coef[0] || got.Coef[1] != want.Coef[1] || got.Intercept != want.Intercept || got.NIter != want.NIter {
		t.Errorf("FitSAGContext %+v, FitSAG %+v", got, want)
	}
}

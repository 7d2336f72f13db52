package train

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
)

var errStopAt3 = errors.New("stop at 3")

// seedModel returns the seed problem and a graph for it.
func seedModel(t *testing.T) (*graph.Model, *mat.Dense, []float64) {
	t.Helper()
	m, err := graph.New(graph.Config{Features: 2, BatchRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m, mat.NewDense(2, 2, []float64{1, 1, 2, 2}), []float64{0, 1}
}

// A fit of a huge number of epochs allocates nothing in proportion to
// them: the loss history grows as the epochs finish (issue 15: --epochs
// 1e12 allocated 8 TB up front, 9223372036854775807 panicked in makeslice).
func TestHistoryGrowsAsEpochsFinish(t *testing.T) {
	t.Parallel()
	for _, epochs := range []int{1_000_000, math.MaxInt} {
		m, x, y := seedModel(t)
		cfg := DefaultConfig()
		cfg.Epochs = epochs
		cfg.OnEpoch = func(e int, _ float64) error {
			if e == 3 {
				return errStopAt3
			}
			return nil
		}
		h, err := Fit(context.Background(), m, x, y, cfg)
		if !errors.Is(err, errStopAt3) {
			t.Fatalf("epochs %d: err = %v, want the callback's", epochs, err)
		}
		if len(h.Loss) != 3 || h.Epochs != 3 || cap(h.Loss) > 16 {
			t.Errorf("epochs %d: loss history len %d cap %d, Epochs %d; want 3 values in a small slice", epochs, len(h.Loss), cap(h.Loss), h.Epochs)
		}
	}
}

// DiscardLoss keeps no history but counts the epochs and still passes
// every loss to OnEpoch, the same losses as a fit that keeps them.
func TestDiscardLoss(t *testing.T) {
	t.Parallel()
	m, x, y := seedModel(t)
	cfg := DefaultConfig()
	cfg.Epochs = 20
	kept, err := Fit(context.Background(), m, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	m2, _, _ := seedModel(t)
	cfg.DiscardLoss = true
	var seen []float64
	cfg.OnEpoch = func(_ int, loss float64) error { seen = append(seen, loss); return nil }
	h, err := Fit(context.Background(), m2, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if h.Loss != nil || h.Epochs != 20 {
		t.Errorf("DiscardLoss: Loss %v, Epochs %d; want nil and 20", h.Loss, h.Epochs)
	}
	if len(seen) != len(kept.Loss) {
		t.Fatalf("OnEpoch saw %d losses, want %d", len(seen), len(kept.Loss))
	}
	for i := range seen {
		if seen[i] != kept.Loss[i] {
			t.Fatalf("epoch %d: OnEpoch loss %v, kept %v", i+1, seen[i], kept.Loss[i])
		}
	}
}

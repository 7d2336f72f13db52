package bench

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/train"
)

// TestHandLoopIsTheGraphsStep checks that the hand-written loop does the
// graph's work: on the seed problem and on breast-cancer (standardised,
// batches of 32, shuffled as train.Fit shuffles), its kernel and bias after
// 100 steps equal those of train.Fit's default SGD to 1e-12.
func TestHandLoopIsTheGraphsStep(t *testing.T) {
	bc, err := dataset.LookupBuiltin("breast-cancer")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := bc.Load(dataset.Options{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		x      *mat.Dense
		y      []float64
		epochs int
	}{
		{"seed", dataset.Seed().X, dataset.Seed().Y, 100},
		{"breast-cancer", dataset.Standardize(ds).X, dataset.Standardize(ds).Y, 6}, // 18 steps an epoch
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, d := tc.x.Dims()
			batch := min(32, n)
			m, err := graph.New(graph.Config{Features: d, BatchRows: batch, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			h := HandLoop{Kernel: m.Kernel(), Bias: m.Bias()}
			start := append([]float64(nil), h.Kernel...)
			cfg := train.DefaultConfig()
			cfg.Epochs, cfg.Seed = tc.epochs, 4
			if _, err := train.Fit(context.Background(), m, tc.x, tc.y, cfg); err != nil {
				t.Fatal(err)
			}
			steps := h.Fit(tc.x.RawMatrix().Data, tc.y, batch, tc.epochs, cfg.LearningRate, graph.NewRand(cfg.Seed, 2))
			if steps < 100 {
				t.Fatalf("%d steps, want at least 100", steps)
			}
			got := m.Kernel()
			for j := range got {
				if diff := math.Abs(got[j] - h.Kernel[j]); !(diff <= 1e-12) {
					t.Errorf("kernel[%d]: graph %.17g, hand loop %.17g", j, got[j], h.Kernel[j])
				}
				if h.Kernel[j] == start[j] {
					t.Errorf("kernel[%d] did not move", j)
				}
			}
			if diff := math.Abs(m.Bias() - h.Bias); !(diff <= 1e-12) {
				t.Errorf("bias: graph %.17g, hand loop %.17g", m.Bias(), h.Bias)
			}
		})
	}
}

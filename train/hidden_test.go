package train

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
)

// TestFitHiddenSGDStep checks that Fit's sgd step moves every layer of a
// 2-hidden-layer network by −learning_rate·gradient: one epoch of one full
// batch, unshuffled, from known parameters, against the gradients the graph
// reports for the same batch.
func TestFitHiddenSGDStep(t *testing.T) {
	t.Parallel()
	const n, d, lr = 6, 2, 0.05
	rng := rand.New(rand.NewPCG(21, 22))
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		x.Set(i, 0, rng.NormFloat64())
		x.Set(i, 1, rng.NormFloat64())
		y[i] = float64(i % 2)
	}
	m, err := graph.NewBuilder(d).Dense(3, graph.Tanh).Dense(2, graph.ReLU).Seed(4).BatchRows(n).L2(0.1).Build()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	before := m.Layers()
	if _, err := m.RunBatch(rowMajor(x), y, []int{0, 1, 2, 3, 4, 5}); err != nil {
		t.Fatal(err)
	}
	grads, err := m.LayerGradients()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Epochs, cfg.BatchSize, cfg.Shuffle, cfg.LearningRate = 1, n, false, lr
	if _, err := Fit(context.Background(), m, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	after := m.Layers()
	moved := 0
	for k := range before {
		for i := range before[k].Kernel {
			for j, w := range before[k].Kernel[i] {
				want := w - lr*grads[k].Kernel[i][j]
				if math.Abs(after[k].Kernel[i][j]-want) > 1e-15 {
					t.Errorf("layer %d kernel[%d][%d] = %.17g, want %.17g", k+1, i, j, after[k].Kernel[i][j], want)
				}
				if after[k].Kernel[i][j] != w {
					moved++
				}
			}
		}
		for j, b := range before[k].Bias {
			want := b - lr*grads[k].Bias[j]
			if math.Abs(after[k].Bias[j]-want) > 1e-15 {
				t.Errorf("layer %d bias[%d] = %.17g, want %.17g", k+1, j, after[k].Bias[j], want)
			}
		}
	}
	if moved == 0 {
		t.Error("no kernel weight moved")
	}
}

package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
)

// TestOptimisedPathMatchesStraightforward trains two copies of a model for
// 1000 epochs with Gorgonia's VanillaSolver: one as New builds it (the tape
// machine compiled on the loss and the learnables' gradients only, input
// buffers kept between identical batches, X bound to the caller's data for a
// full batch), one compiling the whole graph and copying the batch into its
// buffers every step. Their parameters must agree to 1e-12, and the caller's
// data must be left unchanged.
func TestOptimisedPathMatchesStraightforward(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, d = 40, 3
	x := make([]float64, n*d)
	y := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for i := range y {
		y[i] = float64(rng.IntN(2))
	}
	saved := append([]float64(nil), x...)
	full := make([]int, n)
	for i := range full {
		full[i] = i
	}
	for _, tc := range []struct {
		name  string
		cfg   Config
		batch int
	}{
		{"full batch, linear", Config{Features: d, BatchRows: n, Seed: 1, L2: 0.01}, n},
		{"batches of 16, linear", Config{Features: d, BatchRows: 16, Seed: 1}, 16},
		{"full batch, hidden tanh", Config{Features: d, BatchRows: n, Seed: 2, Hidden: []Dense{{Units: 4, Activation: Tanh}}}, n},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fast, err := newModel(tc.cfg, false)
			if err != nil {
				t.Fatal(err)
			}
			defer fast.Close()
			slow, err := newModel(tc.cfg, true)
			if err != nil {
				t.Fatal(err)
			}
			defer slow.Close()
			sf := G.NewVanillaSolver(G.WithLearnRate(0.05))
			ss := G.NewVanillaSolver(G.WithLearnRate(0.05))
			for epoch := 0; epoch < 1000; epoch++ {
				for start := 0; start < n; start += tc.batch {
					idx := full[start:min(start+tc.batch, n)]
					lf, err := fast.RunBatch(x, y, idx)
					if err != nil {
						t.Fatal(err)
					}
					ls, err := slow.RunBatch(x, y, idx)
					if err != nil {
						t.Fatal(err)
					}
					if math.Abs(lf-ls) > 1e-12 {
						t.Fatalf("epoch %d: loss %v vs %v", epoch+1, lf, ls)
					}
					if err := sf.Step(fast.ValueGrads()); err != nil {
						t.Fatal(err)
					}
					if err := ss.Step(slow.ValueGrads()); err != nil {
						t.Fatal(err)
					}
				}
			}
			// The full-batch runs bind X to x itself: it must come back untouched.
			for i := range x {
				if x[i] != saved[i] {
					t.Fatalf("x[%d] changed from %v to %v", i, saved[i], x[i])
				}
			}
			lf, ls := fast.Layers(), slow.Layers()
			for k := range lf {
				for i := range lf[k].Kernel {
					for j := range lf[k].Kernel[i] {
						if diff := math.Abs(lf[k].Kernel[i][j] - ls[k].Kernel[i][j]); diff > 1e-12 {
							t.Errorf("layer %d kernel[%d][%d] differs by %g", k, i, j, diff)
						}
					}
				}
				for j := range lf[k].Bias {
					if diff := math.Abs(lf[k].Bias[j] - ls[k].Bias[j]); diff > 1e-12 {
						t.Errorf("layer %d bias[%d] differs by %g", k, j, diff)
					}
				}
			}
		})
	}
}

// TestLogitsBetweenBatchesRefillsInputs interleaves Logits (which reuses the
// input buffer) with repeated RunBatch calls on the same batch: the loss must
// be the batch's, not that of the rows Logits left behind.
func TestLogitsBetweenBatchesRefillsInputs(t *testing.T) {
	m, err := New(Config{Features: 1, BatchRows: 2, Kernel: []float64{1}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x, y := []float64{1, 2}, []float64{1, 1}
	first, err := m.RunBatch(x, y, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Logits([]float64{-50, 50}); err != nil {
		t.Fatal(err)
	}
	again, err := m.RunBatch(x, y, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if again != first {
		t.Errorf("loss %v after Logits, %v before", again, first)
	}
}

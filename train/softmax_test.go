package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gorgonia.org/tensor"

	"nnlr/graph"
	"nnlr/internal/metrics"
)

// blobs returns n points in d dimensions around k centres (overlapping
// classes), with labels 0 … k − 1 in turn.
func blobs(n, d, k int, seed uint64) (*mat.Dense, []float64) {
	rng := graph.NewRand(seed, 7)
	centres := make([][]float64, k)
	for c := range centres {
		centres[c] = make([]float64, d)
		for j := range centres[c] {
			centres[c][j] = 2 * rng.NormFloat64()
		}
	}
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		c := i % k
		y[i] = float64(c)
		for j := 0; j < d; j++ {
			x.Set(i, j, centres[c][j]+rng.NormFloat64())
		}
	}
	return x, y
}

// flatOutput returns the output layer's kernel (row-major) and biases as
// one vector.
func flatOutput(kernel [][]float64, bias []float64) []float64 {
	var out []float64
	for _, row := range kernel {
		out = append(out, row...)
	}
	return append(out, bias...)
}

// TestSolversOnSoftmaxKernel runs every solver, in both precisions, on the
// graph of a 3-class softmax model (a 4 × 3 kernel and 3 biases) for 30
// mini-batch steps, without and with clipping (Keras's clipvalue), and compares the parameters after every step with the
// solver's rule written out in newKerasRule applied to the graph's own
// gradients: to 1e-12 (relative) in float64 and 1e-5 in float32.
func TestSolversOnSoftmaxKernel(t *testing.T) {
	t.Parallel()
	const n, d, k, batch, steps = 40, 4, 3, 16, 30
	x, y := blobs(n, d, k, 1)
	data := rowMajor(x)
	for _, info := range Solvers() {
		for _, dt := range []graph.Dtype{graph.Float64, graph.Float32} {
			for _, clip := range []float64{0, 0.05} {
				t.Run(fmt.Sprintf("%s/%s/clip=%g", info.Name, dt, clip), func(t *testing.T) {
					cfg := solverConfig(t, info.Name, clip)
					solver, err := NewSolver(cfg)
					if err != nil {
						t.Fatal(err)
					}
					m, err := graph.New(graph.Config{Features: d, BatchRows: batch, Dtype: dt, Output: graph.Softmax, Classes: k, Seed: 5})
					if err != nil {
						t.Fatal(err)
					}
					want := flatOutput(m.OutputKernel(), m.OutputBias())
					ref := newKerasRule(t, cfg, len(want))
					tdt := tensor.Float64
					if dt == graph.Float32 {
						tdt = tensor.Float32
					}
					for s := 0; s < steps; s++ {
						idx := make([]int, 0, batch)
						for i := s * 7; len(idx) < batch-s%3; i++ { // batches of 16, 15, 14 rows
							idx = append(idx, i%n)
						}
						if _, err := m.RunBatch(data, y, idx); err != nil {
							t.Fatal(err)
						}
						gk, gb, err := m.OutputGradients()
						if err != nil {
							t.Fatal(err)
						}
						if err := solver.Step(m.ValueGrads()); err != nil {
							t.Fatalf("step %d: %v", s+1, err)
						}
						ref.step(want, flatOutput(gk, gb))
						got := flatOutput(m.OutputKernel(), m.OutputBias())
						if e := relErr(got, want); !(e <= tolerance(tdt)) {
							t.Fatalf("rule %s\nstep %d: got %v\nwant %v (relative error %.3g)", ref.name, s+1, got, want, e)
						}
					}
				})
			}
		}
	}
}

// TestSGDKeepsClassMeanOfKernel: the gradient of the softmax cross-entropy
// with respect to the k logits of a row sums to zero, so without a penalty
// plain SGD never moves the mean of the kernel's k columns (nor of the
// biases): after 200 epochs of shuffled mini-batches (a padded last batch
// included), in float64, both stay at their glorot_uniform start to 1e-12,
// while the kernel itself has moved.
func TestSGDKeepsClassMeanOfKernel(t *testing.T) {
	t.Parallel()
	const n, d, k = 90, 3, 4
	x, y := blobs(n, d, k, 2)
	m, err := graph.New(graph.Config{Features: d, BatchRows: 32, Output: graph.Softmax, Classes: k, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	classMean := func(kernel [][]float64, bias []float64) []float64 {
		out := make([]float64, d+1)
		for j, row := range kernel {
			for _, v := range row {
				out[j] += v / k
			}
		}
		for _, v := range bias {
			out[d] += v / k
		}
		return out
	}
	k0 := m.OutputKernel()
	before := classMean(k0, m.OutputBias())
	cfg := DefaultConfig()
	cfg.Epochs, cfg.LearningRate, cfg.Seed = 200, 0.1, 4
	h, err := Fit(context.Background(), m, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	after := classMean(m.OutputKernel(), m.OutputBias())
	for j := range before {
		if math.Abs(after[j]-before[j]) > 1e-12 {
			t.Errorf("class mean of row %d moved from %v to %v", j, before[j], after[j])
		}
	}
	moved := 0.0
	for j, row := range m.OutputKernel() {
		for c, v := range row {
			moved = math.Max(moved, math.Abs(v-k0[j][c]))
		}
	}
	if moved < 0.5 || !(h.Loss[len(h.Loss)-1] < h.Loss[0]) {
		t.Errorf("the kernel moved by %v and the loss went from %v to %v: training did not happen", moved, h.Loss[0], h.Loss[len(h.Loss)-1])
	}
}

// TestSoftmaxTwoClassesMatchesSigmoid: Dense(2, softmax) trained by SGD at
// learning rate η follows Dense(1, sigmoid) trained at 2η: p₁ =
// σ(z₁ − z₀), and the gradients of the two columns are ±Xᵀ(p₁ − y)/n, so
// w₁ − w₀ moves by −2η·Xᵀ(σ − y)/n. Starting from a softmax kernel drawn by
// glorot_uniform and a sigmoid kernel equal to its w₁ − w₀ (and the same for
// the biases), after 100 full-batch steps w₁ − w₀ equals the sigmoid kernel
// and b₁ − b₀ its bias to 1e-12.
func TestSoftmaxTwoClassesMatchesSigmoid(t *testing.T) {
	t.Parallel()
	const n, d, eta = 50, 3, 0.05
	x, y := blobs(n, d, 2, 3)
	soft, err := graph.New(graph.Config{Features: d, BatchRows: n, Output: graph.Softmax, Classes: 2, Seed: 6})
	if err != nil {
		t.Fatal(err)
	}
	sk := soft.OutputKernel()
	if err := soft.SetOutput(sk, []float64{0.3, -0.2}); err != nil {
		t.Fatal(err)
	}
	diff := func(kernel [][]float64, bias []float64) ([]float64, float64) {
		w := make([]float64, len(kernel))
		for j, row := range kernel {
			w[j] = row[1] - row[0]
		}
		return w, bias[1] - bias[0]
	}
	w0, b0 := diff(soft.OutputKernel(), soft.OutputBias())
	sig, err := graph.New(graph.Config{Features: d, BatchRows: n, Kernel: w0, Bias: b0})
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Epochs, cfg.BatchSize, cfg.Shuffle = 100, n, false
	cfg.LearningRate = eta
	if _, err := Fit(context.Background(), soft, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	cfg.LearningRate = 2 * eta
	if _, err := Fit(context.Background(), sig, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	w, b := diff(soft.OutputKernel(), soft.OutputBias())
	ws := sig.Kernel()
	for j := range w {
		if math.Abs(w[j]-ws[j]) > 1e-12 {
			t.Errorf("w₁ − w₀ [%d] = %.17g, sigmoid kernel %.17g", j, w[j], ws[j])
		}
		if math.Abs(w[j]-w0[j]) < 0.1 {
			t.Errorf("w₁ − w₀ [%d] barely moved (%v → %v)", j, w0[j], w[j])
		}
	}
	if math.Abs(b-sig.Bias()) > 1e-12 {
		t.Errorf("b₁ − b₀ = %.17g, sigmoid bias %.17g", b, sig.Bias())
	}
}

// TestEvaluateClasses: the graph's k-class evaluation equals the metrics of
// its logits; a sigmoid model evaluated as two classes gives Evaluate's
// loss and accuracy; Evaluate refuses a softmax model; Fit reports a label
// that is not a class index.
func TestEvaluateClasses(t *testing.T) {
	t.Parallel()
	const n, d, k = 30, 2, 3
	x, y := blobs(n, d, k, 4)
	m, err := graph.New(graph.Config{Features: d, BatchRows: 8, Output: graph.Softmax, Classes: k, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := EvaluateClasses(m, x, y)
	if err != nil {
		t.Fatal(err)
	}
	z, err := m.Logits(rowMajor(x))
	if err != nil {
		t.Fatal(err)
	}
	loss, _ := metrics.CrossEntropy(z, k, y)
	acc, _ := metrics.ClassAccuracy(z, k, y)
	if r.Loss != loss || r.Accuracy != acc || r.Classes != k {
		t.Errorf("EvaluateClasses %+v, metrics of the logits: loss %v accuracy %v", r, loss, acc)
	}
	if _, err := Evaluate(m, x, y); err == nil {
		t.Error("Evaluate on a softmax model: no error")
	}

	yb := make([]float64, n)
	for i := range yb {
		yb[i] = float64(i % 2)
	}
	bin, err := graph.New(graph.Config{Features: d, BatchRows: 8, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Evaluate(bin, x, yb)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := EvaluateClasses(bin, x, yb)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(rb.Loss-rc.Loss) > 1e-15 || rb.Accuracy != rc.Accuracy || rc.Classes != 2 {
		t.Errorf("sigmoid model: Evaluate %+v, EvaluateClasses %+v", rb, rc)
	}

	bad := append([]float64(nil), y...)
	bad[5] = 3
	cfg := DefaultConfig()
	cfg.BatchSize, cfg.Epochs = 8, 1
	if _, err := Fit(context.Background(), m, x, bad, cfg); !errors.Is(err, graph.ErrLabel) {
		t.Errorf("label 3 of 3 classes: error %v, want graph.ErrLabel", err)
	}
}

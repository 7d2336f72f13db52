package train

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
)

// seed_sgd.json from ../shared/reference (PyTorch 1.13.1, float64): full-batch
// gradient descent on the seed problem from kernel [0.5, −0.3], bias 0.1,
// learning rate 0.01, 100 steps.
var (
	refKernel = []float64{0.566835350626195, -0.2331646493738056}
	refBias   = -0.011351447243243334
)

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// gdStep is one step of plain gradient descent on the mean BCE of the rows
// idx: w ← w − lr·Xᵀ(σ(z) − y)/|idx|, b ← b − lr·mean(σ(z) − y).
func gdStep(x [][]float64, y []float64, idx []int, w []float64, b, lr float64) ([]float64, float64) {
	gw := make([]float64, len(w))
	var gb float64
	for _, i := range idx {
		z := b
		for j := range w {
			z += w[j] * x[i][j]
		}
		r := sigmoid(z) - y[i]
		for j := range w {
			gw[j] += r * x[i][j]
		}
		gb += r
	}
	n := float64(len(idx))
	out := make([]float64, len(w))
	for j := range w {
		out[j] = w[j] - lr*gw[j]/n
	}
	return out, b - lr*gb/n
}

func TestSGDSeedMatchesGradientDescentAndReference(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 2, []float64{1, 1, 2, 2})
	y := []float64{0, 1}
	m, err := graph.New(graph.Config{Features: 2, BatchRows: 2, Kernel: []float64{0.5, -0.3}, Bias: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	cfg := DefaultConfig()
	cfg.Shuffle = false
	if _, err := Fit(context.Background(), m, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	w, b := []float64{0.5, -0.3}, 0.1
	for step := 0; step < 100; step++ {
		w, b = gdStep([][]float64{{1, 1}, {2, 2}}, y, []int{0, 1}, w, b, 0.01)
	}
	got, gotB := m.Kernel(), m.Bias()
	for j := range w {
		if math.Abs(got[j]-w[j]) > 1e-12 {
			t.Errorf("kernel[%d] = %.17g, gradient descent %.17g", j, got[j], w[j])
		}
		if math.Abs(got[j]-refKernel[j]) > 1e-10 {
			t.Errorf("kernel[%d] = %.17g, PyTorch reference %.17g", j, got[j], refKernel[j])
		}
	}
	if math.Abs(gotB-b) > 1e-12 || math.Abs(gotB-refBias) > 1e-10 {
		t.Errorf("bias = %.17g, gradient descent %.17g, reference %.17g", gotB, b, refBias)
	}
}

func TestMiniBatchesAndPartialBatchWithoutShuffle(t *testing.T) {
	t.Parallel()
	rows := [][]float64{{1, 0}, {0, 1}, {2, 1}, {-1, 3}, {0.5, -2}}
	y := []float64{0, 1, 1, 0, 1}
	x := mat.NewDense(5, 2, nil)
	for i, r := range rows {
		x.SetRow(i, r)
	}
	m, err := graph.New(graph.Config{Features: 2, BatchRows: 2, Kernel: []float64{0.2, -0.1}, Bias: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	cfg := DefaultConfig()
	cfg.Epochs, cfg.BatchSize, cfg.Shuffle, cfg.LearningRate = 3, 2, false, 0.5
	h, err := Fit(context.Background(), m, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	w, b := []float64{0.2, -0.1}, 0.3
	for epoch := 0; epoch < 3; epoch++ {
		// Keras's epoch loss: batch losses before each update, weighted by batch size.
		var sum float64
		for _, idx := range [][]int{{0, 1}, {2, 3}, {4}} {
			for _, i := range idx {
				z := b + w[0]*rows[i][0] + w[1]*rows[i][1]
				sum += -y[i]*math.Log(sigmoid(z)) - (1-y[i])*math.Log(1-sigmoid(z))
			}
			w, b = gdStep(rows, y, idx, w, b, 0.5)
		}
		if math.Abs(h.Loss[epoch]-sum/5) > 1e-12 {
			t.Errorf("epoch %d loss %.17g, want %.17g", epoch+1, h.Loss[epoch], sum/5)
		}
	}
	got := m.Kernel()
	if math.Abs(got[0]-w[0]) > 1e-12 || math.Abs(got[1]-w[1]) > 1e-12 || math.Abs(m.Bias()-b) > 1e-12 {
		t.Errorf("after 3 epochs: kernel %v bias %v, want %v %v", got, m.Bias(), w, b)
	}
}

func fitSeeded(t *testing.T, seed uint64) []float64 {
	t.Helper()
	x := mat.NewDense(6, 1, []float64{-3, -2, -1, 1, 2, 3})
	y := []float64{0, 0, 1, 0, 1, 1}
	m, err := graph.New(graph.Config{Features: 1, BatchRows: 2, Kernel: []float64{0}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	cfg := DefaultConfig()
	cfg.Epochs, cfg.BatchSize, cfg.Seed, cfg.LearningRate = 5, 2, seed, 0.3
	if _, err := Fit(context.Background(), m, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	return append(m.Kernel(), m.Bias())
}

func TestShuffleIsSeeded(t *testing.T) {
	t.Parallel()
	a, b, c := fitSeeded(t, 1), fitSeeded(t, 1), fitSeeded(t, 2)
	if a[0] != b[0] || a[1] != b[1] {
		t.Errorf("same seed, different results: %v, %v", a, b)
	}
	if a[0] == c[0] && a[1] == c[1] {
		t.Errorf("seeds 1 and 2 gave the same mini-batch result %v: shuffling has no effect", a)
	}
}

func TestFitValidates(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 2, []float64{1, 1, 2, 2})
	m, err := graph.New(graph.Config{Features: 2, BatchRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	bad := []func(*Config){
		func(c *Config) { c.Epochs = -1 },
		func(c *Config) { c.BatchSize = 0 },
		func(c *Config) { c.LearningRate = math.NaN() },
		func(c *Config) { c.Solver = "nope" },
	}
	for i, mutate := range bad {
		cfg := DefaultConfig()
		mutate(&cfg)
		if _, err := Fit(context.Background(), m, x, []float64{0, 1}, cfg); err == nil {
			t.Errorf("case %d: invalid config accepted", i)
		}
	}
	if _, err := Fit(context.Background(), m, x, []float64{0}, DefaultConfig()); err == nil {
		t.Error("2 rows with 1 label accepted")
	}
}

func TestFitStopsOnNonFiniteLoss(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 1, []float64{1e308, -1e308})
	m, err := graph.New(graph.Config{Features: 1, BatchRows: 2, Kernel: []float64{10}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	_, err = Fit(context.Background(), m, x, []float64{0, 1}, DefaultConfig())
	if !errors.Is(err, ErrDiverged) {
		t.Fatalf("err = %v, want ErrDiverged", err)
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(4, 1, []float64{-2, -1, 1, 2})
	m, err := graph.New(graph.Config{Features: 1, BatchRows: 2, Kernel: []float64{1}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	r, err := Evaluate(m, x, []float64{0, 1, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	// Logits −2, −1, 1, 2: predictions 0, 0, 1, 1; two of four right.
	// Positives score −1 and 2, negatives −2 and 1: 3 of 4 pairs ordered.
	if r.Accuracy != 0.5 || r.AUC != 0.75 || !r.AUCDefined {
		t.Errorf("got %+v, want accuracy 0.5 and AUC 0.75", r)
	}
	want := 0.0
	for i, z := range []float64{-2, -1, 1, 2} {
		yi := []float64{0, 1, 0, 1}[i]
		want += math.Log1p(math.Exp(z)) - yi*z
	}
	if math.Abs(r.Loss-want/4) > 1e-15 {
		t.Errorf("loss %v, want %v", r.Loss, want/4)
	}
}

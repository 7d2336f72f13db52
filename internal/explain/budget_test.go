package explain

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
	"nnlr/graph"
	"nnlr/train"
)

func TestBudgetSeed(t *testing.T) {
	t.Parallel()
	// 100 epochs × 1 update × 0.01 against 300 epochs × 2 samples × 1/L,
	// L = 0.25·(‖(2, 2)‖² + 1) = 2.25.
	b := Budget(100, 1, 0.01, 300, 2, 1/2.25)
	if math.Abs(b.Graph-1) > 1e-15 || math.Abs(b.Baseline-600/2.25) > 1e-12 {
		t.Errorf("budget = %+v, want 1 and %v", b, 600/2.25)
	}
}

// Full-batch gradient descent with SAG's step size for SAG's 600 updates
// lands next to SAG on the seed problem: within 0.05 of scikit-learn's
// result (../shared/reference/seed_sag.json: the mean over random_state
// 0..9) and of our SAG's.
func TestControlRunLandsNextToSAG(t *testing.T) {
	t.Parallel()
	x, y := seedData()
	lr, err := baseline.FitSAG(x, y, baseline.DefaultSAGConfig())
	if err != nil {
		t.Fatal(err)
	}
	control, err := GradientDescent(x, y, Linear{Coef: []float64{0, 0}}, lr.StepSize, lr.NIter*2, 0)
	if err != nil {
		t.Fatal(err)
	}
	const sklearnW, sklearnB = 3.1379207732000913, -9.121222922674715
	for j, w := range control.Coef {
		if math.Abs(w-sklearnW) > 0.05 || math.Abs(w-lr.Coef[j]) > 0.05 {
			t.Errorf("control coef[%d] = %v; scikit-learn %v, our SAG %v", j, w, sklearnW, lr.Coef[j])
		}
	}
	if math.Abs(control.Intercept-sklearnB) > 0.05 || math.Abs(control.Intercept-lr.Intercept) > 0.05 {
		t.Errorf("control intercept = %v; scikit-learn %v, our SAG %v", control.Intercept, sklearnB, lr.Intercept)
	}
}

// GradientDescent's closed-form gradients agree with the graph's automatic
// differentiation: 200 full-batch SGD steps of the Gorgonia graph from the
// same start, with and without an L2 penalty, give the same parameters to
// 1e-12.
func TestGradientDescentMatchesGraph(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	n, d := 7, 3
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
		y[i] = float64(rng.IntN(2))
	}
	start := Linear{Coef: []float64{0.3, -0.2, 0.5}, Intercept: 0.1}
	for _, l2 := range []float64{0, 0.2} {
		m, err := graph.New(graph.Config{Features: d, BatchRows: n, Kernel: start.Coef, Bias: start.Intercept, L2: l2})
		if err != nil {
			t.Fatal(err)
		}
		fc := train.DefaultConfig()
		fc.Epochs, fc.LearningRate = 200, 0.1
		if _, err := train.Fit(context.Background(), m, x, y, fc); err != nil {
			t.Fatal(err)
		}
		got, err := GradientDescent(x, y, start, 0.1, 200, l2)
		if err != nil {
			t.Fatal(err)
		}
		k := m.Kernel()
		for j := range k {
			if math.Abs(k[j]-got.Coef[j]) > 1e-12 {
				t.Errorf("l2 %v: kernel[%d] graph %v, closed form %v", l2, j, k[j], got.Coef[j])
			}
		}
		if math.Abs(m.Bias()-got.Intercept) > 1e-12 {
			t.Errorf("l2 %v: bias graph %v, closed form %v", l2, m.Bias(), got.Intercept)
		}
		m.Close()
	}
}

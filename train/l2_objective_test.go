package train_test

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/train"
)

// breastCancer returns the built-in breast-cancer data, standardised.
func breastCancer(t *testing.T) *dataset.Dataset {
	t.Helper()
	b, err := dataset.LookupBuiltin("breast-cancer")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := b.Load(dataset.Options{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return dataset.Standardize(ds)
}

// withIntercept returns [x 1] (n × (d+1)).
func withIntercept(x *mat.Dense) *mat.Dense {
	n, d := x.Dims()
	xa := mat.NewDense(n, d+1, nil)
	xa.Copy(x)
	for i := 0; i < n; i++ {
		xa.Set(i, d, 1)
	}
	return xa
}

// objectiveGradient returns the gradient of
// (1/n) Σ softplus(z_i) − y_i z_i + (α/2)‖w‖², z = Xa·θ, θ = (w, b), at θ,
// and the Hessian (1/n) Xaᵀ diag(p(1−p)) Xa + α·diag(1, …, 1, 0).
func objectiveGradient(xa *mat.Dense, y []float64, theta []float64, alpha float64) (*mat.VecDense, *mat.SymDense) {
	n, k := xa.Dims()
	z := mat.NewVecDense(n, nil)
	z.MulVec(xa, mat.NewVecDense(k, theta))
	r := mat.NewVecDense(n, nil)
	s := make([]float64, n)
	for i := 0; i < n; i++ {
		p := 1 / (1 + math.Exp(-z.AtVec(i)))
		r.SetVec(i, (p-y[i])/float64(n))
		s[i] = p * (1 - p) / float64(n)
	}
	g := mat.NewVecDense(k, nil)
	g.MulVec(xa.T(), r)
	h := mat.NewSymDense(k, nil)
	sx := mat.NewDense(n, k, nil)
	sx.Apply(func(i, j int, v float64) float64 { return s[i] * v }, xa)
	var full mat.Dense
	full.Mul(xa.T(), sx)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			h.SetSym(i, j, full.At(i, j))
		}
	}
	for j := 0; j < k-1; j++ {
		g.SetVec(j, g.AtVec(j)+alpha*theta[j])
		h.SetSym(j, j, h.At(j, j)+alpha)
	}
	return g, h
}

// newton minimises the L2-penalised mean log loss by Newton's method,
// independently of the graph and of SAG: θ ← θ − H⁻¹∇ until the step is
// below 1e-13. It returns θ = (w, b).
func newton(t *testing.T, x *mat.Dense, y []float64, alpha float64) []float64 {
	t.Helper()
	xa := withIntercept(x)
	_, k := xa.Dims()
	theta := make([]float64, k)
	for it := 0; it < 100; it++ {
		g, h := objectiveGradient(xa, y, theta, alpha)
		var step mat.VecDense
		var chol mat.Cholesky
		if !chol.Factorize(h) {
			t.Fatal("newton: Hessian not positive definite")
		}
		if err := chol.SolveVecTo(&step, g); err != nil {
			t.Fatal(err)
		}
		var size float64
		for j := range theta {
			theta[j] -= step.AtVec(j)
			size = math.Max(size, math.Abs(step.AtVec(j)))
		}
		if size < 1e-13 {
			return theta
		}
	}
	t.Fatal("newton: no convergence in 100 iterations")
	return nil
}

// TestGraphLossIsSAGObjective checks that with L2 = 1/(C·n) the graph's
// full-batch loss is the objective SAG minimises, at the same parameters,
// and its gradient is that objective's gradient in closed form.
func TestGraphLossIsSAGObjective(t *testing.T) {
	t.Parallel()
	ds := breastCancer(t)
	n, d := ds.X.Dims()
	const c = 0.7
	alpha := 1 / (c * float64(n))
	w := make([]float64, d)
	for j := range w {
		w[j] = math.Sin(float64(j)) / 2
	}
	b := 0.3
	m, err := graph.New(graph.Config{Features: d, BatchRows: n, Kernel: w, Bias: b, L2: alpha})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	loss, err := m.RunBatch(ds.X.RawMatrix().Data, ds.Y, idx)
	if err != nil {
		t.Fatal(err)
	}
	lr := &baseline.LogisticRegression{Coef: w, Intercept: b, Alpha: alpha}
	if want := lr.Objective(ds.X, ds.Y); math.Abs(loss-want) > 1e-12 {
		t.Errorf("graph loss %.15g, SAG objective %.15g", loss, want)
	}
	gk, gb, err := m.Gradients()
	if err != nil {
		t.Fatal(err)
	}
	g, _ := objectiveGradient(withIntercept(ds.X), ds.Y, append(append([]float64(nil), w...), b), alpha)
	for j := 0; j < d; j++ {
		if math.Abs(gk[j]-g.AtVec(j)) > 1e-12 {
			t.Errorf("∂L/∂w_%d: graph %.15g, closed form %.15g", j, gk[j], g.AtVec(j))
		}
	}
	if math.Abs(gb-g.AtVec(d)) > 1e-12 {
		t.Errorf("∂L/∂b: graph %.15g, closed form %.15g", gb, g.AtVec(d))
	}
}

// TestBreastCancerSameRegularisedOptimum: on breast-cancer, standardised,
// C = 1, SAG to tol 1e-10, the graph trained by full-batch SGD to
// convergence and Newton's method reach one optimum: coefficients and
// intercepts agree to 1e-4 pairwise.
//
// The graph's learning rate is 1.9/L with L = λ_max(XaᵀXa/n)/4 + α, the
// smoothness bound of the objective (Xa = [X 1]), below the stability
// limit 2/L; the slowest direction then contracts by about 1 − 1.9·μ/L per
// epoch with μ ≈ α = 1/569, a factor ≈ 3 per 1000 epochs, so 9000 epochs
// leave the coefficients ≈ 1e-5 from the optimum (≈ 5 s, the graph's
// 569 × 30 products dominate).
func TestBreastCancerSameRegularisedOptimum(t *testing.T) {
	t.Parallel()
	ds := breastCancer(t)
	n, d := ds.X.Dims()
	const c = 1.0
	alpha := 1 / (c * float64(n))

	want := newton(t, ds.X, ds.Y, alpha)

	cfg := baseline.DefaultSAGConfig()
	cfg.C, cfg.Tol, cfg.MaxIter = c, 1e-10, 100000
	sag, err := baseline.FitSAG(ds.X, ds.Y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !sag.Converged {
		t.Fatalf("SAG did not reach tol 1e-10 in %d epochs", sag.NIter)
	}
	t.Logf("SAG converged in %d epochs", sag.NIter)

	var gram mat.SymDense
	xa := withIntercept(ds.X)
	gram.SymOuterK(1/float64(n), xa.T())
	var eig mat.EigenSym
	if !eig.Factorize(&gram, false) {
		t.Fatal("eigen-decomposition failed")
	}
	ev := eig.Values(nil)
	l := ev[len(ev)-1]/4 + alpha
	m, err := graph.New(graph.Config{Features: d, BatchRows: n, Kernel: make([]float64, d), L2: alpha})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	fit := train.DefaultConfig()
	fit.BatchSize, fit.Shuffle, fit.LearningRate, fit.Epochs = n, false, 1.9/l, 9000
	if _, err := train.Fit(context.Background(), m, ds.X, ds.Y, fit); err != nil {
		t.Fatal(err)
	}
	gw := append(m.Kernel(), m.Bias())

	// The graph's end point is a stationary point of the objective.
	g, _ := objectiveGradient(xa, ds.Y, gw, alpha)
	if norm := mat.Norm(g, math.Inf(1)); norm > 1e-6 {
		t.Errorf("graph: gradient of the objective at its end point is %.3g, want ≤ 1e-6", norm)
	}
	sw := append(append([]float64(nil), sag.Coef...), sag.Intercept)
	for _, pair := range []struct {
		name string
		a, b []float64
	}{{"SAG vs Newton", sw, want}, {"graph vs Newton", gw, want}, {"graph vs SAG", gw, sw}} {
		var worst float64
		for j := range pair.a {
			worst = math.Max(worst, math.Abs(pair.a[j]-pair.b[j]))
		}
		t.Logf("%s: max |Δ| = %.3g", pair.name, worst)
		if worst > 1e-4 {
			t.Errorf("%s: coefficients differ by %.3g, want ≤ 1e-4", pair.name, worst)
		}
	}
}

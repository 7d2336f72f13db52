package baseline

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// newtonLogistic minimises the mean objective (1/n)Σ softplus(−ỹ z) +
// (α/2)‖w‖² by plain Newton steps on [X, 1], written out here with a dense
// solve: the independent reference for FitLBFGS.
func newtonLogistic(t *testing.T, x *mat.Dense, y []float64, alpha float64) []float64 {
	t.Helper()
	n, d := x.Dims()
	theta := make([]float64, d+1)
	for it := 0; it < 100; it++ {
		g := mat.NewVecDense(d+1, nil)
		h := mat.NewDense(d+1, d+1, nil)
		for i := 0; i < n; i++ {
			row := append(append([]float64(nil), x.RawRowView(i)...), 1)
			var z float64
			for j, v := range row {
				z += theta[j] * v
			}
			p := 1 / (1 + math.Exp(-z))
			for j, v := range row {
				g.SetVec(j, g.AtVec(j)+(p-y[i])*v/float64(n))
				for k, u := range row {
					h.Set(j, k, h.At(j, k)+p*(1-p)*v*u/float64(n))
				}
			}
		}
		for j := 0; j < d; j++ {
			g.SetVec(j, g.AtVec(j)+alpha*theta[j])
			h.Set(j, j, h.At(j, j)+alpha)
		}
		var step mat.VecDense
		if err := step.SolveVec(h, g); err != nil {
			t.Fatal(err)
		}
		for j := range theta {
			theta[j] -= step.AtVec(j)
		}
		if mat.Norm(&step, math.Inf(1)) < 1e-14 {
			break
		}
	}
	return theta
}

func overlapping(n, d int, scale []float64, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 9))
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		y[i] = float64(rng.IntN(2))
		for j := 0; j < d; j++ {
			x.Set(i, j, scale[j]*(rng.NormFloat64()+0.8*y[i]))
		}
	}
	return x, y
}

func TestLBFGSAgainstNewton(t *testing.T) {
	x, y := overlapping(80, 3, []float64{1, 2, 0.5}, 1)
	for _, c := range []float64{1, 0.05, math.Inf(1)} {
		cfg := DefaultLBFGSConfig()
		cfg.C, cfg.Tol, cfg.MaxIter = c, 1e-10, 1000
		m, err := FitLBFGS(x, y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		alpha := 0.0
		if !math.IsInf(c, 1) {
			alpha = 1 / (c * 80)
		}
		want := newtonLogistic(t, x, y, alpha)
		for j := 0; j < 3; j++ {
			if math.Abs(m.Coef[j]-want[j]) > 1e-7 {
				t.Errorf("C %v: coef[%d] = %.10g, Newton %.10g", c, j, m.Coef[j], want[j])
			}
		}
		if math.Abs(m.Intercept-want[3]) > 1e-7 {
			t.Errorf("C %v: intercept %.10g, Newton %.10g", c, m.Intercept, want[3])
		}
		if !m.Converged || m.Alpha != alpha || m.StepSize != 0 {
			t.Errorf("C %v: converged %v, alpha %v (want %v), step %v", c, m.Converged, m.Alpha, alpha, m.StepSize)
		}
	}
}

// TestLBFGSDefaults: scikit-learn's defaults stop at tol = 1e-4 on the
// summed gradient, near but not at Newton's optimum; on badly scaled
// features 5 iterations are not enough (ConvergenceWarning).
func TestLBFGSDefaults(t *testing.T) {
	x, y := overlapping(80, 3, []float64{1, 2, 0.5}, 2)
	m, err := FitLBFGS(x, y, DefaultLBFGSConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := newtonLogistic(t, x, y, 1.0/80)
	if !m.Converged || m.NIter > 100 {
		t.Errorf("defaults: converged %v after %d iterations", m.Converged, m.NIter)
	}
	got := append(append([]float64(nil), m.Coef...), m.Intercept)
	for j := range want {
		if math.Abs(got[j]-want[j]) > 1e-3 {
			t.Errorf("θ[%d] = %.6g, Newton %.6g", j, got[j], want[j])
		}
	}
	bx, by := overlapping(80, 3, []float64{1, 3000, 0.001}, 3)
	cfg := DefaultLBFGSConfig()
	cfg.MaxIter = 5
	m, err = FitLBFGS(bx, by, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if m.Converged || m.NIter != 5 {
		t.Errorf("badly scaled, 5 iterations: converged %v after %d", m.Converged, m.NIter)
	}
	if _, err := FitLBFGS(bx, by[:3], cfg); err == nil {
		t.Error("mismatched labels accepted")
	}
	cfg.C = -1
	if _, err := FitLBFGS(bx, by, cfg); err == nil {
		t.Error("C = −1 accepted")
	}
}

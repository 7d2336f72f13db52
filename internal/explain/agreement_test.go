package explain

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
)

func TestAngleDegIdenticalAndOpposite(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 20; trial++ {
		d := 1 + rng.IntN(6)
		w := make([]float64, d)
		neg := make([]float64, d)
		for j := range w {
			w[j] = rng.NormFloat64()
			neg[j] = -w[j]
		}
		if a, err := AngleDeg(w, w); err != nil || a != 0 {
			t.Errorf("AngleDeg(w, w) = %v, %v; want 0", a, err)
		}
		if a, err := AngleDeg(w, neg); err != nil || a != 180 {
			t.Errorf("AngleDeg(w, −w) = %v, %v; want 180", a, err)
		}
	}
	if a, err := AngleDeg([]float64{1, 0}, []float64{0, 2}); err != nil || math.Abs(a-90) > 1e-12 {
		t.Errorf("AngleDeg(e1, 2e2) = %v, %v; want 90", a, err)
	}
	if _, err := AngleDeg([]float64{0, 0}, []float64{1, 1}); !errors.Is(err, ErrZeroNormal) {
		t.Errorf("zero normal: err = %v, want ErrZeroNormal", err)
	}
}

func TestOffsetGap(t *testing.T) {
	t.Parallel()
	c := []float64{1.5, 1.5}
	ref := Linear{Coef: []float64{1, 1}, Intercept: -3}
	// Identical models, and the same boundary written at another scale.
	for _, a := range []Linear{ref, {Coef: []float64{5, 5}, Intercept: -15}} {
		if g, err := OffsetGap(a, ref, c); err != nil || g != 0 {
			t.Errorf("OffsetGap(%v, ref) = %v, %v; want 0", a, g, err)
		}
	}
	// Parallel boundaries x1 + x2 = 2.9 and x1 + x2 = 3 are 0.1/√2 apart.
	a := Linear{Coef: []float64{2, 2}, Intercept: -5.8}
	if g, err := OffsetGap(a, ref, c); err != nil || math.Abs(g-0.1/math.Sqrt2) > 1e-12 {
		t.Errorf("parallel gap = %v, %v; want %v", g, err, 0.1/math.Sqrt2)
	}
	// x1 = 0 crosses the line (1.5, 1.5) + t·(1, 1)/√2 at t = −1.5√2; ref
	// crosses it at t = 0.
	v := Linear{Coef: []float64{1, 0}, Intercept: 0}
	if g, err := OffsetGap(v, ref, c); err != nil || math.Abs(g-1.5*math.Sqrt2) > 1e-12 {
		t.Errorf("tilted gap = %v, %v; want %v", g, err, 1.5*math.Sqrt2)
	}
	// A boundary whose normal is orthogonal to ref's never crosses the line.
	if _, err := OffsetGap(Linear{Coef: []float64{1, -1}}, ref, c); !errors.Is(err, ErrParallel) {
		t.Errorf("orthogonal: err = %v, want ErrParallel", err)
	}
}

func TestProbabilityGaps(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 2, []float64{1, 1, 2, 2})
	m := Linear{Coef: []float64{1, 1}, Intercept: -3}
	if mx, mean, err := ProbabilityGaps(m, m, x); err != nil || mx != 0 || mean != 0 {
		t.Errorf("identical: %v, %v, %v; want 0, 0", mx, mean, err)
	}
	// Logits −1 and 1 against 0 and 0: gaps σ(1) − ½ at both points.
	z := Linear{Coef: []float64{0, 0}, Intercept: 0}
	want := 1/(1+math.Exp(-1)) - 0.5
	if mx, mean, err := ProbabilityGaps(m, z, x); err != nil || math.Abs(mx-want) > 1e-15 || math.Abs(mean-want) > 1e-15 {
		t.Errorf("gaps = %v, %v, %v; want %v, %v", mx, mean, err, want, want)
	}
}

// The shared objective agrees with the baseline's own, independently
// written objective, with and without a penalty.
func TestObjectiveMatchesBaseline(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	n, d := 40, 3
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
		if x.At(i, 0)+rng.NormFloat64() > 0 {
			y[i] = 1
		}
	}
	for _, c := range []float64{math.Inf(1), 0.5} {
		cfg := baseline.DefaultSAGConfig()
		cfg.C, cfg.MaxIter = c, 20
		lr, err := baseline.FitSAG(x, y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Objective(Linear{Coef: lr.Coef, Intercept: lr.Intercept}, x, y, lr.Alpha)
		if err != nil {
			t.Fatal(err)
		}
		if want := lr.Objective(x, y); math.Abs(got-want) > 1e-14 {
			t.Errorf("C = %v: Objective = %v, baseline %v", c, got, want)
		}
	}
}

// TestAngleDegHugeNormals checks the angle of normals whose squared norms
// overflow float64: it must equal the angle of the same directions scaled
// down, not 90°.
func TestAngleDegHugeNormals(t *testing.T) {
	t.Parallel()
	got, err := AngleDeg([]float64{1.28e300, 9.87e299}, []float64{3.13, 3.13})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := AngleDeg([]float64{1.28, 0.987}, []float64{1, 1})
	if math.Abs(got-want) > 1e-12 || math.Abs(want-7.37) > 0.05 {
		t.Errorf("angle %v°, want %v° (about 7.4°)", got, want)
	}
	if _, err := AngleDeg([]float64{math.Inf(1), 0}, []float64{1, 1}); err == nil {
		t.Error("an infinite normal gave an angle")
	}
}

// TestObjectiveWithoutPenaltyIgnoresHugeKernel checks that l2 = 0 adds
// nothing, even when ‖w‖² overflows (0·∞ would be NaN).
func TestObjectiveWithoutPenaltyIgnoresHugeKernel(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 1, []float64{1, -1})
	got, err := Objective(Linear{Coef: []float64{1e200}}, x, []float64{1, 0}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got != 0 {
		t.Errorf("objective %v, want 0 (both samples classified with infinite margin)", got)
	}
}

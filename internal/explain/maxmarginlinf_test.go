package explain

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// TestMaxMarginLinfByHand: x = −2, −1, 1, 3 with labels 0, 0, 1, 1 needs
// w − b ≥ 1 and w + b ≥ 1, so w ≥ 1, and (w, b) = (1, 0) is the unique
// point of ‖·‖∞ = 1.
func TestMaxMarginLinfByHand(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(4, 1, []float64{-2, -1, 1, 3})
	m, err := MaxMarginLinf(x, []float64{0, 0, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m.Coef[0]-1) > 1e-8 || math.Abs(m.Intercept) > 1e-8 {
		t.Errorf("ℓ∞ max margin (%v, %v), want (1, 0)", m.Coef[0], m.Intercept)
	}
}

// TestMaxMarginLinfIsFeasibleAndSmallest: every margin is at least 1, and
// no other separating direction scaled to margin 1 (the ℓ2 max margin, the
// seed problem's SAG direction) has a smaller ‖·‖∞.
func TestMaxMarginLinfIsFeasibleAndSmallest(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(4, 2, []float64{-1, 0, 0, -2, 2, 1, 1, 3})
	y := []float64{0, 0, 1, 1}
	m, err := MaxMarginLinf(x, y)
	if err != nil {
		t.Fatal(err)
	}
	tInf := math.Max(floats.Norm(m.Coef, math.Inf(1)), math.Abs(m.Intercept))
	minMargin := func(l Linear) float64 {
		mm := math.Inf(1)
		for i := range y {
			mm = math.Min(mm, (2*y[i]-1)*l.Logit(x.RawRowView(i)))
		}
		return mm
	}
	if mm := minMargin(m); mm < 1-1e-8 {
		t.Errorf("smallest margin %v < 1", mm)
	}
	l2, err := MaxMargin(x, y, DefaultMaxMarginConfig())
	if err != nil {
		t.Fatal(err)
	}
	s := 1 / minMargin(l2.Linear)
	other := math.Max(floats.Norm(l2.Coef, math.Inf(1)), math.Abs(l2.Intercept)) * s
	if tInf > other+1e-8 {
		t.Errorf("ℓ∞ norm %v above the ℓ2 max margin's %v at margin 1", tInf, other)
	}
	if a, err := AugmentedAngleDeg(m, l2.Linear); err != nil || a < 1 {
		t.Errorf("the ℓ∞ and ℓ2 directions are %v° apart (%v); this data was chosen to separate them", a, err)
	}
}

func TestMaxMarginLinfNotSeparable(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	if _, err := MaxMarginLinf(x, []float64{0, 1, 0, 1}); err == nil {
		t.Error("non-separable data gave an ℓ∞ max margin")
	}
}

package baseline

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestSAGStopsOnOverflow: values whose squares overflow float64 make the
// step size 1/L zero; SAG must say so instead of returning a zero (or NaN)
// model.
func TestSAGStopsOnOverflow(t *testing.T) {
	x := mat.NewDense(2, 2, []float64{1e308, 1e308, -1e308, 1e308})
	_, err := FitSAG(x, []float64{0, 1}, DefaultSAGConfig())
	if !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "overflows") {
		t.Fatalf("error %v, want ErrNotFinite naming the overflow", err)
	}
}

// TestSAGLargeFiniteValues: values as large as 1e150 (squares 1e300, still
// finite) fit to finite coefficients.
func TestSAGLargeFiniteValues(t *testing.T) {
	x := mat.NewDense(4, 1, []float64{-2e150, -1e150, 1e150, 0.5e150})
	cfg := DefaultSAGConfig()
	cfg.C = 1
	m, err := FitSAG(x, []float64{0, 1, 0, 1}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range append(m.Coef, m.Intercept, m.Objective(x, []float64{0, 1, 0, 1})) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("model %+v is not finite", m)
		}
	}
}

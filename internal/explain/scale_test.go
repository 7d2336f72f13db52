package explain

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestFeatureScaleSeedByHand: on the seed problem ZᵀZ/n = ½·[[5,5,3],[5,5,3],
// [3,3,2]], whose top eigenvector is (a, a, b) with λ² − 6λ + 0.5 = 0, so
// λ_max = 3 + √8.5; gradient descent is stable below 8/λ_max.
func TestFeatureScaleSeedByHand(t *testing.T) {
	t.Parallel()
	x, _ := seedData()
	s, err := MeasureFeatureScale(x)
	if err != nil {
		t.Fatal(err)
	}
	want := 3 + math.Sqrt(8.5)
	if math.Abs(s.LambdaMax-want) > 1e-12 || s.MaxRowNormSq != 8 || s.MaxAbs != 2 || s.MinStd != 0.5 || s.MaxStd != 0.5 || s.Unscaled() {
		t.Errorf("seed scale %+v, want λ_max %v", s, want)
	}
	if lr, ok := StableLearningRate("sgd", s.LambdaMax, 0, 0); !ok || math.Abs(lr-8/want) > 1e-12 {
		t.Errorf("sgd bound %v (%v), want %v", lr, ok, 8/want)
	}
	if lr, _ := StableLearningRate("momentum", s.LambdaMax, 0, 0.9); math.Abs(lr-8*1.9/want) > 1e-12 {
		t.Errorf("momentum bound %v, want %v", lr, 8*1.9/want)
	}
	if _, ok := StableLearningRate("adam", s.LambdaMax, 0, 0); ok {
		t.Error("adam has no learning-rate bound of this kind")
	}
	u := mat.NewDense(3, 2, []float64{100, 0.001, 300, 0.002, 200, 0.004})
	us, err := MeasureFeatureScale(u)
	if err != nil {
		t.Fatal(err)
	}
	if !us.Unscaled() || us.MinStdColumn != 1 || us.MaxStdColumn != 0 || us.MaxAbs != 300 {
		t.Errorf("unscaled data: %+v", us)
	}
}

// TestOscillationRule: rises of more than 5% in at least 3 epochs and 5%
// of them count; a monotone loss does not.
func TestOscillationRule(t *testing.T) {
	t.Parallel()
	if oscillates([]float64{1, 0.9, 0.8, 0.7}) || !oscillates([]float64{168, 10, 48, 9, 40, 8, 30}) || oscillates([]float64{1, 1.2, 1, 1.2, 1}) {
		t.Error("oscillation rule")
	}
}

// TestFeatureScaleExtremeValues measures columns whose squared deviations
// underflow (values near 1e-300) or overflow (near 1e200): each standard
// deviation must be the column's (to 1e-12 relative) and both extreme
// columns named, as a diagnosis names them (a −1 index panicked there).
func TestFeatureScaleExtremeValues(t *testing.T) {
	for _, scale := range []float64{1e-300, 1e200} {
		x := mat.NewDense(4, 2, []float64{1, 2, -1, 6, 1, 2, -1, 6}) // standard deviations 1 and 2
		x.Scale(scale, x)
		s, err := MeasureFeatureScale(x)
		if err != nil {
			t.Fatal(err)
		}
		if s.MinStdColumn != 0 || s.MaxStdColumn != 1 {
			t.Errorf("scale %g: columns %d and %d, want 0 and 1", scale, s.MinStdColumn, s.MaxStdColumn)
		}
		if math.Abs(s.MinStd/scale-1) > 1e-12 || math.Abs(s.MaxStd/(2*scale)-1) > 1e-12 {
			t.Errorf("scale %g: standard deviations %g and %g, want %g and %g", scale, s.MinStd, s.MaxStd, scale, 2*scale)
		}
	}
}

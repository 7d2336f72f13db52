package metrics

import (
	"math"
	"testing"
)

// TestCrossEntropyExtremeLogits: the mean cross-entropy of logits up to
// ±1000 is finite and equals the value worked out by hand with the row
// maximum taken out.
func TestCrossEntropyExtremeLogits(t *testing.T) {
	z := []float64{
		1000, -1000, 999, // label 0: log(1 + e^(−2000) + e^(−1))
		0, 0, 0, // label 2: log 3
		-1000, 1000, -1000, // label 0: 2000 + log(1 + 2e^(−2000))
	}
	y := []float64{0, 2, 0}
	want := (math.Log1p(math.Exp(-1)) + math.Log(3) + 2000) / 3
	got, err := CrossEntropy(z, 3, y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-15*want {
		t.Errorf("cross-entropy %v, want %v", got, want)
	}
	acc, err := ClassAccuracy(z, 3, y)
	if err != nil {
		t.Fatal(err)
	}
	// Row 2 ties: the first class wins, which is not its label 2.
	if acc != 1.0/3 {
		t.Errorf("accuracy %v, want 1/3", acc)
	}
	p := Softmax([]float64{1000, 1000}, make([]float64, 2))
	if p[0] != 0.5 || p[1] != 0.5 {
		t.Errorf("softmax of [1000 1000] = %v", p)
	}
}

func TestEvaluateClassesErrors(t *testing.T) {
	for _, tc := range []struct {
		z []float64
		k int
		y []float64
	}{
		{[]float64{0, 1}, 1, []float64{0, 0}},
		{[]float64{0, 1, 2}, 2, []float64{0, 1}},
		{nil, 2, nil},
		{[]float64{0, 1}, 2, []float64{2}},
		{[]float64{0, 1}, 2, []float64{0.5}},
		{[]float64{math.NaN(), 1}, 2, []float64{0}},
	} {
		if _, err := EvaluateClasses(tc.z, tc.k, tc.y); err == nil {
			t.Errorf("%v, k=%d, y=%v: no error", tc.z, tc.k, tc.y)
		}
	}
}

package explain

import (
	"math"
	"testing"
)

func TestTrack(t *testing.T) {
	t.Parallel()
	x, _ := seedData()
	c, _ := Centroid(x)
	ref := Linear{Coef: []float64{1, 1}, Intercept: -3}
	scale := OffsetScale(ref, x, c)
	// Distance of x1 + x2 = 3 from the origin, 3/√2, exceeds the data's
	// RMS radius √2/2.
	if math.Abs(scale-3/math.Sqrt2) > 1e-15 {
		t.Fatalf("scale = %v, want 3/√2", scale)
	}
	// Epoch 1: 90° off. Epoch 2: right direction, offset 0.5/√2 ≫ 1%.
	// Epoch 3: 0.5° off, on the centroid's crossing point. Epoch 4: exact.
	tilt := math.Tan(0.5 * math.Pi / 180)
	traj := Trajectory{
		Kernels: [][]float64{{1, -1}, {1, 1}, {1 + tilt, 1 - tilt}, {2, 2}},
		Biases:  []float64{0, -2.5, -3, -6},
	}
	tr, err := Track(traj, ref, c, scale)
	if err != nil {
		t.Fatal(err)
	}
	wantAngle := []float64{90, 0, 0.5, 0}
	for e, a := range tr.AngleDeg {
		if math.Abs(a-wantAngle[e]) > 1e-12 {
			t.Errorf("epoch %d: angle %v, want %v", e+1, a, wantAngle[e])
		}
	}
	if !math.IsInf(tr.OffsetGap[0], 1) || math.Abs(tr.OffsetGap[1]-0.5/math.Sqrt2) > 1e-12 || tr.OffsetGap[2] > 1e-12 || tr.OffsetGap[3] != 0 {
		t.Errorf("offset gaps %v", tr.OffsetGap)
	}
	if tr.EpochWithin != 3 {
		t.Errorf("EpochWithin = %d, want 3", tr.EpochWithin)
	}
	// Trend over the last 2 epochs: 0.5° → 0°.
	if tr.TrendEpochs != 2 || math.Abs(tr.TrendDegPerEpoch+0.5) > 1e-12 {
		t.Errorf("trend %v over %d epochs, want −0.5 over 2", tr.TrendDegPerEpoch, tr.TrendEpochs)
	}
}

func TestSlope(t *testing.T) {
	t.Parallel()
	if s := slope([]float64{1, 3, 5, 7}); math.Abs(s-2) > 1e-15 {
		t.Errorf("slope = %v, want 2", s)
	}
	if s := slope([]float64{4}); s != 0 {
		t.Errorf("slope of one value = %v, want 0", s)
	}
}

// The criterion on the seed problem: the reference x1 + x2 = 2.9, the
// scale its distance from the origin 2.9/√2 (larger than the data's RMS
// spread 1/√2). A boundary through the same point of the measuring line,
// turned by 0.9°, is within; by 1.1° it is not. A parallel boundary is
// within at an offset gap of 0.9 % of the scale and not at 1.1 %.
func TestCriterionTolerances(t *testing.T) {
	t.Parallel()
	x, _ := seedData()
	ref := Linear{Coef: []float64{1, 1}, Intercept: -2.9}
	crit, err := NewCriterion(ref, x)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2.9 / math.Sqrt2; math.Abs(crit.Scale-want) > 1e-12 {
		t.Fatalf("scale %v, want %v", crit.Scale, want)
	}
	if crit.Centroid[0] != 1.5 || crit.Centroid[1] != 1.5 {
		t.Fatalf("centroid %v, want [1.5 1.5]", crit.Centroid)
	}
	u := []float64{1 / math.Sqrt2, 1 / math.Sqrt2}
	tRef := -ref.Logit(crit.Centroid) / math.Sqrt2
	p0 := []float64{1.5 + tRef*u[0], 1.5 + tRef*u[1]} // on ref's boundary
	turned := func(deg float64) Linear {
		th := (45 + deg) * math.Pi / 180
		n := []float64{math.Cos(th), math.Sin(th)}
		return Linear{Coef: n, Intercept: -(n[0]*p0[0] + n[1]*p0[1])}
	}
	for _, tc := range []struct {
		m      Linear
		angle  float64
		gap    float64
		within bool
	}{
		{turned(0.9), 0.9, 0, true},
		{turned(-1.1), 1.1, 0, false},
		{Linear{Coef: u, Intercept: -2.9/math.Sqrt2 - 0.009*crit.Scale}, 0, 0.009 * crit.Scale, true},
		{Linear{Coef: u, Intercept: -2.9/math.Sqrt2 + 0.011*crit.Scale}, 0, 0.011 * crit.Scale, false},
	} {
		a, g := crit.Measure(tc.m)
		if math.Abs(a-tc.angle) > 1e-9 || math.Abs(g-tc.gap) > 1e-9 {
			t.Errorf("%+v: angle %v°, gap %v; want %v°, %v", tc.m, a, g, tc.angle, tc.gap)
		}
		if got := crit.Within(a, g); got != tc.within {
			t.Errorf("%+v: within %v, want %v", tc.m, got, tc.within)
		}
	}
	a, g := crit.Measure(Linear{Coef: []float64{0, 0}, Intercept: 1})
	if !math.IsNaN(a) || !math.IsInf(g, 1) || crit.Within(a, g) {
		t.Errorf("zero kernel: angle %v, gap %v, within %v; want NaN, +Inf, false", a, g, crit.Within(a, g))
	}
	if _, err := NewCriterion(Linear{Coef: []float64{1}}, x); err == nil {
		t.Error("a reference of 1 coefficient on 2 features gave no error")
	}
}

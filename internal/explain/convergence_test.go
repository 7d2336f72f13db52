package explain

import (
	"math"
	"testing"
)

func TestTrack(t *testing.T) {
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
	if s := slope([]float64{1, 3, 5, 7}); math.Abs(s-2) > 1e-15 {
		t.Errorf("slope = %v, want 2", s)
	}
	if s := slope([]float64{4}); s != 0 {
		t.Errorf("slope of one value = %v, want 0", s)
	}
}

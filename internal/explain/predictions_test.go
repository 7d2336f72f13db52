package explain

import (
	"math"
	"testing"
)

func TestPredictionAgreement(t *testing.T) {
	t.Parallel()
	// Classes (logit > 0): a = 1 0 1 0 0, b = 1 1 0 0 0 → same on 3 of 5.
	// A logit of exactly 0 is class 0, as metrics.Accuracy counts it.
	a := []float64{2, -1, 0.5, 0, -3}
	b := []float64{0.1, 4, -2, -0.5, 0}
	got, err := PredictionAgreement(a, b)
	if err != nil || got != 0.6 {
		t.Errorf("PredictionAgreement = %v, %v; want 0.6", got, err)
	}
	if got, _ := PredictionAgreement(a, a); got != 1 {
		t.Errorf("a model agrees with itself on %v, want 1", got)
	}
	for _, bad := range [][2][]float64{{{1}, {1, 2}}, {{}, {}}, {{math.NaN()}, {1}}} {
		if _, err := PredictionAgreement(bad[0], bad[1]); err == nil {
			t.Errorf("PredictionAgreement(%v, %v): no error", bad[0], bad[1])
		}
	}
}

func TestPlaneGrid(t *testing.T) {
	t.Parallel()
	g := PlaneGrid{XMin: 0, XMax: 4, YMin: -1, YMax: 1, Cols: 4, Rows: 2, FX: 2, FY: 0, Base: []float64{9, 7, 9}}
	pts, err := g.Points()
	if err != nil {
		t.Fatal(err)
	}
	// Cell centres: x ∈ {0.5, 1.5, 2.5, 3.5} (feature 2), y ∈ {−0.5, 0.5}
	// (feature 0), feature 1 at its base value 7; rows of the grid outer.
	want := []float64{
		-0.5, 7, 0.5, -0.5, 7, 1.5, -0.5, 7, 2.5, -0.5, 7, 3.5,
		0.5, 7, 0.5, 0.5, 7, 1.5, 0.5, 7, 2.5, 0.5, 7, 3.5,
	}
	if len(pts) != len(want) {
		t.Fatalf("%d values, want %d", len(pts), len(want))
	}
	for i := range want {
		if math.Abs(pts[i]-want[i]) > 1e-15 {
			t.Errorf("value %d = %g, want %g", i, pts[i], want[i])
		}
	}
	// One feature: FY = −1, every row the same points.
	one := PlaneGrid{XMin: 0, XMax: 2, YMin: -1, YMax: 1, Cols: 2, Rows: 2, FX: 0, FY: -1, Base: []float64{5}}
	if pts, err := one.Points(); err != nil || len(pts) != 4 || pts[0] != 0.5 || pts[1] != 1.5 || pts[2] != 0.5 || pts[3] != 1.5 {
		t.Errorf("one-feature grid: %v, %v; want [0.5 1.5 0.5 1.5]", pts, err)
	}
	for _, bad := range []PlaneGrid{
		{XMin: 0, XMax: 1, YMin: 0, YMax: 1, Cols: 0, Rows: 2, FX: 0, FY: 1, Base: []float64{0, 0}},
		{XMin: 1, XMax: 1, YMin: 0, YMax: 1, Cols: 2, Rows: 2, FX: 0, FY: 1, Base: []float64{0, 0}},
		{XMin: 0, XMax: 1, YMin: 0, YMax: 1, Cols: 2, Rows: 2, FX: 1, FY: 1, Base: []float64{0, 0}},
		{XMin: 0, XMax: 1, YMin: 0, YMax: 1, Cols: 2, Rows: 2, FX: 0, FY: 2, Base: []float64{0, 0}},
		{XMin: 0, XMax: 1, YMin: 0, YMax: 1, Cols: 2, Rows: 2, FX: 0, FY: -2, Base: []float64{0, 0}},
	} {
		if _, err := bad.Points(); err == nil {
			t.Errorf("Points of %+v: no error", bad)
		}
	}
}

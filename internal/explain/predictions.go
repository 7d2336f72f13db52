package explain

import (
	"errors"
	"fmt"
	"math"
)

// PredictionAgreement returns the share, in [0, 1], of the n points on which
// two models predict the same class, from their logits a and b (n values
// each; class 1 when the logit is > 0, i.e. p > 0.5, as metrics.Accuracy).
// Unlike the angle between normals it needs no linear model, so it compares
// a network with hidden layers with the regression. It returns an error when
// the lengths differ, n is 0 or a logit is NaN.
func PredictionAgreement(a, b []float64) (float64, error) {
	if len(a) != len(b) {
		return 0, fmt.Errorf("prediction agreement: %d and %d logits", len(a), len(b))
	}
	if len(a) == 0 {
		return 0, errors.New("prediction agreement: no points")
	}
	same := 0
	for i := range a {
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) {
			return 0, fmt.Errorf("prediction agreement: logit %d is NaN", i)
		}
		if (a[i] > 0) == (b[i] > 0) {
			same++
		}
	}
	return float64(same) / float64(len(a)), nil
}

// PlaneGrid is a regular grid over a rectangle of a plane of the feature
// space: Cols × Rows cells over [XMin, XMax] × [YMin, YMax] in the plane of
// features FX (horizontal) and FY (vertical), evaluated at the cell centres,
// with every other feature held at Base's value (for example its mean). FY
// is −1 for data with one feature: the vertical axis is then no feature, and
// every row of the grid holds the same points.
type PlaneGrid struct {
	XMin, XMax, YMin, YMax float64
	Cols, Rows             int
	FX, FY                 int
	// Base holds the d values of the features not in the plane (those of
	// FX and FY are ignored).
	Base []float64
}

// X returns the horizontal coordinate of column c's centres,
// XMin + (c + 1/2)·(XMax − XMin)/Cols.
func (g PlaneGrid) X(c int) float64 {
	return g.XMin + (float64(c)+0.5)*(g.XMax-g.XMin)/float64(g.Cols)
}

// Y returns the vertical coordinate of row r's centres,
// YMin + (r + 1/2)·(YMax − YMin)/Rows.
func (g PlaneGrid) Y(r int) float64 {
	return g.YMin + (float64(r)+0.5)*(g.YMax-g.YMin)/float64(g.Rows)
}

// Points returns the grid's Rows·Cols points as a row-major
// (Rows·Cols) × d matrix, d = len(Base): point r·Cols + c is cell (c, r). It
// returns an error when the grid is empty or inverted, or FX or FY is not a
// distinct feature index (or −1 for FY).
func (g PlaneGrid) Points() ([]float64, error) {
	d := len(g.Base)
	switch {
	case g.Cols < 1 || g.Rows < 1:
		return nil, fmt.Errorf("grid: %d × %d cells", g.Cols, g.Rows)
	case !(g.XMin < g.XMax) || !(g.YMin < g.YMax):
		return nil, fmt.Errorf("grid: box [%g, %g] × [%g, %g] is empty", g.XMin, g.XMax, g.YMin, g.YMax)
	case g.FX < 0 || g.FX >= d || g.FY < -1 || g.FY >= d || g.FX == g.FY:
		return nil, fmt.Errorf("grid: features %d and %d of %d", g.FX, g.FY, d)
	}
	out := make([]float64, 0, g.Rows*g.Cols*d)
	for r := 0; r < g.Rows; r++ {
		for c := 0; c < g.Cols; c++ {
			start := len(out)
			out = append(out, g.Base...)
			out[start+g.FX] = g.X(c)
			if g.FY >= 0 {
				out[start+g.FY] = g.Y(r)
			}
		}
	}
	return out, nil
}

package experiment

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"nnlr/dataset"
)

// Plane is the figures' plane, in which the agreement grid lies: two
// features I and J (J = −1 when the data has only one) and the values at
// which the other features are held.
type Plane struct {
	// I and J are the features' columns of X (J = −1 for one feature);
	// Names their names (Names[1] "" for one feature).
	I, J  int
	Names [2]string
	// Held holds the value of every feature (d values, their means); only
	// the ones other than I and J matter.
	Held []float64
	// Box is the plotted area [xmin, xmax, ymin, ymax], in data units
	// (standardised units for standardised data).
	Box [4]float64
}

// resolvePlane picks the figures' two features (plotFeatures, default
// the first two), holds the others at their mean, and sizes the box to the
// data in that plane (padded by 8 % of each range, with room for the
// legend above; the seed problem keeps the seed question's
// [0, 3] × [0, 3]). An unknown name is a *dataset.ParseError naming
// plot_features.
func resolvePlane(ds *dataset.Dataset, plotFeatures []string) (Plane, error) {
	n, d := ds.X.Dims()
	p := Plane{I: 0, J: 1, Held: make([]float64, d)}
	if d == 1 {
		p.J = -1
	}
	if pf := plotFeatures; pf != nil {
		idx := [2]int{-1, -1}
		for k, name := range pf {
			for j, f := range ds.Features {
				if f == name {
					idx[k] = j
				}
			}
			if idx[k] < 0 {
				return p, &dataset.ParseError{File: ds.File, Field: "plot_features", Kind: dataset.ErrUnknownColumn,
					Err: fmt.Errorf("%s is not a feature (features: %s)", dataset.Quote(name), dataset.QuoteList(ds.Features))}
			}
		}
		p.I, p.J = idx[0], idx[1]
	}
	col := make([]float64, n)
	for j := 0; j < d; j++ {
		mat.Col(col, j, ds.X)
		var s float64
		for _, v := range col {
			s += v / float64(n)
		}
		p.Held[j] = s
	}
	p.Names[0] = ds.Features[p.I]
	if p.J >= 0 {
		p.Names[1] = ds.Features[p.J]
	}
	if ds.Name == "seed" && ds.Scaler == nil && p.I == 0 && p.J == 1 {
		p.Box = [4]float64{0, 3, 0, 3}
		return p, nil
	}
	p.Box[0], p.Box[1] = paddedRange(ds.X, p.I)
	p.Box[2], p.Box[3] = -1, 1
	if p.J >= 0 {
		p.Box[2], p.Box[3] = paddedRange(ds.X, p.J)
	}
	// Room above the points for the legend, and a box at least 1.25 times
	// as wide as high so that the title fits (the figure's scales stay
	// equal, see plot.Boundary).
	p.Box[3] += 0.3 * (p.Box[3] - p.Box[2])
	if w, h := p.Box[1]-p.Box[0], p.Box[3]-p.Box[2]; w < 1.25*h && w > 0.5*h {
		p.Box[0] -= (1.25*h - w) / 2
		p.Box[1] += (1.25*h - w) / 2
	}
	return p, nil
}

// paddedRange returns the range of column j of x widened by 8 % on each
// side (by 1 for a constant column).
func paddedRange(x *mat.Dense, j int) (float64, float64) {
	col := mat.Col(nil, j, x)
	lo, hi := floats.Min(col), floats.Max(col) // gonum v0.16
	pad := 0.08 * (hi - lo)
	if pad == 0 || math.IsInf(pad, 0) {
		pad = math.Max(1, math.Abs(lo)*0.08)
	}
	return lo - pad, hi + pad
}

// Point returns row i of the data as coordinates in the plane.
func (p Plane) Point(x *mat.Dense, i int) [2]float64 {
	pt := [2]float64{x.At(i, p.I), 0}
	if p.J >= 0 {
		pt[1] = x.At(i, p.J)
	}
	return pt
}

// Line returns the boundary w·x + b = 0 in the plane: the normal (w_I, w_J)
// and the offset b + Σ_{k ≠ I, J} w_k·held_k.
func (p Plane) Line(w []float64, b float64) ([2]float64, float64) {
	normal := [2]float64{w[p.I], 0}
	if p.J >= 0 {
		normal[1] = w[p.J]
	}
	for k, v := range w {
		if k != p.I && k != p.J {
			b += v * p.Held[k]
		}
	}
	return normal, b
}

// Others counts the features held at their mean.
func (p Plane) Others() int {
	if p.J < 0 {
		return len(p.Held) - 1
	}
	return len(p.Held) - 2
}

// penaltyL2 is the graph's L2 coefficient for the setting C on n samples:
// 1/(C·n), so that its loss, mean BCE + (1/(2·C·n))·‖W‖², is the objective
// SAG minimises with α = 1/(C·n) (scikit-learn 1.2's LogisticRegression
// objective divided by C·n). 0 for C = +Inf.
func penaltyL2(c float64, n int) float64 {
	if math.IsInf(c, 1) {
		return 0
	}
	return 1 / (c * float64(n))
}

// checkFinite returns an error when a fitted kernel or bias holds NaN or
// ±Inf, so that such weights are never reported as a result.
func checkFinite(model string, w []float64, b float64, epochs int) error {
	for _, v := range append([]float64{b}, w...) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &DivergedError{Model: model, Epoch: epochs, Detail: "the parameters are not finite"}
		}
	}
	return nil
}

// dataSection describes the loaded data for a report.
func dataSection(ds *dataset.Dataset, pl Plane) DataReport {
	n, _ := ds.X.Dims()
	d := &DataReport{Name: ds.Name, Samples: n, Features: ds.Features, Classes: ds.Classes}
	d.Source = ds.File
	if ds.BuiltIn {
		d.Source = "built-in"
	}
	d.Label = ds.Label
	d.ClassCounts = ds.ClassCounts()
	d.DroppedRows = ds.Dropped
	d.Standardized = ds.Scaler != nil
	d.ConstantFeatures = []string{}
	if ds.Scaler != nil {
		for _, j := range ds.Scaler.Constant {
			d.ConstantFeatures = append(d.ConstantFeatures, ds.Features[j])
		}
	}
	d.PlotFeatures = pl.Names
	return *d
}

package explain

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Trajectory is a model's decision boundary after every epoch of training:
// Kernels[e−1] (d values) and Biases[e−1] after epoch e, epochs counted from
// 1.
type Trajectory struct {
	Kernels [][]float64
	Biases  []float64
}

// Epochs is the number of epochs recorded.
func (t Trajectory) Epochs() int { return len(t.Biases) }

// At returns the model after epoch e (1 ≤ e ≤ Epochs()).
func (t Trajectory) At(e int) Linear {
	return Linear{Coef: t.Kernels[e-1], Intercept: t.Biases[e-1]}
}

// Convergence tolerances of nnlr's diagnosis (finding 4).
const (
	// AngleTolDeg is the angle, in degrees, within which a boundary counts as
	// having reached the reference's direction.
	AngleTolDeg = 1.0
	// OffsetTolShare is the offset gap, as a share of OffsetScale, within
	// which a boundary counts as having reached the reference's position.
	OffsetTolShare = 0.01
)

// OffsetScale returns the length, in data units, against which an offset
// gap is judged: the larger of ref's distance from the origin,
// |Intercept|/‖Coef‖, and the RMS distance of the rows of x (n × d) from
// their centroid c (d values). On the seed problem it is the regression's
// distance from the origin, 2.9/√2 ≈ 2.06; on standardised data, where a
// boundary may pass near the origin, the data's spread.
func OffsetScale(ref Linear, x *mat.Dense, c []float64) float64 {
	n, _ := x.Dims()
	var ss float64
	diff := make([]float64, len(c))
	for i := 0; i < n; i++ {
		floats.SubTo(diff, x.RawRowView(i), c)
		ss += floats.Dot(diff, diff)
	}
	scale := math.Sqrt(ss / float64(n))
	if norm := floats.Norm(ref.Coef, 2); norm > 0 {
		scale = math.Max(scale, math.Abs(ref.Intercept)/norm)
	}
	return scale
}

// Criterion is nnlr's test of whether a boundary has reached a reference
// boundary (the diagnosis's convergence finding, Track and nnlr sweep): the
// angle between the normals at most AngleTolDeg and the offset gap through
// Centroid at most OffsetTolShare·Scale.
type Criterion struct {
	// Ref is the reference boundary (the baseline's coef, d values, and
	// intercept).
	Ref Linear
	// Centroid is the point (d values, the data's centroid) through which
	// the offset gap is measured (see OffsetGap).
	Centroid []float64
	// Scale is the length, in data units, the offset gap is judged against
	// (see OffsetScale).
	Scale float64
}

// NewCriterion returns the criterion for reaching ref on the data x (n × d):
// the centroid of x's rows and OffsetScale's scale. It returns an error when
// x has no rows or ref's coef does not have d values.
func NewCriterion(ref Linear, x *mat.Dense) (Criterion, error) {
	_, d := x.Dims()
	if len(ref.Coef) != d {
		return Criterion{}, fmt.Errorf("criterion: reference has %d coefficients, data %d features", len(ref.Coef), d)
	}
	c, err := Centroid(x)
	if err != nil {
		return Criterion{}, fmt.Errorf("criterion: %w", err)
	}
	return Criterion{Ref: ref, Centroid: c, Scale: OffsetScale(ref, x, c)}, nil
}

// OffsetTol is the largest offset gap, in data units, that counts as
// reached: OffsetTolShare·Scale.
func (c Criterion) OffsetTol() float64 { return OffsetTolShare * c.Scale }

// Measure returns m's angle to the reference in degrees (AngleDeg; NaN when
// a normal is zero) and its offset gap in data units (OffsetGap; +Inf when
// it is undefined). m's coef must have as many values as the reference's.
// It costs O(d²) for the angle (AngleDeg's cross products) and O(d) for
// the gap, and allocates only when one of them is undefined (the error
// values of AngleDeg and OffsetGap).
func (c Criterion) Measure(m Linear) (angleDeg, offsetGap float64) {
	a, err := AngleDeg(m.Coef, c.Ref.Coef)
	if err != nil {
		a = math.NaN()
	}
	g, err := OffsetGap(m, c.Ref, c.Centroid)
	if err != nil {
		g = math.Inf(1)
	}
	return a, g
}

// Within reports whether an angle (degrees) and an offset gap (data units)
// from Measure are within the tolerances: angle ≤ AngleTolDeg and gap ≤
// OffsetTol(). A NaN angle is never within.
func (c Criterion) Within(angleDeg, offsetGap float64) bool {
	return angleDeg <= AngleTolDeg && offsetGap <= c.OffsetTol()
}

// Tracking is a trajectory measured against a reference boundary.
type Tracking struct {
	// AngleDeg is the angle to the reference after each epoch (NaN where a
	// kernel is zero).
	AngleDeg []float64
	// OffsetGap is the offset gap to the reference after each epoch (data
	// units, see OffsetGap; +Inf where it is undefined).
	OffsetGap []float64
	// EpochWithin is the first epoch after which the angle was at most
	// AngleTolDeg and the offset gap at most OffsetTolShare·scale; 0 when
	// never.
	EpochWithin int
	// TrendDegPerEpoch is the least-squares slope of the angle, in degrees
	// per epoch, over the last TrendEpochs epochs (0 with fewer than 2).
	TrendDegPerEpoch float64
	// TrendEpochs is the number of last epochs the trend is fitted to: a
	// tenth of the epochs, at least 2 (or all when fewer).
	TrendEpochs int
}

// Track measures every epoch of t against ref: the angle between the
// normals, the offset gap through c (d values, the data centroid), and the
// first epoch within AngleTolDeg and OffsetTolShare·scale (scale from
// OffsetScale). It returns an error when a kernel's length differs from
// ref's.
func Track(t Trajectory, ref Linear, c []float64, scale float64) (Tracking, error) {
	e := t.Epochs()
	tr := Tracking{AngleDeg: make([]float64, e), OffsetGap: make([]float64, e)}
	crit := Criterion{Ref: ref, Centroid: c, Scale: scale}
	for k := 1; k <= e; k++ {
		m := t.At(k)
		if len(m.Coef) != len(ref.Coef) {
			return tr, fmt.Errorf("track: epoch %d: kernel of %d values, reference %d", k, len(m.Coef), len(ref.Coef))
		}
		a, g := crit.Measure(m)
		tr.AngleDeg[k-1], tr.OffsetGap[k-1] = a, g
		if tr.EpochWithin == 0 && crit.Within(a, g) {
			tr.EpochWithin = k
		}
	}
	tr.TrendEpochs = min(e, max(2, e/10))
	tr.TrendDegPerEpoch = slope(tr.AngleDeg[e-tr.TrendEpochs:])
	return tr, nil
}

// slope returns the least-squares slope of v against 0, 1, 2, …, or 0 with
// fewer than two values or any NaN.
func slope(v []float64) float64 {
	n := float64(len(v))
	if len(v) < 2 {
		return 0
	}
	mx := (n - 1) / 2
	my := floats.Sum(v) / n
	var sxy, sxx float64
	for i, y := range v {
		dx := float64(i) - mx
		sxy += dx * (y - my)
		sxx += dx * dx
	}
	s := sxy / sxx
	if math.IsNaN(s) {
		return 0
	}
	return s
}

// Package explain measures how two fitted linear models differ and why:
// the angle between their decision boundaries and the other agreement
// metrics of nnlr compare. It works on fitted parameters and data, not on
// Gorgonia nodes, so it compares any two linear models.
package explain

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"nnlr/internal/metrics"
)

// ErrZeroNormal is returned when a boundary's normal vector is zero: the
// model predicts the same class everywhere and has no decision boundary.
var ErrZeroNormal = errors.New("normal vector is zero: no decision boundary")

// AngleDeg returns the angle in degrees, in [0, 180], between the normals a
// and b (d values each) of two decision boundaries w·x + c = 0: 0 when they
// point the same way, 180 when opposite. It returns ErrZeroNormal when
// either normal is zero, and an error when the lengths differ or a value is
// not finite. Huge normals (1e300) are handled without overflow.
func AngleDeg(a, b []float64) (float64, error) {
	if len(a) != len(b) {
		return 0, errors.New("angle: normals of different lengths")
	}
	// Scale each normal by its largest |value| first: the angle does not
	// change, and products of huge kernels (1e300) no longer overflow.
	sa, sb := floats.Norm(a, math.Inf(1)), floats.Norm(b, math.Inf(1))
	if sa == 0 || sb == 0 {
		return 0, ErrZeroNormal
	}
	if math.IsInf(sa, 0) || math.IsInf(sb, 0) || math.IsNaN(sa) || math.IsNaN(sb) {
		return 0, errors.New("angle: a normal is not finite")
	}
	a = scaled(a, 1/sa)
	b = scaled(b, 1/sb)
	var ab float64
	for i := range a {
		ab += a[i] * b[i]
	}
	// atan2(|a×b|, a·b) is accurate at small angles, where acos is not:
	// |a×b|² = |a|²|b|² − (a·b)² by Lagrange's identity, computed in the
	// cancellation-free form Σ_{i<j} (a_i b_j − a_j b_i)².
	var cross float64
	for i := range a {
		for j := i + 1; j < len(a); j++ {
			c := a[i]*b[j] - a[j]*b[i]
			cross += c * c
		}
	}
	return math.Atan2(math.Sqrt(cross), ab) * 180 / math.Pi, nil
}

func scaled(v []float64, k float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * k
	}
	return out
}

// Linear is a fitted linear binary classifier P(y = 1 | x) = σ(Coef·x +
// Intercept), with decision boundary Coef·x + Intercept = 0: a graph's
// kernel (d × 1, as d values) and bias, or a regression's coef and
// intercept.
type Linear struct {
	// Coef holds the d coefficients (the kernel), the boundary's normal.
	Coef []float64
	// Intercept is the bias.
	Intercept float64
}

// Logit returns Coef·x + Intercept for one sample x (d values).
func (m Linear) Logit(x []float64) float64 {
	z := m.Intercept
	for j, v := range x {
		z += m.Coef[j] * v
	}
	return z
}

// ErrParallel is returned by OffsetGap when a boundary never crosses the
// line along which the gap is measured (its normal is orthogonal to the
// reference normal), so the gap is infinite.
var ErrParallel = errors.New("boundary is parallel to the measuring line")

// Centroid returns the mean of the rows of x (n × d), d values. It returns
// an error when x has no rows.
func Centroid(x *mat.Dense) ([]float64, error) {
	n, d := x.Dims()
	if n == 0 {
		return nil, errors.New("centroid: no rows")
	}
	c := make([]float64, d)
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			c[j] += v
		}
	}
	for j := range c {
		c[j] /= float64(n)
	}
	return c, nil
}

// OffsetGap returns the distance, in data units, between the decision
// boundaries of a and ref measured along ref's unit normal u = ref.Coef/‖ref.Coef‖
// through the point c (usually the data centroid, d values): the line
// c + t·u crosses ref's boundary at t_ref = −(ref.Coef·c + ref.Intercept)/‖ref.Coef‖
// and a's at t_a = −(a.Coef·c + a.Intercept)/(a.Coef·u), and the gap is
// |t_a − t_ref|. It is 0 for identical boundaries and, for parallel ones,
// their usual distance. It returns ErrZeroNormal when a normal is zero,
// ErrParallel when a's boundary does not cross the line, and an error when
// the lengths differ.
func OffsetGap(a, ref Linear, c []float64) (float64, error) {
	if len(a.Coef) != len(ref.Coef) || len(c) != len(ref.Coef) {
		return 0, fmt.Errorf("offset gap: lengths %d, %d and %d differ", len(a.Coef), len(ref.Coef), len(c))
	}
	norm := floats.Norm(ref.Coef, 2)
	if norm == 0 || floats.Norm(a.Coef, 2) == 0 {
		return 0, fmt.Errorf("offset gap: %w", ErrZeroNormal)
	}
	tRef := -ref.Logit(c) / norm
	au := floats.Dot(a.Coef, ref.Coef) / norm
	if au == 0 {
		return 0, fmt.Errorf("offset gap: %w", ErrParallel)
	}
	tA := -a.Logit(c) / au
	return math.Abs(tA - tRef), nil
}

// ProbabilityGaps returns the largest and the mean of |σ(a·x_i) − σ(b·x_i)|
// over the rows x_i of x (n × d): how differently the two models score the
// samples. It returns an error when x has no rows or the widths differ.
func ProbabilityGaps(a, b Linear, x *mat.Dense) (maxGap, meanGap float64, err error) {
	n, d := x.Dims()
	if n == 0 {
		return 0, 0, errors.New("probability gaps: no rows")
	}
	if len(a.Coef) != d || len(b.Coef) != d {
		return 0, 0, fmt.Errorf("probability gaps: models have %d and %d coefficients, data %d features", len(a.Coef), len(b.Coef), d)
	}
	for i := 0; i < n; i++ {
		r := x.RawRowView(i)
		g := math.Abs(metrics.Sigmoid(a.Logit(r)) - metrics.Sigmoid(b.Logit(r)))
		maxGap = math.Max(maxGap, g)
		meanGap += g
	}
	return maxGap, meanGap / float64(n), nil
}

// Objective returns the objective both models are meant to minimise:
// the mean binary cross-entropy (1/n) Σ softplus(z_i) − y_i·z_i of m's logits
// z on x (n × d) and labels y (n values in {0, 1}), plus (l2/2)·‖Coef‖² (the
// penalty of scikit-learn's LogisticRegression with l2 = 1/(C·n), on the
// coefficients only; l2 = 0 for penalty="none"). It returns an error when
// the shapes differ or n is 0.
func Objective(m Linear, x *mat.Dense, y []float64, l2 float64) (float64, error) {
	n, d := x.Dims()
	if len(m.Coef) != d {
		return 0, fmt.Errorf("objective: model has %d coefficients, data %d features", len(m.Coef), d)
	}
	z := make([]float64, n)
	for i := range z {
		z[i] = m.Logit(x.RawRowView(i))
	}
	loss, err := metrics.LogLoss(z, y)
	if err != nil {
		return 0, fmt.Errorf("objective: %w", err)
	}
	if l2 > 0 {
		loss += l2 / 2 * floats.Dot(m.Coef, m.Coef)
	}
	return loss, nil
}

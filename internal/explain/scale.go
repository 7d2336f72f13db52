package explain

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Thresholds of the feature_scale finding.
const (
	// ScaleLow and ScaleHigh bound the population standard deviation of a
	// non-constant feature column that counts as scaled; outside
	// [ScaleLow, ScaleHigh] the features are unscaled.
	ScaleLow, ScaleHigh = 0.1, 10.0
	// MaxAbsHigh is the largest |x| that counts as scaled: features far from
	// the origin make the bias direction badly conditioned (ZᵀZ has a large
	// eigenvalue along the mean) even when their spread is small.
	MaxAbsHigh = 100.0
	// SaturatedLogit is the margin −ỹ·z above which a sample counts as
	// confidently wrong: σ(z) is then within 5e−5 of the wrong label, and
	// its gradient no longer grows with the error.
	SaturatedLogit = 10.0
	// LossRiseShare is the relative rise of the per-epoch training loss
	// over the previous epoch that counts as a rise; the loss oscillates
	// when at least 3 epochs and at least OscillationShare of the epochs
	// rise.
	LossRiseShare    = 0.05
	OscillationShare = 0.05
)

// FeatureScale describes the scale of the training data x (n × d) as it
// affects both solvers.
type FeatureScale struct {
	// MinStd and MaxStd are the smallest and largest population standard
	// deviations of the non-constant columns (data units); MinStdColumn and
	// MaxStdColumn their indices (−1 when every column is constant).
	MinStd, MaxStd             float64
	MinStdColumn, MaxStdColumn int
	// MaxAbs is the largest |x_ij|.
	MaxAbs float64
	// Constant lists the indices of the constant columns.
	Constant []int
	// LambdaMax is the largest eigenvalue of ZᵀZ/n, Z = [X, 1] (n × (d+1)):
	// the logistic loss's curvature is at most LambdaMax/4.
	LambdaMax float64
	// MaxRowNormSq is max_i ‖x_i‖², which sets SAG's step size
	// 1/(0.25·(max_i ‖x_i‖² + 1) + α) (scikit-learn's get_auto_step_size).
	MaxRowNormSq float64
}

// Unscaled reports whether some non-constant column's standard deviation
// is outside [ScaleLow, ScaleHigh] or MaxAbs exceeds MaxAbsHigh.
func (s FeatureScale) Unscaled() bool {
	if s.MinStdColumn < 0 {
		return s.MaxAbs > MaxAbsHigh
	}
	return s.MinStd < ScaleLow || s.MaxStd > ScaleHigh || s.MaxAbs > MaxAbsHigh
}

// MeasureFeatureScale measures x (n × d). It returns an error when x has
// no rows or the eigenvalue decomposition fails.
func MeasureFeatureScale(x *mat.Dense) (FeatureScale, error) {
	n, d := x.Dims()
	if n == 0 {
		return FeatureScale{}, errors.New("feature scale: no rows")
	}
	s := FeatureScale{MinStd: math.Inf(1), MinStdColumn: -1, MaxStdColumn: -1}
	col := make([]float64, n)
	for j := 0; j < d; j++ {
		mat.Col(col, j, x)
		lo, hi := floats.Min(col), floats.Max(col)
		s.MaxAbs = math.Max(s.MaxAbs, math.Max(math.Abs(lo), math.Abs(hi)))
		if lo == hi {
			s.Constant = append(s.Constant, j)
			continue
		}
		mean := floats.Sum(col) / float64(n)
		var ss float64
		for _, v := range col {
			ss += (v - mean) * (v - mean)
		}
		sd := math.Sqrt(ss / float64(n))
		if sd == 0 || math.IsInf(sd, 0) {
			// The squares underflowed (values near 1e-300) or overflowed
			// (near 1e200): the deviations scaled by the largest.
			var big float64
			for _, v := range col {
				big = math.Max(big, math.Abs(v-mean))
			}
			ss = 0
			for _, v := range col {
				ss += ((v - mean) / big) * ((v - mean) / big)
			}
			sd = big * math.Sqrt(ss/float64(n))
		}
		if s.MinStdColumn < 0 || sd < s.MinStd {
			s.MinStd, s.MinStdColumn = sd, j
		}
		if s.MaxStdColumn < 0 || sd > s.MaxStd {
			s.MaxStd, s.MaxStdColumn = sd, j
		}
	}
	if s.MinStdColumn < 0 {
		s.MinStd = 0
	}
	for i := 0; i < n; i++ {
		r := x.RawRowView(i)
		s.MaxRowNormSq = math.Max(s.MaxRowNormSq, floats.Dot(r, r))
	}
	g := mat.NewSymDense(d+1, nil)
	row := make([]float64, d+1)
	row[d] = 1
	for i := 0; i < n; i++ {
		copy(row, x.RawRowView(i))
		g.SymRankOne(g, 1/float64(n), mat.NewVecDense(d+1, row))
	}
	var eig mat.EigenSym
	if !eig.Factorize(g, false) {
		return s, errors.New("feature scale: eigenvalues of ZᵀZ/n did not converge")
	}
	s.LambdaMax = floats.Max(eig.Values(nil))
	return s, nil
}

// StableLearningRate returns the largest learning rate at which the
// graph's solver is stable on the quadratic model of the objective, whose
// curvature is at most L = lambdaMax/4 + l2 (the logistic loss's Hessian
// is [X, 1]ᵀ·diag(σ(1 − σ))·[X, 1]/n with σ(1 − σ) ≤ 1/4, plus the
// penalty): 2/L for gradient descent ("sgd"), 2(1 + μ)/L for heavy-ball
// momentum ("momentum", Polyak 1964) and 2(1 + μ)/((1 + 2μ)·L) for
// Nesterov's momentum (the quadratic stability region of both, as in
// Lessard, Recht and Packard, SIAM J. Optim. 2016). Above it gradient
// descent oscillates or diverges along the top eigenvector. The bound is
// for full-batch steps; a mini-batch's curvature can be larger. ok is false
// for the adaptive solvers and "bb", whose step is not the learning rate
// times the gradient.
func StableLearningRate(solver string, lambdaMax, l2, momentum float64) (rate float64, ok bool) {
	l := lambdaMax/4 + l2
	if !(l > 0) {
		return 0, false
	}
	switch solver {
	case "sgd", "":
		return 2 / l, true
	case "momentum":
		return 2 * (1 + momentum) / l, true
	case "nesterov":
		return 2 * (1 + momentum) / ((1 + 2*momentum) * l), true
	}
	return 0, false
}

// AdaptiveSolver reports whether the graph's solver scales each coordinate
// of the gradient separately (adam, adamw, rmsprop, adagrad): its update
// is then not a combination of the rows of [X, 1], and its limit on
// separable data need not be the ℓ2 max margin.
func AdaptiveSolver(solver string) bool {
	switch solver {
	case "adam", "adamw", "rmsprop", "adagrad":
		return true
	}
	return false
}

// lossRises counts the epochs whose loss rose by more than LossRiseShare
// over the previous epoch's.
func lossRises(loss []float64) int {
	var k int
	for e := 1; e < len(loss); e++ {
		if loss[e] > loss[e-1]*(1+LossRiseShare) {
			k++
		}
	}
	return k
}

// oscillates applies the LossRiseShare / OscillationShare rule.
func oscillates(loss []float64) bool { return oscillation(lossRises(loss), len(loss)) }

// oscillation applies the rule to r rises in n epochs.
func oscillation(r, n int) bool { return r >= 3 && float64(r) >= OscillationShare*float64(n) }

// saturatedWrong returns the number of samples m classifies wrong with a
// margin −ỹ·z above SaturatedLogit, and the largest |z|.
func saturatedWrong(m Linear, x *mat.Dense, y []float64) (count int, maxAbs float64) {
	for i := range y {
		z := m.Logit(x.RawRowView(i))
		maxAbs = math.Max(maxAbs, math.Abs(z))
		if -(2*y[i]-1)*z > SaturatedLogit {
			count++
		}
	}
	return count, maxAbs
}

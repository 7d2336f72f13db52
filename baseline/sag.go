// Package baseline is nnlr's reference: a binary logistic regression solved
// by the stochastic average gradient (SAG) method with closed-form
// gradients, written by hand after scikit-learn 1.2's `sag` solver
// (sklearn/linear_model/_sag.py and _sag_fast.pyx), and its multinomial
// counterpart for k classes (multinomial.go). It does not use automatic
// differentiation, so it is an independent check on the graph.
package baseline

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"math/rand/v2"
	"nnlr/internal/metrics"
)

// SAGConfig configures FitSAG. Build it from DefaultSAGConfig.
type SAGConfig struct {
	// C is the inverse L2 strength, as scikit-learn's LogisticRegression(C=…):
	// the penalty is (α/2)·‖w‖² with α = 1/(C·n) on the coefficients (not the
	// intercept). +Inf (the default) means no penalty, as penalty="none".
	C float64
	// MaxIter is the largest number of epochs (passes of n draws). Default 300.
	MaxIter int
	// Tol stops the fit after an epoch in which
	// max_j |w_j − w_j(previous epoch)| / max_j |w_j| ≤ Tol. Default 1e-100,
	// which in practice never stops it early.
	Tol float64
	// Seed seeds the draws of sample indices.
	Seed uint64
	// RecordObjective makes FitSAG record the objective after every epoch in
	// LogisticRegression.ObjectiveHistory (one extra pass over the data per
	// epoch).
	RecordObjective bool
	// RecordCoef makes FitSAG keep the coefficients and the intercept after
	// every epoch in LogisticRegression.CoefHistory and InterceptHistory
	// (NIter × d values more memory; the fit is otherwise unchanged).
	RecordCoef bool
	// OnObjective, when not nil, is called after every epoch with the epoch
	// (from 1) and the objective, computed as for RecordObjective (one extra
	// pass over the data per epoch) but not kept: a caller that keeps the
	// objective at a bounded resolution records it here, and memory does not
	// grow with MaxIter.
	OnObjective func(epoch int, objective float64)
	// OnCoef, when not nil, is called after every epoch with the epoch
	// (from 1), the coefficients (d values, valid only during the call:
	// copy them to keep them) and the intercept, without keeping them: a
	// caller that keeps the coefficients at a bounded resolution records
	// them here (RecordCoef keeps every epoch's).
	OnCoef func(epoch int, coef []float64, intercept float64)
}

// DefaultSAGConfig returns the seed question's settings:
// LogisticRegression(penalty="none", solver="sag", max_iter=300, tol=1e-100).
func DefaultSAGConfig() SAGConfig {
	return SAGConfig{C: math.Inf(1), MaxIter: 300, Tol: 1e-100}
}

// Validate returns an error naming the first invalid field: C must be
// positive (+Inf allowed), MaxIter at least 1, Tol non-negative and finite.
func (c SAGConfig) Validate() error {
	switch {
	case math.IsNaN(c.C) || c.C <= 0:
		return fmt.Errorf("C = %v: must be positive (+Inf for no penalty)", c.C)
	case c.MaxIter < 1:
		return fmt.Errorf("MaxIter = %d: must be at least 1", c.MaxIter)
	case math.IsNaN(c.Tol) || c.Tol < 0 || math.IsInf(c.Tol, 0):
		return fmt.Errorf("Tol = %v: must be finite and non-negative", c.Tol)
	}
	return nil
}

// LogisticRegression is a fitted binary logistic regression:
// P(y = 1 | x) = σ(Coef·x + Intercept).
type LogisticRegression struct {
	// Coef holds the d coefficients (the weights; scikit-learn's coef_[0]).
	Coef []float64
	// Intercept is the bias (scikit-learn's intercept_[0]).
	Intercept float64
	// NIter is the number of epochs run (scikit-learn's n_iter_).
	NIter int
	// Converged reports whether the tolerance was met before MaxIter epochs;
	// false is scikit-learn's ConvergenceWarning.
	Converged bool
	// StepSize is 1/L, the constant step size used (see FitSAG).
	StepSize float64
	// Alpha is the L2 strength α = 1/(C·n) actually used (0 when C = +Inf).
	Alpha float64
	// ObjectiveHistory is the objective after each epoch (NIter values), when
	// SAGConfig.RecordObjective was set.
	ObjectiveHistory []float64
	// CoefHistory and InterceptHistory are the coefficients (d values each)
	// and the intercept after each epoch (NIter entries, epoch e at e−1),
	// when SAGConfig.RecordCoef was set.
	CoefHistory      [][]float64
	InterceptHistory []float64
}

// ErrData is returned (wrapped) for data that FitSAG cannot use.
var ErrData = errors.New("invalid training data")

// ErrNotFinite is returned (wrapped, naming the epoch or the quantity) when
// float64 arithmetic on the data overflows: the step size 1/L, a logit
// w·x_i + b, a coefficient or the objective is NaN or ±Inf. The fit stops
// there and returns no model.
var ErrNotFinite = errors.New("values are not finite")

// FitSAG fits a binary logistic regression to x (n × d) and labels y (n
// values in {0, 1}) by SAG (Schmidt, Le Roux and Bach, "Minimizing finite
// sums with the stochastic average gradient", Math. Programming 2017), as
// scikit-learn 1.2 does for LogisticRegression(solver="sag"). It minimises
//
//	(1/n) Σ_i log(1 + exp(−ỹ_i (w·x_i + b))) + (α/2)‖w‖²,  ỹ_i = 2y_i − 1,
//
// starting from w = 0, b = 0, with the constant step size 1/L,
// L = 0.25·(max_i ‖x_i‖² + 1) + α (scikit-learn's get_auto_step_size for the
// log loss with an intercept). Every epoch draws n indices uniformly with
// replacement; for the drawn sample i it computes the gradient scalar
// g_i = −ỹ_i / (1 + exp(ỹ_i (w·x_i + b))), replaces the remembered g_i,
// updates the sums Σ g_i x_i and Σ g_i over the remembered samples, and steps
//
//	w ← (1 − step·α)·w − step·(Σ g_i x_i)/seen,   b ← b − step·(Σ g_i)/seen,
//
// where seen counts the samples drawn at least once. After each epoch it
// stops when max_j |Δw_j| / max_j |w_j| ≤ Tol.
//
// It returns an error wrapping ErrData when the shapes disagree, a label is
// not 0 or 1, or a value is not finite; an error wrapping ErrNotFinite
// (naming the epoch) when the arithmetic overflows: max_i ‖x_i‖² is not
// finite, or a logit, a coefficient or the final objective becomes NaN or
// ±Inf; and an error naming the field for an invalid configuration.
func FitSAG(x *mat.Dense, y []float64, cfg SAGConfig) (*LogisticRegression, error) {
	return FitSAGContext(context.Background(), x, y, cfg)
}

// FitSAGContext is FitSAG that stops when ctx is cancelled: it checks ctx
// before every epoch and then returns an error wrapping ctx.Err() that names
// the epoch (no fit).
func FitSAGContext(ctx context.Context, x *mat.Dense, y []float64, cfg SAGConfig) (*LogisticRegression, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("sag: %w", err)
	}
	n, d := x.Dims()
	if err := checkData(x, y); err != nil {
		return nil, fmt.Errorf("sag: %w", err)
	}
	alpha := 0.0
	if !math.IsInf(cfg.C, 1) {
		alpha = 1 / (cfg.C * float64(n))
	}
	var maxSq float64
	for i := 0; i < n; i++ {
		r := x.RawRowView(i)
		maxSq = math.Max(maxSq, dot(r, r))
	}
	if math.IsInf(maxSq, 0) {
		return nil, fmt.Errorf("sag: %w: max_i ‖x_i‖² overflows float64, so the step size 1/L would be 0; scale the data (standardize the features)", ErrNotFinite)
	}
	step := 1 / (0.25*(maxSq+1) + alpha)

	st := newSAGState(x, y, step, alpha)
	prev := make([]float64, d)
	rng := rand.New(rand.NewPCG(cfg.Seed, 1))
	res := &LogisticRegression{StepSize: step, Alpha: alpha}
	next := rng.IntN(n)
	for epoch := 1; epoch <= cfg.MaxIter; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("sag: before epoch %d: %w", epoch, err)
		}
		copy(prev, st.w)
		for k := 0; k < n; k++ {
			// The next draw is made now so that the update of sample i can
			// compute the next sample's logit in the same pass over w; the
			// sequence of draws is unchanged.
			i := next
			next = rng.IntN(n)
			if z := st.update(i, next); math.IsNaN(z) || math.IsInf(z, 0) {
				return nil, fmt.Errorf("sag: epoch %d: %w: the logit of sample %d is %v; scale the data (standardize the features)", epoch, ErrNotFinite, i, z)
			}
		}
		res.NIter = epoch
		if cfg.RecordObjective || cfg.OnObjective != nil {
			obj := objective(x, st.ySigned, st.w, st.b, alpha)
			if cfg.RecordObjective {
				res.ObjectiveHistory = append(res.ObjectiveHistory, obj)
			}
			if cfg.OnObjective != nil {
				cfg.OnObjective(epoch, obj)
			}
		}
		if cfg.RecordCoef {
			res.CoefHistory = append(res.CoefHistory, append([]float64(nil), st.w...))
			res.InterceptHistory = append(res.InterceptHistory, st.b)
		}
		if cfg.OnCoef != nil {
			cfg.OnCoef(epoch, st.w, st.b)
		}
		if !finite(st.w) || !finite([]float64{st.b}) {
			return nil, fmt.Errorf("sag: epoch %d: %w: the coefficients overflow float64; scale the data (standardize the features)", epoch, ErrNotFinite)
		}
		var maxW, maxChange float64
		for j, v := range st.w {
			maxW = math.Max(maxW, math.Abs(v))
			maxChange = math.Max(maxChange, math.Abs(v-prev[j]))
		}
		if maxW > 0 && maxChange/maxW <= cfg.Tol {
			res.Converged = true
			break
		}
	}
	res.Coef, res.Intercept = st.w, st.b
	if obj := objective(x, st.ySigned, st.w, st.b, alpha); math.IsNaN(obj) || math.IsInf(obj, 0) {
		return nil, fmt.Errorf("sag: epoch %d: %w: the objective is %v; scale the data (standardize the features)", res.NIter, ErrNotFinite, obj)
	}
	return res, nil
}

// sagState is SAG's iterate and gradient memory.
type sagState struct {
	x        *mat.Dense
	ySigned  []float64 // ỹ_i = 2y_i − 1
	w        []float64 // coefficients
	b        float64   // intercept
	memory   []float64 // remembered gradient scalar g_i of each sample
	seen     []bool
	nSeen    int
	sumGrad  []float64 // Σ g_i x_i over the remembered samples
	sumGradB float64   // Σ g_i
	step     float64
	decay    float64 // 1 − step·α

	dot     float64 // w·x_dotRow, computed by the last update
	dotRow  int
	haveDot bool
}

func newSAGState(x *mat.Dense, y []float64, step, alpha float64) *sagState {
	n, d := x.Dims()
	st := &sagState{
		x: x, ySigned: make([]float64, n), w: make([]float64, d), memory: make([]float64, n),
		seen: make([]bool, n), sumGrad: make([]float64, d), step: step, decay: 1 - step*alpha,
	}
	for i, v := range y {
		st.ySigned[i] = 2*v - 1
	}
	return st
}

// update is one SAG step on the drawn sample i (see FitSAG). When next is
// a row index (not −1), the same pass over the coefficients also computes
// w·x_next with the updated w, which the following update(next, …) uses
// instead of a pass of its own. It returns the sample's logit w·x_i + b
// before the step, for FitSAG's check that the arithmetic has not
// overflowed.
func (st *sagState) update(i, next int) float64 {
	xi := st.x.RawRowView(i)
	yi := st.ySigned[i]
	var z float64
	if st.haveDot && st.dotRow == i {
		z = st.dot + st.b
	} else {
		z = dot(st.w, xi) + st.b
	}
	st.haveDot = false
	g := -yi / (1 + math.Exp(yi*z))
	if !st.seen[i] {
		st.seen[i] = true
		st.nSeen++
	}
	delta := g - st.memory[i]
	st.memory[i] = g
	st.sumGradB += delta
	scale := st.step / float64(st.nSeen)
	// One pass: Σ g_i x_i += delta·x_i, w ← (1 − step·α)·w − scale·Σ, and
	// the next sample's w·x_next.
	sum, w := st.sumGrad[:len(xi)], st.w[:len(xi)]
	if next < 0 {
		for j, v := range xi {
			s := sum[j] + delta*v
			sum[j] = s
			w[j] = st.decay*w[j] - scale*s
		}
	} else {
		xn := st.x.RawRowView(next)[:len(xi)]
		var acc float64
		for j, v := range xi {
			s := sum[j] + delta*v
			sum[j] = s
			wj := st.decay*w[j] - scale*s
			w[j] = wj
			acc += wj * xn[j]
		}
		st.dot, st.dotRow, st.haveDot = acc, next, true
	}
	st.b -= scale * st.sumGradB
	return z
}

// DecisionFunction returns the logits Coef·x_i + Intercept for every row of
// x (n × d), n values.
func (m *LogisticRegression) DecisionFunction(x mat.Matrix) []float64 {
	n, d := x.Dims()
	out := make([]float64, n)
	for i := range out {
		z := m.Intercept
		for j := 0; j < d; j++ {
			z += m.Coef[j] * x.At(i, j)
		}
		out[i] = z
	}
	return out
}

// PredictProba returns P(y = 1 | x_i) = σ(Coef·x_i + Intercept) for every
// row of x (n × d), n values.
func (m *LogisticRegression) PredictProba(x mat.Matrix) []float64 {
	z := m.DecisionFunction(x)
	for i := range z {
		z[i] = metrics.Sigmoid(z[i])
	}
	return z
}

// Objective returns the value FitSAG minimises at the fitted parameters:
// mean log loss on (x, y) plus (Alpha/2)·‖Coef‖².
func (m *LogisticRegression) Objective(x *mat.Dense, y []float64) float64 {
	ys := make([]float64, len(y))
	for i, v := range y {
		ys[i] = 2*v - 1
	}
	return objective(x, ys, m.Coef, m.Intercept, m.Alpha)
}

func objective(x *mat.Dense, ySigned, w []float64, b, alpha float64) float64 {
	n, _ := x.Dims()
	var s float64
	for i := 0; i < n; i++ {
		s += metrics.Softplus(-ySigned[i] * (dot(w, x.RawRowView(i)) + b))
	}
	return s/float64(n) + alpha/2*dot(w, w)
}

func checkData(x *mat.Dense, y []float64) error {
	n, _ := x.Dims()
	if n != len(y) {
		return fmt.Errorf("%w: %d rows but %d labels", ErrData, n, len(y))
	}
	for i, v := range y {
		if v != 0 && v != 1 {
			return fmt.Errorf("%w: label %d is %v, want 0 or 1", ErrData, i, v)
		}
		for j, f := range x.RawRowView(i) {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return fmt.Errorf("%w: x[%d][%d] is %v", ErrData, i, j, f)
			}
		}
	}
	return nil
}

// dot is a·b by gonum's assembly kernel.
func dot(a, b []float64) float64 { return floats.Dot(a, b) }

// Metrics is the evaluation of a model on a data set: loss, accuracy and ROC
// AUC (see Evaluate).
type Metrics = metrics.Report

// Evaluate returns the mean log loss (without the penalty), the accuracy at
// threshold 0.5 and the exact ROC AUC (undefined, AUCDefined false, when y
// holds one class) of the model on x (n × d) and y (n labels in {0, 1}). It
// returns an error when the shapes disagree.
func (m *LogisticRegression) Evaluate(x *mat.Dense, y []float64) (Metrics, error) {
	r, err := metrics.Evaluate(m.DecisionFunction(x), y)
	if err != nil {
		return r, fmt.Errorf("evaluate: %w", err)
	}
	return r, nil
}

// finite reports whether every value of v is neither NaN nor ±Inf.
func finite(v []float64) bool {
	for _, f := range v {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

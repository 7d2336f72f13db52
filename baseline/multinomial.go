package baseline

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"nnlr/internal/metrics"
)

// MultinomialRegression is a fitted multinomial (softmax) logistic
// regression over k classes: P(y = c | x) = softmax(Coef·x + Intercept)_c.
type MultinomialRegression struct {
	// Classes are the k distinct labels in sorted order (scikit-learn's
	// classes_, LabelEncoder's order): row c of Coef and Intercept[c]
	// belong to Classes[c], and the class indices the other methods speak
	// of are positions in Classes.
	Classes []float64
	// Coef is k × d: Coef[c][j] weighs feature j into the logit of class c
	// (scikit-learn's coef_ layout; the transpose of a Keras kernel).
	Coef [][]float64
	// Intercept holds the k biases (scikit-learn's intercept_).
	Intercept []float64
	// NIter is the number of epochs run (scikit-learn's n_iter_).
	NIter int
	// Converged reports whether the tolerance was met before MaxIter epochs;
	// false is scikit-learn's ConvergenceWarning.
	Converged bool
	// StepSize is 1/L, the constant step size used (see FitMultinomialSAG).
	StepSize float64
	// Alpha is the L2 strength α = 1/(C·n) actually used (0 when C = +Inf).
	Alpha float64
	// ObjectiveHistory is the objective after each epoch (NIter values), when
	// SAGConfig.RecordObjective was set.
	ObjectiveHistory []float64
}

// FitMultinomialSAG fits a multinomial logistic regression to x (n × d) and
// labels y (n finite values, at least two distinct ones) by SAG, as
// scikit-learn 1.2 does for LogisticRegression(solver="sag",
// multi_class="multinomial") (sklearn/linear_model/_sag.py, sag_solver with
// loss="multinomial", and _sag_fast.pyx.tp's MultinomialLogLoss). The
// labels are encoded as the positions 0 … k − 1 of their sorted distinct
// values (LabelEncoder). It minimises
//
//	(1/n) Σ_i (log Σ_c exp(z_ic) − z_{i,y_i}) + (α/2)·‖W‖²_F,  z_i = W·x_i + b,
//
// with W (k × d) and b (k) starting at 0 and the intercepts unpenalised,
// with scikit-learn's constant step size 1/L for the multinomial loss,
// L = 0.25·(max_i ‖x_i‖² + 1) + α (get_auto_step_size, the same as for the
// binary log loss). Every epoch draws n indices uniformly with replacement
// (the same draws as FitSAG for a seed); for the drawn sample i it computes
// the k gradient scalars g_ic = softmax(z_i)_c − [y_i = c] (the softmax
// with the row maximum subtracted), replaces the remembered g_i (gradient
// memory n × k), updates the sums Σ_i g_ic·x_i (d × k) and Σ_i g_ic (k) over
// the remembered samples, and steps, for every class c,
//
//	w_c ← (1 − step·α)·w_c − step·(Σ_i g_ic·x_i)/seen,   b_c ← b_c − step·(Σ_i g_ic)/seen,
//
// where seen counts the samples drawn at least once. After each epoch it
// stops when max_{c,j} |ΔW_cj| / max_{c,j} |W_cj| ≤ Tol, the rule of
// FitSAG on the whole coefficient matrix (the intercepts are not part of
// it, as in scikit-learn).
//
// At a penalised optimum every column of Coef sums to zero over the
// classes: the gradient of the loss with respect to the logits sums to zero
// over the classes, so the penalty's gradient α·Σ_c w_c must too. Without a
// penalty the same holds from the zero start, since every step adds a
// column-sum-free update.
//
// scikit-learn reports a two-class multinomial model as the single row of
// its second class; this function always returns k rows.
//
// It returns an error wrapping ErrData when the shapes disagree, fewer than
// two classes are present, or a value is not finite; an error wrapping
// ErrNotFinite (naming the epoch) when the arithmetic overflows; and an
// error naming the field for an invalid configuration.
func FitMultinomialSAG(x *mat.Dense, y []float64, cfg SAGConfig) (*MultinomialRegression, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("multinomial sag: %w", err)
	}
	n, d := x.Dims()
	classes, enc, err := encodeLabels(x, y)
	if err != nil {
		return nil, fmt.Errorf("multinomial sag: %w", err)
	}
	k := len(classes)
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
		return nil, fmt.Errorf("multinomial sag: %w: max_i ‖x_i‖² overflows float64, so the step size 1/L would be 0; scale the data (e.g. standardise)", ErrNotFinite)
	}
	step := 1 / (0.25*(maxSq+1) + alpha)

	st := newMultinomialState(x, enc, k, step, alpha)
	prev := make([]float64, d*k)
	rng := rand.New(rand.NewPCG(cfg.Seed, 1))
	res := &MultinomialRegression{Classes: classes, StepSize: step, Alpha: alpha}
	for epoch := 1; epoch <= cfg.MaxIter; epoch++ {
		copy(prev, st.w)
		for range n {
			i := rng.IntN(n)
			if !st.update(i) {
				return nil, fmt.Errorf("multinomial sag: epoch %d: %w: a logit of sample %d is not finite; scale the data (e.g. standardise)", epoch, ErrNotFinite, i)
			}
		}
		res.NIter = epoch
		if cfg.RecordObjective {
			res.ObjectiveHistory = append(res.ObjectiveHistory, multinomialObjective(x, enc, st.w, st.b, k, alpha))
		}
		if !finite(st.w) || !finite(st.b) {
			return nil, fmt.Errorf("multinomial sag: epoch %d: %w: the coefficients overflow float64; scale the data (e.g. standardise)", epoch, ErrNotFinite)
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
	res.Coef = make([][]float64, k)
	for c := range res.Coef {
		res.Coef[c] = make([]float64, d)
		for j := range res.Coef[c] {
			res.Coef[c][j] = st.w[j*k+c]
		}
	}
	res.Intercept = st.b
	if obj := multinomialObjective(x, enc, st.w, st.b, k, alpha); math.IsNaN(obj) || math.IsInf(obj, 0) {
		return nil, fmt.Errorf("multinomial sag: epoch %d: %w: the objective is %v; scale the data (e.g. standardise)", res.NIter, ErrNotFinite, obj)
	}
	return res, nil
}

// encodeLabels returns the sorted distinct labels and each sample's
// position among them, after checking the shapes and that every value is
// finite and at least two classes are present.
func encodeLabels(x *mat.Dense, y []float64) ([]float64, []int, error) {
	n, _ := x.Dims()
	if n != len(y) {
		return nil, nil, fmt.Errorf("%w: %d rows but %d labels", ErrData, n, len(y))
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("%w: label %d is %v", ErrData, i, v)
		}
		for j, f := range x.RawRowView(i) {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, nil, fmt.Errorf("%w: x[%d][%d] is %v", ErrData, i, j, f)
			}
		}
	}
	classes := slices.Compact(slices.Sorted(slices.Values(y)))
	if len(classes) < 2 {
		return nil, nil, fmt.Errorf("%w: %d class(es) in the labels, want at least 2", ErrData, len(classes))
	}
	enc := make([]int, n)
	for i, v := range y {
		enc[i], _ = slices.BinarySearch(classes, v)
	}
	return classes, enc, nil
}

// multinomialState is multinomial SAG's iterate and gradient memory. The
// coefficients are held d × k row-major (scikit-learn's weights array, the
// transpose of coef_) so that a sample's update walks them in order.
type multinomialState struct {
	x        *mat.Dense
	y        []int     // class index of each sample
	k        int       // classes
	w        []float64 // coefficients, d × k row-major: w[j*k+c]
	b        []float64 // intercepts, k
	memory   []float64 // remembered gradient scalars, n × k
	seen     []bool
	nSeen    int
	sumGrad  []float64 // Σ_i g_ic·x_ij over the remembered samples, d × k
	sumGradB []float64 // Σ_i g_ic, k
	step     float64
	decay    float64 // 1 − step·α

	z, delta []float64 // scratch, k each
}

func newMultinomialState(x *mat.Dense, y []int, k int, step, alpha float64) *multinomialState {
	n, d := x.Dims()
	return &multinomialState{
		x: x, y: y, k: k, w: make([]float64, d*k), b: make([]float64, k),
		memory: make([]float64, n*k), seen: make([]bool, n), sumGrad: make([]float64, d*k),
		sumGradB: make([]float64, k), step: step, decay: 1 - step*alpha,
		z: make([]float64, k), delta: make([]float64, k),
	}
}

// update is one SAG step on the drawn sample i (see FitMultinomialSAG). It
// reports whether the sample's logits before the step were finite.
func (st *multinomialState) update(i int) bool {
	k := st.k
	xi := st.x.RawRowView(i)
	z := st.z
	copy(z, st.b)
	for j, v := range xi {
		row := st.w[j*k : (j+1)*k]
		for c := range z {
			z[c] += v * row[c]
		}
	}
	if !finite(z) {
		return false
	}
	metrics.Softmax(z, z)
	z[st.y[i]]-- // g_ic = p_ic − [y_i = c]
	if !st.seen[i] {
		st.seen[i] = true
		st.nSeen++
	}
	mem := st.memory[i*k : (i+1)*k]
	for c, g := range z {
		st.delta[c] = g - mem[c]
		mem[c] = g
		st.sumGradB[c] += st.delta[c]
	}
	scale := st.step / float64(st.nSeen)
	for j, v := range xi {
		sum, w := st.sumGrad[j*k:(j+1)*k], st.w[j*k:(j+1)*k]
		for c, dc := range st.delta {
			s := sum[c] + dc*v
			sum[c] = s
			w[c] = st.decay*w[c] - scale*s
		}
	}
	for c := range st.b {
		st.b[c] -= scale * st.sumGradB[c]
	}
	return true
}

// multinomialObjective is the objective of FitMultinomialSAG for
// coefficients w (d × k row-major) and intercepts b (k) on x with class
// indices y.
func multinomialObjective(x *mat.Dense, y []int, w, b []float64, k int, alpha float64) float64 {
	n, _ := x.Dims()
	z := make([]float64, k)
	var s float64
	for i := 0; i < n; i++ {
		copy(z, b)
		for j, v := range x.RawRowView(i) {
			for c := range z {
				z[c] += v * w[j*k+c]
			}
		}
		s += metrics.LogSumExp(z) - z[y[i]]
	}
	return s/float64(n) + alpha/2*dot(w, w)
}

// DecisionFunction returns the logits Coef·x_i + Intercept of every row of
// x (n × d, n ≥ 1): an n × k matrix, column c for Classes[c].
func (m *MultinomialRegression) DecisionFunction(x mat.Matrix) *mat.Dense {
	n, d := x.Dims()
	k := len(m.Coef)
	out := mat.NewDense(n, k, nil)
	for i := 0; i < n; i++ {
		for c := 0; c < k; c++ {
			z := m.Intercept[c]
			for j := 0; j < d; j++ {
				z += m.Coef[c][j] * x.At(i, j)
			}
			out.Set(i, c, z)
		}
	}
	return out
}

// PredictProba returns P(y = Classes[c] | x_i) = softmax(Coef·x_i +
// Intercept)_c for every row of x (n × d): an n × k matrix whose rows sum
// to 1.
func (m *MultinomialRegression) PredictProba(x mat.Matrix) *mat.Dense {
	z := m.DecisionFunction(x)
	n, _ := z.Dims()
	for i := 0; i < n; i++ {
		row := z.RawRowView(i)
		metrics.Softmax(row, row)
	}
	return z
}

// Predict returns the class index (a position in Classes) of the largest
// logit of every row of x (n × d), the first on ties: n values.
func (m *MultinomialRegression) Predict(x mat.Matrix) []int {
	z := m.DecisionFunction(x)
	n, _ := z.Dims()
	out := make([]int, n)
	for i := range out {
		out[i] = metrics.Argmax(z.RawRowView(i))
	}
	return out
}

// Encode returns the class index (position in Classes) of every label of y,
// or an error wrapping ErrData naming the first label that is not one of
// Classes.
func (m *MultinomialRegression) Encode(y []float64) ([]float64, error) {
	out := make([]float64, len(y))
	for i, v := range y {
		c, ok := slices.BinarySearch(m.Classes, v)
		if !ok {
			return nil, fmt.Errorf("%w: label %d is %v, not one of the classes %v", ErrData, i, v, m.Classes)
		}
		out[i] = float64(c)
	}
	return out, nil
}

// Objective returns the value FitMultinomialSAG minimises at the fitted
// parameters: the mean categorical cross-entropy on (x, y) (y as labels
// from Classes) plus (Alpha/2)·‖Coef‖²_F. It returns an error wrapping
// ErrData when the shapes disagree or a label is not one of Classes.
func (m *MultinomialRegression) Objective(x *mat.Dense, y []float64) (float64, error) {
	r, err := m.Evaluate(x, y)
	if err != nil {
		return 0, fmt.Errorf("objective: %w", err)
	}
	var sq float64
	for _, row := range m.Coef {
		sq += dot(row, row)
	}
	return r.Loss + m.Alpha/2*sq, nil
}

// ClassMetrics is the evaluation of a k-class model on a data set: mean
// categorical cross-entropy and accuracy (see EvaluateClasses in
// nnlr/internal/metrics).
type ClassMetrics = metrics.ClassReport

// Evaluate returns the mean categorical cross-entropy (without the
// penalty) and the accuracy of the argmax class of the model on x (n × d)
// and y (n labels from Classes). It returns an error wrapping ErrData when
// the shapes disagree or a label is not one of Classes.
func (m *MultinomialRegression) Evaluate(x *mat.Dense, y []float64) (ClassMetrics, error) {
	n, _ := x.Dims()
	if n != len(y) || n == 0 {
		return ClassMetrics{}, fmt.Errorf("evaluate: %w: %d rows and %d labels", ErrData, n, len(y))
	}
	enc, err := m.Encode(y)
	if err != nil {
		return ClassMetrics{}, fmt.Errorf("evaluate: %w", err)
	}
	z := m.DecisionFunction(x)
	r, err := metrics.EvaluateClasses(z.RawMatrix().Data, len(m.Classes), enc)
	if err != nil {
		return r, fmt.Errorf("evaluate: %w", err)
	}
	return r, nil
}

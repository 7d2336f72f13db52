package explain

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"nnlr/internal/metrics"
)

// This file diagnoses the gap between a k-class softmax network without
// hidden layers (kernel d × k, biases k) and a multinomial logistic
// regression (coefficients k × d, intercepts k) in the structure of
// Diagnose: items {kind, side, summary, values, remedies}, a verdict and
// the remedies aimed at the lagging side.

// ClassInputs is what DiagnoseClasses needs: the data, both fitted models
// and how each was trained.
type ClassInputs struct {
	// X is the n × d training data, Y its n class indices 0 … k − 1,
	// Features the d column names and Classes the k class names.
	X        *mat.Dense
	Y        []float64
	Features []string
	Classes  []string
	// Kernel (d × k) and Bias (k) are the trained network's output layer,
	// InitialKernel and InitialBias the same before training.
	Kernel, InitialKernel [][]float64
	Bias, InitialBias     []float64
	// Coef (k × d) and Intercept (k) are the regression's.
	Coef      [][]float64
	Intercept []float64
	// L2 is the network's kernel penalty and Alpha the regression's
	// α = 1/(C·n) (0 for none).
	L2, Alpha float64
	// Solver, Epochs, UpdatesPerEpoch, LearningRate, BatchSize, Momentum
	// (momentum and nesterov) and Init describe the network's training.
	Solver          string
	Epochs          int
	UpdatesPerEpoch int
	LearningRate    float64
	BatchSize       int
	Momentum        float64
	Init            string
	// SAGEpochs, StepSize, SAGConverged, SAGMaxIter and SAGTol describe
	// SAG's.
	SAGEpochs    int
	StepSize     float64
	SAGConverged bool
	SAGMaxIter   int
	SAGTol       float64
	// Standardized reports whether the features were z-scored;
	// LossHistory is the network's mean training loss per epoch.
	Standardized bool
	LossHistory  []float64
}

// ClassNullSpaceReport is the JSON form of the multi-class null_space
// finding: the parameters (W, b) that no prediction sees. They are the
// class mean of the columns of [W; b] ((d + 1) values: adding it to every
// class changes no probability) and, of the centred columns, the
// components outside the span of the rows of [X, 1] (no training row sees
// them). Norms are in kernel units.
type ClassNullSpaceReport struct {
	// Rank is the dimension of the row span of [X, 1] (out of d + 1).
	Rank int `json:"rank"`
	// ClassMeanInitialNorm and ClassMeanFinalNorm are the norms of the
	// class mean of the kernel's columns (d values, biases left out)
	// before and after training, ClassMeanDrift the norm of their
	// difference, and RegressionClassMeanNorm that of the regression's.
	ClassMeanInitialNorm    float64 `json:"class_mean_initial_norm"`
	ClassMeanFinalNorm      float64 `json:"class_mean_final_norm"`
	ClassMeanDrift          float64 `json:"class_mean_drift"`
	RegressionClassMeanNorm float64 `json:"regression_class_mean_norm"`
	// OutsideSpanInitialNorm and OutsideSpanFinalNorm are the Frobenius
	// norms of the centred [W; b]'s components outside the row span.
	OutsideSpanInitialNorm float64 `json:"outside_span_initial_norm"`
	OutsideSpanFinalNorm   float64 `json:"outside_span_final_norm"`
	// MaxShareDeg is the largest, over the classes, of the degrees of the
	// raw angle to the regression that the class mean accounts for.
	MaxShareDeg *float64 `json:"max_share_deg"`
}

// ClassStepBudgetReport is the JSON form of the multi-class step_budget
// finding: the budgets (updates × step length, see Budget) and the control
// run, ClassGradientDescent from zero with SAG's step size for SAG's
// number of updates (ControlKernel nil when skipped on large data).
type ClassStepBudgetReport struct {
	Graph          float64     `json:"graph"`
	Baseline       float64     `json:"baseline"`
	ControlUpdates int         `json:"control_updates"`
	ControlKernel  [][]float64 `json:"control_kernel"`
	ControlBias    []float64   `json:"control_bias"`
	// ControlMaxAngleDeg is the largest centred angle, over the classes,
	// between the control run and the regression (degrees).
	ControlMaxAngleDeg *float64 `json:"control_max_angle_deg"`
	// ControlObjectiveGap is the control run's objective minus SAG's.
	ControlObjectiveGap *float64 `json:"control_objective_gap"`
}

// ClassOptimumReport is the finite optimum of the multinomial objective
// (Newton, see ClassNewtonOptimum) and each side's objective gap to the
// optimum of its own objective (nil when that objective has no finite
// minimum).
type ClassOptimumReport struct {
	Objective   float64  `json:"objective"`
	L2          float64  `json:"l2"`
	GraphGap    *float64 `json:"graph_gap"`
	BaselineGap *float64 `json:"baseline_gap"`
}

// ClassDiagnosis explains, in numbers and items, why a k-class network's
// boundaries differ from the multinomial regression's (JSON diagnosis of
// nnlr compare for k classes).
type ClassDiagnosis struct {
	NullSpace  ClassNullSpaceReport  `json:"null_space"`
	StepBudget ClassStepBudgetReport `json:"step_budget"`
	// Separable reports whether the k classes are linearly separable all
	// at once (SeparableClasses); SeparableOneVsRest, per class, whether
	// the class is separable from the others (nil when skipped on large
	// data).
	Separable          bool   `json:"separable"`
	SeparableOneVsRest []bool `json:"separable_one_vs_rest"`
	// Optimum is nil when neither side's objective has a finite minimum.
	Optimum *ClassOptimumReport `json:"optimum"`
	// Findings holds Items' summaries; Items, Verdict, Remedies and
	// PenaltyScope are as in Diagnosis.
	Findings     []string     `json:"findings"`
	Items        []Item       `json:"items"`
	Verdict      Verdict      `json:"verdict"`
	Remedies     []Remedy     `json:"remedies"`
	PenaltyScope PenaltyScope `json:"penalty_scope"`
}

// classAssessment holds what the items and the verdict share.
type classAssessment struct {
	in      ClassInputs
	n, d, k int
	dg      *ClassDiagnosis

	scale        FeatureScale
	stable       float64
	stableOK     bool
	graphSymptom bool

	finiteG, finiteB bool
	gapG, gapB       float64
	tolG, tolB       float64
	notOptG, notOptB bool
	budgetRatio      float64
	nullCause        bool
	maxCentred       float64 // largest centred angle over the classes (NaN: undefined)
	maxRaw           float64
}

// DiagnoseClasses explains in numbers why a k-class network's boundaries
// differ from the multinomial regression's. It measures the class mean and
// the row span of [X, 1] (null_space), the step budgets and the control run
// (ClassGradientDescent with SAG's step size and number of updates,
// step_budget), the feature scales and the stable learning rate
// (feature_scale; the softmax loss's Hessian with respect to a row's logits
// is at most 1/2, twice the logistic loss's 1/4), separability all at once
// and one class against the rest (separable), and each side's objective
// against the finite optimum when there is one (ClassNewtonOptimum,
// not_at_optimum), and from them the verdict and the remedies (the rules of
// Diagnose, see assess.go). It returns an error when the shapes disagree or
// a computation fails.
func DiagnoseClasses(in ClassInputs) (*ClassDiagnosis, error) {
	n, d := in.X.Dims()
	k := len(in.Coef)
	if err := sameShape(in.Kernel, in.InitialKernel); err != nil {
		return nil, fmt.Errorf("diagnose classes: %w", err)
	}
	ck, err := CoefKernel(in.Coef)
	if err != nil {
		return nil, fmt.Errorf("diagnose classes: %w", err)
	}
	switch {
	case len(in.Kernel) != d || len(ck) != d || len(in.Kernel[0]) != k:
		return nil, fmt.Errorf("diagnose classes: kernel %d × %d and coefficients %d × %d for %d features", len(in.Kernel), len(in.Kernel[0]), k, len(ck), d)
	case len(in.Bias) != k || len(in.InitialBias) != k || len(in.Intercept) != k || len(in.Classes) != k:
		return nil, fmt.Errorf("diagnose classes: biases, intercepts and class names must have %d values", k)
	case len(in.Y) != n || len(in.Features) != d:
		return nil, fmt.Errorf("diagnose classes: labels and feature names must match the %d × %d data", n, d)
	}
	a := &classAssessment{in: in, n: n, d: d, k: k, dg: &ClassDiagnosis{}, maxCentred: math.NaN(), maxRaw: math.NaN()}
	if a.scale, err = MeasureFeatureScale(in.X); err != nil {
		return nil, fmt.Errorf("diagnose classes: %w", err)
	}
	// The softmax cross-entropy's Hessian with respect to one row's logits,
	// diag(p) − ppᵀ, has eigenvalues at most 1/2: twice the sigmoid's 1/4,
	// so the curvature bound is that of StableLearningRate with 2·λ_max.
	a.stable, a.stableOK = StableLearningRate(in.Solver, 2*a.scale.LambdaMax, in.L2, in.Momentum)
	if err := a.measure(ck); err != nil {
		return nil, fmt.Errorf("diagnose classes: %w", err)
	}
	dg := a.dg
	dg.PenaltyScope = penaltyScope(Inputs{L2: in.L2, Alpha: in.Alpha})

	var items []Item
	if it, ok := a.featureScale(); ok {
		items = append(items, it)
	}
	items = append(items, a.notAtOptimum()...)
	items = append(items, a.nullSpace())
	if it, ok := a.stepBudget(); ok {
		items = append(items, it)
	}
	items = append(items, a.separable())
	for i := range items {
		if items[i].Remedies == nil {
			items[i].Remedies = []Remedy{}
		}
		if items[i].NotHelpful == nil {
			items[i].NotHelpful = []string{}
		}
		for name, v := range items[i].Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				delete(items[i].Values, name)
			}
		}
		for j := range items[i].Remedies {
			items[i].Remedies[j] = softmaxRemedy(items[i].Remedies[j])
		}
	}
	dg.Verdict = a.verdict(items)
	dg.Remedies = settle(items, dg.Verdict, Inputs{X: in.X, L2: in.L2, Alpha: in.Alpha, Init: in.Init, Solver: in.Solver,
		Standardized: in.Standardized, Epochs: in.Epochs, SAGMaxIter: in.SAGMaxIter})
	dg.Items = items
	dg.Findings = make([]string, len(items))
	for i, it := range items {
		dg.Findings[i] = it.Summary
	}
	return dg, nil
}

// softmaxRemedy rewrites a remedy's Keras form for a Dense(k, softmax)
// output layer.
func softmaxRemedy(r Remedy) Remedy {
	r.Keras = strings.ReplaceAll(r.Keras, `Dense(1, activation="sigmoid"`, `Dense(k, activation="softmax"`)
	return r
}

// measure fills the null-space, step-budget, separability and optimum
// reports.
func (a *classAssessment) measure(ck [][]float64) error {
	in, dg := a.in, a.dg
	// Null space: the class mean and the components outside the row span.
	op, err := AnalyseOverparametrisation(in.InitialKernel, in.Kernel, in.Coef)
	if err != nil {
		return err
	}
	z := augmented(in.X)
	basis, err := RowSpan(z)
	if err != nil {
		return err
	}
	_, rank := basis.Dims()
	ns := ClassNullSpaceReport{Rank: rank, ClassMeanInitialNorm: op.InitialNorm, ClassMeanFinalNorm: op.FinalNorm,
		ClassMeanDrift: op.Drift, RegressionClassMeanNorm: op.RegressionNorm}
	ns.OutsideSpanInitialNorm = outsideSpanNorm(basis, in.InitialKernel, in.InitialBias)
	ns.OutsideSpanFinalNorm = outsideSpanNorm(basis, in.Kernel, in.Bias)
	angles, err := ClassAngles(in.Kernel, in.Coef)
	if err != nil {
		return err
	}
	for _, an := range angles {
		if an.ShareDeg != nil && (ns.MaxShareDeg == nil || *an.ShareDeg > *ns.MaxShareDeg) {
			s := *an.ShareDeg
			ns.MaxShareDeg = &s
		}
		if an.CentredDeg != nil && !(*an.CentredDeg <= a.maxCentred) {
			a.maxCentred = *an.CentredDeg
		}
		if an.RawDeg != nil && !(*an.RawDeg <= a.maxRaw) {
			a.maxRaw = *an.RawDeg
		}
	}
	dg.NullSpace = ns

	// Step budget and control run.
	budget := Budget(in.Epochs, in.UpdatesPerEpoch, in.LearningRate, in.SAGEpochs, a.n, in.StepSize)
	updates := in.SAGEpochs * a.n
	dg.StepBudget = ClassStepBudgetReport{Graph: budget.Graph, Baseline: budget.Baseline, ControlUpdates: updates}
	if work := float64(updates) * float64(a.n) * float64(a.d+1) * float64(a.k); in.StepSize > 0 && work <= MaxControlWork {
		zero := make([][]float64, a.d)
		for j := range zero {
			zero[j] = make([]float64, a.k)
		}
		w, b, err := ClassGradientDescent(in.X, in.Y, zero, make([]float64, a.k), in.StepSize, updates, in.Alpha)
		if err == nil {
			dg.StepBudget.ControlKernel, dg.StepBudget.ControlBias = w, b
			if ca, err := ClassAngles(w, in.Coef); err == nil {
				for _, an := range ca {
					if an.CentredDeg != nil && (dg.StepBudget.ControlMaxAngleDeg == nil || *an.CentredDeg > *dg.StepBudget.ControlMaxAngleDeg) {
						v := *an.CentredDeg
						dg.StepBudget.ControlMaxAngleDeg = &v
					}
				}
			}
			oc, err1 := ClassObjective(w, b, in.X, in.Y, in.Alpha)
			ob, err2 := ClassObjective(ck, in.Intercept, in.X, in.Y, in.Alpha)
			if err1 == nil && err2 == nil {
				gap := oc - ob
				dg.StepBudget.ControlObjectiveGap = &gap
			}
		}
	}

	// Separability, all at once and one class against the rest.
	if a.n <= MaxSeparabilityRows {
		sep, err := SeparableClasses(in.X, in.Y, a.k)
		if err != nil && !errors.Is(err, ErrOneClass) {
			return err
		}
		dg.Separable = sep
		ovr, err := SeparableOneVsRest(in.X, in.Y, a.k)
		if err != nil && !errors.Is(err, ErrOneClass) {
			return err
		}
		dg.SeparableOneVsRest = ovr
	}

	// The optima of both sides' objectives, when finite.
	ob, err := ClassObjective(ck, in.Intercept, in.X, in.Y, in.Alpha)
	if err != nil {
		return err
	}
	og, err := ClassObjective(in.Kernel, in.Bias, in.X, in.Y, in.L2)
	if err != nil {
		return err
	}
	a.gapG, a.gapB = math.NaN(), math.NaN()
	optB, okB := a.optimum(in.Alpha)
	optG, okG := optB, okB
	if in.L2 != in.Alpha {
		optG, okG = a.optimum(in.L2)
	}
	if okB || okG {
		opt := &ClassOptimumReport{Objective: optB.Objective, L2: in.Alpha}
		if okB {
			a.finiteB, a.gapB, a.tolB = true, ob-optB.Objective, OptimumTol*math.Max(1, math.Abs(optB.Objective))
			gb := a.gapB
			opt.BaselineGap = &gb
		} else {
			opt.Objective, opt.L2 = optG.Objective, in.L2
		}
		if okG {
			a.finiteG, a.gapG, a.tolG = true, og-optG.Objective, OptimumTol*math.Max(1, math.Abs(optG.Objective))
			gg := a.gapG
			opt.GraphGap = &gg
		}
		dg.Optimum = opt
	}
	return nil
}

// optimum returns the optimum of the multinomial objective with penalty l2
// and whether it is finite: the penalty makes it so, and without one it is
// taken as finite when no class is separable from the others (the data
// then overlap in every direction a class's logit could grow along) and
// Newton converges.
func (a *classAssessment) optimum(l2 float64) (ClassOptimum, bool) {
	if l2 == 0 {
		if a.dg.Separable || slices.Contains(a.dg.SeparableOneVsRest, true) || a.dg.SeparableOneVsRest == nil {
			return ClassOptimum{}, false
		}
	}
	o, err := ClassNewtonOptimum(a.in.X, a.in.Y, a.k, l2)
	if err != nil {
		return ClassOptimum{}, false
	}
	return o, true
}

// outsideSpanNorm is the Frobenius norm of the components of the centred
// columns of [W; b] outside the span whose orthonormal basis is basis
// ((d + 1) × r).
func outsideSpanNorm(basis *mat.Dense, w [][]float64, b []float64) float64 {
	cw, cb, err := Centre(w, b)
	if err != nil {
		return math.NaN()
	}
	var sq float64
	for c := range cb {
		col := append(column(cw, c), cb[c])
		out := OutsideSpan(basis, col)
		sq += floats.Dot(out, out)
	}
	return math.Sqrt(sq)
}

// classGradInf is ‖∇F‖∞ of the multinomial objective with penalty l2 at
// (w, b).
func classGradInf(x *mat.Dense, y []float64, w [][]float64, b []float64, l2 float64) float64 {
	_, g, err := classObjGrad(x, y, len(b), flatten(w, b), l2)
	if err != nil {
		return math.NaN()
	}
	return floats.Norm(g, math.Inf(1))
}

// flatten writes (w, b) as θ: row j of w (k values) at j·k, then b.
func flatten(w [][]float64, b []float64) []float64 {
	var out []float64
	for _, row := range w {
		out = append(out, row...)
	}
	return append(out, b...)
}

// ClassOptimum is the minimiser of the multinomial objective: Kernel
// (d × k), Bias (k) and the objective's value.
type ClassOptimum struct {
	Kernel    [][]float64
	Bias      []float64
	Objective float64
}

// ClassNewtonOptimum minimises the multinomial objective
// (1/n) Σ_i (logsumexp(z_i) − z_{i,y_i}) + (l2/2)·‖W‖²_F, z_i = x_i·W + b,
// for x (n × d) and class indices y (0 … k − 1) by Newton's method with a
// backtracking (Armijo) line search, the Hessian
// (1/n) Σ_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ (x̃ = [x, 1]) plus l2 on the
// kernel, and a ridge of 1e-10·(1 + its largest diagonal value) against
// the over-parametrised directions (the class mean, which changes no
// prediction). It stops when ‖∇F‖∞ ≤ 1e-10·max(1, ‖∇F(0)‖∞) and returns an
// error when that takes more than 200 steps, when without a penalty the
// final iterate classifies every row strictly right (separable classes: no
// finite minimum, the gradient merely vanishes at infinity), or when the
// shapes disagree.
func ClassNewtonOptimum(x *mat.Dense, y []float64, k int, l2 float64) (ClassOptimum, error) {
	n, d := x.Dims()
	if n == 0 || len(y) != n || k < 2 {
		return ClassOptimum{}, fmt.Errorf("newton: %d rows, %d labels, %d classes", n, len(y), k)
	}
	p := (d + 1) * k
	theta := make([]float64, p)
	f, g, err := classObjGrad(x, y, k, theta, l2)
	if err != nil {
		return ClassOptimum{}, fmt.Errorf("newton: %w", err)
	}
	tol := 1e-10 * math.Max(1, floats.Norm(g, math.Inf(1)))
	h := mat.NewSymDense(p, nil)
	step := make([]float64, p)
	for it := 0; it < 200; it++ {
		if floats.Norm(g, math.Inf(1)) <= tol {
			if l2 == 0 && separatesAll(x, y, k, theta) {
				return ClassOptimum{}, errors.New("newton: the iterate classifies every row correctly, so without a penalty the objective has no finite minimum")
			}
			return classOptimumOf(theta, d, k, f), nil
		}
		classHessian(x, k, theta, l2, h)
		var top float64
		for i := 0; i < p; i++ {
			top = math.Max(top, h.At(i, i))
		}
		for i := 0; i < p; i++ {
			h.SetSym(i, i, h.At(i, i)+1e-10*(1+top))
		}
		var chol mat.Cholesky
		if !chol.Factorize(h) {
			return ClassOptimum{}, errors.New("newton: the Hessian is not positive definite")
		}
		sv := mat.NewVecDense(p, step)
		if err := chol.SolveVecTo(sv, mat.NewVecDense(p, g)); err != nil {
			return ClassOptimum{}, fmt.Errorf("newton: %w", err)
		}
		slope := floats.Dot(g, step)
		t := 1.0
		next := make([]float64, p)
		for ls := 0; ; ls++ {
			floats.AddScaledTo(next, theta, -t, step)
			fn, gn, err := classObjGrad(x, y, k, next, l2)
			if err == nil && fn <= f-1e-4*t*slope {
				theta, f, g = next, fn, gn
				break
			}
			if ls == 60 {
				// No decrease left to find at this precision.
				if floats.Norm(g, math.Inf(1)) <= 1e3*tol {
					return classOptimumOf(theta, d, k, f), nil
				}
				return ClassOptimum{}, errors.New("newton: the line search failed")
			}
			t /= 2
		}
	}
	return ClassOptimum{}, errors.New("newton: no convergence in 200 steps (no finite minimum?)")
}

// separatesAll reports whether the model θ gives every row's label the
// strictly largest logit.
func separatesAll(x *mat.Dense, y []float64, k int, theta []float64) bool {
	n, d := x.Dims()
	z := make([]float64, k)
	for i := 0; i < n; i++ {
		copy(z, theta[d*k:])
		for j, v := range x.RawRowView(i) {
			floats.AddScaled(z, v, theta[j*k:(j+1)*k])
		}
		c := int(y[i])
		for e, v := range z {
			if e != c && !(z[c] > v) {
				return false
			}
		}
	}
	return true
}

func classOptimumOf(theta []float64, d, k int, f float64) ClassOptimum {
	o := ClassOptimum{Kernel: make([][]float64, d), Objective: f}
	for j := range o.Kernel {
		o.Kernel[j] = append([]float64(nil), theta[j*k:(j+1)*k]...)
	}
	o.Bias = append([]float64(nil), theta[d*k:]...)
	return o
}

// classObjGrad returns the multinomial objective and its gradient at θ
// (W row-major d × k, then b).
func classObjGrad(x *mat.Dense, y []float64, k int, theta []float64, l2 float64) (float64, []float64, error) {
	n, d := x.Dims()
	g := make([]float64, len(theta))
	z := make([]float64, k)
	var f float64
	for i := 0; i < n; i++ {
		xi := x.RawRowView(i)
		copy(z, theta[d*k:])
		for j, v := range xi {
			floats.AddScaled(z, v, theta[j*k:(j+1)*k])
		}
		c := int(y[i])
		if c < 0 || c >= k || float64(c) != y[i] {
			return 0, nil, fmt.Errorf("label %d is %v, want a class index 0 to %d", i, y[i], k-1)
		}
		f += metrics.LogSumExp(z) - z[c]
		metrics.Softmax(z, z)
		z[c]--
		for j, v := range xi {
			floats.AddScaled(g[j*k:(j+1)*k], v/float64(n), z)
		}
		floats.AddScaled(g[d*k:], 1/float64(n), z)
	}
	f /= float64(n)
	w := theta[:d*k]
	f += l2 / 2 * floats.Dot(w, w)
	floats.AddScaled(g[:d*k], l2, w)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, nil, errors.New("objective is not finite")
	}
	return f, g, nil
}

// classHessian writes the objective's Hessian at θ into h.
func classHessian(x *mat.Dense, k int, theta []float64, l2 float64, h *mat.SymDense) {
	n, d := x.Dims()
	p := (d + 1) * k
	hd := mat.NewDense(p, p, nil)
	z := make([]float64, k)
	xt := make([]float64, d+1)
	for i := 0; i < n; i++ {
		xi := x.RawRowView(i)
		copy(z, theta[d*k:])
		for j, v := range xi {
			floats.AddScaled(z, v, theta[j*k:(j+1)*k])
		}
		metrics.Softmax(z, z)
		copy(xt, xi)
		xt[d] = 1
		for a := 0; a <= d; a++ {
			for b := 0; b <= d; b++ {
				xx := xt[a] * xt[b] / float64(n)
				if xx == 0 {
					continue
				}
				for c := 0; c < k; c++ {
					row := hd.RawRowView(a*k + c)
					for e := 0; e < k; e++ {
						s := -z[c] * z[e]
						if c == e {
							s += z[c]
						}
						row[b*k+e] += s * xx
					}
				}
			}
		}
	}
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			v := hd.At(i, j)
			if i == j && i < d*k {
				v += l2
			}
			h.SetSym(i, j, v)
		}
	}
}

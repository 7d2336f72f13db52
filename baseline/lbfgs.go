package baseline

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"nnlr/internal/metrics"
)

// LBFGSConfig configures FitLBFGS. Build it from DefaultLBFGSConfig.
type LBFGSConfig struct {
	// C is the inverse L2 strength, as LogisticRegression(C=…): the
	// penalty is (α/2)·‖w‖², α = 1/(C·n), on the coefficients only. +Inf
	// means no penalty (penalty="none"). Default 1.
	C float64
	// MaxIter is the largest number of L-BFGS iterations (max_iter).
	// Default 100.
	MaxIter int
	// Tol is the gradient tolerance (tol, scipy's gtol): the fit stops when
	// the largest |component| of the gradient of the summed objective
	// n·F(w, b) is at most Tol. Default 1e-4.
	Tol float64
}

// DefaultLBFGSConfig returns scikit-learn's LogisticRegression() defaults:
// C = 1, solver="lbfgs", max_iter = 100, tol = 1e-4. This is the baseline
// most users compare a network against, usually without knowing that it is
// penalised.
func DefaultLBFGSConfig() LBFGSConfig {
	return LBFGSConfig{C: 1, MaxIter: 100, Tol: 1e-4}
}

// Validate returns an error naming the first invalid field: C must be
// positive (+Inf allowed), MaxIter at least 1, Tol non-negative and finite.
func (c LBFGSConfig) Validate() error {
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

// lbfgsFtol is scipy's L-BFGS-B relative function tolerance as scikit-learn
// 1.2 sets it (options ftol = 64·machine epsilon): stop when
// (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol.
const lbfgsFtol = 64 * 0x1p-52

// lbfgsMemory is the number of correction pairs kept (scipy's L-BFGS-B
// default maxcor = 10).
const lbfgsMemory = 10

// FitLBFGS fits a binary logistic regression to x (n × d) and labels y (n
// values in {0, 1}) as scikit-learn 1.2's LogisticRegression(solver="lbfgs")
// does: it minimises the summed objective
//
//	n·F(w, b) = Σ_i log(1 + exp(−ỹ_i (w·x_i + b))) + (1/(2C))·‖w‖²,  ỹ_i = 2y_i − 1,
//
// (n times the mean objective of FitSAG, with α = 1/(C·n)) with the
// closed-form gradient Σ_i (σ(z_i) − y_i)·(x_i, 1) + (w/C, 0), from w = 0,
// b = 0, by gonum's optimize.LBFGS (v0.16: Nocedal and Wright's two-loop
// recursion with a Moré–Thuente line search, 10 correction pairs as
// scipy's maxcor). Stopping follows scipy's L-BFGS-B as scikit-learn
// calls it, as far as gonum allows: the gradient's infinity norm ≤ Tol
// (gtol; scipy projects the gradient on the bounds, and there are none
// here), a relative decrease of n·F of at most 64·ε in an iteration (ftol;
// gonum's FunctionConverge compares against the best value so far rather
// than the previous one and uses an absolute floor of ftol instead of
// max(…, 1)), or MaxIter iterations (maxiter; then Converged is false, the
// case scikit-learn warns about with a ConvergenceWarning). scipy's
// maxls = 20 line-search steps and its maxfun limit have no counterpart.
//
// The result has NIter = the iterations run, StepSize = 0 (there is no
// constant step) and no ObjectiveHistory. It returns an error wrapping
// ErrData for bad shapes, labels or values, an error wrapping ErrNotFinite
// when the objective overflows, and an error naming the field for an
// invalid configuration.
func FitLBFGS(x *mat.Dense, y []float64, cfg LBFGSConfig) (*LogisticRegression, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("lbfgs: %w", err)
	}
	if err := checkData(x, y); err != nil {
		return nil, fmt.Errorf("lbfgs: %w", err)
	}
	n, d := x.Dims()
	if n == 0 {
		return nil, fmt.Errorf("lbfgs: %w: no rows", ErrData)
	}
	inv := 0.0 // 1/C
	if !math.IsInf(cfg.C, 1) {
		inv = 1 / cfg.C
	}
	ys := make([]float64, n)
	for i, v := range y {
		ys[i] = 2*v - 1
	}
	z := make([]float64, n)
	logits := func(theta []float64) {
		w, b := theta[:d], theta[d]
		for i := range z {
			z[i] = dot(w, x.RawRowView(i)) + b
		}
	}
	p := optimize.Problem{
		Func: func(theta []float64) float64 {
			logits(theta)
			var s float64
			for i, zi := range z {
				s += metrics.Softplus(-ys[i] * zi)
			}
			w := theta[:d]
			return s + inv/2*dot(w, w)
		},
		Grad: func(grad, theta []float64) {
			logits(theta)
			for j := range grad {
				grad[j] = 0
			}
			for i, zi := range z {
				e := metrics.Sigmoid(zi) - y[i]
				floats.AddScaled(grad[:d], e, x.RawRowView(i))
				grad[d] += e
			}
			floats.AddScaled(grad[:d], inv, theta[:d])
		},
	}
	settings := &optimize.Settings{
		GradientThreshold: cfg.Tol,
		MajorIterations:   cfg.MaxIter,
		Converger:         &optimize.FunctionConverge{Absolute: lbfgsFtol, Relative: lbfgsFtol, Iterations: 1},
	}
	if cfg.Tol == 0 {
		// gonum treats a zero threshold as "unset" and would stop at its
		// own default of 1e-12; a tiny positive one keeps "never".
		settings.GradientThreshold = math.SmallestNonzeroFloat64
	}
	res, err := optimize.Minimize(p, make([]float64, d+1), settings, &optimize.LBFGS{Store: lbfgsMemory})
	if res == nil {
		return nil, fmt.Errorf("lbfgs: %w", err)
	}
	if err != nil && !errors.Is(err, optimize.ErrLinesearcherFailure) && !isNoProgress(err) {
		return nil, fmt.Errorf("lbfgs: iteration %d: %w", res.MajorIterations, err)
	}
	theta := res.X
	if !finite(theta) || math.IsNaN(res.F) || math.IsInf(res.F, 0) {
		return nil, fmt.Errorf("lbfgs: iteration %d: %w: the objective is %v; scale the data (e.g. standardize)", res.MajorIterations, ErrNotFinite, res.F)
	}
	out := &LogisticRegression{
		Coef: append([]float64(nil), theta[:d]...), Intercept: theta[d],
		NIter: res.MajorIterations, Alpha: inv / float64(n),
	}
	switch res.Status {
	case optimize.GradientThreshold, optimize.FunctionConvergence:
		out.Converged = true
	}
	return out, nil
}

// isNoProgress reports gonum's line-search errors that scipy's L-BFGS-B
// reports as "ABNORMAL_TERMINATION_IN_LNSRCH" and scikit-learn accepts
// (with a warning): the iterate is kept.
func isNoProgress(err error) bool {
	return errors.Is(err, optimize.ErrNoProgress)
}

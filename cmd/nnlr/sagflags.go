package main

import (
	"fmt"
	"math"

	"github.com/spf13/pflag"

	"nnlr/baseline"
	"nnlr/dataset"
)

// sagOptions are the baseline's flags (--sag-max-iter, --sag-tol,
// --sag-seed), shared by nnlr compare and nnlr sweep.
type sagOptions struct {
	maxIter int
	tol     float64
	seed    uint64
}

// addFlags adds the SAG flags to f with baseline.DefaultSAGConfig's
// defaults.
func (o *sagOptions) addFlags(f *pflag.FlagSet) {
	sag := baseline.DefaultSAGConfig()
	f.IntVar(&o.maxIter, "sag-max-iter", sag.MaxIter, "baseline: largest number of SAG epochs (max_iter)")
	f.Float64Var(&o.tol, "sag-tol", sag.Tol, "baseline: SAG stopping tolerance on the relative change of the coefficients (tol)")
	f.Uint64Var(&o.seed, "sag-seed", 0, "baseline: seed of SAG's sample draws (random_state)")
}

// validate names the first bad SAG flag in a usageError.
func (o *sagOptions) validate() error {
	switch {
	case o.maxIter < 1:
		return usagef("--sag-max-iter %d: must be at least 1", o.maxIter)
	case math.IsNaN(o.tol) || math.IsInf(o.tol, 0) || o.tol < 0:
		return usagef("--sag-tol %v: must be a non-negative number", o.tol)
	}
	return nil
}

// fitBaseline fits the regression by SAG on ds with the flags' settings and
// the inverse L2 strength c (+Inf: none), recording the objective per epoch
// when record is set, and returns it with its report section. Errors are
// wrapped with "baseline:": a failed fit, or a loss on the data that is not
// finite (baseline.ErrNotFinite).
func (o *sagOptions) fitBaseline(ds *dataset.Dataset, c float64, record bool) (*baseline.LogisticRegression, baselineReport, error) {
	sagCfg := baseline.DefaultSAGConfig()
	sagCfg.MaxIter, sagCfg.Tol, sagCfg.Seed, sagCfg.C = o.maxIter, o.tol, o.seed, c
	sagCfg.RecordObjective = record
	var b baselineReport
	lr, err := baseline.FitSAG(ds.X, ds.Y, sagCfg)
	if err != nil {
		return nil, b, fmt.Errorf("baseline: %w", err)
	}
	bm, err := lr.Evaluate(ds.X, ds.Y)
	if err != nil {
		return nil, b, fmt.Errorf("baseline: %w", err)
	}
	b.Solver, b.MaxIter, b.Tol, b.Seed, b.StepSize = "sag", sagCfg.MaxIter, sagCfg.Tol, sagCfg.Seed, lr.StepSize
	if !math.IsInf(sagCfg.C, 1) {
		c := sagCfg.C
		b.C = &c
	}
	b.Coef, b.Intercept, b.NIter, b.Converged = lr.Coef, lr.Intercept, lr.NIter, lr.Converged
	b.Loss, b.Objective, b.Accuracy, b.AUC = bm.Loss, lr.Objective(ds.X, ds.Y), bm.Accuracy, auc(bm)
	if math.IsNaN(b.Loss) || math.IsInf(b.Loss, 0) {
		return nil, b, fmt.Errorf("baseline: %w: the loss on the data is %v", baseline.ErrNotFinite, b.Loss)
	}
	b.ObjectiveHistory = lr.ObjectiveHistory
	return lr, b, nil
}

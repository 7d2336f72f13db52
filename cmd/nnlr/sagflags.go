package main

import (
	"github.com/spf13/pflag"

	"nnlr/baseline"
	"nnlr/internal/cliflag"
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
	cliflag.CountVar(f, &o.maxIter, "sag-max-iter", sag.MaxIter, "baseline: largest number of SAG epochs (max_iter)")
	f.Float64Var(&o.tol, "sag-tol", sag.Tol, "baseline: SAG stopping tolerance on the relative change of the coefficients (tol)")
	f.Uint64Var(&o.seed, "sag-seed", 0, "baseline: seed of SAG's sample draws; plays the part of scikit-learn's random_state, but the draws differ from scikit-learn's for the same number (the boundary is the same to a few decimals)")
}

// config returns the SAG settings of the flags.
func (o *sagOptions) config() baseline.SAGConfig {
	c := baseline.DefaultSAGConfig()
	c.MaxIter, c.Tol, c.Seed = o.maxIter, o.tol, o.seed
	return c
}

package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"nnlr/graph"
	"nnlr/internal/cliflag"
	"nnlr/internal/cmdutil"
	"nnlr/train"
)

// hyperFlags maps each solver hyper-parameter flag to the hyper-parameter's
// name in the train package, in the order the help lists them.
var hyperFlags = []struct{ flag, param, doc string }{
	{"lr", "learning_rate", "graph: learning rate η of the solver (the first step size of bb)"},
	{"momentum", "momentum", "graph: momentum μ"},
	{"beta1", "beta1", "graph: decay rate β₁ of Adam's first moment"},
	{"beta2", "beta2", "graph: decay rate β₂ of Adam's second moment"},
	{"epsilon", "epsilon", "graph: ε of the adaptive solvers (see nnlr solvers for where it enters)"},
	{"rho", "rho", "graph: decay rate ρ of RMSprop's mean square"},
	{"weight-decay", "weight_decay", "graph: AdamW's decoupled weight decay λ"},
	{"initial-accumulator", "initial_accumulator", "graph: starting value of Adagrad's accumulator"},
}

// solverOptions are the flags that choose the graph's solver, its
// hyper-parameters, the graph's precision, its initialisation and its L2
// penalty. register adds them to a command; resolve validates them after
// parsing.
type solverOptions struct {
	solver string
	values map[string]*float64 // by flag name
	clip   float64
	l2     float64
	modelOptions

	// Filled by resolve.
	cfg train.Config // train.DefaultConfig with the solver, its hyper-parameters and Clip
}

// modelOptions are the flags of the graph's precision and initialisation
// (--dtype, --init), shared by nnlr compare and nnlr sweep.
type modelOptions struct {
	dtype string
	init  string

	// Filled by resolve.
	initKind string    // "glorot_uniform", "zeros" or "explicit"
	initVals []float64 // explicit: kernel values then the bias
}

// addFlags adds --dtype and --init to f.
func (o *modelOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.dtype, "dtype", string(graph.Float64), "graph: precision, float64 or float32 (Keras's); SAG stays float64")
	f.StringVar(&o.init, "init", "glorot_uniform", "graph: initial kernel and bias: glorot_uniform (Keras's, zero bias; seeded by --seed), zeros, or the kernel's values then the bias, comma-separated (K1,K2,...,B)")
}

// defaultsText describes a hyper-parameter's per-solver defaults for the
// help, e.g. "0.01 for sgd, momentum, nesterov; 0.001 for adam, ...".
func defaultsText(param string) string {
	var order []float64
	by := map[float64][]string{}
	for _, s := range train.Solvers() {
		for _, h := range s.Hyperparameters {
			if h.Name == param {
				if _, ok := by[h.Default]; !ok {
					order = append(order, h.Default)
				}
				by[h.Default] = append(by[h.Default], s.Name)
			}
		}
	}
	parts := make([]string, len(order))
	for i, d := range order {
		parts[i] = fmt.Sprintf("%g for %s", d, strings.Join(by[d], ", "))
	}
	return strings.Join(parts, "; ")
}

// usedByAll reports whether every solver reads the hyper-parameter.
func usedByAll(param string) bool {
	for _, s := range train.Solvers() {
		if !s.Uses(param) {
			return false
		}
	}
	return true
}

// register adds the solver, precision and initialisation flags to f.
func (o *solverOptions) register(f *pflag.FlagSet) {
	f.StringVar(&o.solver, "solver", "sgd", "graph: update rule, one of "+strings.Join(train.SolverNames(), ", ")+" (see nnlr solvers)")
	o.values = make(map[string]*float64, len(hyperFlags))
	for _, h := range hyperFlags {
		v := new(float64)
		o.values[h.flag] = v
		usage := fmt.Sprintf("%s (default %s)", h.doc, defaultsText(h.param))
		if !usedByAll(h.param) {
			usage = fmt.Sprintf("%s (default %s; an error with other solvers)", h.doc, defaultsText(h.param))
		}
		f.Float64Var(v, h.flag, 0, usage)
	}
	f.Float64Var(&o.clip, "clip", 0, "graph: clip every gradient element to [−c, c] before the solver's step, as Keras's clipvalue (default: no clipping)")
	f.Float64Var(&o.l2, "l2", 0, "graph: add (l2/2)·‖kernel‖² to the loss (the bias is not penalised)")
	o.modelOptions.addFlags(f)
}

// resolve validates the parsed flags (f tells which were set) and fills
// o.cfg and the initialisation. Every error is a usage error naming the flag:
// an unknown solver (listing the valid ones), a hyper-parameter flag the
// solver does not use, a value out of range, an unknown dtype or an
// unreadable --init.
func (o *solverOptions) resolve(f *pflag.FlagSet) error {
	info, err := train.LookupSolver(o.solver)
	if err != nil {
		return cmdutil.Usagef("--solver %s: unknown solver (valid: %s)", cliflag.Quote(o.solver), strings.Join(train.SolverNames(), ", "))
	}
	o.cfg = train.DefaultConfig()
	if err := o.cfg.SetSolver(info.Name); err != nil {
		return cmdutil.Usagef("--solver: %v", err)
	}
	for _, h := range hyperFlags {
		if !f.Changed(h.flag) {
			continue
		}
		v := *o.values[h.flag]
		if !info.Uses(h.param) {
			return cmdutil.Usagef("--%s: solver %s does not use it (its flags: %s)", h.flag, info.Name, usedFlags(info))
		}
		if err := o.cfg.SetHyperparameter(h.param, v); err != nil {
			return cmdutil.Usagef("--%s %v: %v", h.flag, v, err)
		}
	}
	if f.Changed("clip") {
		if math.IsNaN(o.clip) || math.IsInf(o.clip, 0) || o.clip <= 0 {
			return cmdutil.Usagef("--clip %v: must be a positive number", o.clip)
		}
		o.cfg.Clip = o.clip
	}
	return o.modelOptions.resolve()
}

// usedFlags lists the hyper-parameter flags a solver reads, and --clip.
func usedFlags(info train.SolverInfo) string {
	var flags []string
	for _, h := range info.Hyperparameters {
		flags = append(flags, "--"+flagName(h.Name))
	}
	return strings.Join(append(flags, "--clip"), ", ")
}

// resolve reads --init: glorot_uniform, zeros or comma-separated numbers
// (--dtype is checked with the configuration); every error is a usage error
// naming the flag.
func (o *modelOptions) resolve() error {
	switch s := strings.TrimSpace(o.init); s {
	case "glorot_uniform", "zeros":
		o.initKind, o.initVals = s, nil
		return nil
	}
	fields := strings.Split(o.init, ",")
	if len(fields) < 2 {
		return cmdutil.Usagef("--init %s: want glorot_uniform, zeros, or the kernel's values then the bias, comma-separated", cliflag.Quote(o.init))
	}
	vals := make([]float64, len(fields))
	for i, s := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return cmdutil.Usagef("--init: value %d (%s) is not a finite number", i+1, cliflag.Quote(strings.TrimSpace(s)))
		}
		vals[i] = v
	}
	o.initKind, o.initVals = "explicit", vals
	return nil
}

// apply sets the precision and the initialisation of the flags for d
// features. An explicit --init with other than d + 1 values is a
// usage error.
func (o *modelOptions) apply(dtype *graph.Dtype, init *string, kernel *[]float64, bias *float64, d int) error {
	*dtype, *init = graph.Dtype(o.dtype), o.initKind
	if o.initKind == "explicit" && d >= 0 {
		if len(o.initVals) != d+1 {
			return cmdutil.Usagef("--init: %d values given, want %d (the kernel's %d values, then the bias)", len(o.initVals), d+1, d)
		}
		*kernel, *bias = o.initVals[:d], o.initVals[d]
	}
	return nil
}

package train

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	G "gorgonia.org/gorgonia"
)

// Hyperparameter is a solver's hyper-parameter as Solvers lists it.
type Hyperparameter struct {
	// Name is the snake_case name: "learning_rate", "momentum", "beta1",
	// "beta2", "epsilon", "rho", "weight_decay" or "initial_accumulator"
	// (nnlr's flags are the same names with dashes, and --lr).
	Name string
	// Symbol is the rule's symbol for it, e.g. "η".
	Symbol string
	// Default is the solver's default, Keras 2.x's where Keras has the
	// solver.
	Default float64
	// Range states the valid values, e.g. "in [0, 1)".
	Range string
}

// SolverInfo describes one solver of the registry.
type SolverInfo struct {
	// Name is the name Config.Solver and --solver take.
	Name string
	// Keras is the Keras 2.x counterpart, "" when there is none.
	Keras string
	// Implementation names the gorgonia.Solver that runs the rule and why.
	Implementation string
	// Rule is the update rule written out, one assignment a line, for every
	// element of every learnable w with gradient g (after clipping).
	Rule []string
	// Hyperparameters are the ones the solver reads, with defaults, besides
	// Config.Clip, which every solver honours.
	Hyperparameters []Hyperparameter

	build func(Config) G.Solver
}

// param ties a hyper-parameter's name to its Config field and range.
type param struct {
	name, symbol, field, rng string
	ptr                      func(*Config) *float64
	ok                       func(float64) bool
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

var params = map[string]param{
	"learning_rate": {"learning_rate", "η", "LearningRate", "positive", func(c *Config) *float64 { return &c.LearningRate },
		func(v float64) bool { return finite(v) && v > 0 }},
	"momentum": {"momentum", "μ", "Momentum", "in [0, 1]", func(c *Config) *float64 { return &c.Momentum },
		func(v float64) bool { return v >= 0 && v <= 1 }},
	"beta1": {"beta1", "β₁", "Beta1", "in [0, 1)", func(c *Config) *float64 { return &c.Beta1 },
		func(v float64) bool { return v >= 0 && v < 1 }},
	"beta2": {"beta2", "β₂", "Beta2", "in [0, 1)", func(c *Config) *float64 { return &c.Beta2 },
		func(v float64) bool { return v >= 0 && v < 1 }},
	"epsilon": {"epsilon", "ε", "Epsilon", "positive", func(c *Config) *float64 { return &c.Epsilon },
		func(v float64) bool { return finite(v) && v > 0 }},
	"rho": {"rho", "ρ", "Rho", "in [0, 1)", func(c *Config) *float64 { return &c.Rho },
		func(v float64) bool { return v >= 0 && v < 1 }},
	"weight_decay": {"weight_decay", "λ", "WeightDecay", "non-negative", func(c *Config) *float64 { return &c.WeightDecay },
		func(v float64) bool { return finite(v) && v >= 0 }},
	"initial_accumulator": {"initial_accumulator", "a₀", "InitialAccumulator", "non-negative", func(c *Config) *float64 { return &c.InitialAccumulator },
		func(v float64) bool { return finite(v) && v >= 0 }},
}

// paramOrder is the order in which hyper-parameters are checked and listed.
var paramOrder = []string{"learning_rate", "momentum", "beta1", "beta2", "epsilon", "rho", "weight_decay", "initial_accumulator"}

func hp(name string, def float64) Hyperparameter {
	p := params[name]
	return Hyperparameter{Name: name, Symbol: p.symbol, Default: def, Range: p.rng}
}

var adamRuleText = []string{
	"t ← t + 1   (m, v start at 0)",
	"m ← m + (1 − β₁)·(g − m)",
	"v ← v + (1 − β₂)·(g² − v)",
	"w ← w − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε)",
}

// registry lists the solvers in the order Solvers returns them.
var registry = []SolverInfo{
	{
		Name: "sgd", Keras: "SGD(learning_rate=0.01, momentum=0)",
		Implementation: "gorgonia.VanillaSolver (its rule is Keras's)",
		Rule:           []string{"w ← w − η·g"},
		Hyperparameters: []Hyperparameter{
			hp("learning_rate", 0.01),
		},
		build: func(c Config) G.Solver {
			return G.NewVanillaSolver(G.WithLearnRate(c.LearningRate))
		},
	},
	{
		Name: "momentum", Keras: "SGD(learning_rate=0.01, momentum=μ)",
		Implementation: "gorgonia.Momentum (its rule is Keras's; Keras's default μ = 0 is plain sgd, so nnlr defaults to Gorgonia's 0.9)",
		Rule:           []string{"v ← μ·v − η·g   (v starts at 0)", "w ← w + v"},
		Hyperparameters: []Hyperparameter{
			hp("learning_rate", 0.01), hp("momentum", 0.9),
		},
		build: func(c Config) G.Solver {
			return G.NewMomentum(G.WithLearnRate(c.LearningRate), G.WithMomentum(c.Momentum))
		},
	},
	{
		Name: "nesterov", Keras: "SGD(learning_rate=0.01, momentum=μ, nesterov=True)",
		Implementation: "train.Nesterov (Gorgonia has no Nesterov solver)",
		Rule:           []string{"v ← μ·v − η·g   (v starts at 0)", "w ← w + μ·v − η·g"},
		Hyperparameters: []Hyperparameter{
			hp("learning_rate", 0.01), hp("momentum", 0.9),
		},
		build: func(c Config) G.Solver {
			return &Nesterov{LearningRate: c.LearningRate, Momentum: c.Momentum}
		},
	},
	{
		Name: "adam", Keras: "Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)",
		Implementation: "train.Adam, Keras's rule (gorgonia.AdamSolver computes η·m̂/(√v̂ + ε) with bias-corrected m̂, v̂: ε sits inside the bias correction, and its default ε is 1e-8)",
		Rule:           adamRuleText,
		Hyperparameters: []Hyperparameter{
			hp("learning_rate", 0.001), hp("beta1", 0.9), hp("beta2", 0.999), hp("epsilon", 1e-7),
		},
		build: func(c Config) G.Solver {
			return &Adam{LearningRate: c.LearningRate, Beta1: c.Beta1, Beta2: c.Beta2, Epsilon: c.Epsilon}
		},
	},
	{
		Name: "adamw", Keras: "AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-07)",
		Implementation: "train.Adam with WeightDecay, Keras's rule (gorgonia.AdamW in v0.9.18 never writes its update back to the weights and decays its moments by the bias corrections instead of β₁, β₂)",
		Rule:           append([]string{"w ← w − η·λ·w   (decoupled weight decay, kernel and bias)"}, adamRuleText...),
		Hyperparameters: []Hyperparameter{
			hp("learning_rate", 0.001), hp("beta1", 0.9), hp("beta2", 0.999), hp("epsilon", 1e-7), hp("weight_decay", 0.004),
		},
		build: func(c Config) G.Solver {
			return &Adam{LearningRate: c.LearningRate, Beta1: c.Beta1, Beta2: c.Beta2, Epsilon: c.Epsilon, WeightDecay: c.WeightDecay}
		},
	},
	{
		Name: "rmsprop", Keras: "RMSprop(learning_rate=0.001, rho=0.9, momentum=0, epsilon=1e-07)",
		Implementation: "gorgonia.RMSPropSolver with Keras's defaults (Gorgonia's are ρ = 0.999, ε = 1e-8; its rule is Keras's)",
		Rule:           []string{"s ← ρ·s + (1 − ρ)·g²   (s starts at 0)", "w ← w − η·g/√(s + ε)"},
		Hyperparameters: []Hyperparameter{
			hp("learning_rate", 0.001), hp("rho", 0.9), hp("epsilon", 1e-7),
		},
		build: func(c Config) G.Solver {
			return G.NewRMSPropSolver(G.WithLearnRate(c.LearningRate), G.WithRho(c.Rho), G.WithEps(c.Epsilon))
		},
	},
	{
		Name: "adagrad", Keras: "Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07)",
		Implementation: "train.Adagrad, Keras's rule (gorgonia.AdaGradSolver always starts the accumulator at 0)",
		Rule:           []string{"a ← a + g²   (a starts at a₀)", "w ← w − η·g/√(a + ε)"},
		Hyperparameters: []Hyperparameter{
			hp("learning_rate", 0.001), hp("initial_accumulator", 0.1), hp("epsilon", 1e-7),
		},
		build: func(c Config) G.Solver {
			return &Adagrad{LearningRate: c.LearningRate, InitialAccumulator: c.InitialAccumulator, Epsilon: c.Epsilon}
		},
	},
	{
		Name: "bb", Keras: "",
		Implementation: "train.BarzilaiBorwein, gorgonia.BarzilaiBorweinSolver's rule (Gorgonia's fails on float32 and yields NaN weights when ‖Δg‖ = 0)",
		Rule: []string{
			"first step: w ← w − η·g",
			"later steps: η ← ⟨Δw, Δg⟩/‖Δg‖² over all learnables together (Δ: change since the previous step; η kept when ‖Δg‖ = 0)",
			"w ← w − η·g",
		},
		Hyperparameters: []Hyperparameter{
			hp("learning_rate", 0.001),
		},
		build: func(c Config) G.Solver {
			return &BarzilaiBorwein{LearningRate: c.LearningRate}
		},
	},
}

// Solvers describes every solver NewSolver builds, in the order sgd,
// momentum, nesterov, adam, adamw, rmsprop, adagrad, bb. The result is a
// copy.
func Solvers() []SolverInfo {
	out := make([]SolverInfo, len(registry))
	for i, s := range registry {
		out[i] = s.clone()
	}
	return out
}

// clone copies s with its slices, so that callers cannot change the
// registry.
func (s SolverInfo) clone() SolverInfo {
	s.Rule = slices.Clone(s.Rule)
	s.Hyperparameters = slices.Clone(s.Hyperparameters)
	return s
}

// LookupSolver returns the description of the solver called name, or an
// error listing the valid names.
func LookupSolver(name string) (SolverInfo, error) {
	for _, s := range registry {
		if s.Name == name {
			return s.clone(), nil
		}
	}
	return SolverInfo{}, fmt.Errorf("unknown solver %q (valid: %s)", name, strings.Join(SolverNames(), ", "))
}

// Uses reports whether the solver reads the named hyper-parameter.
func (s SolverInfo) Uses(name string) bool {
	for _, h := range s.Hyperparameters {
		if h.Name == name {
			return true
		}
	}
	return false
}

// SolverNames lists the names NewSolver accepts, sorted.
func SolverNames() []string {
	names := make([]string, 0, len(registry))
	for _, s := range registry {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	return names
}

// SetSolver switches c to the solver called name with its default
// hyper-parameters (Keras 2.x's; see Solvers) and sets the hyper-parameters
// it does not use to 0; Clip is kept. It returns an error listing the valid
// names for an unknown name, leaving c unchanged.
func (c *Config) SetSolver(name string) error {
	info, err := LookupSolver(name)
	if err != nil {
		return err
	}
	c.Solver = name
	for _, p := range params {
		*p.ptr(c) = 0
	}
	for _, h := range info.Hyperparameters {
		*params[h.Name].ptr(c) = h.Default
	}
	return nil
}

// Hyperparameters returns the values of the hyper-parameters c's solver
// uses, by name (see Hyperparameter.Name). It returns an error for an
// unknown solver.
func (c Config) Hyperparameters() (map[string]float64, error) {
	info, err := LookupSolver(c.Solver)
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(info.Hyperparameters))
	for _, h := range info.Hyperparameters {
		out[h.Name] = *params[h.Name].ptr(&c)
	}
	return out, nil
}

// SetHyperparameter sets the hyper-parameter called name (see
// Hyperparameter.Name) of c's solver to v. It returns an error, leaving c
// unchanged, for an unknown solver or hyper-parameter, one the solver does
// not use, or a value out of range (the error states the range).
func (c *Config) SetHyperparameter(name string, v float64) error {
	info, err := LookupSolver(c.Solver)
	if err != nil {
		return err
	}
	p, ok := params[name]
	if !ok {
		return fmt.Errorf("unknown hyper-parameter %q", name)
	}
	if !info.Uses(name) {
		return fmt.Errorf("solver %s does not use %s", c.Solver, name)
	}
	if !p.ok(v) {
		return fmt.Errorf("must be %s", p.rng)
	}
	*p.ptr(c) = v
	return nil
}

// validateSolver checks the solver's name, the ranges of the
// hyper-parameters it uses, that the others are 0, and Clip.
func (c Config) validateSolver() error {
	info, err := LookupSolver(c.Solver)
	if err != nil {
		return fmt.Errorf("Solver: %w", err)
	}
	for _, name := range paramOrder {
		p := params[name]
		v := *p.ptr(&c)
		switch {
		case info.Uses(name) && !p.ok(v):
			return fmt.Errorf("%s = %v: must be %s for solver %s (SetSolver sets its defaults)", p.field, v, p.rng, c.Solver)
		case !info.Uses(name) && v != 0:
			return fmt.Errorf("%s = %v: solver %s does not use it (SetSolver resets the hyper-parameters)", p.field, v, c.Solver)
		}
	}
	if !finite(c.Clip) || c.Clip < 0 {
		return fmt.Errorf("Clip = %v: must be non-negative (0: no clipping)", c.Clip)
	}
	return nil
}

// NewSolver returns the gorgonia.Solver named cfg.Solver, configured from
// cfg's hyper-parameters, wrapped in ClipValue when cfg.Clip > 0. It returns
// an error for an unknown name (listing the valid ones), a hyper-parameter
// out of range, or one set that the solver does not use.
func NewSolver(cfg Config) (G.Solver, error) {
	if err := cfg.validateSolver(); err != nil {
		return nil, err
	}
	info, _ := LookupSolver(cfg.Solver)
	s := info.build(cfg)
	if cfg.Clip > 0 {
		s = ClipValue{Solver: s, Clip: cfg.Clip}
	}
	return s, nil
}

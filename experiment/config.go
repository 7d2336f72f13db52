package experiment

import (
	"fmt"
	"math"
	"strconv"

	"nnlr/baseline"
	"nnlr/graph"
	"nnlr/train"
)

// Init values: how the kernel and bias of a network without hidden layers
// start.
const (
	// InitGlorot is Keras's glorot_uniform kernel (seeded by Fit.Seed) and a
	// zero bias.
	InitGlorot = "glorot_uniform"
	// InitZeros is a zero kernel and bias.
	InitZeros = "zeros"
	// InitExplicit is InitialKernel and InitialBias.
	InitExplicit = "explicit"
)

// Baseline values: the regression the network is compared with.
const (
	// BaselineSAG is scikit-learn's LogisticRegression(solver="sag") with
	// CompareConfig.C (penalty="none" for +Inf) and CompareConfig.SAG's
	// max_iter and tol (baseline.FitSAG): the seed question's baseline.
	BaselineSAG = "sag"
	// BaselineSklearnDefault is LogisticRegression() with scikit-learn's
	// defaults (baseline.DefaultLBFGSConfig: C = 1, solver="lbfgs",
	// max_iter = 100, tol = 1e-4, fitted by baseline.FitLBFGS), the
	// regression most users compare a network against, usually without
	// knowing it is penalised. Its C is 1 when CompareConfig.C is +Inf and
	// CompareConfig.C otherwise (both sides then share the penalty);
	// CompareConfig.SAG is not used. The network's penalty is set by
	// CompareConfig.C or L2 only, so an unpenalised network against it gets
	// the penalty finding.
	BaselineSklearnDefault = "sklearn-default"
)

// CompareConfig configures Compare. Build it from DefaultCompareConfig.
type CompareConfig struct {
	// Fit is the network's training (package train): Epochs, BatchSize,
	// Seed (which also seeds the glorot_uniform kernels), Solver and its
	// hyper-parameters, Clip. Its OnEpoch must be nil (Compare sets it).
	// Default train.DefaultConfig(): 100 epochs, batch size 32, SGD at
	// learning rate 0.01.
	Fit train.Config
	// Dtype is the graph's precision, float64 (default) or float32; SAG
	// stays float64.
	Dtype graph.Dtype
	// Init is InitGlorot (default), InitZeros or InitExplicit; anything but
	// InitGlorot needs a network without hidden layers.
	Init string
	// InitialKernel (d values) and InitialBias are the start of Init
	// InitExplicit.
	InitialKernel []float64
	InitialBias   float64
	// L2 adds (l2/2)·‖kernel‖² to the network's loss (kernels only, not
	// biases). Default 0; give L2 or C, not both.
	L2 float64
	// C is the inverse L2 strength shared by both models, as scikit-learn's
	// C: both minimise mean log loss + ‖kernel‖²/(2·C·n), i.e. the network's
	// l2 and SAG's α are 1/(C·n). Default +Inf (no penalty).
	C float64
	// Hidden lists dense hidden layers in front of the sigmoid unit, input
	// side first (nil: none, a logistic regression).
	Hidden []graph.Dense
	// SAG is the regression's solver: MaxIter, Tol and Seed (C above
	// replaces its C; Compare records the objective per epoch). Default
	// baseline.DefaultSAGConfig(): 300 epochs, tol 1e-100.
	SAG baseline.SAGConfig
	// Baseline is the regression the network is compared with: BaselineSAG
	// (default, "" means the same) or BaselineSklearnDefault. See their
	// documentation.
	Baseline string
	// Runs is the number of independent trainings of the network, with
	// seeds Fit.Seed … Fit.Seed+Runs−1; the first is the report's graph.
	// Default 1, at most 10000.
	Runs int
	// PlotFeatures names the two features of the figures' plane, in which
	// the agreement grid lies (nil: the first two); the others are held at
	// their mean.
	PlotFeatures []string
}

// DefaultCompareConfig returns the seed question's settings: Keras's
// Dense(1, sigmoid) fitted for 100 epochs by SGD(0.01) in batches of 32
// from glorot_uniform (seed 0), against scikit-learn's
// LogisticRegression(penalty="none", solver="sag", max_iter=300,
// tol=1e-100), one run, no penalty.
func DefaultCompareConfig() CompareConfig {
	return CompareConfig{Fit: train.DefaultConfig(), Dtype: graph.Float64, Init: InitGlorot,
		C: math.Inf(1), SAG: baseline.DefaultSAGConfig(), Baseline: BaselineSAG, Runs: 1}
}

// Validate returns a *SettingError naming the first invalid setting: epochs,
// batch_size (at least 1), learning_rate (1e-100 to 1e100), the solver's settings (train.Config.Validate),
// dtype, init, l2 (non-negative; not with C), C (positive, +Inf for none,
// 1/C finite), runs (1 to 10000), the SAG settings (sag_max_iter,
// sag_tol), baseline (sag, sklearn-default or empty), plot_features (two
// different names) and hidden (at most 100 layers of positive widths; init
// other than glorot_uniform). The number of InitialKernel values is checked
// by Compare against the data.
func (c CompareConfig) Validate() error {
	switch {
	case c.Fit.Epochs < 1:
		return settingError("epochs", fmt.Sprint(c.Fit.Epochs), "must be at least 1")
	case c.Fit.BatchSize < 1:
		return settingError("batch_size", fmt.Sprint(c.Fit.BatchSize), "must be at least 1")
	case !learningRateInRange(c.Fit.LearningRate):
		return settingError("learning_rate", fmt.Sprint(c.Fit.LearningRate), learningRateRange)
	case c.Fit.OnEpoch != nil:
		return settingError("on_epoch", "", "must be nil (Compare records every epoch)")
	case math.IsNaN(c.L2) || math.IsInf(c.L2, 0) || c.L2 < 0:
		return settingError("l2", fmt.Sprint(c.L2), "must be a non-negative number")
	case c.L2 > 0 && !math.IsInf(c.C, 1):
		return settingError("l2", "", "both l2 and C set the network's L2 penalty, give one")
	case c.Baseline != "" && c.Baseline != BaselineSAG && c.Baseline != BaselineSklearnDefault:
		return settingError("baseline", strconv.Quote(c.Baseline), "want sag or sklearn-default")
	case c.Runs < 1:
		return settingError("runs", fmt.Sprint(c.Runs), "must be at least 1")
	case c.Runs > 10000:
		return settingError("runs", fmt.Sprint(c.Runs), "at most 10000")
	}
	if err := c.Fit.Validate(); err != nil {
		return err
	}
	if err := validateModel(c.Dtype, c.Init, c.C, c.SAG); err != nil {
		return err
	}
	if len(c.Hidden) > maxHiddenLayers {
		return settingError("hidden", "", fmt.Sprintf("%d layers: at most %d", len(c.Hidden), maxHiddenLayers))
	}
	for i, l := range c.Hidden {
		if l.Units < 1 {
			return settingError("hidden", "", fmt.Sprintf("layer %d width %d: must be at least 1", i+1, l.Units))
		}
	}
	if len(c.Hidden) > 0 && c.Init != InitGlorot {
		return settingError("init", c.Init, "sets the kernel of the no-hidden-layer model; with hidden layers every layer starts glorot_uniform with zero bias")
	}
	if pf := c.PlotFeatures; pf != nil && (len(pf) != 2 || pf[0] == "" || pf[1] == "" || pf[0] == pf[1]) {
		return settingError("plot_features", fmt.Sprintf("%q", pf), "want two different feature names")
	}
	return nil
}

// maxHiddenLayers is the most hidden layers Compare builds (each is a few
// graph nodes; the memory estimate counts parameters, not nodes).
const maxHiddenLayers = 100

// maxSweepRuns is the most runs a sweep holds (solvers × learning rates ×
// seeds): each has its slot in the report.
const maxSweepRuns = 1_000_000

// The range of learning rates Compare and Sweep accept: beyond it no
// training is meaningful, and the diagnosis's step budgets (epochs ×
// updates × learning rate) could overflow or underflow float64 in its
// sentences (issue 15: 1e-310 gave "+Inf times").
const (
	minLearningRate   = 1e-100
	maxLearningRate   = 1e100
	learningRateRange = "must be between 1e-100 and 1e100"
)

func learningRateInRange(lr float64) bool { return lr >= minLearningRate && lr <= maxLearningRate }

// validateModel checks the settings Compare and Sweep share.
func validateModel(dtype graph.Dtype, init string, c float64, sag baseline.SAGConfig) error {
	switch {
	case dtype != graph.Float64 && dtype != graph.Float32:
		return settingError("dtype", strconv.Quote(string(dtype)), "want float64 or float32")
	case init != InitGlorot && init != InitZeros && init != InitExplicit:
		return settingError("init", strconv.Quote(init), "want glorot_uniform, zeros or explicit")
	case math.IsNaN(c) || c <= 0:
		return settingError("C", fmt.Sprint(c), "must be positive (+Inf for no penalty)")
	case math.IsInf(1/c, 0):
		return settingError("C", fmt.Sprint(c), "too small (1/C overflows float64)")
	case sag.MaxIter < 1:
		return settingError("sag_max_iter", fmt.Sprint(sag.MaxIter), "must be at least 1")
	case math.IsNaN(sag.Tol) || math.IsInf(sag.Tol, 0) || sag.Tol < 0:
		return settingError("sag_tol", fmt.Sprint(sag.Tol), "must be a non-negative number")
	}
	return nil
}

// graphConfig returns the network's graph configuration for d features and
// batches of rows rows, seeded by seed, with penalty l2. An explicit
// InitialKernel of other than d values is an error naming init.
func graphConfig(dtype graph.Dtype, init string, kernel []float64, bias float64, d, rows int, seed uint64, l2 float64) (graph.Config, error) {
	cfg := graph.Config{Features: d, BatchRows: rows, Seed: seed, Dtype: dtype, L2: l2}
	switch init {
	case InitZeros:
		cfg.Kernel = make([]float64, d)
	case InitExplicit:
		if len(kernel) != d {
			return cfg, settingError("init", "", fmt.Sprintf("%d kernel values given, want %d", len(kernel), d))
		}
		cfg.Kernel, cfg.Bias = kernel, bias
	}
	return cfg, nil
}

// SettingError is an invalid setting of a configuration, named by its
// setting (as CompareConfig's and SweepConfig's documentation name them:
// epochs, batch_size, runs, l2, C, dtype, init, hidden, plot_features,
// baseline, sag_max_iter, sag_tol, solvers, learning_rates, seeds,
// max_epochs), so that a front end can name it in its own vocabulary.
type SettingError struct {
	// Setting names the setting.
	Setting string
	// Value is the bad value as text, "" when the problem is not one value.
	Value string
	// Problem says what is wrong.
	Problem string
}

// Error returns "setting value: problem", or "setting: problem" without a
// value.
func (e *SettingError) Error() string {
	if e.Value == "" {
		return e.Setting + ": " + e.Problem
	}
	return e.Setting + " " + e.Value + ": " + e.Problem
}

func settingError(setting, value, problem string) *SettingError {
	return &SettingError{Setting: setting, Value: value, Problem: problem}
}

package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"nnlr/baseline"
	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/train"
)

// SweepConfig configures Sweep: the grid of solvers × learning rates ×
// seeds and the settings every run shares. Build it from
// DefaultSweepConfig.
type SweepConfig struct {
	// Solvers names the solvers to sweep (train.SolverNames), each once;
	// their hyper-parameters other than the learning rate keep their
	// defaults. Default sgd, momentum, nesterov, adam, rmsprop, adagrad.
	Solvers []string
	// LearningRates are the learning rates to sweep, each positive and
	// given once. Default 0.001, 0.01, 0.1, 1.
	LearningRates []float64
	// Seeds is the number of seeds per solver and learning rate: Seed …
	// Seed+Seeds−1, each seeding the glorot_uniform kernel and the
	// shuffling. Default 5, at most 10000.
	Seeds int
	Seed  uint64
	// MaxEpochs is the largest number of epochs of a run. Default 100000.
	MaxEpochs int
	// BatchSize is the number of samples per update. Default 32.
	BatchSize int
	// Dtype, Init, InitialKernel and InitialBias are as CompareConfig's.
	Dtype         graph.Dtype
	Init          string
	InitialKernel []float64
	InitialBias   float64
	// C is the inverse L2 strength shared by both models, as
	// CompareConfig's. Default +Inf (no penalty).
	C float64
	// SAG is the regression's solver (MaxIter, Tol, Seed; C above replaces
	// its C).
	SAG baseline.SAGConfig
}

// DefaultSweepConfig returns the default grid: 6 solvers × 4 learning
// rates × 5 seeds, at most 100000 epochs a run, batch size 32,
// glorot_uniform, float64, no penalty, SAG's defaults.
func DefaultSweepConfig() SweepConfig {
	return SweepConfig{
		Solvers:       []string{"sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad"},
		LearningRates: []float64{0.001, 0.01, 0.1, 1},
		Seeds:         5, MaxEpochs: 100000, BatchSize: train.DefaultConfig().BatchSize,
		Dtype: graph.Float64, Init: InitGlorot, C: math.Inf(1), SAG: baseline.DefaultSAGConfig(),
	}
}

// Validate returns a *SettingError naming the first invalid setting: solvers
// (none, unknown or repeated), learning_rates (none, not positive or
// repeated), seeds (1 to 10000), max_epochs, batch_size (at least 1) and
// the settings shared with CompareConfig (dtype, init, C, sag_max_iter, sag_tol).
func (c SweepConfig) Validate() error {
	if len(c.Solvers) == 0 {
		return settingError("solvers", "", "name at least one solver")
	}
	for i, s := range c.Solvers {
		if _, err := train.LookupSolver(s); err != nil {
			return settingError("solvers", "", err.Error())
		}
		if slices.Contains(c.Solvers[:i], s) {
			return settingError("solvers", "", s+" is given twice")
		}
	}
	if len(c.LearningRates) == 0 {
		return settingError("learning_rates", "", "give at least one learning rate")
	}
	seen := make(map[float64]bool, len(c.LearningRates)) // not slices.Contains: a long list would take n² steps
	for _, lr := range c.LearningRates {
		if math.IsNaN(lr) || math.IsInf(lr, 0) || lr <= 0 {
			return settingError("learning_rates", "", fmt.Sprintf("%v is not a positive learning rate", lr))
		}
		if !learningRateInRange(lr) {
			return settingError("learning_rates", "", fmt.Sprintf("%v: %s", lr, learningRateRange))
		}
		if seen[lr] {
			return settingError("learning_rates", "", fmt.Sprintf("%v is given twice", lr))
		}
		seen[lr] = true
	}
	switch {
	case c.Seeds < 1:
		return settingError("seeds", fmt.Sprint(c.Seeds), "must be at least 1")
	case float64(len(c.Solvers))*float64(len(c.LearningRates))*float64(c.Seeds) > maxSweepRuns:
		return settingError("seeds", fmt.Sprint(c.Seeds), fmt.Sprintf("%d solvers × %d learning rates × %d seeds is more than %d runs", len(c.Solvers), len(c.LearningRates), c.Seeds, maxSweepRuns))
	case c.Seeds > 10000:
		return settingError("seeds", fmt.Sprint(c.Seeds), "at most 10000")
	case c.MaxEpochs < 1:
		return settingError("max_epochs", fmt.Sprint(c.MaxEpochs), "must be at least 1")
	case c.BatchSize < 1:
		return settingError("batch_size", fmt.Sprint(c.BatchSize), "must be at least 1")
	}
	return validateModel(c.Dtype, c.Init, c.C, c.SAG)
}

// Why a sweep run stopped (SweepRun.Status).
const (
	// StatusAgreement: its boundary agreed with the baseline's.
	StatusAgreement = "agreement"
	// StatusMaxEpochs: it trained MaxEpochs epochs without agreeing.
	StatusMaxEpochs = "max_epochs"
	// StatusDiverged: its loss or parameters stopped being finite.
	StatusDiverged = "diverged"
)

// sweepJob is one run of the grid.
type sweepJob struct {
	solver string
	lr     float64
	seed   uint64
}

// jobs lists the grid's runs in report order: solvers, then learning
// rates, then seeds.
func (c SweepConfig) jobs() []sweepJob {
	var out []sweepJob
	for _, s := range c.Solvers {
		for _, lr := range c.LearningRates {
			for k := 0; k < c.Seeds; k++ {
				out = append(out, sweepJob{solver: s, lr: lr, seed: c.Seed + uint64(k)})
			}
		}
	}
	return out
}

// errAgreed stops a run (train.Config.OnEpoch) once its boundary agrees
// with the baseline's.
var errAgreed = errors.New("agreement reached")

// progressChunk is how many epochs a run counts before it reports them to
// the progress callback, so that the callback is not called every epoch.
const progressChunk = 256

// Sweep fits the regression by SAG on ds once and trains the network
// (Dense(1, sigmoid)) for every solver × learning rate × seed of cfg until
// its boundary agrees with the regression's (explain.Criterion: angle ≤ 1°
// and offset gap ≤ 1 %, checked after every epoch), MaxEpochs, or
// divergence, at most WithWorkers trainings at a time (an errgroup,
// golang.org/x/sync v0.25.0). The seeds of one solver and learning rate
// train together in one graph.Stack (train.FitStack: each model exactly as
// alone, with its own shuffling, stopping at its own agreement or
// divergence; see sweepPlan), other runs one graph each. Each run's result
// lands in its slot of the grid, so the report does not depend on the
// scheduling.
//
// When ctx is cancelled the runs in progress stop within one epoch and are
// left out, the runs not started are skipped, and Sweep returns the
// finished runs with Interrupted set and a nil error. Errors: an invalid cfg
// (naming the setting), a failed baseline fit, an explicit InitialKernel of
// the wrong length, and a run that fails for another reason than divergence
// (it stops the sweep), and data with more than two classes.
func Sweep(ctx context.Context, ds *dataset.Dataset, cfg SweepConfig, opts ...Option) (*SweepReport, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if ds.Multiclass() {
		return nil, fmt.Errorf("%d classes: Sweep compares two (pick them with dataset.Options.Classes)", ds.K())
	}
	o := collect(opts)
	n, d := ds.X.Dims()
	gcfg, err := graphConfig(cfg.Dtype, cfg.Init, cfg.InitialKernel, cfg.InitialBias, d, min(cfg.BatchSize, n), cfg.Seed, 0)
	if err != nil {
		return nil, err
	}
	gcfg.L2 = penaltyL2(cfg.C, n) // the same penalty on both models
	lr, b, err := fitBaseline(ctx, ds, cfg.SAG, cfg.C, false, nil)
	if err != nil {
		return nil, err
	}
	ref := explain.Linear{Coef: lr.Coef, Intercept: lr.Intercept}
	crit, err := explain.NewCriterion(ref, ds.X)
	if err != nil {
		return nil, err
	}
	jobs := cfg.jobs()
	rep := newSweepReport(ds, cfg, gcfg, b, crit, len(jobs))

	runs := make([]SweepRun, len(jobs))
	errs := make([]error, len(jobs))
	g, work := errgroup.WithContext(ctx)
	g.SetLimit(o.workers)
	var (
		mu       sync.Mutex
		finished int
	)
	done := func() {
		mu.Lock()
		defer mu.Unlock()
		finished++
		if o.runFinished != nil {
			o.runFinished(finished)
		}
	}
	for _, part := range sweepPlan(gcfg, jobs, o.workers) {
		if work.Err() != nil {
			break
		}
		g.Go(func() error {
			if len(part) > 1 {
				return sweepStack(work, ds, gcfg, cfg, jobs, part, crit, o, runs, errs, done)
			}
			i := part[0]
			runs[i], errs[i] = sweepRun(work, ds, gcfg, cfg, jobs[i], crit, o)
			if errs[i] != nil {
				return errs[i]
			}
			done()
			return nil
		})
	}
	if err := g.Wait(); err != nil && ctx.Err() == nil {
		// Not interrupted: the first run that failed stopped the sweep.
		return nil, err
	}
	rep.finish(runs, errs, cfg)
	return rep, nil
}

// sweepRun runs one job: a new graph seeded by the job's seed, trained with
// the job's solver and learning rate until its boundary meets crit (checked
// after every epoch), MaxEpochs, divergence or ctx's cancellation. It
// returns ctx's error when cancelled (the run is unfinished) and other
// errors wrapped with the job.
func sweepRun(ctx context.Context, ds *dataset.Dataset, gcfg graph.Config, cfg SweepConfig, j sweepJob, crit explain.Criterion, o options) (SweepRun, error) {
	r := SweepRun{Solver: j.solver, LearningRate: j.lr, Seed: j.seed}
	if err := ctx.Err(); err != nil {
		return r, err
	}
	fit := train.DefaultConfig()
	if err := fit.SetSolver(j.solver); err != nil {
		return r, err
	}
	if err := fit.SetHyperparameter("learning_rate", j.lr); err != nil {
		return r, fmt.Errorf("%s at learning rate %g: %w", j.solver, j.lr, err)
	}
	fit.Epochs, fit.BatchSize, fit.Seed = cfg.MaxEpochs, cfg.BatchSize, j.seed
	fit.DiscardLoss = true // memory does not grow with MaxEpochs
	gcfg.Seed = j.seed
	m, err := graph.New(gcfg)
	if err != nil {
		return r, fmt.Errorf("%s at learning rate %g, seed %d: %w", j.solver, j.lr, j.seed, err)
	}
	defer m.Close()
	pending := 0
	angle, gap := math.NaN(), math.Inf(1)
	last := math.NaN() // the last epoch's loss (the history is discarded)
	fit.OnEpoch = func(_ int, loss float64) error {
		last = loss
		if pending++; pending == progressChunk {
			o.add(pending)
			pending = 0
		}
		angle, gap = crit.Measure(explain.Linear{Coef: m.Kernel(), Intercept: m.Bias()})
		if crit.Within(angle, gap) {
			return errAgreed
		}
		return nil
	}
	hist, err := train.Fit(ctx, m, ds.X, ds.Y, fit)
	if hist != nil {
		r.Epochs = hist.Epochs
	}
	switch {
	case err == nil:
		r.Status = StatusMaxEpochs
	case errors.Is(err, errAgreed):
		r.Status = StatusAgreement
		e := r.Epochs
		r.EpochsToAgreement = &e
	case errors.Is(err, train.ErrDiverged):
		r.Status = StatusDiverged
		r.Epochs++ // the epoch in which the loss became non-finite
	case ctx.Err() != nil:
		return r, ctx.Err()
	default:
		return r, fmt.Errorf("%s at learning rate %g, seed %d: %w", j.solver, j.lr, j.seed, err)
	}
	o.add(pending + cfg.MaxEpochs - r.Epochs)
	kernel, bias := m.Kernel(), m.Bias()
	if r.Status == StatusDiverged || !allFinite(append([]float64{bias}, kernel...)) {
		r.Status, r.EpochsToAgreement = StatusDiverged, nil
		return r, nil
	}
	r.Kernel, r.Bias = kernel, &bias
	if !math.IsNaN(angle) {
		r.AngleDeg = &angle
	}
	if !math.IsInf(gap, 0) {
		r.OffsetGap = &gap
	}
	if r.Epochs > 0 && !math.IsNaN(last) {
		r.Loss = &last
	}
	return r, nil
}

// allFinite reports whether no value is NaN or ±Inf.
func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

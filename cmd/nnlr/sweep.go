package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/train"
)

// The default grid of nnlr sweep.
var (
	defaultSweepSolvers = "sgd,momentum,nesterov,adam,rmsprop,adagrad"
	defaultSweepLRs     = "0.001,0.01,0.1,1"
)

// exitInterrupted is nnlr sweep's exit code after Ctrl-C (SIGINT): 128 + 2,
// the shell's convention for a process ended by SIGINT.
const exitInterrupted = 130

// sweepOptions are the flags of nnlr sweep.
type sweepOptions struct {
	solversText   string    // --solvers as given
	solvers       []string  // --solvers, resolved by validate
	lrsText       string    // --lrs as given
	lrs           []float64 // --lrs, parsed by validate
	seeds         int
	seed          uint64
	maxEpochs     int
	batchSize     int
	workers       int
	out           string
	json          bool
	model         modelOptions // --dtype, --init
	data          dataOptions  // --data, --dataset, columns, classes, --standardize, --C
	sag           sagOptions   // --sag-max-iter, --sag-tol, --sag-seed
	outputOptions              // --format, --quiet

	stderr io.Writer // where the progress bar goes
	// afterRun, when not nil, is called after each finished run with the
	// number of runs finished so far (tests cancel the sweep from it). It
	// is called from the workers, one call at a time.
	afterRun func(finished int)
}

func newSweepCmd() *cobra.Command { return newSweepCmdWith(&sweepOptions{}) }

// newSweepCmdWith returns nnlr sweep filling o from its flags.
func newSweepCmdWith(o *sweepOptions) *cobra.Command {
	fit := train.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "sweep",
		Short: "Epochs until the network's boundary agrees with the regression's, per solver and learning rate",
		Long: `sweep fits the regression by SAG once, then trains the network (Dense(1,
sigmoid), a Gorgonia graph) for every solver × learning rate × seed until its
decision boundary agrees with the regression's (angle ≤ 1° and offset gap ≤ 1 %,
as compare's convergence finding) or --max-epochs is reached. It prints the
median epochs to agreement over the seeds, the share of seeds that reached it
and the median final angle, and writes sweep.png into --out.

Each solver's hyper-parameters other than the learning rate keep their
defaults (nnlr solvers). Runs
go in parallel on all cores. Ctrl-C stops the sweep: the finished runs are
still reported, marked as interrupted, and nnlr exits with code 130.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkSetFlags(cmd.Flags(), &hiddenOptions{}); err != nil {
				return err
			}
			if err := o.validate(); err != nil {
				return err
			}
			o.stderr = cmd.ErrOrStderr()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			go func() {
				// After the first Ctrl-C, a second one ends the process at once.
				<-ctx.Done()
				stop()
			}()
			return runSweep(ctx, o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.solversText, "solvers", defaultSweepSolvers, "graph: solvers to sweep, comma-separated (see nnlr solvers)")
	f.StringVar(&o.lrsText, "lrs", defaultSweepLRs, "graph: learning rates to sweep, comma-separated, each positive")
	f.IntVar(&o.seeds, "seeds", 5, "graph: seeds per solver and learning rate: --seed … --seed+N−1 (initialisation and shuffling)")
	f.Uint64Var(&o.seed, "seed", 0, "graph: first seed")
	f.IntVar(&o.maxEpochs, "max-epochs", 100000, "graph: largest number of epochs of a run")
	f.IntVar(&o.batchSize, "batch-size", fit.BatchSize, "graph: samples per update (Keras's batch_size)")
	f.IntVar(&o.workers, "workers", 0, "runs trained at once, one graph each (0: one per core, GOMAXPROCS)")
	f.StringVar(&o.out, "out", "nnlr-out", "folder for the figure (created when missing)")
	f.BoolVar(&o.json, "json", false, "print the report, with every run, as one JSON object on stdout")
	o.model.addFlags(f)
	addDataFlags(f, &o.data)
	o.sag.addFlags(f)
	o.outputOptions.addFlags(f)
	return cmd
}

// validate checks the flags' values and names the first bad one in a
// usageError: an unknown or repeated solver, a learning rate that is not a
// positive number or is repeated, fewer than one seed, epoch or batch row,
// a negative worker count, and the shared data, model, SAG and output
// flags.
func (o *sweepOptions) validate() error {
	fields := splitList(o.solversText)
	if len(fields) == 0 {
		return usagef("--solvers: name at least one solver (valid: %s)", strings.Join(train.SolverNames(), ", "))
	}
	names := make([]string, len(fields))
	for i, s := range fields {
		info, err := train.LookupSolver(s)
		if err != nil {
			return usagef("--solvers: %q is not a solver (valid: %s)", s, strings.Join(train.SolverNames(), ", "))
		}
		if slices.Contains(names[:i], info.Name) {
			return usagef("--solvers: %s is given twice", info.Name)
		}
		names[i] = info.Name
	}
	o.solvers = names
	fields = splitList(o.lrsText)
	if len(fields) == 0 {
		return usagef("--lrs: give at least one learning rate")
	}
	o.lrs = make([]float64, len(fields))
	for i, field := range fields {
		lr, err := strconv.ParseFloat(field, 64)
		if err != nil || math.IsNaN(lr) || math.IsInf(lr, 0) || lr <= 0 {
			return usagef("--lrs: %q is not a positive learning rate", field)
		}
		if slices.Contains(o.lrs[:i], lr) {
			return usagef("--lrs: %v is given twice", lr)
		}
		o.lrs[i] = lr
	}
	switch {
	case o.seeds < 1:
		return usagef("--seeds %d: must be at least 1", o.seeds)
	case o.seeds > 10000:
		return usagef("--seeds %d: at most 10000", o.seeds)
	case o.maxEpochs < 1:
		return usagef("--max-epochs %d: must be at least 1", o.maxEpochs)
	case o.batchSize < 1:
		return usagef("--batch-size %d: must be at least 1", o.batchSize)
	case o.workers < 0:
		return usagef("--workers %d: must not be negative", o.workers)
	case o.out == "":
		return usagef("--out: must name a folder")
	}
	for _, err := range []error{o.model.resolve(), o.sag.validate(), o.data.validate(), o.outputOptions.validate()} {
		if err != nil {
			return err
		}
	}
	return nil
}

// runSweep loads the data, fits the baseline, trains every run of the grid
// until ctx is cancelled, writes the figure and prints the report. When ctx
// is cancelled before every run has finished, the finished runs are still
// reported (marked as interrupted) and the error returned carries exit code
// exitInterrupted. Nothing is written before the data has loaded and the
// baseline has been fitted.
func runSweep(ctx context.Context, o *sweepOptions, stdout io.Writer) error {
	ld, err := o.data.load()
	if err != nil {
		return err
	}
	rep, err := sweep(ctx, ld, o)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("--out %s: %w", o.out, err)
	}
	if err := writeSweepFigure(rep, o.out, o.format); err != nil {
		return err
	}
	if o.json {
		err = writeJSON(stdout, rep)
	} else {
		err = writeSweepText(stdout, rep)
	}
	if err != nil {
		return err
	}
	if rep.Interrupted {
		return exitError{code: exitInterrupted, err: fmt.Errorf("sweep interrupted: %d of %d runs finished", rep.FinishedRuns, rep.TotalRuns)}
	}
	return nil
}

// sweepJob is one run of the grid.
type sweepJob struct {
	solver string
	lr     float64
	seed   uint64
}

// jobs lists the grid's runs in report order: solvers, then learning
// rates, then seeds, as the flags give them.
func (o *sweepOptions) jobs() []sweepJob {
	var out []sweepJob
	for _, s := range o.solvers {
		for _, lr := range o.lrs {
			for k := 0; k < o.seeds; k++ {
				out = append(out, sweepJob{solver: s, lr: lr, seed: o.seed + uint64(k)})
			}
		}
	}
	return out
}

// errAgreed stops a run (train.Config.OnEpoch) once its boundary agrees
// with the baseline's.
var errAgreed = errors.New("agreement reached")

// progressChunk is how many epochs a worker counts before it tells the
// progress bar, so that the bar's lock is not taken every epoch.
const progressChunk = 256

// sweep fits the baseline on ld once and trains every run of the grid, at
// most o.workers (default GOMAXPROCS) at a time, one graph per run owned by
// its worker. Each run's result lands in its slot of the grid, so the
// report does not depend on the scheduling. When ctx is cancelled the
// runs in progress stop after their current epoch and are left out; the
// report says so (Interrupted). A run that fails for another reason than
// divergence stops the sweep with its error.
func sweep(ctx context.Context, ld *loaded, o *sweepOptions) (*sweepReport, error) {
	ds := ld.ds
	n, d := ds.X.Dims()
	gcfg, err := o.model.graphConfig(d, min(o.batchSize, n), o.seed)
	if err != nil {
		return nil, err
	}
	gcfg.L2 = penaltyL2(o.data.c, n) // --C: the same penalty on both models
	lr, b, err := o.sag.fitBaseline(ds, o.data.c, false)
	if err != nil {
		return nil, err
	}
	ref := explain.Linear{Coef: lr.Coef, Intercept: lr.Intercept}
	crit, err := explain.NewCriterion(ref, ds.X)
	if err != nil {
		return nil, err
	}
	jobs := o.jobs()
	rep := newSweepReport(ld, o, gcfg, b, crit, len(jobs))

	runs := make([]sweepRun, len(jobs))
	errs := make([]error, len(jobs))
	work, fail := context.WithCancelCause(ctx)
	defer fail(nil)
	prog := newProgress(o.stderr, len(jobs)*o.maxEpochs, o.quiet)
	workers := o.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		finished int
	)
	for w := 0; w < min(workers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				runs[i], errs[i] = o.train(work, ds, gcfg, jobs[i], crit, prog)
				if errs[i] != nil {
					if work.Err() == nil {
						fail(errs[i])
					}
					continue
				}
				mu.Lock()
				finished++
				if o.afterRun != nil {
					o.afterRun(finished)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-work.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	prog.finish()
	if err := context.Cause(work); err != nil && ctx.Err() == nil {
		// Not interrupted: the first run that failed stopped the sweep.
		return nil, err
	}
	rep.finish(runs, errs, o)
	return rep, nil
}

// train runs one job: a new graph seeded by the job's seed, trained with
// the job's solver and learning rate until its boundary meets crit (checked
// after every epoch), max-epochs, divergence or ctx's cancellation. It
// returns ctx's error when cancelled (the run is unfinished) and other
// errors wrapped with the job.
func (o *sweepOptions) train(ctx context.Context, ds *dataset.Dataset, gcfg graph.Config, j sweepJob, crit explain.Criterion, prog *progress) (sweepRun, error) {
	r := sweepRun{Solver: j.solver, LearningRate: j.lr, Seed: j.seed}
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
	fit.Epochs, fit.BatchSize, fit.Seed = o.maxEpochs, o.batchSize, j.seed
	gcfg.Seed = j.seed
	m, err := graph.New(gcfg)
	if err != nil {
		return r, fmt.Errorf("%s at learning rate %g, seed %d: %w", j.solver, j.lr, j.seed, err)
	}
	defer m.Close()
	done := ctx.Done()
	pending := 0
	angle, gap := math.NaN(), math.Inf(1)
	fit.OnEpoch = func(int, float64) error {
		if pending++; pending == progressChunk {
			prog.add(pending)
			pending = 0
		}
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		angle, gap = crit.Measure(explain.Linear{Coef: m.Kernel(), Intercept: m.Bias()})
		if crit.Within(angle, gap) {
			return errAgreed
		}
		return nil
	}
	hist, err := train.Fit(m, ds.X, ds.Y, fit)
	if hist != nil {
		r.Epochs = len(hist.Loss)
	}
	switch {
	case err == nil:
		r.Status = statusMaxEpochs
	case errors.Is(err, errAgreed):
		r.Status = statusAgreement
		e := r.Epochs
		r.EpochsToAgreement = &e
	case errors.Is(err, train.ErrDiverged):
		r.Status = statusDiverged
		r.Epochs++ // the epoch in which the loss became non-finite
	case ctx.Err() != nil:
		return r, ctx.Err()
	default:
		return r, fmt.Errorf("%s at learning rate %g, seed %d: %w", j.solver, j.lr, j.seed, err)
	}
	prog.add(pending + o.maxEpochs - r.Epochs)
	kernel, bias := m.Kernel(), m.Bias()
	if r.Status == statusDiverged || !allFinite(append([]float64{bias}, kernel...)) {
		r.Status, r.EpochsToAgreement = statusDiverged, nil
		return r, nil
	}
	r.Kernel, r.Bias = kernel, &bias
	if !math.IsNaN(angle) {
		r.AngleDeg = &angle
	}
	if !math.IsInf(gap, 0) {
		r.OffsetGap = &gap
	}
	if len(hist.Loss) > 0 {
		l := hist.Loss[len(hist.Loss)-1]
		r.Loss = &l
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

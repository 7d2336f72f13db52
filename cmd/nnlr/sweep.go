package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/cliflag"
	"nnlr/internal/cmdutil"
	"nnlr/internal/interrupt"
	"nnlr/internal/progress"
	"nnlr/internal/render"
	"nnlr/train"
)

// The default grid of nnlr sweep.
var (
	defaultSweepSolvers = "sgd,momentum,nesterov,adam,rmsprop,adagrad"
	defaultSweepLRs     = "0.001,0.01,0.1,1"
)

// defaultMaxEpochs is --max-epochs's default: the default grid (120 runs)
// then takes about a minute on 2 cores with glorot_uniform (where no run
// agrees on the seed problem), and with --init zeros every run that agrees
// within 100000 epochs agrees within it, but those of sgd at 0.001 and
// adagrad at 0.001 and 0.01.
const defaultMaxEpochs = 20000

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
	model         modelOptions // --dtype, --init
	data          dataOptions  // --data, --dataset, columns, classes, --standardize, --C
	sag           sagOptions   // --sag-max-iter, --sag-tol, --sag-seed
	outputOptions              // --out, --json, --format, --quiet
}

// newSweepCmd returns nnlr sweep. After parsing and validating its flags it
// calls runF with the options (tests capture them, as gh's commands do), or
// runSweep when runF is nil.
func newSweepCmd(runF func(context.Context, *sweepOptions, io.Writer, io.Writer) error) *cobra.Command {
	if runF == nil {
		runF = func(ctx context.Context, o *sweepOptions, stdout, stderr io.Writer) error {
			return runSweep(ctx, o, stdout, stderr)
		}
	}
	o := &sweepOptions{}
	fit := train.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "sweep",
		Short: "Epochs until the network's boundary agrees with the regression's, per solver and learning rate",
		Long:  longHelp("sweep"),
		Args:  cmdutil.NoArgs,
		RunE: runChecked(o.validate, func(ctx context.Context, stdout, stderr io.Writer) error {
			return runF(ctx, o, stdout, stderr)
		}),
	}
	cmd.SetFlagErrorFunc(cmdutil.FlagErrorFunc)
	f := cmd.Flags()
	f.StringVar(&o.solversText, "solvers", defaultSweepSolvers, "graph: solvers to sweep, comma-separated (see nnlr solvers)")
	f.StringVar(&o.lrsText, "lrs", defaultSweepLRs, "graph: learning rates to sweep, comma-separated, each positive")
	f.IntVar(&o.seeds, "seeds", 5, "graph: seeds per solver and learning rate: --seed … --seed+N−1 (initialisation and shuffling)")
	f.Uint64Var(&o.seed, "seed", 0, "graph: first seed")
	cliflag.CountVar(f, &o.maxEpochs, "max-epochs", defaultMaxEpochs, "graph: largest number of epochs of a run (1e6 notation accepted)")
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
// usage error: an unknown solver, a learning rate that is not a positive
// number, a negative worker count, the shared data, model and output
// flags, then the configuration they give (experiment's validation, e.g.
// a repeated solver or learning rate, fewer than one seed, epoch or batch
// row; flagError).
func (o *sweepOptions) validate(*pflag.FlagSet) error {
	fields := cliflag.List(o.solversText)
	if len(fields) == 0 {
		return cmdutil.Usagef("--solvers: name at least one solver (valid: %s)", strings.Join(train.SolverNames(), ", "))
	}
	names := make([]string, len(fields))
	for i, s := range fields {
		info, err := train.LookupSolver(s)
		if err != nil {
			return cmdutil.Usagef("--solvers: %s is not a solver (valid: %s)", cliflag.Quote(s), strings.Join(train.SolverNames(), ", "))
		}
		names[i] = info.Name
	}
	o.solvers = names
	fields = cliflag.List(o.lrsText)
	if len(fields) == 0 {
		return cmdutil.Usagef("--lrs: give at least one learning rate")
	}
	o.lrs = make([]float64, len(fields))
	for i, field := range fields {
		lr, err := strconv.ParseFloat(field, 64)
		if err != nil || math.IsNaN(lr) || math.IsInf(lr, 0) || lr <= 0 {
			return cmdutil.Usagef("--lrs: %s is not a positive learning rate", cliflag.Quote(field))
		}
		o.lrs[i] = lr
	}
	if o.workers < 0 {
		return cmdutil.Usagef("--workers %d: must not be negative", o.workers)
	}
	for _, err := range []error{o.model.resolve(), o.data.validate(), o.outputOptions.validate()} {
		if err != nil {
			return err
		}
	}
	return checkConfig(o.config(nil))
}

// runSweep loads the data, runs experiment.Sweep until ctx is cancelled,
// writes the figure and prints the report. When ctx is cancelled before
// every run has finished, the finished runs are still reported (marked as
// interrupted) and the error returned carries exit code interrupt.ExitCode.
// Nothing is written before the data has loaded and the baseline has been
// fitted.
func runSweep(ctx context.Context, o *sweepOptions, stdout, stderr io.Writer, opts ...experiment.Option) error {
	ds, err := o.data.load()
	if errors.Is(err, dataset.ErrTooManyClasses) {
		return cmdutil.Reword(err.Error()+" (nnlr sweep compares two classes; nnlr compare runs all of them)", err)
	}
	if err != nil {
		return err
	}
	cfg, err := o.config(ds)
	if err != nil {
		return err
	}
	runs := len(cfg.Solvers) * len(cfg.LearningRates) * cfg.Seeds
	if !o.quiet {
		announceSweep(ctx, stderr, ds, cfg, runs, o.workers)
	}
	prog := newProgress(stderr, progress.MulSat(runs, cfg.MaxEpochs), o.quiet)
	prog.CountRuns(runs)
	opts = append([]experiment.Option{experiment.WithProgress(prog.Add), experiment.WithWorkers(o.workers),
		experiment.WithRunFinished(prog.RunFinished)}, opts...)
	rep, err := experiment.Sweep(ctx, ds, cfg, opts...)
	prog.Finish()
	if err != nil {
		return err
	}
	// An interrupted sweep still draws its finished runs (exit 130 after the report).
	if err := o.publish(context.Background(), stdout, stderr, render.SweepFigures(rep), &rep.Figures, rep,
		func(w io.Writer) error { return render.SweepText(w, rep) }); err != nil {
		return err
	}
	if rep.Interrupted {
		return cmdutil.ExitError{Code: interrupt.ExitCode, Err: fmt.Errorf("sweep interrupted: %d of %d runs finished", rep.FinishedRuns, rep.TotalRuns)}
	}
	return nil
}

// config returns the experiment's configuration for the flags and the
// loaded data ds (an explicit --init must hold d + 1 values).
func (o *sweepOptions) config(ds *dataset.Dataset) (experiment.SweepConfig, error) {
	cfg := experiment.DefaultSweepConfig()
	cfg.Solvers, cfg.LearningRates, cfg.Seeds, cfg.Seed = o.solvers, o.lrs, o.seeds, o.seed
	cfg.MaxEpochs, cfg.BatchSize, cfg.C, cfg.SAG = o.maxEpochs, o.batchSize, o.data.c, o.sag.config()
	err := o.model.apply(&cfg.Dtype, &cfg.Init, &cfg.InitialKernel, &cfg.InitialBias, features(ds))
	return cfg, err
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"gonum.org/v1/gonum/floats"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/cliflag"
	"nnlr/internal/cmdutil"
	"nnlr/internal/interrupt"
	"nnlr/internal/progress"
	"nnlr/internal/render"
	"nnlr/internal/sysmem"
	"nnlr/train"
)

// compareOptions are the flags of nnlr compare.
type compareOptions struct {
	epochs        int
	batchSize     int
	seed          uint64
	runs          int
	sag           sagOptions    // --sag-max-iter, --sag-tol, --sag-seed
	baseline      string        // --baseline: sag or sklearn-default
	solver        solverOptions // --solver, its hyper-parameters, --dtype, --init, --l2
	data          dataOptions   // --data, --dataset, columns, classes, --standardize, --C, --plot-features
	hidden        hiddenOptions // --hidden, --activation
	output        string        // --output: "", sigmoid or softmax
	outputOptions               // --out, --json, --format, --quiet
}

// newCompareCmd returns nnlr compare. After parsing and validating its
// flags it calls runF with the options (tests capture them, as gh's
// commands do), or runCompare when runF is nil.
func newCompareCmd(runF func(context.Context, *compareOptions, io.Writer, io.Writer) error) *cobra.Command {
	if runF == nil {
		runF = runCompare
	}
	fit := train.DefaultConfig()
	o := &compareOptions{data: dataOptions{multiclass: true}}
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Train the network and the regression on the same data and compare their boundaries",
		Long:  longHelp("compare"),
		Args:  cmdutil.NoArgs,
		RunE: runChecked(o.validate, func(ctx context.Context, stdout, stderr io.Writer) error {
			return runF(ctx, o, stdout, stderr)
		}),
	}
	cmd.SetFlagErrorFunc(cmdutil.FlagErrorFunc)
	f := cmd.Flags()
	cliflag.CountVar(f, &o.epochs, "epochs", fit.Epochs, "graph: training epochs (1e6 notation accepted)")
	f.IntVar(&o.batchSize, "batch-size", fit.BatchSize, "graph: samples per update (Keras's batch_size)")
	f.Uint64Var(&o.seed, "seed", 0, "graph: seed of the glorot_uniform initialisation and of the shuffling")
	f.IntVar(&o.runs, "runs", 1, "graph: train N independent graphs with seeds seed … seed+N−1 (in parallel) and report the spread of their angles")
	o.sag.addFlags(f)
	f.StringVar(&o.baseline, "baseline", experiment.BaselineSAG, "baseline: sag (LogisticRegression by SAG with --C, --sag-max-iter, --sag-tol) or sklearn-default (LogisticRegression()'s defaults: C = 1, lbfgs, max_iter 100, tol 1e-4)")
	f.StringVar(&o.out, "out", "nnlr-out", "folder for the figures (created when missing)")
	f.BoolVar(&o.json, "json", false, "print the report as one JSON object on stdout")
	o.solver.register(f)
	addDataFlags(f, &o.data)
	addPlotFlag(f, &o.data)
	o.hidden.addFlags(f)
	addOutputFlag(f, &o.output)
	o.outputOptions.addFlags(f)
	return cmd
}

// validate checks the parsed flags (f tells which were set) and names the
// first bad one in a usage error: each group of flags in turn, then the
// configuration they give (experiment's validation, flagError).
func (o *compareOptions) validate(f *pflag.FlagSet) error {
	if err := o.hidden.validate(); err != nil {
		return err
	}
	if err := validateOutput(o.output); err != nil {
		return err
	}
	if o.solver.l2 > 0 && !math.IsInf(o.data.c, 1) {
		return cmdutil.Usagef("--l2 and --C: both set the graph's L2 penalty; --C sets l2 = 1/(C·n) for the graph and α = 1/(C·n) for SAG, give one")
	}
	for _, check := range []func() error{o.data.validate, func() error { return o.solver.resolve(f) }, o.outputOptions.validate} {
		if err := check(); err != nil {
			return err
		}
	}
	return checkConfig(o.config(nil))
}

// runCompare loads the data, runs experiment.Compare (or, with k classes,
// experiment.CompareClasses), writes the figures and prints the report.
// Nothing is written before the data has loaded and both fits have
// succeeded.
func runCompare(ctx context.Context, o *compareOptions, stdout, stderr io.Writer) error {
	ds, err := o.data.load()
	if err != nil {
		return err
	}
	if err := o.checkOutput(ds); err != nil {
		return err
	}
	cfg, err := o.config(ds)
	if err != nil {
		return err
	}
	if o.multiclassRun(ds) {
		return runCompareClasses(ctx, o, ds, cfg, stdout, stderr)
	}
	prog := newProgress(stderr, progress.MulSat(o.runs, o.epochs), o.quiet)
	rep, err := experiment.Compare(ctx, ds, cfg, runOptions(prog)...)
	prog.Finish()
	if err != nil {
		return interrupted(ctx, memoryAdvice(inCLIWords(err)))
	}
	if err := checkReportFinite(rep); err != nil {
		return err
	}
	return o.publish(ctx, stdout, stderr, render.Figures(ds, rep), &rep.Figures, rep,
		func(w io.Writer) error { return render.Text(w, rep) })
}

// runOptions are the options of compare's experiment: progress, the
// memory available, and the remedies' flags.
func runOptions(prog *progress.Reporter) []experiment.Option {
	return []experiment.Option{experiment.WithProgress(prog.Add), experiment.WithMemoryLimit(sysmem.Available()),
		experiment.WithSettingNames(settingFlag)}
}

// interrupted returns err as a cmdutil.ExitError of code interrupt.ExitCode when ctx
// was cancelled (SIGINT or SIGTERM): nothing was written.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		return err
	}
	return cmdutil.ExitError{Code: interrupt.ExitCode, Err: fmt.Errorf("compare interrupted: no figure written or replaced, no report printed (%w)", err)}
}

// inCLIWords words the advice of an *experiment.DivergedError with the
// CLI's flags; other errors are returned as they are.
func inCLIWords(err error) error {
	var de *experiment.DivergedError
	if errors.As(err, &de) {
		return cmdutil.Reword(de.Prefix()+"; lower the learning rate or scale the data (e.g. --standardize)", err)
	}
	return err
}

// config returns the experiment's configuration for the flags and the
// loaded data ds (an explicit --init must hold d + 1 values; --init other
// than glorot_uniform does not go with --hidden). Without data (ds nil) an
// explicit --init is left unread.
func (o *compareOptions) config(ds *dataset.Dataset) (experiment.CompareConfig, error) {
	cfg := experiment.DefaultCompareConfig()
	cfg.Fit = o.solver.cfg
	cfg.Fit.Epochs, cfg.Fit.BatchSize, cfg.Fit.Seed = o.epochs, o.batchSize, o.seed
	if err := o.solver.modelOptions.apply(&cfg.Dtype, &cfg.Init, &cfg.InitialKernel, &cfg.InitialBias, features(ds)); err != nil {
		return cfg, err
	}
	cfg.Hidden = o.hidden.layers()
	if len(cfg.Hidden) > 0 && cfg.Init != experiment.InitGlorot {
		return cfg, cmdutil.Usagef("--init %s: sets the kernel of the no-hidden-layer model; with --hidden every layer starts glorot_uniform with zero bias", cfg.Init)
	}
	cfg.L2, cfg.C, cfg.SAG, cfg.Runs, cfg.Baseline = o.solver.l2, o.data.c, o.sag.config(), o.runs, o.baseline
	cfg.PlotFeatures = cliflag.List(o.data.plotFeatures)
	return cfg, nil
}

// checkReportFinite refuses a report holding NaN or ±Inf (JSON cannot carry them,
// and they are never a result): the training blew up without its loss
// becoming non-finite, e.g. a learning rate so large that the parameters
// overflowed in the metrics. It returns an error naming the graph's kernel
// size, before any figure is written.
func checkReportFinite(rep *report) error {
	_, err := json.Marshal(rep)
	var uv *json.UnsupportedValueError
	if errors.As(err, &uv) {
		return fmt.Errorf("graph: the results are not finite numbers (%s; largest |kernel| value %.3g): training blew up; lower --lr or scale the data (--standardize)",
			uv.Str, floats.Norm(rep.Graph.Kernel, math.Inf(1)))
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

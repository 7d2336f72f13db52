package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"gonum.org/v1/gonum/floats"
	"io"
	"math"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/train"
)

// compareOptions are the flags of nnlr compare.
type compareOptions struct {
	epochs         int
	batchSize      int
	seed           uint64
	sag            sagOptions // --sag-max-iter, --sag-tol, --sag-seed
	out            string
	json           bool
	solver         solverOptions // --solver, its hyper-parameters, --dtype, --init, --l2
	data           dataOptions   // --data, --dataset, columns, classes, --standardize, --C, --plot-features
	hidden         hiddenOptions // --hidden, --activation
	explainOptions               // --runs, --format, --quiet
}

func newCompareCmd() *cobra.Command {
	fit := train.DefaultConfig()
	o := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Train the network and the regression on the same data and compare their boundaries",
		Long: `compare trains a Dense(1, activation="sigmoid") network as a Gorgonia graph
(glorot_uniform kernel, zero bias, mean binary cross-entropy, Keras's fit loop)
and a logistic regression by SAG (as scikit-learn's solver="sag") on the same
data, prints both models side by side and writes boundary.png into --out.

The data is the seed problem X = [[1,1],[2,2]], y = [0,1] unless --data
names a CSV file or --dataset a built-in set (nnlr datasets lists them).
With --C both models minimise the same L2-penalised objective.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkSetFlags(cmd.Flags(), &o.hidden); err != nil {
				return err
			}
			if err := o.validate(); err != nil {
				return err
			}
			if err := o.solver.resolve(cmd.Flags()); err != nil {
				return err
			}
			if err := o.explainOptions.validate(); err != nil {
				return err
			}
			o.stderr = cmd.ErrOrStderr()
			return runCompare(o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.epochs, "epochs", fit.Epochs, "graph: training epochs")
	f.IntVar(&o.batchSize, "batch-size", fit.BatchSize, "graph: samples per update (Keras's batch_size)")
	f.Uint64Var(&o.seed, "seed", 0, "graph: seed of the glorot_uniform initialisation and of the shuffling")
	o.sag.addFlags(f)
	f.StringVar(&o.out, "out", "nnlr-out", "folder for the figures (created when missing)")
	f.BoolVar(&o.json, "json", false, "print the report as one JSON object on stdout")
	o.solver.register(f)
	addDataFlags(f, &o.data)
	addPlotFlag(f, &o.data)
	o.hidden.addFlags(f)
	o.addFlags(f)
	return cmd
}

// validate checks the flags' values and names the first bad one.
func (o *compareOptions) validate() error {
	if err := o.hidden.validate(); err != nil {
		return err
	}
	switch {
	case o.epochs < 1:
		return usagef("--epochs %d: must be at least 1", o.epochs)
	case o.batchSize < 1:
		return usagef("--batch-size %d: must be at least 1", o.batchSize)
	case o.out == "":
		return usagef("--out: must name a folder")
	case o.solver.l2 > 0 && !math.IsInf(o.data.c, 1):
		return usagef("--l2 and --C: both set the graph's L2 penalty; --C sets l2 = 1/(C·n) for the graph and α = 1/(C·n) for SAG, give one")
	}
	if err := o.sag.validate(); err != nil {
		return err
	}
	return o.data.validate()
}

// runCompare loads the data, trains both models, writes the figures and
// prints the report. Nothing is written before the data has loaded and both
// fits have succeeded.
func runCompare(o *compareOptions, stdout io.Writer) error {
	ld, err := o.data.load()
	if err != nil {
		return err
	}
	rep, err := compare(ld, o)
	if err != nil {
		return err
	}
	describeData(rep, ld)
	if err := checkReportFinite(rep); err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("--out %s: %w", o.out, err)
	}
	if err := writeFigures(ld, rep, o.out, o.format); err != nil {
		return err
	}
	if o.json {
		return writeJSON(stdout, rep)
	}
	return writeText(stdout, rep)
}

// compare trains the graph and the baseline on the loaded data and
// measures them.
func compare(ld *loaded, o *compareOptions) (*report, error) {
	ds := ld.ds
	n, d := ds.X.Dims()
	fitCfg := o.solver.cfg
	fitCfg.Epochs, fitCfg.BatchSize, fitCfg.Seed = o.epochs, o.batchSize, o.seed

	graphCfg, err := o.solver.graphConfig(d, min(o.batchSize, n), o.seed)
	if err != nil {
		return nil, err
	}
	if l2 := penaltyL2(o.data.c, n); l2 > 0 {
		// --C: the same penalty ‖W‖²/(2·C·n) on both sides (see penaltyL2).
		graphCfg.L2 = l2
	}
	if err := o.hidden.apply(&graphCfg, o.solver.initKind); err != nil {
		return nil, err
	}
	model, err := graph.New(graphCfg)
	if err != nil {
		return nil, err
	}
	defer model.Close()
	o.prog = newProgress(o.stderr, o.runs*o.epochs, o.quiet)
	defer o.prog.finish()
	runs := startRuns(ds, graphCfg, fitCfg, o.seed, o.runs, o.prog)
	defer runs.cancel()
	rec := &epochRecorder{model: model, prog: o.prog, linear: len(graphCfg.Hidden) == 0}
	fitCfg.OnEpoch = rec.onEpoch
	rep := &report{Data: dataReport{Name: ds.Name, Samples: n, Features: ds.Features, Classes: ds.Classes}}
	g := &rep.Graph
	g.Solver, g.LearningRate, g.BatchSize, g.Epochs, g.Seed = fitCfg.Solver, fitCfg.LearningRate, o.batchSize, o.epochs, o.seed
	if err := o.solver.report(g, fitCfg); err != nil {
		return nil, err
	}
	g.L2 = graphCfg.L2 // --l2, or 1/(C·n) from --C
	g.Dtype = string(model.Dtype())
	g.InitialKernel, g.InitialBias = model.Kernel(), model.Bias()
	initialLayers := model.Layers()

	runs.acquire()
	hist, err := train.Fit(model, ds.X, ds.Y, fitCfg)
	runs.release()
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	g.LossHistory = hist.Loss
	g.Kernel, g.Bias = model.Kernel(), model.Bias()
	if err := checkFinite("graph", g.Kernel, g.Bias, o.epochs); err != nil {
		return nil, err
	}
	if !math.IsInf(o.data.c, 1) {
		c := o.data.c
		g.C = &c
	}
	gm, err := train.Evaluate(model, ds.X, ds.Y)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	g.Loss, g.Accuracy, g.AUC = gm.Loss, gm.Accuracy, auc(gm)
	if math.IsNaN(g.Loss) || math.IsInf(g.Loss, 0) {
		return nil, fmt.Errorf("graph: after epoch %d: %w: the loss on the data is %v (the logits overflow); lower the learning rate or scale the data (e.g. --standardize)", o.epochs, train.ErrDiverged, g.Loss)
	}

	lr, b, err := o.sag.fitBaseline(ds, o.data.c, true)
	if err != nil {
		return nil, err
	}
	rep.Baseline = b

	if normal, ok := graphNormal(model); ok {
		if angle, err := explain.AngleDeg(normal, b.Coef); err == nil {
			rep.Agreement.AngleDeg = &angle
		}
	}
	if err := measureLayers(rep, model, initialLayers, lr, ld); err != nil {
		return nil, err
	}
	if rec.linear {
		if err := explainCompare(ds, rep, lr, rec.traj, graphCfg.L2); err != nil {
			return nil, fmt.Errorf("diagnosis: %w", err)
		}
	}
	first := runReport{Seed: o.seed, Kernel: g.Kernel, Bias: g.Bias, Loss: g.Loss}
	if k, bias, err := model.EndToEnd(); err == nil {
		first.normal, first.intercept = k, bias
	}
	if rep.Runs, err = runs.wait(first, b.Coef); err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	return rep, nil
}

func auc(m train.Metrics) *float64 {
	if !m.AUCDefined {
		return nil
	}
	v := m.AUC
	return &v
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

// checkSetFlags rejects flags that were given but would be ignored: an
// empty --data (it would silently run the seed problem) and --activation
// without --hidden.
func checkSetFlags(f *pflag.FlagSet, h *hiddenOptions) error {
	if f.Changed("data") {
		if v, _ := f.GetString("data"); v == "" {
			return usagef("--data: empty file name")
		}
	}
	if f.Changed("activation") && len(h.widths) == 0 {
		return usagef("--activation: the hidden layers' activation needs --hidden (the output is always one sigmoid unit)")
	}
	return nil
}

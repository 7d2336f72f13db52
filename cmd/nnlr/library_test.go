package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
	"nnlr/train"
)

// The CLI's JSON is the library's report: experiment.Compare on
// dataset.Builtin("seed") with DefaultCompareConfig and the CLI's setting
// names (WithSettingNames(settingFlag), which fills the remedies' flags),
// marshalled, equals nnlr compare --json once the figures the CLI wrote
// are added.
func TestCompareJSONIsTheLibraryReport(t *testing.T) {
	t.Parallel()
	_, stdout, _ := nnlr(t, "compare", "--json", "--out", t.TempDir())
	var cli struct{ Figures []string }
	if err := json.Unmarshal([]byte(stdout), &cli); err != nil || len(cli.Figures) != 4 {
		t.Fatalf("CLI JSON: %v, figures %v", err, cli.Figures)
	}
	ds, err := dataset.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := experiment.Compare(context.Background(), ds, experiment.DefaultCompareConfig(), experiment.WithSettingNames(settingFlag))
	if err != nil {
		t.Fatal(err)
	}
	rep.Figures = cli.Figures
	got, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := json.Compact(&want, []byte(stdout)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("library JSON differs from the CLI's:\n%s\n%s", got, want.Bytes())
	}
}

// The same for nnlr sweep on a small grid.
func TestSweepJSONIsTheLibraryReport(t *testing.T) {
	t.Parallel()
	_, stdout, _ := nnlr(t, "sweep", "--init", "zeros", "--solvers", "sgd,adam", "--lrs", "1", "--seeds", "2", "--max-epochs", "300", "--json", "--out", t.TempDir())
	var cli struct{ Figures []string }
	if err := json.Unmarshal([]byte(stdout), &cli); err != nil || len(cli.Figures) != 1 {
		t.Fatalf("CLI JSON: %v, figures %v", err, cli.Figures)
	}
	ds, err := dataset.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	cfg := experiment.DefaultSweepConfig()
	cfg.Init, cfg.Solvers, cfg.LearningRates, cfg.Seeds, cfg.MaxEpochs = experiment.InitZeros, []string{"sgd", "adam"}, []float64{1}, 2, 300
	rep, err := experiment.Sweep(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep.Figures = cli.Figures
	got, _ := json.Marshal(rep)
	var want bytes.Buffer
	if err := json.Compact(&want, []byte(stdout)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("library JSON differs from the CLI's:\n%s\n%s", got, want.Bytes())
	}
}

// The text report's step counts come from the diagnosis's step_budget
// finding (the renderer no longer recomputes them): with batch size 1 the
// graph makes 100 epochs × 2 updates, SAG 300 epochs × n = 2 samples; the
// budgets are updates × learning rate (0.01) and updates × step size (4/9).
// The report leads with the verdict and ends with the footer built from
// it: no "another --seed" (the old footer's advice).
func TestCompareTextStepCounts(t *testing.T) {
	t.Parallel()
	_, stdout, _ := nnlr(t, "compare", "--batch-size", "1", "--out", t.TempDir())
	for _, want := range []string{
		"the graph could move 2 (100 epochs × 2 updates × learning rate 0.01)",
		"against SAG's 267 (300 epochs × 2 samples × step size 0.444)",
		"The graph lags (main cause: null space): try --init zeros, --C 1, --epochs 14000 or --lr 0.67.\n",
	} {
		if !strings.Contains(strings.Join(strings.Fields(stdout), " ")+"\n", want) && !strings.Contains(stdout, want) {
			t.Errorf("report lacks\n%s\n%s", want, stdout)
		}
	}
	if lines := strings.SplitN(stdout, "\n", 3); !strings.HasPrefix(lines[1], "Verdict: The graph lags") {
		t.Errorf("second line %q, want the verdict", lines[1])
	}
	if strings.Contains(stdout, "--seed") {
		t.Errorf("report advises --seed:\n%s", stdout)
	}
}

// parseCompare parses nnlr compare's flags without running the experiment
// (the runF seam) and returns the configuration they give for the data
// set ds, or the parsing's error.
func parseCompare(t *testing.T, ds *dataset.Dataset, args ...string) (experiment.CompareConfig, *compareOptions, error) {
	t.Helper()
	var got *compareOptions
	cmd := newCompareCmd(func(_ context.Context, o *compareOptions, _, _ io.Writer) error {
		got = o
		return nil
	})
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.Execute(); err != nil {
		return experiment.CompareConfig{}, nil, err
	}
	cfg, err := got.config(ds)
	return cfg, got, err
}

// Flags map to the experiment's settings; no training runs.
func TestCompareFlagsToConfig(t *testing.T) {
	t.Parallel()
	ds := dataset.Seed()
	cfg, _, err := parseCompare(t, ds)
	if err != nil {
		t.Fatal(err)
	}
	if def := experiment.DefaultCompareConfig(); !reflect.DeepEqual(cfg, def) {
		t.Errorf("no flags: %+v, want the defaults %+v", cfg, def)
	}
	cfg, o, err := parseCompare(t, ds, "--solver", "adam", "--lr", "0.1", "--beta1", "0.8", "--clip", "0.5", "--epochs", "7",
		"--batch-size", "3", "--seed", "9", "--C", "2", "--init", "0.5,-0.3,0.1", "--dtype", "float32", "--runs", "4",
		"--sag-max-iter", "50", "--sag-tol", "1e-4", "--sag-seed", "3", "--plot-features", "x2,x1", "--format", "svg", "--json", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	f := cfg.Fit
	if f.Solver != "adam" || f.LearningRate != 0.1 || f.Beta1 != 0.8 || f.Beta2 != 0.999 || f.Clip != 0.5 || f.Epochs != 7 || f.BatchSize != 3 || f.Seed != 9 {
		t.Errorf("fit %+v", f)
	}
	if cfg.C != 2 || cfg.L2 != 0 || cfg.Init != experiment.InitExplicit || !reflect.DeepEqual(cfg.InitialKernel, []float64{0.5, -0.3}) || cfg.InitialBias != 0.1 ||
		cfg.Dtype != graph.Float32 || cfg.Runs != 4 || cfg.SAG.MaxIter != 50 || cfg.SAG.Tol != 1e-4 || cfg.SAG.Seed != 3 ||
		!reflect.DeepEqual(cfg.PlotFeatures, []string{"x2", "x1"}) || !math.IsInf(cfg.SAG.C, 1) {
		t.Errorf("config %+v", cfg)
	}
	if o.format != "svg" || !o.json || !o.quiet || o.out != "nnlr-out" {
		t.Errorf("output options %+v", o)
	}
	cfg, _, err = parseCompare(t, ds, "--hidden", "4,3", "--activation", "tanh", "--l2", "0.01")
	if err != nil {
		t.Fatal(err)
	}
	if want := []graph.Dense{{Units: 4, Activation: graph.Tanh}, {Units: 3, Activation: graph.Tanh}}; !reflect.DeepEqual(cfg.Hidden, want) || cfg.L2 != 0.01 {
		t.Errorf("hidden %+v, l2 %v", cfg.Hidden, cfg.L2)
	}
	for _, bad := range [][]string{{"--init", "1,2"}, {"--hidden", "4", "--init", "zeros"}, {"--epochs", "0"}, {"--solver", "sgd", "--beta1", "0.5"}} {
		if _, _, err := parseCompare(t, ds, bad...); exitCode(err) != 2 {
			t.Errorf("%v: error %v, want a usage error", bad, err)
		}
	}
}

// Enumerated flags complete their values (cobra's flag-value completion).
func TestFlagValueCompletion(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "compare", "--solver", ""}, "adam\n"},
		{[]string{"__complete", "sweep", "--dataset", ""}, "breast-cancer\n"},
		{[]string{"__complete", "compare", "--format", ""}, "svg\n"},
		{[]string{"__complete", "compare", "--activation", ""}, "tanh\n"},
		{[]string{"__complete", "sweep", "--dtype", ""}, "float32\n"},
		{[]string{"__complete", "compare", "--init", ""}, "zeros\n"},
	} {
		code, stdout, _ := nnlr(t, c.args...)
		if code != 0 || !strings.Contains(stdout, c.want) || !strings.Contains(stdout, ":4\n") {
			t.Errorf("%v: exit %d, completions %q; want %q without files", c.args, code, stdout, c.want)
		}
	}
}

// Exit codes follow the error's type: an unknown command and extra
// arguments are usage errors (2) as bad flags are; a failed run is 1.
func TestExitCodesByType(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"nocommand"}, 2},
		{[]string{"compare", "extra"}, 2},
		{[]string{"solvers", "x"}, 2},
		{[]string{"compare", "--data", "/nonexistent/x.csv"}, 1},
	} {
		if code, _, stderr := nnlr(t, c.args...); code != c.code {
			t.Errorf("%v: exit %d (%s), want %d", c.args, code, stderr, c.code)
		}
	}
}

// A library's diverged fit is worded with the CLI's flags, as before the
// experiment left package main, and still wraps train.ErrDiverged.
func TestDivergedInCLIWords(t *testing.T) {
	t.Parallel()
	err := inCLIWords(fmt.Errorf("x: %w", &experiment.DivergedError{Model: "graph", Epoch: 100, Detail: "the parameters are not finite"}))
	want := "graph: after epoch 100: training diverged: loss is not finite: the parameters are not finite; lower the learning rate or scale the data (e.g. --standardize)"
	if err.Error() != want || !errors.Is(err, train.ErrDiverged) {
		t.Errorf("error %q, want %q wrapping train.ErrDiverged", err, want)
	}
}

// Sweep's flags map to the experiment's settings; no training runs.
func TestSweepFlagsToConfig(t *testing.T) {
	t.Parallel()
	var got *sweepOptions
	cmd := newSweepCmd(func(_ context.Context, o *sweepOptions, _, _ io.Writer) error {
		got = o
		return nil
	})
	cmd.SetArgs([]string{"--solvers", "adam, sgd", "--lrs", "0.5,2", "--seeds", "3", "--seed", "7", "--max-epochs", "40",
		"--batch-size", "4", "--init", "zeros", "--dtype", "float32", "--C", "3", "--sag-max-iter", "20", "--workers", "2"})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	cfg, err := got.config(dataset.Seed())
	if err != nil {
		t.Fatal(err)
	}
	want := experiment.DefaultSweepConfig()
	want.Solvers, want.LearningRates, want.Seeds, want.Seed, want.MaxEpochs, want.BatchSize = []string{"adam", "sgd"}, []float64{0.5, 2}, 3, 7, 40, 4
	want.Init, want.Dtype, want.C, want.SAG.MaxIter = experiment.InitZeros, graph.Float32, 3, 20
	if !reflect.DeepEqual(cfg, want) || got.workers != 2 {
		t.Errorf("config %+v (workers %d), want %+v", cfg, got.workers, want)
	}
}

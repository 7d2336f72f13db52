package experiment

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/train"
)

// The extra runs are split into at most workers−1 stacks of near-equal
// size, none larger than stackBudget allows; float32 and softmax models
// are not stacked.
func TestStackPlan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		cfg            graph.Config
		count, workers int
		want           [][]int
	}{
		{graph.Config{Features: 2, BatchRows: 2}, 7, 2, [][]int{{0, 1, 2, 3, 4, 5, 6}}},
		{graph.Config{Features: 2, BatchRows: 2}, 7, 4, [][]int{{0, 1}, {2, 3}, {4, 5, 6}}},
		{graph.Config{Features: 2, BatchRows: 2}, 2, 8, [][]int{{0}, {1}}},
		{graph.Config{Features: 2, BatchRows: 2}, 1, 1, [][]int{{0}}},
		{graph.Config{Features: 1 << 10, BatchRows: 1 << 9}, 5, 2, [][]int{{0}, {1, 2}, {3, 4}}},
		{graph.Config{Features: 200000, BatchRows: 50}, 3, 2, [][]int{{0}, {1}, {2}}},
		{graph.Config{Features: 2, BatchRows: 2, Dtype: graph.Float32}, 3, 2, [][]int{{0}, {1}, {2}}},
		{graph.Config{Features: 2, BatchRows: 2, Output: graph.Softmax, Classes: 3}, 2, 2, [][]int{{0}, {1}}},
		{graph.Config{Features: 2, BatchRows: 2}, 0, 2, [][]int{}},
	}
	for _, c := range cases {
		if got := stackPlan(c.cfg, c.count, c.workers); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%d runs of %d × %d (%s), %d workers: %v, want %v", c.count, c.cfg.BatchRows, c.cfg.Features, c.cfg.Dtype, c.workers, got, c.want)
		}
	}
}

// Stacked runs report exactly what single graphs of their seeds report, on
// the seed problem and on the standardized breast-cancer data (30
// features), with sgd and adam, without and with hidden layers (and in
// float32 for these shapes, although stackPlan does not stack float32).
func TestTrainStackMatchesSingleRuns(t *testing.T) {
	t.Parallel()
	seed := seedData(t)
	bc, err := dataset.Builtin("breast-cancer")
	if err != nil {
		t.Fatal(err)
	}
	bc = dataset.Standardize(bc)
	for _, c := range []struct {
		name   string
		ds     *dataset.Dataset
		hidden []graph.Dense
		tol    float64
	}{
		{"seed", seed, nil, 0},
		{"breast-cancer", bc, nil, 0},
		{"breast-cancer hidden", bc, []graph.Dense{{Units: 3, Activation: graph.Tanh}}, 0},
		{"breast-cancer relu+sigmoid float32", bc, []graph.Dense{{Units: 4, Activation: graph.ReLU}, {Units: 3, Activation: graph.Sigmoid}}, 0},
	} {
		for _, solver := range []string{"sgd", "adam"} {
			t.Run(c.name+"/"+solver, func(t *testing.T) {
				n, d := c.ds.X.Dims()
				fit := train.DefaultConfig()
				if err := fit.SetSolver(solver); err != nil {
					t.Fatal(err)
				}
				fit.Epochs = 20
				gcfg := graph.Config{Features: d, BatchRows: min(32, n), Hidden: c.hidden}
				if strings.HasSuffix(c.name, "float32") {
					gcfg.Dtype = graph.Float32
				}
				seeds := []uint64{1, 2, 3}
				epochs := 0
				o := options{progress: func(e int) { epochs += e }}
				reps, err := trainStack(context.Background(), c.ds, gcfg, fit, seeds, o)
				if err != nil {
					t.Fatal(err)
				}
				if epochs != len(seeds)*fit.Epochs {
					t.Errorf("progress counted %d epochs, want %d", epochs, len(seeds)*fit.Epochs)
				}
				for k, s := range seeds {
					r, err := trainRun(context.Background(), c.ds, gcfg, fit, s, options{})
					if err != nil {
						t.Fatal(err)
					}
					got := reps[k]
					if got.Seed != s || len(got.Kernel) != len(r.Kernel) {
						t.Fatalf("run %d: seed %d, %d kernel values; want seed %d, %d", k, got.Seed, len(got.Kernel), s, len(r.Kernel))
					}
					vals := append(append([]float64{r.Bias, r.Loss}, r.Kernel...), r.Normal...)
					gots := append(append([]float64{got.Bias, got.Loss}, got.Kernel...), got.Normal...)
					if len(vals) != len(gots) {
						t.Fatalf("run %d: %d values, want %d", k, len(gots), len(vals))
					}
					for i := range vals {
						if math.Abs(gots[i]-vals[i]) > c.tol*math.Abs(vals[i]) {
							t.Errorf("run %d value %d: %.17g stacked, %.17g alone", k, i, gots[i], vals[i])
						}
					}
				}
			})
		}
	}
}

// A run that diverges stops the stack with its error, naming its seed.
func TestTrainStackDiverged(t *testing.T) {
	t.Parallel()
	ds := seedData(t)
	fit := train.DefaultConfig()
	fit.LearningRate = 1e308
	gcfg := graph.Config{Features: 2, BatchRows: 2}
	_, err := trainStack(context.Background(), ds, gcfg, fit, []uint64{4, 5}, options{})
	if err == nil || !errors.Is(err, train.ErrDiverged) {
		t.Fatalf("error %v, want one wrapping ErrDiverged", err)
	}
}

// The sweep stacks the seeds of one solver and learning rate, and splits
// them when there are fewer groups than workers.
func TestSweepPlan(t *testing.T) {
	t.Parallel()
	cfg := DefaultSweepConfig()
	cfg.Solvers, cfg.LearningRates, cfg.Seeds = []string{"sgd", "adam"}, []float64{0.1, 1}, 3
	gcfg := graph.Config{Features: 2, BatchRows: 2}
	want := [][]int{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9, 10, 11}}
	if got := sweepPlan(gcfg, cfg.jobs(), 2); !reflect.DeepEqual(got, want) {
		t.Errorf("4 groups, 2 workers: %v, want %v", got, want)
	}
	cfg.Solvers, cfg.LearningRates = []string{"sgd"}, []float64{1}
	if got, want := sweepPlan(gcfg, cfg.jobs(), 2), [][]int{{0}, {1, 2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("1 group, 2 workers: %v, want %v", got, want)
	}
	gcfg.Output, gcfg.Classes = graph.Softmax, 3
	if got, want := sweepPlan(gcfg, cfg.jobs(), 1), [][]int{{0}, {1}, {2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("softmax: %v, want %v", got, want)
	}
}

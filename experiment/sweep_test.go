package experiment

import (
	"context"
	"math"
	"reflect"
	"sync"
	"testing"

	"nnlr/internal/explain"
)

// smallSweep is a grid on the seed problem from a zero kernel, where every
// run agrees: the angle is exactly 0 and the boundary x1 + x2 = s passes
// SAG's s ≈ 2.907 on its way to 3.
func smallSweep() SweepConfig {
	cfg := DefaultSweepConfig()
	cfg.Init, cfg.Solvers, cfg.LearningRates, cfg.Seeds, cfg.MaxEpochs = InitZeros, []string{"sgd", "adam"}, []float64{1}, 3, 2000
	return cfg
}

// Every run stops at its first epoch of agreement; the rows count them,
// and the report is the same whatever the number of workers.
func TestSweepAgreesAndIsDeterministic(t *testing.T) {
	t.Parallel()
	ds := seedData(t)
	rep, err := Sweep(context.Background(), ds, smallSweep(), WithWorkers(1))
	if err != nil {
		t.Fatal(err)
	}
	if rep.TotalRuns != 6 || rep.FinishedRuns != 6 || rep.Interrupted || len(rep.Rows) != 2 {
		t.Fatalf("%d of %d runs, interrupted %v, %d rows", rep.FinishedRuns, rep.TotalRuns, rep.Interrupted, len(rep.Rows))
	}
	for _, r := range rep.Runs {
		if r.Status != StatusAgreement || r.EpochsToAgreement == nil || *r.EpochsToAgreement != r.Epochs || *r.AngleDeg != 0 ||
			*r.OffsetGap > rep.Criterion.OffsetTol {
			t.Errorf("run %+v did not stop at agreement", r)
		}
	}
	// SGD at learning rate 1 on the seed data: 142 epochs (README's table).
	if r := rep.Rows[0]; r.Solver != "sgd" || r.LearningRate != 1 || r.Reached != 3 || r.MedianEpochs == nil || *r.MedianEpochs != 142 {
		t.Errorf("row %+v, want sgd at 1 reaching in 142 epochs", r)
	}
	again, err := Sweep(context.Background(), ds, smallSweep(), WithWorkers(3))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep, again) {
		t.Error("1 and 3 workers gave different reports")
	}
}

// Cancelling after the third finished run (one worker) keeps exactly the
// first three runs, marks the report interrupted and returns no error;
// progress counts every epoch of the finished runs.
func TestSweepCancelKeepsFinishedRuns(t *testing.T) {
	t.Parallel()
	ds := seedData(t)
	full, err := Sweep(context.Background(), ds, smallSweep())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	epochs := 0
	rep, err := Sweep(ctx, ds, smallSweep(), WithWorkers(1), WithProgress(func(n int) { epochs += n }),
		WithRunFinished(func(n int) {
			if n == 3 {
				cancel()
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Interrupted || rep.FinishedRuns != 3 || !reflect.DeepEqual(rep.Runs, full.Runs[:3]) {
		t.Errorf("interrupted %v, %d runs finished: %+v", rep.Interrupted, rep.FinishedRuns, rep.Runs)
	}
	if epochs != 3*2000 {
		t.Errorf("progress %d epochs, want %d (3 runs × max epochs)", epochs, 3*2000)
	}
}

// Validate names the setting.
func TestSweepConfigValidate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		edit func(*SweepConfig)
		want string
	}{
		{func(c *SweepConfig) { c.Solvers = []string{"sgd", "sgd"} }, "solvers: sgd is given twice"},
		{func(c *SweepConfig) { c.LearningRates = []float64{math.NaN()} }, "learning_rates: NaN is not a positive learning rate"},
		{func(c *SweepConfig) { c.Seeds = 0 }, "seeds 0: must be at least 1"},
		{func(c *SweepConfig) { c.MaxEpochs = 0 }, "max_epochs 0: must be at least 1"},
		{func(c *SweepConfig) { c.Dtype = "float16" }, `dtype "float16": want float64 or float32`},
	} {
		cfg := DefaultSweepConfig()
		c.edit(&cfg)
		if err := cfg.Validate(); err == nil || err.Error() != c.want {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

// Stacked seeds (sweepStack) report exactly what single graphs (sweepRun)
// report, run by run, on a grid where runs agree, reach max epochs and
// diverge: every field equal, progress the same total, and every run
// reported finished once.
func TestSweepStackedEqualsSingleRuns(t *testing.T) {
	t.Parallel()
	ds := seedData(t)
	cfg := DefaultSweepConfig()
	cfg.Solvers, cfg.LearningRates, cfg.Seeds, cfg.MaxEpochs = []string{"sgd", "adam", "momentum"}, []float64{0.01, 1, 1e100}, 4, 300
	cfg.Init = InitZeros // from glorot_uniform the null-space part never leaves
	cfg.C = 1            // with a penalty, learning rate 1e100 overflows (without one it stays finite)
	var epochs int
	var mu sync.Mutex
	finished := 0
	rep, err := Sweep(context.Background(), ds, cfg, WithWorkers(2), WithProgress(func(e int) { mu.Lock(); epochs += e; mu.Unlock() }),
		WithRunFinished(func(n int) { finished = n }))
	if err != nil {
		t.Fatal(err)
	}
	if finished != 36 {
		t.Errorf("%d runs finished, want 36", finished)
	}
	n, d := ds.X.Dims()
	gcfg, err := graphConfig(cfg.Dtype, cfg.Init, nil, 0, d, min(cfg.BatchSize, n), 0, penaltyL2(cfg.C, n))
	if err != nil {
		t.Fatal(err)
	}
	lr, _, err := fitBaseline(context.Background(), ds, cfg.SAG, cfg.C, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	crit, err := explain.NewCriterion(explain.Linear{Coef: lr.Coef, Intercept: lr.Intercept}, ds.X)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	aloneEpochs := 0
	for i, j := range cfg.jobs() {
		alone, err := sweepRun(context.Background(), ds, gcfg, cfg, j, crit, options{progress: func(e int) { aloneEpochs += e }})
		if err != nil {
			t.Fatal(err)
		}
		statuses[alone.Status]++
		if !reflect.DeepEqual(rep.Runs[i], alone) {
			t.Errorf("run %d (%s, %g, seed %d):\nstacked %+v\nalone   %+v", i, j.solver, j.lr, j.seed, rep.Runs[i], alone)
		}
	}
	if epochs != aloneEpochs {
		t.Errorf("progress %d epochs stacked, %d alone", epochs, aloneEpochs)
	}
	if statuses[StatusAgreement] == 0 || statuses[StatusMaxEpochs] == 0 || statuses[StatusDiverged] == 0 {
		t.Errorf("statuses %v: the grid should agree, reach max epochs and diverge", statuses)
	}
}

package experiment

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"nnlr/graph"
	"nnlr/internal/explain"
)

// Oversize settings are refused, with the estimate, before anything is
// allocated in proportion to them: hidden layers of 100,000 × 100,000
// units (an 80 GB kernel) under a 4 GiB limit cost less than a megabyte.
func TestCompareRefusesWhatWillNotFit(t *testing.T) {
	t.Parallel()
	ds := seedData(t)
	cfg := DefaultCompareConfig()
	cfg.Hidden = []graph.Dense{{Units: 100000, Activation: graph.ReLU}, {Units: 100000, Activation: graph.ReLU}}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Compare(context.Background(), ds, cfg, WithMemoryLimit(4<<30))
	runtime.ReadMemStats(&after)
	var me *MemoryError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want a *MemoryError", err)
	}
	if me.Need < 80e9 || me.Params < 1e10 || !strings.Contains(err.Error(), "GiB") {
		t.Errorf("estimate %v bytes for %v parameters (%v); want at least 80 GB for 1e10", me.Need, me.Params, err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
		t.Errorf("refusing allocated %d bytes", d)
	}
	// Within the limit it runs: one hidden layer of 8 units.
	cfg.Hidden = []graph.Dense{{Units: 8, Activation: graph.ReLU}}
	if _, err := Compare(context.Background(), ds, cfg, WithMemoryLimit(4<<30)); err != nil {
		t.Fatal(err)
	}
}

// The estimate grows with what costs memory and not with epochs beyond the
// bounded series.
func TestMemoryEstimate(t *testing.T) {
	t.Parallel()
	cfg := DefaultCompareConfig()
	base := cfg.MemoryEstimate(1000, 10, 2)
	if base <= 0 || base > 1<<30 {
		t.Fatalf("default estimate %v bytes", base)
	}
	wide := cfg
	wide.Hidden = []graph.Dense{{Units: 100000}}
	if w := wide.MemoryEstimate(2, 2, 2); w < 3*8*3e5 {
		t.Errorf("one hidden layer of 100000 units: %v bytes", w)
	}
	long, longer := cfg, cfg
	long.Fit.Epochs, longer.Fit.Epochs = 1_000_000_000, 1<<62
	if a, b := long.MemoryEstimate(1000, 10, 2), longer.MemoryEstimate(1000, 10, 2); b > 1.01*a || a > base+float64(fullTrajectoryBytes)*2 {
		t.Errorf("epochs 1e9: %v bytes, 2^62: %v bytes, default %v", a, b, base)
	}
	if more := cfg.MemoryEstimate(1_000_000, 10, 2); more < base+8*1e6*10 {
		t.Errorf("a million samples: %v bytes", more)
	}
}

// The agreement grid goes through a wide network in batches whose
// activations stay within 16 MiB.
func TestGridBatchRows(t *testing.T) {
	t.Parallel()
	for _, w := range []int{1, 100, 100000, 10_000_000} {
		r := gridBatchRows(2, []graph.Dense{{Units: w}})
		if r < 1 || r > 1024 || (r > 1 && r*w*8 > 16<<20) {
			t.Errorf("width %d: %d rows", w, r)
		}
	}
	if r := gridBatchRows(2, nil); r != 1024 {
		t.Errorf("no hidden layer: %d rows, want 1024", r)
	}
}

// A sweep whose max_epochs is huge allocates nothing in proportion to it:
// every run here agrees within a few hundred epochs (issue 15: each run
// allocated a loss history of max_epochs values up front).
func TestSweepHugeMaxEpochs(t *testing.T) {
	t.Parallel()
	cfg := smallSweep()
	cfg.MaxEpochs = 1_000_000_000_000_000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rep, err := Sweep(context.Background(), seedData(t), cfg, WithWorkers(1))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if rep.FinishedRuns != 6 || *rep.Rows[0].MedianEpochs != 142 {
		t.Errorf("%d runs finished, sgd median %v epochs; want 6 and 142", rep.FinishedRuns, *rep.Rows[0].MedianEpochs)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 256<<20 {
		t.Errorf("the sweep allocated %d bytes", d)
	}
}

// Learning rates outside 1e-100 … 1e100 are refused before training, and
// the diagnosis refuses step budgets that are not finite positive numbers
// (issue 15: --lr 1e-310 printed "+Inf times larger" in a finding).
func TestLearningRateRangeAndBudgets(t *testing.T) {
	t.Parallel()
	for _, lr := range []float64{1e-310, 1e-101, 1e101, math.Inf(1)} {
		cfg := DefaultCompareConfig()
		cfg.Fit.LearningRate = lr
		var se *SettingError
		if err := cfg.Validate(); !errors.As(err, &se) || se.Setting != "learning_rate" {
			t.Errorf("learning rate %v: %v", lr, err)
		}
		sw := DefaultSweepConfig()
		sw.LearningRates = []float64{lr}
		if err := sw.Validate(); !errors.As(err, &se) || se.Setting != "learning_rates" {
			t.Errorf("sweep learning rate %v: %v", lr, err)
		}
	}
	ds := seedData(t)
	in := explain.Inputs{X: ds.X, Epochs: 100, UpdatesPerEpoch: 1, LearningRate: 0.01, SAGEpochs: 300, StepSize: 4.0 / 9}
	if err := checkBudgets(in); err != nil {
		t.Errorf("the seed problem's budgets: %v", err)
	}
	in.LearningRate = 1e-310
	if err := checkBudgets(in); err == nil {
		t.Error("a budget of 1e-308 accepted: its ratio to SAG's overflows")
	}
	in.LearningRate, in.StepSize = 1e100, 1e-300
	if err := checkBudgets(in); err == nil {
		t.Error("a ratio of budgets of 1e400 accepted")
	}
}

// More than 100 hidden layers, or more than a million sweep runs, are
// refused by Validate before anything is built.
func TestLayerAndRunCounts(t *testing.T) {
	t.Parallel()
	cfg := DefaultCompareConfig()
	cfg.Hidden = make([]graph.Dense, 101)
	for i := range cfg.Hidden {
		cfg.Hidden[i] = graph.Dense{Units: 1, Activation: graph.ReLU}
	}
	var se *SettingError
	if err := cfg.Validate(); !errors.As(err, &se) || se.Setting != "hidden" {
		t.Errorf("101 layers: %v", err)
	}
	sw := DefaultSweepConfig()
	sw.LearningRates = make([]float64, 1000)
	for i := range sw.LearningRates {
		sw.LearningRates[i] = 1e-3 * float64(i+1)
	}
	sw.Seeds = 10000
	if err := sw.Validate(); !errors.As(err, &se) || se.Setting != "seeds" {
		t.Errorf("6 × 1000 × 10000 runs: %v", err)
	}
}

// CompareClasses refuses, under WithMemoryLimit, what will not fit: its
// series keep every epoch (k × (d + 1) values an epoch), so 1e9 epochs on
// iris (3 × 5 values, more than 100 GB) are refused under 4 GiB before
// anything is trained; 10 epochs run.
func TestCompareClassesRefusesWhatWillNotFit(t *testing.T) {
	t.Parallel()
	ds := loadClasses(t, "iris")
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 1_000_000_000
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := CompareClasses(ctx, ds, cfg, WithMemoryLimit(4<<30))
	var me *MemoryError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want a *MemoryError", err)
	}
	if me.Need < 1e11 || me.Params != 15 {
		t.Errorf("estimate %v bytes for %v parameters; want over 1e11 for 3 × (4 + 1) = 15", me.Need, me.Params)
	}
	cfg.Fit.Epochs = 10
	if _, err := CompareClasses(ctx, ds, cfg, WithMemoryLimit(4<<30)); err != nil {
		t.Fatal(err)
	}
}

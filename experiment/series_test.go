package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"nnlr/dataset"
	"nnlr/internal/explain"
)

// The sampler keeps every epoch up to seriesDense, then log-spaced epochs,
// the powers of ten and the last, and never more than about 11,500 of
// them, whatever the number of epochs; sampledEpochs lists what keep
// keeps.
func TestSamplerBounded(t *testing.T) {
	t.Parallel()
	for _, total := range []int{1, 100, 2048, 2049, 5000, 123456} {
		var kept []int
		s := sampler{total: total}
		for e := 1; e <= total; e++ {
			if s.keep(e) {
				kept = append(kept, e)
			}
		}
		want := sampledEpochs(total)
		if len(kept) != len(want) {
			t.Fatalf("total %d: keep kept %d epochs, sampledEpochs lists %d", total, len(kept), len(want))
		}
		for i := range kept {
			if kept[i] != want[i] {
				t.Fatalf("total %d: epoch %d kept, sampledEpochs says %d", total, kept[i], want[i])
			}
		}
		if kept[len(kept)-1] != total {
			t.Errorf("total %d: last epoch not kept", total)
		}
		for e := 1; e <= min(total, seriesDense); e++ {
			if kept[e-1] != e {
				t.Fatalf("total %d: epoch %d of the dense part missing", total, e)
			}
		}
	}
	for _, total := range []int{1_000_000, 100_000_000, 1_000_000_000_000, math.MaxInt} {
		e := sampledEpochs(total)
		if len(e) > 11_500 || float64(len(e)) > maxSeries(total) {
			t.Errorf("total %d: %d epochs kept, want at most 11500 and maxSeries %.0f", total, len(e), maxSeries(total))
		}
		for p := 1; p <= total && p <= math.MaxInt/10; p *= 10 {
			if epochIndex(e, p) < 0 {
				t.Errorf("total %d: power of ten %d not kept", total, p)
			}
		}
		for i := 1; i < len(e); i++ {
			if e[i] <= e[i-1] {
				t.Fatalf("total %d: epochs not increasing at %d", total, i)
			}
			if e[i-1] >= seriesDense && e[i]-e[i-1] > e[i-1]/seriesSpacing+1 {
				t.Fatalf("total %d: gap %d after epoch %d is wider than 1/%d", total, e[i]-e[i-1], e[i-1], seriesSpacing)
			}
		}
	}
}

// A long run keeps its series bounded: 30,000 epochs with a dense limit of
// 2048 hold about 2,750 loss values, and the trajectory (forced to be
// sampled) as many, not 30,000.
func TestCompareLongRunBoundedSeries(t *testing.T) {
	defer func(b int) { fullTrajectoryBytes = b }(fullTrajectoryBytes)
	fullTrajectoryBytes = 1
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 30_000
	cfg.SAG.MaxIter = 30_000
	rep, err := Compare(context.Background(), seedData(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := len(sampledEpochs(30_000))
	g, b := rep.Graph, rep.Baseline
	if len(g.LossHistory) != want || len(g.LossEpochs) != want || cap(g.LossHistory) > 2*want {
		t.Errorf("loss history: %d values (cap %d), %d epochs; want %d", len(g.LossHistory), cap(g.LossHistory), len(g.LossEpochs), want)
	}
	if len(b.ObjectiveHistory) != want || len(b.ObjectiveEpochs) != want {
		t.Errorf("objective history: %d values, %d epochs; want %d", len(b.ObjectiveHistory), len(b.ObjectiveEpochs), want)
	}
	if rep.Trajectory.Epochs() != want || len(rep.TrajectoryEpochs) != want { // the start of the last tenth, kept for the diagnosis, is thinned out
		t.Errorf("trajectory: %d boundaries, %d epochs; want %d", rep.Trajectory.Epochs(), len(rep.TrajectoryEpochs), want)
	}
	if n := len(rep.Diagnosis.Tracking.AngleDeg); n != rep.Trajectory.Epochs() {
		t.Errorf("tracking: %d angles for %d boundaries", n, rep.Trajectory.Epochs())
	}
	if _, ok := rep.TrajectoryAt(10_000); !ok {
		t.Error("the trajectory lacks epoch 10000 (powers of ten are kept for the evolution figure)")
	}
	if rep.SeriesResolution == "" {
		t.Error("series_resolution missing")
	}
}

// A diagnosis made from a sampled trajectory (the convergence measured
// epoch by epoch, the rest fixed by fixSampled) is the diagnosis made from
// every epoch: the same JSON, on data where the graph reaches the
// regression and where it does not.
func TestSampledDiagnosisEqualsFull(t *testing.T) {
	b, err := dataset.LookupBuiltin("iris")
	if err != nil {
		t.Fatal(err)
	}
	iris, err := b.Load(dataset.Options{Classes: []string{"versicolor", "virginica"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		ds     *dataset.Dataset
		epochs int
		lr     float64
	}{
		{"seed, not reached", seedData(t), 3000, 0.01},
		{"seed, reached", seedData(t), 3000, 1},
		{"iris", iris, 3000, 0.1},
	}
	for _, c := range cases {
		cfg := DefaultCompareConfig()
		cfg.Fit.Epochs, cfg.Fit.LearningRate = c.epochs, c.lr
		full, err := Compare(context.Background(), c.ds, cfg)
		if err != nil {
			t.Fatal(err)
		}
		saved, savedDense := fullTrajectoryBytes, seriesDense
		fullTrajectoryBytes, seriesDense = 1, 50
		sampled, err := Compare(context.Background(), c.ds, cfg)
		fullTrajectoryBytes, seriesDense = saved, savedDense
		if err != nil {
			t.Fatal(err)
		}
		if sampled.Trajectory.Epochs() >= c.epochs/2 {
			t.Fatalf("%s: the trajectory was not sampled (%d boundaries)", c.name, sampled.Trajectory.Epochs())
		}
		// The trend is a sum in another order: the same to 1e-12.
		ft, st := full.Diagnosis.Convergence.AngleTrendDegPerEpoch, sampled.Diagnosis.Convergence.AngleTrendDegPerEpoch
		if math.Abs(ft-st) > 1e-12*math.Max(1e-300, math.Abs(ft)) {
			t.Errorf("%s: trend %v sampled, %v full", c.name, st, ft)
		}
		sampled.Diagnosis.Convergence.AngleTrendDegPerEpoch = ft
		for k := range sampled.Diagnosis.Items {
			if v, ok := sampled.Diagnosis.Items[k].Values["trend_deg_per_epoch"]; ok {
				sampled.Diagnosis.Items[k].Values["trend_deg_per_epoch"] = full.Diagnosis.Items[k].Values["trend_deg_per_epoch"]
				_ = v
			}
			// The noise-floor count samples 11 epochs of the last tenth; on a
			// sampled trajectory they are the nearest kept boundaries, so the
			// count may differ by the odd rise. Its decision (a remedy of a
			// smaller learning rate or full batches, epochs called useless)
			// is in the items' remedies, compared below with everything else.
			if _, ok := sampled.Diagnosis.Items[k].Values["grad_rises_last_tenth"]; ok {
				sampled.Diagnosis.Items[k].Values["grad_rises_last_tenth"] = full.Diagnosis.Items[k].Values["grad_rises_last_tenth"]
			}
		}
		// The recorder counts the loss's rises over every epoch, as explain
		// counts them on a history of every epoch: written out here on the
		// full run's history up to seriesDense, then compared.
		if c.epochs > seriesDense {
			short := cfg
			short.Fit.Epochs = seriesDense
			rep, err := Compare(context.Background(), c.ds, short)
			if err != nil {
				t.Fatal(err)
			}
			h := rep.Graph.LossHistory
			if len(h) != seriesDense {
				t.Fatalf("%s: %d losses, want every one of %d epochs", c.name, len(h), seriesDense)
			}
			rises := 0
			for e := 1; e < len(h); e++ {
				if h[e] > h[e-1]*(1+explain.LossRiseShare) {
					rises++
				}
			}
			for _, it := range rep.Diagnosis.Items {
				if v, ok := it.Values["loss_rises"]; ok && v != float64(rises) {
					t.Errorf("%s: %v loss rises, counted %d", c.name, v, rises)
				}
			}
		}
		fj, _ := json.MarshalIndent(full.Diagnosis, "", " ")
		sj, _ := json.MarshalIndent(sampled.Diagnosis, "", " ")
		if string(fj) != string(sj) {
			t.Errorf("%s: the sampled diagnosis differs:\nfull    %s\nsampled %s", c.name, fj, sj)
		}
	}
}

// A trajectory of every epoch, once diagnosed, is thinned to the series'
// resolution with its tracking: 5000 epochs keep len(sampledEpochs(5000)).
func TestCompareThinsFullTrajectory(t *testing.T) {
	t.Parallel()
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 5000
	rep, err := Compare(context.Background(), seedData(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := len(sampledEpochs(5000))
	if rep.Trajectory.Epochs() != want || len(rep.TrajectoryEpochs) != want || len(rep.Diagnosis.Tracking.AngleDeg) != want ||
		len(rep.Diagnosis.Tracking.OffsetGap) != want {
		t.Errorf("trajectory %d, epochs %d, angles %d; want %d", rep.Trajectory.Epochs(), len(rep.TrajectoryEpochs), len(rep.Diagnosis.Tracking.AngleDeg), want)
	}
	if rep.TrajectoryEpochs[want-1] != 5000 {
		t.Errorf("last epoch kept %d", rep.TrajectoryEpochs[want-1])
	}
	if mt := rep.Diagnosis.MarginTracking; mt != nil && len(mt.AngleDeg) != want {
		t.Errorf("margin tracking: %d angles", len(mt.AngleDeg))
	}
}

// SAG's models are kept at the series' resolution (baselineTrajectory),
// not every epoch: with the dense part cut to 8 epochs, the diagnosis
// still quotes the baseline's ‖∇F‖∞ at the start of the last tenth of the
// epochs SAG ran (checked against a refit, checkLastTenth), whether SAG ran
// max_iter epochs (the epoch is recorded) or its tol rule stopped it (the
// model is refitted), and the phrase counts the last tenth of those epochs.
func TestSampledBaselineLastTenth(t *testing.T) {
	bx, by := overlapRows(60, 2, 0.5, 2)
	for i := 0; i < 60; i++ {
		bx.Set(i, 0, 100*bx.At(i, 0))
	}
	big := matrixData("wide scales", bx, by)
	saved := seriesDense
	seriesDense = 8
	defer func() { seriesDense = saved }()
	run := func(maxIter int, tol float64) *CompareReport {
		cfg := DefaultCompareConfig()
		cfg.Fit.Epochs, cfg.Fit.BatchSize = 50, 60
		cfg.C, cfg.SAG.Tol, cfg.SAG.MaxIter = 1, tol, maxIter
		rep, err := Compare(context.Background(), big, cfg)
		if err != nil {
			t.Fatal(err)
		}
		e := rep.Baseline.NIter
		if e <= 4*seriesDense {
			t.Fatalf("SAG ran %d epochs: too few to be sampled", e)
		}
		var no *explain.Item
		for k := range rep.Diagnosis.Items {
			if it := &rep.Diagnosis.Items[k]; it.Kind == explain.KindNotAtOptimum && it.Side == explain.SideBaseline {
				no = it
			}
		}
		if no == nil {
			t.Fatalf("no not_at_optimum item for the baseline: %v", rep.Diagnosis.Findings)
		}
		checkLastTenth(t, big, rep, *no)
		if want := fmt.Sprintf("over the last %d epochs", max(1, e/10)); !strings.Contains(no.Summary, want) {
			t.Errorf("summary lacks %q: %s", want, no.Summary)
		}
		return rep
	}
	// kept reports whether the recorder keeps epoch e of a run of max_iter m.
	kept := func(m, e int) bool {
		s := sampler{total: m, extra: lastTenthStart(m)}
		k := false
		for i := 1; i <= e; i++ {
			k = s.keep(i)
		}
		return k
	}
	var stopped *CompareReport
	paths := map[bool]bool{} // refitted or recorded: both are checked
	for _, tol := range []float64{1e-3, 1.1e-3, 1.3e-3, 1.7e-3, 2e-3, 7e-4, 5e-4} {
		stopped = run(5000, tol)
		if !stopped.Baseline.Converged {
			t.Fatalf("the tol rule did not stop SAG (%d epochs)", stopped.Baseline.NIter)
		}
		paths[!kept(5000, lastTenthStart(stopped.Baseline.NIter))] = true
	}
	if !paths[true] || !paths[false] {
		t.Fatalf("paths checked %v: want a refitted and a recorded model", paths)
	}
	full := run(stopped.Baseline.NIter-3, 1e-100)
	if full.Baseline.Converged || full.Baseline.NIter != stopped.Baseline.NIter-3 {
		t.Fatalf("SAG ran %d epochs, converged %v, want max_iter %d", full.Baseline.NIter, full.Baseline.Converged, stopped.Baseline.NIter-3)
	}
}

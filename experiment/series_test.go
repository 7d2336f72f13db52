package experiment

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"nnlr/dataset"
)

// The sampler keeps every epoch up to seriesDense, then log-spaced epochs,
// the powers of ten and the last, and never more than about 11,500 of
// them, whatever the number of epochs; sampledEpochs lists what keep
// keeps.
func TestSamplerBounded(t *testing.T) {
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

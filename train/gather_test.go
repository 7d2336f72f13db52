package train

import (
	"context"
	"errors"
	"math"
	"runtime"
	"testing"
	"time"

	"nnlr/graph"
)

// TestGatheredBatchesMatchDirectRows trains the same models twice, reading
// each shuffled batch's rows straight from the data (gathering off) and
// from the gatherer's buffer, with buffers of one batch, of several batches
// and of more than the whole data: every epoch loss and every parameter
// must be the same bit for bit (the gathered rows, their order and the
// arithmetic are the same). Shapes: sigmoid and softmax outputs, a hidden
// layer, float32, and a batch size that leaves a partial last batch.
func TestGatheredBatchesMatchDirectRows(t *testing.T) {
	const n, d = 203, 4
	x, y := machineData(n, d, 11)
	y3 := machineClasses(x, 3)
	type tcase struct {
		name    string
		cfg     graph.Config
		batch   int
		classes bool
	}
	cases := []tcase{
		{name: "sigmoid batch 32", cfg: graph.Config{}, batch: 32},
		{name: "sigmoid batch 7 float32", cfg: graph.Config{Dtype: graph.Float32}, batch: 7},
		{name: "hidden tanh batch 16", cfg: graph.Config{Hidden: []graph.Dense{{Units: 3, Activation: graph.Tanh}}}, batch: 16},
		{name: "softmax 3 batch 10", cfg: graph.Config{Output: graph.Softmax, Classes: 3}, batch: 10, classes: true},
	}
	oldMin, oldChunk := gatherMinValues, gatherChunkValues
	t.Cleanup(func() { gatherMinValues, gatherChunkValues = oldMin, oldChunk })
	for _, tc := range cases {
		labels := y
		if tc.classes {
			labels = y3
		}
		fit := func(minValues, chunkValues int) ([]float64, []float64) {
			gatherMinValues, gatherChunkValues = minValues, chunkValues
			cfg := tc.cfg
			cfg.Features, cfg.BatchRows, cfg.Seed = d, tc.batch, 3
			m, err := graph.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			fc := DefaultConfig()
			fc.Epochs, fc.BatchSize, fc.Seed, fc.LearningRate = 6, tc.batch, 9, 0.1
			h, err := Fit(context.Background(), m, x, labels, fc)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var params []float64
			for _, l := range m.Layers() {
				for _, row := range l.Kernel {
					params = append(params, row...)
				}
				params = append(params, l.Bias...)
			}
			return h.Loss, params
		}
		wantLoss, want := fit(math.MaxInt, 1<<15)
		for _, chunk := range []int{tc.batch * d, 3 * tc.batch * d, 1 << 20} {
			loss, got := fit(0, chunk)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%s, buffer of %d values: parameter %d is %v gathered, %v read directly", tc.name, chunk, i, got[i], want[i])
				}
			}
			for e := range wantLoss {
				if loss[e] != wantLoss[e] {
					t.Fatalf("%s, buffer of %d values: epoch %d loss %v gathered, %v read directly", tc.name, chunk, e+1, loss[e], wantLoss[e])
				}
			}
		}
	}
}

// TestGatheringStopsWithTheFit stops fits mid-epoch (a loss that overflows
// in the first epoch) and after an epoch (OnEpoch fails) while rows are
// gathered ahead: Fit must return with no gathering goroutine left behind.
func TestGatheringStopsWithTheFit(t *testing.T) {
	const n, d = 3000, 4
	x, y := machineData(n, d, 12)
	x.Scale(1e200, x) // logits overflow within the first batches
	oldMin, oldChunk := gatherMinValues, gatherChunkValues
	t.Cleanup(func() { gatherMinValues, gatherChunkValues = oldMin, oldChunk })
	gatherMinValues, gatherChunkValues = 0, 4*16*d // buffers of 4 batches
	before := runtime.NumGoroutine()
	for _, tc := range []struct {
		name    string
		onEpoch func(int, float64) error
		want    Status
	}{
		{"diverged mid-epoch", nil, Diverged},
		{"stopped by callback", func(int, float64) error { return errors.New("enough") }, StoppedByCallback},
	} {
		m, err := graph.New(graph.Config{Features: d, BatchRows: 16, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		fc := DefaultConfig()
		fc.Epochs, fc.BatchSize, fc.LearningRate, fc.OnEpoch = 3, 16, 1e6, tc.onEpoch
		xs := x
		if tc.onEpoch != nil {
			xs, _ = machineData(n, d, 12)
		}
		h, err := Fit(context.Background(), m, xs, y, fc)
		m.Close()
		if err == nil || h == nil || h.Status != tc.want {
			t.Fatalf("%s: history %+v, error %v: want status %v", tc.name, h, err, tc.want)
		}
		// The gathering goroutine has signalled its end when Fit returns;
		// give it a moment to leave the scheduler's count.
		after := runtime.NumGoroutine()
		for try := 0; try < 100 && after > before; try++ {
			time.Sleep(time.Millisecond)
			after = runtime.NumGoroutine()
		}
		if after > before {
			t.Errorf("%s: %d goroutines after Fit returned, %d before", tc.name, after, before)
		}
	}
}

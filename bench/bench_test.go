// nnlr's speed benchmarks: the workloads of the speed
// table in README.md, each with the reference time measured for PyTorch
// 1.13.1 or scikit-learn 1.2.1 on the same 2-core machine, reported as a
// ratio (metric "x_ref": our time / the reference's; below 1 is faster).
// The training workloads run on both graph machines (sub-benchmarks
// "executor", the default, and "tape", Gorgonia's TapeMachine) and, for a
// float64 logistic regression by SGD, as the hand-written Go loop HandLoop
// ("hand"), in one go test run, so that their ratios are measured together.
// Run them with:
//
//	go test ./bench -run '^$' -bench . -benchtime 1x   # one pass each, quick
//	bash bench/compare.sh                              # with the Python side measured too
package bench

import (
	"context"
	"math/rand/v2"
	"syscall"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/train"
)

// Reference times from the speed issue (PyTorch 1.13.1 eager, scikit-learn
// 1.2.1, Debian packages, this machine): per step or per run.
const (
	refSeedStepNs        = 97e3   // PyTorch, seed problem, one SGD step
	refBreastCancerNs    = 123e3  // PyTorch, breast-cancer batch 32, per step (float32 and float64)
	refFullBatch64Ns     = 66e6   // PyTorch, 200,000 × 50, one full-batch epoch, float64
	refFullBatch32Ns     = 46e6   // same, float32
	refSAGBreastCancerNs = 114e6  // scikit-learn SAG, breast-cancer standardised, C = 1, tol 1e-8
	refSAGLargeNs        = 4.36e9 // scikit-learn SAG, 200,000 × 50, C = 1, tol 1e-4
)

func reportRatio(b *testing.B, refNs float64, steps int) {
	perStep := float64(b.Elapsed().Nanoseconds()) / float64(b.N*steps)
	b.ReportMetric(perStep/refNs, "x_ref")
}

func breastCancer(b *testing.B) *dataset.Dataset {
	bi, err := dataset.LookupBuiltin("breast-cancer")
	if err != nil {
		b.Fatal(err)
	}
	ds, err := bi.Load(dataset.Options{}, 0)
	if err != nil {
		b.Fatal(err)
	}
	return dataset.Standardize(ds)
}

// machines are the graph machines each training benchmark compares in one
// run (sub-benchmarks "executor" and "tape"), with the hand-written loop
// ("hand", HandLoop) as the floor where the workload is a float64 logistic
// regression trained by SGD.
var machines = []graph.Machine{graph.MachineExecutor, graph.MachineTape}

// fitBench runs train.Fit for b.N epochs of a model of cfg (after a one-epoch
// warm-up when warm is set, for buffers and the first fill) and returns the
// steps of one epoch.
func fitBench(b *testing.B, cfg graph.Config, x *mat.Dense, y []float64, fit train.Config, warm bool) {
	m, err := graph.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	if m.Machine() != cfg.Machine {
		b.Fatalf("model runs on %q, want %q", m.Machine(), cfg.Machine)
	}
	if warm {
		fit.Epochs = 1
		if _, err := train.Fit(context.Background(), m, x, y, fit); err != nil {
			b.Fatal(err)
		}
	}
	fit.Epochs = b.N
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := train.Fit(context.Background(), m, x, y, fit); err != nil {
		b.Fatal(err)
	}
}

// handBench runs the hand-written loop for b.N epochs, shuffled like
// train.Fit when shuffle is set.
func handBench(b *testing.B, x *mat.Dense, y []float64, batch int, shuffle bool) {
	_, d := x.Dims()
	h := HandLoop{Kernel: make([]float64, d)}
	var rng *rand.Rand
	if shuffle {
		rng = graph.NewRand(1, 2)
	}
	data := x.RawMatrix().Data
	b.ReportAllocs()
	b.ResetTimer()
	h.Fit(data, y, batch, b.N, 0.01, rng)
}

// BenchmarkSeedSGDStep is one training step (forward, backward, SGD update)
// of the seed problem, as train.Fit runs it, on each machine and by the hand
// loop: ns/op is per step. x_ref is the ratio to PyTorch's step.
func BenchmarkSeedSGDStep(b *testing.B) {
	ds := dataset.Seed()
	for _, mc := range machines {
		b.Run(string(mc), func(b *testing.B) {
			fitBench(b, graph.Config{Features: 2, BatchRows: 2, Seed: 1, Machine: mc}, ds.X, ds.Y, train.DefaultConfig(), false)
			reportRatio(b, refSeedStepNs, 1)
		})
	}
	b.Run("hand", func(b *testing.B) {
		handBench(b, ds.X, ds.Y, 32, true)
		reportRatio(b, refSeedStepNs, 1)
	})
}

// BenchmarkBreastCancerStep is one step of batch 32 on breast-cancer
// (standardised), shuffled each epoch, per precision and machine (and the
// float64 hand loop): ns/op is per epoch of 18 steps; µs/step and the ratio
// x_ref to PyTorch are per step.
func BenchmarkBreastCancerStep(b *testing.B) {
	ds := breastCancer(b)
	n, d := ds.X.Dims()
	steps := (n + 31) / 32
	for _, dt := range []graph.Dtype{graph.Float64, graph.Float32} {
		b.Run(string(dt), func(b *testing.B) {
			for _, mc := range machines {
				b.Run(string(mc), func(b *testing.B) {
					fitBench(b, graph.Config{Features: d, BatchRows: 32, Seed: 1, Dtype: dt, Machine: mc}, ds.X, ds.Y, train.DefaultConfig(), false)
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps)/1e3, "µs/step")
					reportRatio(b, refBreastCancerNs, steps)
				})
			}
			if dt == graph.Float64 {
				b.Run("hand", func(b *testing.B) {
					handBench(b, ds.X, ds.Y, 32, true)
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps)/1e3, "µs/step")
					reportRatio(b, refBreastCancerNs, steps)
				})
			}
		})
	}
}

// BenchmarkFullBatchEpoch is one full-batch epoch (one step) on 200,000 × 50
// Gaussian data, without shuffling, in each precision on each machine (and
// the float64 hand loop).
func BenchmarkFullBatchEpoch(b *testing.B) {
	const n, d = 200_000, 50
	x, y := Gaussian(n, d, 1)
	for _, tc := range []struct {
		dt  graph.Dtype
		ref float64
	}{{graph.Float64, refFullBatch64Ns}, {graph.Float32, refFullBatch32Ns}} {
		b.Run(string(tc.dt), func(b *testing.B) {
			for _, mc := range machines {
				b.Run(string(mc), func(b *testing.B) {
					fit := train.DefaultConfig()
					fit.BatchSize, fit.Shuffle = n, false
					fitBench(b, graph.Config{Features: d, BatchRows: n, Seed: 1, Dtype: tc.dt, Machine: mc}, x, y, fit, true)
					reportRatio(b, tc.ref, 1)
					reportPeakRSS(b, float64(n*d*8))
				})
			}
			if tc.dt == graph.Float64 {
				b.Run("hand", func(b *testing.B) {
					handBench(b, x, y, n, false)
					reportRatio(b, tc.ref, 1)
				})
			}
		})
	}
}

// reportPeakRSS reports the process's peak resident memory so far as a
// multiple of dataBytes (metric "peak_rss_x_data"); meaningful when the
// benchmark runs alone (-bench 'FullBatchEpoch/float64').
func reportPeakRSS(b *testing.B, dataBytes float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return
	}
	b.ReportMetric(float64(ru.Maxrss)*1024/dataBytes, "peak_rss_x_data") // Maxrss is in KiB on Linux
}

// BenchmarkSAGBreastCancer fits SAG on breast-cancer (standardised), C = 1,
// tol 1e-8: ns/op is per fit.
func BenchmarkSAGBreastCancer(b *testing.B) {
	ds := breastCancer(b)
	cfg := baseline.DefaultSAGConfig()
	cfg.C, cfg.Tol, cfg.MaxIter = 1, 1e-8, 100_000
	b.ReportAllocs()
	var epochs int
	for i := 0; i < b.N; i++ {
		m, err := baseline.FitSAG(ds.X, ds.Y, cfg)
		if err != nil {
			b.Fatal(err)
		}
		epochs = m.NIter
	}
	b.ReportMetric(float64(epochs), "epochs")
	reportRatio(b, refSAGBreastCancerNs, 1)
}

// BenchmarkSAGLarge fits SAG on 200,000 × 50 Gaussian data, C = 1, tol 1e-4:
// ns/op is per fit.
func BenchmarkSAGLarge(b *testing.B) {
	x, y := Gaussian(200_000, 50, 1)
	cfg := baseline.DefaultSAGConfig()
	cfg.C, cfg.Tol, cfg.MaxIter = 1, 1e-4, 1000
	b.ReportAllocs()
	b.ResetTimer()
	var epochs int
	for i := 0; i < b.N; i++ {
		m, err := baseline.FitSAG(x, y, cfg)
		if err != nil {
			b.Fatal(err)
		}
		epochs = m.NIter
	}
	b.ReportMetric(float64(epochs), "epochs")
	reportRatio(b, refSAGLargeNs, 1)
}

// BenchmarkLargeDataStep is one epoch of batch-32 SGD over 1,000,000 × 20
// Gaussian data (160 MB, far beyond the caches), shuffled: ns/op is per
// epoch, µs/step per step, on the executor and by the hand loop.
func BenchmarkLargeDataStep(b *testing.B) {
	const n, d = 1_000_000, 20
	x, y := Gaussian(n, d, 1)
	steps := (n + 31) / 32
	b.Run("executor", func(b *testing.B) {
		fitBench(b, graph.Config{Features: d, BatchRows: 32, Seed: 1, Machine: graph.MachineExecutor}, x, y, train.DefaultConfig(), false)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps)/1e3, "µs/step")
	})
	b.Run("hand", func(b *testing.B) {
		handBench(b, x, y, 32, true)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps)/1e3, "µs/step")
	})
}

package bench

import (
	"context"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/train"
)

// BenchmarkEpochOverhead measures the per-epoch work that is not training,
// as nnlr's commands do it after every epoch (train.Config.OnEpoch): record
// the boundary (Model.Kernel and Model.Bias appended to an
// explain.Trajectory, as compare does), measure its angle and offset gap to
// a reference (explain.Criterion.Measure, as sweep does), count the epoch
// for the progress bar under a mutex and check a context for
// cancellation. It is timed inside the callback over b.N epochs of the
// seed problem (one step an epoch, the worst case) and of breast-cancer
// (batch 32, 18 steps): ns/op is per epoch, training and callback;
// "overhead_%" is the callback's share of the epoch, on the default
// machine (the executor).
func BenchmarkEpochOverhead(b *testing.B) {
	for _, name := range []string{"seed", "breast-cancer"} {
		b.Run(name, func(b *testing.B) {
			var x *mat.Dense
			var y []float64
			if name == "seed" {
				x, y = dataset.Seed().X, dataset.Seed().Y
			} else {
				ds := breastCancer(b)
				x, y = ds.X, ds.Y
			}
			n, d := x.Dims()
			m, err := graph.New(graph.Config{Features: d, BatchRows: min(32, n), Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close()
			ref := explain.Linear{Coef: make([]float64, d), Intercept: 0.1}
			for j := range ref.Coef {
				ref.Coef[j] = 1 / float64(j+1)
			}
			crit, err := explain.NewCriterion(ref, x)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			var (
				mu     sync.Mutex
				count  int
				traj   explain.Trajectory
				inside time.Duration
				sink   float64
			)
			cfg := train.DefaultConfig()
			cfg.Epochs = b.N
			cfg.OnEpoch = func(int, float64) error {
				t0 := time.Now()
				k, bias := m.Kernel(), m.Bias()
				traj.Kernels = append(traj.Kernels, k)
				traj.Biases = append(traj.Biases, bias)
				angle, gap := crit.Measure(explain.Linear{Coef: k, Intercept: bias})
				sink += angle + gap
				mu.Lock()
				count++
				mu.Unlock()
				err := ctx.Err()
				inside += time.Since(t0)
				return err
			}
			b.ReportAllocs()
			b.ResetTimer()
			if _, err := train.Fit(context.Background(), m, x, y, cfg); err != nil {
				b.Fatal(err)
			}
			total := b.Elapsed()
			if count != b.N || traj.Epochs() != b.N {
				b.Fatalf("%d epochs recorded, want %d", count, b.N)
			}
			b.ReportMetric(100*float64(inside)/float64(total), "overhead_%")
			_ = sink
		})
	}
}

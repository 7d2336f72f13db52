package bench

import (
	"context"
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/train"
)

// BenchmarkRuns compares, in one run, K training runs of the seed problem
// and of breast-cancer (batch 32) done one after the other (train.Fit on a
// Model each, the executor) and at once (train.FitStack on a graph.Stack of
// K models): ns/op is per epoch of all K runs, and "µs/model-step" per step
// of one model. K = 1 is the single run that --runs 8 is judged against.
func BenchmarkRuns(b *testing.B) {
	bc := breastCancer(b)
	for _, ds := range []struct {
		name string
		x    *mat.Dense
		y    []float64
	}{{"seed", dataset.Seed().X, dataset.Seed().Y}, {"breast-cancer", bc.X, bc.Y}} {
		n, d := ds.x.Dims()
		batch := min(32, n)
		steps := (n + batch - 1) / batch
		for _, K := range []int{1, 8, 64} {
			seeds := make([]uint64, K)
			for k := range seeds {
				seeds[k] = uint64(k + 1)
			}
			if K <= 8 {
				b.Run(fmt.Sprintf("%s/K=%d/one-by-one", ds.name, K), func(b *testing.B) {
					models := make([]*graph.Model, K)
					for k := range models {
						m, err := graph.New(graph.Config{Features: d, BatchRows: batch, Seed: seeds[k]})
						if err != nil {
							b.Fatal(err)
						}
						defer m.Close()
						models[k] = m
					}
					cfg := train.DefaultConfig()
					cfg.Epochs = b.N
					b.ReportAllocs()
					b.ResetTimer()
					for k, m := range models {
						cfg.Seed = seeds[k]
						if _, err := train.Fit(context.Background(), m, ds.x, ds.y, cfg); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps*K)/1e3, "µs/model-step")
				})
			}
			b.Run(fmt.Sprintf("%s/K=%d/stacked", ds.name, K), func(b *testing.B) {
				st, err := graph.NewStack(graph.Config{Features: d, BatchRows: batch}, seeds)
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				cfg := train.DefaultConfig()
				cfg.Epochs = b.N
				b.ReportAllocs()
				b.ResetTimer()
				h, err := train.FitStack(context.Background(), st, ds.x, ds.y, cfg, nil)
				if err != nil {
					b.Fatal(err)
				}
				for k, e := range h.Err {
					if e != nil {
						b.Fatalf("model %d: %v", k, e)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps*K)/1e3, "µs/model-step")
			})
		}
	}
}

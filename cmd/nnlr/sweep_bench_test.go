package main

import (
	"context"
	"errors"
	"testing"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/train"
)

// BenchmarkSweepEpoch measures one training epoch (SGD, batch size 32)
// without and with sweep's agreement check after it (the kernel and bias
// read from the graph, explain.Criterion's angle and offset gap), on the
// seed problem (one step of 2 rows per epoch, 2 features) and on the
// standardised breast-cancer data (18 steps, 30 features): the check's
// cost is the difference. The reference boundary is perpendicular to the
// data's direction, so that no run stops early. check-only measures the
// check alone.
func BenchmarkSweepEpoch(b *testing.B) {
	for _, name := range []string{"seed", "breast-cancer"} {
		bi, err := dataset.LookupBuiltin(name)
		if err != nil {
			b.Fatal(err)
		}
		ds, err := bi.Load(dataset.Options{}, 0)
		if err != nil {
			b.Fatal(err)
		}
		if name != "seed" {
			ds = dataset.Standardize(ds)
		}
		n, d := ds.X.Dims()
		ref := explain.Linear{Coef: make([]float64, d)}
		ref.Coef[0], ref.Coef[1] = 1, -1
		crit, err := explain.NewCriterion(ref, ds.X)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/check-only", func(b *testing.B) {
			m, err := graph.New(graph.Config{Features: d, BatchRows: min(32, n), Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				a, g := crit.Measure(explain.Linear{Coef: m.Kernel(), Intercept: m.Bias()})
				if crit.Within(a, g) {
					b.Fatal("within")
				}
			}
		})
		for _, check := range []bool{false, true} {
			label := name + "/plain"
			if check {
				label = name + "/check"
			}
			b.Run(label, func(b *testing.B) {
				m, err := graph.New(graph.Config{Features: d, BatchRows: min(32, n), Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				defer m.Close()
				cfg := train.DefaultConfig()
				cfg.Epochs = b.N
				if check {
					cfg.OnEpoch = func(int, float64) error {
						a, g := crit.Measure(explain.Linear{Coef: m.Kernel(), Intercept: m.Bias()})
						if crit.Within(a, g) {
							return errors.New("agreement reached")
						}
						return nil
					}
				}
				b.ReportAllocs()
				b.ResetTimer()
				if _, err := train.Fit(context.Background(), m, ds.X, ds.Y, cfg); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}

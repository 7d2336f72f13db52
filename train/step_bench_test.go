package train

import (
	"testing"

	"nnlr/graph"
)

// BenchmarkStep measures one training step of the seed problem per solver:
// the graph's forward and backward pass on the full batch (2 × 2) and the
// solver's step, in float64. The parameters are reset to kernel
// [0.5, −0.3], bias 0.1 every 100 steps so that long runs stay in the
// regime of the seed experiment.
func BenchmarkStep(b *testing.B) {
	x, y := seedData()
	data := []float64{x.At(0, 0), x.At(0, 1), x.At(1, 0), x.At(1, 1)}
	idx := []int{0, 1}
	for _, info := range Solvers() {
		b.Run(info.Name, func(b *testing.B) {
			m, err := graph.New(graph.Config{Features: 2, BatchRows: 2, Kernel: []float64{0.5, -0.3}, Bias: 0.1})
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close()
			cfg := DefaultConfig()
			if err := cfg.SetSolver(info.Name); err != nil {
				b.Fatal(err)
			}
			solver, err := NewSolver(cfg)
			if err != nil {
				b.Fatal(err)
			}
			kernel := []float64{0.5, -0.3}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%100 == 99 {
					if err := m.SetParams(kernel, 0.1); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := m.RunBatch(data, y, idx); err != nil {
					b.Fatal(err)
				}
				if err := solver.Step(m.ValueGrads()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

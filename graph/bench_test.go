package graph

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkRunBatchHidden measures one forward and backward pass of a
// 2 → 16 relu → 8 relu → 1 sigmoid network on a batch of 32 rows.
func BenchmarkRunBatchHidden(b *testing.B) {
	m, err := NewBuilder(2).Dense(16, ReLU).Dense(8, ReLU).BatchRows(32).Build()
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	x, y := randomData(rand.New(rand.NewPCG(1, 1)), 32, 2)
	idx := seq(32)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.RunBatch(x, y, idx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogitsGridHidden measures the forward pass over a 100 × 100 grid
// (the agreement grid of nnlr compare) with a 1024-row placeholder.
func BenchmarkLogitsGridHidden(b *testing.B) {
	m, err := NewBuilder(2).Dense(16, ReLU).Dense(8, ReLU).BatchRows(1024).Build()
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	x, _ := randomData(rand.New(rand.NewPCG(1, 1)), 10000, 2)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Logits(x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunBatchMachines measures one forward and backward pass (RunBatch,
// no solver step) on each machine in one run: the seed problem's model on
// its 2 rows, alternating their order so that the inputs are refilled as in
// shuffled training, and the 2 → 16 relu → 8 relu → 1 network on 32 rows.
func BenchmarkRunBatchMachines(b *testing.B) {
	hidden := []Dense{{Units: 16, Activation: ReLU}, {Units: 8, Activation: ReLU}}
	for _, tc := range []struct {
		name   string
		cfg    Config
		x, y   []float64
		idx    []int
		rotate bool
	}{
		{"seed", Config{Features: 2, BatchRows: 2}, []float64{1, 1, 2, 2}, []float64{0, 1}, []int{0, 1}, true},
		{"hidden-32", Config{Features: 2, BatchRows: 32, Hidden: hidden}, nil, nil, seq(32), false},
	} {
		if tc.x == nil {
			tc.x, tc.y = randomData(rand.New(rand.NewPCG(1, 1)), 32, 2)
		}
		for _, mc := range Machines() {
			b.Run(tc.name+"/"+string(mc), func(b *testing.B) {
				cfg := tc.cfg
				cfg.Machine = mc
				m, err := New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				defer m.Close()
				idx := append([]int(nil), tc.idx...)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if tc.rotate {
						idx[0], idx[1] = idx[1], idx[0]
					}
					if _, err := m.RunBatch(tc.x, tc.y, idx); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

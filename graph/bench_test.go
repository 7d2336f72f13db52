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

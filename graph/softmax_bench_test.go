package graph

import "testing"

// BenchmarkRunBatchOutput compares one forward and backward pass of the
// sigmoid output with a 3-class softmax output on a full batch of 150 rows
// of 4 features (iris-sized).
func BenchmarkRunBatchOutput(b *testing.B) {
	const n, d = 150, 4
	x := make([]float64, n*d)
	y := make([]float64, n)
	idx := make([]int, n)
	for i := range y {
		y[i], idx[i] = float64(i%2), i
		for j := 0; j < d; j++ {
			x[i*d+j] = float64((i*7+j*3)%11)/5 - 1
		}
	}
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"sigmoid", Config{Features: d, BatchRows: n}},
		{"softmax3", Config{Features: d, BatchRows: n, Output: Softmax, Classes: 3}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m, err := New(tc.cfg)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := m.RunBatch(x, y, idx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

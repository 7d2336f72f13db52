package graph

import (
	"fmt"
	"math"
	"testing"
)

// TestGradientsBothPrecisions compares the graph's gradients with the
// closed forms ∂L/∂W = Xᵀ(σ(z) − y)/n + L2·W and ∂L/∂b = mean(σ(z) − y) on
// random data of several shapes (including a padded last batch), in float64
// to 1e-12 and in float32 to 1e-5, both relative to the gradient's largest
// element. The closed forms are evaluated in float64 on the inputs rounded
// to the graph's precision.
func TestGradientsBothPrecisions(t *testing.T) {
	for _, dt := range []Dtype{Float64, Float32} {
		for _, shape := range []struct{ n, d, rows int }{{2, 2, 2}, {7, 3, 7}, {5, 4, 8}, {32, 5, 32}} {
			for _, l2 := range []float64{0, 0.3} {
				t.Run(fmt.Sprintf("%s/%dx%d/rows=%d/l2=%g", dt, shape.n, shape.d, shape.rows, l2), func(t *testing.T) {
					rng := NewRand(uint64(shape.n*100+shape.d), 9)
					round := func(v float64) float64 {
						if dt == Float32 {
							return float64(float32(v))
						}
						return v
					}
					x := make([]float64, shape.n*shape.d)
					for i := range x {
						x[i] = round(4*rng.Float64() - 2)
					}
					y := make([]float64, shape.n)
					idx := make([]int, shape.n)
					for i := range y {
						y[i] = float64(rng.IntN(2))
						idx[i] = i
					}
					kernel := make([]float64, shape.d)
					for j := range kernel {
						kernel[j] = round(2*rng.Float64() - 1)
					}
					bias := round(0.3)
					m, err := New(Config{Features: shape.d, BatchRows: shape.rows, Dtype: dt, Kernel: kernel, Bias: bias, L2: l2})
					if err != nil {
						t.Fatal(err)
					}
					defer m.Close()
					if _, err := m.RunBatch(x, y, idx); err != nil {
						t.Fatal(err)
					}
					gk, gb, err := m.Gradients()
					if err != nil {
						t.Fatal(err)
					}

					want := make([]float64, shape.d+1)
					for i := 0; i < shape.n; i++ {
						z := bias
						for j := 0; j < shape.d; j++ {
							z += x[i*shape.d+j] * kernel[j]
						}
						r := (1/(1+math.Exp(-z)) - y[i]) / float64(shape.n)
						for j := 0; j < shape.d; j++ {
							want[j] += r * x[i*shape.d+j]
						}
						want[shape.d] += r
					}
					for j := range kernel {
						want[j] += l2 * kernel[j]
					}
					got := append(gk, gb)
					var diff, scale float64
					for i := range want {
						diff = math.Max(diff, math.Abs(got[i]-want[i]))
						scale = math.Max(scale, math.Abs(want[i]))
					}
					tol := 1e-12
					if dt == Float32 {
						tol = 1e-5
					}
					if !(diff <= tol*scale) {
						t.Errorf("gradient %v, closed form %v: relative error %.3g > %g", got, want, diff/scale, tol)
					}
				})
			}
		}
	}
}

package explain

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// gaussianClasses draws n samples of d features, class means ±shift/2 apart
// along the first feature: separable for a large shift, overlapping for a
// small one (the breast cancer data's size is 569 × 30).
func gaussianClasses(n, d int, shift float64, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 9))
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		y[i] = float64(i % 2)
		for j := 0; j < d; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
		x.Set(i, 0, x.At(i, 0)+(2*y[i]-1)*shift/2)
	}
	return x, y
}

func BenchmarkSeparable569x30(b *testing.B) {
	for _, c := range []struct {
		name  string
		shift float64
	}{{"separable", 12}, {"overlapping", 1}} {
		x, y := gaussianClasses(569, 30, c.shift, 1)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Separable(x, y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMaxMargin569x30(b *testing.B) {
	x, y := gaussianClasses(569, 30, 12, 1)
	for b.Loop() {
		if _, err := MaxMargin(x, y, DefaultMaxMarginConfig()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGradientDescent569x30 is the control run's cost per full-batch
// update at the breast cancer data's size.
func BenchmarkGradientDescent569x30(b *testing.B) {
	x, y := gaussianClasses(569, 30, 1, 1)
	start := Linear{Coef: make([]float64, 30)}
	for b.Loop() {
		if _, err := GradientDescent(x, y, start, 1e-3, 100, 0); err != nil {
			b.Fatal(err)
		}
	}
}

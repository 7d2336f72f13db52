// Package bench holds nnlr's speed benchmarks (bench_test.go) and the data
// they share with the Python reference (compare.sh, reference.py).
package bench

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"nnlr/internal/hugepage"
)

// Gaussian returns n × d standard normal features and n labels drawn from a
// logistic model y ~ Bernoulli(σ(w·x)) with w ~ N(0, 1/d) per coordinate,
// seeded: the large synthetic workload of the speed table.
func Gaussian(n, d int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 9))
	w := make([]float64, d)
	for j := range w {
		w[j] = rng.NormFloat64() / math.Sqrt(float64(d))
	}
	x := mat.NewDense(n, d, hugepage.Floats(n*d)) // as nnlr's data sets (dataset.Table.Select)
	y := make([]float64, n)
	raw := x.RawMatrix().Data
	for i := 0; i < n; i++ {
		z := 0.0
		for j := 0; j < d; j++ {
			v := rng.NormFloat64()
			raw[i*d+j] = v
			z += w[j] * v
		}
		if rng.Float64() < 1/(1+math.Exp(-z)) {
			y[i] = 1
		}
	}
	return x, y
}

// WriteGaussian writes Gaussian(n, d, seed) to dir as gaussian_x.f64 (n × d,
// row-major) and gaussian_y.f64 (n), little-endian float64, for the Python
// reference to read with numpy.fromfile. It returns an error when a file
// cannot be written.
func WriteGaussian(dir string, n, d int, seed uint64) error {
	x, y := Gaussian(n, d, seed)
	for name, data := range map[string][]float64{"gaussian_x.f64": x.RawMatrix().Data, "gaussian_y.f64": y} {
		path := filepath.Join(dir, name)
		buf := make([]byte, 8*len(data))
		for i, v := range data {
			binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(v))
		}
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	return nil
}

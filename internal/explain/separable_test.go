package explain

import (
	"errors"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSeparableCases(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 22))
	gx, gy := blobs(rng, 200, 6, 0.5) // two far-apart Gaussian blobs
	sx, sy := seedData()
	cases := []struct {
		name string
		x    *mat.Dense
		y    []float64
		want bool
	}{
		{"seed", sx, sy, true},
		{"generated blobs", gx, gy, true},
		{"XOR", mat.NewDense(4, 2, []float64{0, 0, 1, 1, 0, 1, 1, 0}), []float64{0, 0, 1, 1}, false},
		{"noisy XOR", mat.NewDense(8, 2, []float64{0, 0, 1, 1, 0.1, 0, 1, 0.9, 0, 1, 1, 0, 0.1, 1, 0.9, 0}), []float64{0, 0, 0, 0, 1, 1, 1, 1}, false},
		{"same point, both labels", mat.NewDense(3, 2, []float64{1, 2, 1, 2, 5, 5}), []float64{0, 1, 1}, false},
		{"touching hulls", mat.NewDense(4, 1, []float64{0, 1, 1, 2}), []float64{0, 0, 1, 1}, false},
		{"interleaved on a line", mat.NewDense(3, 1, []float64{0, 1, 2}), []float64{0, 1, 0}, false},
		{"1-D separable", mat.NewDense(4, 1, []float64{0, 1, 1.001, 2}), []float64{0, 0, 1, 1}, true},
		{"constant zero feature", mat.NewDense(4, 2, []float64{0, 0, 0, 1, 0, 2, 0, 3}), []float64{0, 0, 1, 1}, true},
		{"more features than samples", mat.NewDense(3, 5, []float64{1, 2, 3, 4, 5, 2, 1, 0, 3, 3, 5, 5, 1, 2, 0}), []float64{0, 1, 0}, true},
		{"large values", mat.NewDense(4, 2, []float64{1e6, 1e6, 2e6, 2e6, 3e6, 3e6 + 1, 4e6, 4e6}), []float64{0, 0, 1, 1}, true},
	}
	for _, c := range cases {
		got, err := Separable(c.x, c.y)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: separable = %v, want %v", c.name, got, c.want)
		}
	}
	if _, err := Separable(sx, []float64{1, 1}); !errors.Is(err, ErrOneClass) {
		t.Errorf("one class: err = %v, want ErrOneClass", err)
	}
}

// Separable agrees with an independent method on random planar sets: a
// brute-force search over directions finds a positive margin exactly when
// the set is separable (sets within 1e-2 of the threshold are skipped).
func TestSeparableAgreesWithBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(31, 32))
	counts := map[bool]int{}
	for trial := 0; trial < 60; trial++ {
		x, y := blobs(rng, 4+rng.IntN(40), 3*rng.Float64(), 0.6)
		_, m := bestDirection2D(x, y)
		if m > -1e-2 && m < 1e-2 {
			continue
		}
		got, err := Separable(x, y)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if got != (m > 0) {
			t.Errorf("trial %d: separable = %v, brute-force margin %v", trial, got, m)
		}
		counts[got]++
	}
	if counts[true] < 5 || counts[false] < 5 {
		t.Fatalf("too few cases of each kind: %v", counts)
	}
}

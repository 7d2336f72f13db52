package explain

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// noisyData draws n rows of d features around two class means that
// overlap, so the classes are not separable.
func noisyData(n, d int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		y[i] = float64(i % 2)
		for j := 0; j < d; j++ {
			x.Set(i, j, rng.NormFloat64()+0.7*y[i]*float64(j+1)/float64(d))
		}
	}
	return x, y
}

// TestNewtonAgainstGradientDescent compares Newton's minimiser with a long
// run of the written-out gradient descent (GradientDescent) on a penalised
// separable problem and on non-separable data without a penalty.
func TestNewtonAgainstGradientDescent(t *testing.T) {
	t.Parallel()
	sx, sy := seedData()
	nx, ny := noisyData(60, 3, 1)
	for _, tc := range []struct {
		name string
		x    *mat.Dense
		y    []float64
		l2   float64
		step float64
	}{
		{"seed, C = 1", sx, sy, 0.5, 0.4},
		{"noisy, no penalty", nx, ny, 0, 0.5},
		{"noisy, l2 0.1", nx, ny, 0.1, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt, err := NewtonOptimum(tc.x, tc.y, tc.l2)
			if err != nil {
				t.Fatal(err)
			}
			gd, err := GradientDescent(tc.x, tc.y, Linear{Coef: make([]float64, len(opt.Model.Coef))}, tc.step, 200000, tc.l2)
			if err != nil {
				t.Fatal(err)
			}
			for j, c := range opt.Model.Coef {
				if math.Abs(c-gd.Coef[j]) > 1e-7 {
					t.Errorf("coef[%d]: newton %.10g, gradient descent %.10g", j, c, gd.Coef[j])
				}
			}
			if math.Abs(opt.Model.Intercept-gd.Intercept) > 1e-7 {
				t.Errorf("intercept: newton %.10g, gradient descent %.10g", opt.Model.Intercept, gd.Intercept)
			}
			f, err := Objective(opt.Model, tc.x, tc.y, tc.l2)
			if err != nil || math.Abs(f-opt.Objective) > 1e-14 {
				t.Errorf("objective %v (%v), Objective gives %v", opt.Objective, err, f)
			}
			if opt.GradInf > 1e-9 {
				t.Errorf("‖∇F‖∞ = %g at the optimum", opt.GradInf)
			}
		})
	}
}

// TestNewtonRankDeficient: a constant column makes [X, 1] rank-deficient
// (kernel[j] and the bias move together); the minimum objective is the one
// without the column.
func TestNewtonRankDeficient(t *testing.T) {
	t.Parallel()
	x, y := noisyData(40, 2, 2)
	aug := mat.NewDense(40, 3, nil)
	for i := 0; i < 40; i++ {
		aug.Set(i, 0, x.At(i, 0))
		aug.Set(i, 1, 1)
		aug.Set(i, 2, x.At(i, 1))
	}
	a, err := NewtonOptimum(x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewtonOptimum(aug, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a.Objective-b.Objective) > 1e-12 {
		t.Errorf("objective %v with the constant column, %v without", b.Objective, a.Objective)
	}
	if math.Abs(b.Model.Coef[1]+b.Model.Intercept-a.Model.Intercept) > 1e-8 {
		t.Errorf("kernel[1] + bias = %v, want the intercept %v", b.Model.Coef[1]+b.Model.Intercept, a.Model.Intercept)
	}
}

func TestNewtonSeparableHasNoOptimum(t *testing.T) {
	t.Parallel()
	x, y := seedData()
	if _, err := NewtonOptimum(x, y, 0); !errors.Is(err, ErrNoFiniteOptimum) {
		t.Errorf("separable without a penalty: err %v, want ErrNoFiniteOptimum", err)
	}
}

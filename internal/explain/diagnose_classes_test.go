package explain

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// ClassNewtonOptimum's minimiser has a zero gradient by central
// differences of ClassObjective (an independent evaluation of the
// objective), its columns sum to zero with a penalty, and no small step
// lowers the objective.
func TestClassNewtonOptimum(t *testing.T) {
	x := mat.NewDense(8, 2, []float64{0, 0, 1, 0.5, 0.2, 1.4, 2, 1, -1, 0.3, 0.5, -1, 1.5, 2, -0.5, -0.5})
	y := []float64{0, 1, 2, 1, 0, 2, 2, 0}
	for _, l2 := range []float64{0.1, 0} {
		opt, err := ClassNewtonOptimum(x, y, 3, l2)
		if err != nil {
			t.Fatalf("l2 %g: %v", l2, err)
		}
		f0, err := ClassObjective(opt.Kernel, opt.Bias, x, y, l2)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(f0-opt.Objective) > 1e-12 {
			t.Errorf("l2 %g: objective %v, ClassObjective %v", l2, opt.Objective, f0)
		}
		const h = 1e-5
		for j := 0; j <= 2; j++ {
			for c := 0; c < 3; c++ {
				at := func(delta float64) float64 {
					w := [][]float64{append([]float64(nil), opt.Kernel[0]...), append([]float64(nil), opt.Kernel[1]...)}
					b := append([]float64(nil), opt.Bias...)
					if j < 2 {
						w[j][c] += delta
					} else {
						b[c] += delta
					}
					f, _ := ClassObjective(w, b, x, y, l2)
					return f
				}
				if g := (at(h) - at(-h)) / (2 * h); math.Abs(g) > 1e-8 {
					t.Errorf("l2 %g: ∂F/∂θ[%d][%d] = %.3g at the optimum", l2, j, c, g)
				}
			}
		}
		if l2 > 0 {
			for j, row := range opt.Kernel {
				if s := row[0] + row[1] + row[2]; math.Abs(s) > 1e-10 {
					t.Errorf("column sum of feature %d: %v, want 0", j, s)
				}
			}
		}
	}
}

// Separable classes without a penalty have no finite optimum: Newton
// reports it.
func TestClassNewtonOptimumSeparable(t *testing.T) {
	x := mat.NewDense(6, 1, []float64{0, 0.1, 1, 1.1, 2, 2.1})
	if _, err := ClassNewtonOptimum(x, []float64{0, 0, 1, 1, 2, 2}, 3, 0); err == nil {
		t.Error("separable data without a penalty: no error")
	}
}

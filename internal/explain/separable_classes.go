package explain

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// The tolerances of SeparableClasses' linear program, as those of
// Separable: the ℓ1 residual below which it counts as feasible, on top of
// the perturbation of its right-hand side (at most classesPerturbation per
// row).
const (
	classesTol          = 1e-9
	classesPerturbation = 1e-9
)

// SeparableClasses reports whether the k classes of (x, y) — x n × d, y n
// class indices 0 … k − 1 — are strictly linearly separable in the
// multi-class sense: whether some kernel W (d × k) and biases b (k) make
// every point's own class the unique argmax of its logits,
// (w_{y_i} − w_c)·x_i + b_{y_i} − b_c > 0 for every i and c ≠ y_i. On such
// data the mean softmax cross-entropy has no finite minimiser (its infimum
// 0 is approached by scaling W, b up), so an unpenalised network keeps
// growing its kernel, as in the binary case. With k = 2 it is Separable.
//
// It decides by Gordan's alternative on Kesler's construction: with
// v_ic = (e_{y_i} − e_c) ⊗ (x̂_i, 1) (k·(d + 1) values, x̂ the features
// scaled by their largest magnitude), the data are not separable exactly
// when 0 is a convex combination of the v_ic. That is the LP
//
//	minimise Σ (a⁺ + a⁻)  s.t.  Σ_ic λ_ic·v_ic + a⁺ − a⁻ = 0,  Σ_ic λ_ic + a⁺ − a⁻ = 1,  λ, a ≥ 0,
//
// solved by gonum's simplex (v0.16.0) from the basis of artificials, with
// the zero right-hand side perturbed as in Separable; its optimum is 0 (up
// to 1e-9) exactly when the data are not separable. Its size is
// (k·(d + 1) + 1) rows × (n·(k − 1) + 2·rows) columns.
//
// It returns ErrOneClass when y holds fewer than two of the classes, and
// an error when k < 2, the shapes differ, a label is not a class index, or
// the simplex fails.
func SeparableClasses(x *mat.Dense, y []float64, k int) (bool, error) {
	n, d := x.Dims()
	if k < 2 {
		return false, fmt.Errorf("separable classes: %d classes, want at least 2", k)
	}
	if n == 0 || n != len(y) {
		return false, fmt.Errorf("separable classes: %d rows and %d labels", n, len(y))
	}
	present := make([]bool, k)
	distinct := 0
	for i, v := range y {
		if !(v >= 0 && v < float64(k)) || v != math.Trunc(v) {
			return false, fmt.Errorf("separable classes: label %d is %v, want a class index 0 to %d", i, v, k-1)
		}
		if !present[int(v)] {
			present[int(v)] = true
			distinct++
		}
	}
	if distinct < 2 {
		return false, fmt.Errorf("separable classes: %w", ErrOneClass)
	}
	scale := make([]float64, d)
	for j := range scale {
		for i := 0; i < n; i++ {
			scale[j] = math.Max(scale[j], math.Abs(x.At(i, j)))
		}
		if scale[j] == 0 {
			scale[j] = 1
		}
	}
	q := d + 1 // coordinates per class: the scaled features and 1
	rows := k*q + 1
	cols := n*(k-1) + 2*rows
	a := mat.NewDense(rows, cols, nil)
	col := 0
	for i := 0; i < n; i++ {
		yi := int(y[i])
		for c := 0; c < k; c++ {
			if c == yi {
				continue
			}
			for j := 0; j < d; j++ {
				v := x.At(i, j) / scale[j]
				a.Set(yi*q+j, col, v)
				a.Set(c*q+j, col, -v)
			}
			a.Set(yi*q+d, col, 1)
			a.Set(c*q+d, col, -1)
			a.Set(rows-1, col, 1)
			col++
		}
	}
	b := make([]float64, rows)
	var perturbation float64
	for r := 0; r < rows-1; r++ {
		b[r] = classesPerturbation * float64(r+1) / float64(rows-1)
		perturbation += b[r]
	}
	b[rows-1] = 1
	c := make([]float64, cols)
	basic := make([]int, rows)
	art := n * (k - 1)
	for r := 0; r < rows; r++ {
		a.Set(r, art+2*r, 1)    // a⁺_r
		a.Set(r, art+2*r+1, -1) // a⁻_r
		c[art+2*r], c[art+2*r+1] = 1, 1
		basic[r] = art + 2*r
	}
	opt, _, err := lp.Simplex(c, a, b, 1e-12, basic)
	if err != nil {
		if opt <= classesTol+perturbation {
			return false, nil
		}
		return false, fmt.Errorf("separable classes: linear program: %w", err)
	}
	return opt > classesTol+perturbation, nil
}

// SeparableOneVsRest reports, for every class c of (x, y) — x n × d, y n
// class indices 0 … k − 1 — whether class c is strictly linearly separable
// from all the others together (SeparableClasses on the labels
// [y_i = c]). A class absent from y is reported as not separable. Errors
// as SeparableClasses.
func SeparableOneVsRest(x *mat.Dense, y []float64, k int) ([]bool, error) {
	out := make([]bool, k)
	for c := 0; c < k; c++ {
		bin := make([]float64, len(y))
		for i, v := range y {
			if !(v >= 0 && v < float64(k)) || v != math.Trunc(v) {
				return nil, fmt.Errorf("separable one-vs-rest: label %d is %v, want a class index 0 to %d", i, v, k-1)
			}
			if int(v) == c {
				bin[i] = 1
			}
		}
		sep, err := SeparableClasses(x, bin, 2)
		if err != nil {
			if k > 2 && isOneClass(err) {
				continue
			}
			return nil, fmt.Errorf("separable one-vs-rest: class %d: %w", c, err)
		}
		out[c] = sep
	}
	return out, nil
}

func isOneClass(err error) bool { return errors.Is(err, ErrOneClass) }

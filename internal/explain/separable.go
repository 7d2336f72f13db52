package explain

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// ErrOneClass is returned when the labels hold a single class: there is no
// boundary to separate them by.
var ErrOneClass = errors.New("labels hold one class")

// separableTol is the ℓ1 residual below which the hull-intersection LP of
// Separable counts as feasible, for features scaled to [−1, 1], on top of
// the perturbation of its right-hand side (at most separablePerturbation
// per row).
const (
	separableTol          = 1e-9
	separablePerturbation = 1e-9
)

// Separable reports whether the two classes of (x, y) — x n × d, y n labels
// in {0, 1} — are strictly linearly separable: whether some w, b give
// w·x_i + b > 0 for every y_i = 1 and < 0 for every y_i = 0. On such data
// the logistic loss has no finite minimiser (its infimum 0 is approached as
// ‖w‖ → ∞).
//
// It decides by linear-programming feasibility (Gordan's alternative): the
// data are not separable exactly when the convex hulls of the two classes
// meet, i.e. when some λ ≥ 0 with Σ_i λ_i = 1 has Σ_i λ_i·ỹ_i·(x_i, 1) = 0
// (ỹ_i = 2y_i − 1; the last coordinate makes the weights of the two classes
// equal). To avoid a Phase I, and to cope with rank-deficient data, the
// equalities get artificial variables a⁺, a⁻ ≥ 0 and the LP
//
//	minimise Σ (a⁺ + a⁻)  s.t.  Σ_i λ_i·ỹ_i·(x̂_i, 1) + a⁺ − a⁻ = 0,  Σ_i λ_i + a⁺ − a⁻ = 1
//
// (x̂ the features scaled by their largest magnitude) is solved by gonum's
// simplex (gonum.org/v1/gonum/optimize/convex/lp, v0.16.0) from the basis
// of artificials. Its optimum is 0 (up to 1e-9) exactly when the hulls
// meet. Its size is (d + 2) rows × (n + 2d + 4) columns.
//
// It returns ErrOneClass when y holds one class, and an error when the
// shapes differ, a label is not 0 or 1, or the simplex fails.
func Separable(x *mat.Dense, y []float64) (bool, error) {
	n, d := x.Dims()
	if n == 0 || n != len(y) {
		return false, fmt.Errorf("separable: %d rows and %d labels", n, len(y))
	}
	if err := checkLabels(y); err != nil {
		return false, fmt.Errorf("separable: %w", err)
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
	rows, cols := d+2, n+2*(d+2)
	a := mat.NewDense(rows, cols, nil)
	for i := 0; i < n; i++ {
		s := 2*y[i] - 1
		for j := 0; j < d; j++ {
			a.Set(j, i, s*x.At(i, j)/scale[j])
		}
		a.Set(d, i, s)
		a.Set(d+1, i, 1)
	}
	// A zero right-hand side makes the LP highly degenerate, and gonum's
	// simplex can then cycle; small distinct perturbations make it
	// nondegenerate. They move the optimum by at most their sum (the
	// objective is 1-Lipschitz in the right-hand side), which the
	// threshold absorbs.
	b := make([]float64, rows)
	var perturbation float64
	for k := 0; k <= d; k++ {
		b[k] = separablePerturbation * float64(k+1) / float64(d+1)
		perturbation += b[k]
	}
	b[d+1] = 1
	c := make([]float64, cols)
	basic := make([]int, rows)
	for k := 0; k < rows; k++ {
		a.Set(k, n+2*k, 1)    // a⁺_k
		a.Set(k, n+2*k+1, -1) // a⁻_k
		c[n+2*k], c[n+2*k+1] = 1, 1
		basic[k] = n + 2*k // feasible: a⁺ = b ≥ 0, everything else 0
	}
	opt, _, err := lp.Simplex(c, a, b, 1e-12, basic)
	if err != nil {
		// The simplex returns its last feasible point on numerical
		// failure: a zero residual there still proves the hulls meet.
		if opt <= separableTol+perturbation {
			return false, nil
		}
		return false, fmt.Errorf("separable: linear program: %w", err)
	}
	return opt > separableTol+perturbation, nil
}

// checkLabels returns an error when a label is not 0 or 1, and ErrOneClass
// when y holds only one class.
func checkLabels(y []float64) error {
	var pos, neg int
	for i, v := range y {
		switch v {
		case 1:
			pos++
		case 0:
			neg++
		default:
			return fmt.Errorf("label %d is %v, want 0 or 1", i, v)
		}
	}
	if pos == 0 || neg == 0 {
		return ErrOneClass
	}
	return nil
}

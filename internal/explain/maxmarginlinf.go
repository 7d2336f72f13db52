package explain

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// MaxMarginLinf returns the ℓ∞ max-margin direction of (x, y) — x n × d,
// y n labels in {0, 1}, ỹ = 2y − 1 — with the intercept counted as the
// weight of a constant feature 1: the (w, b) of smallest ‖(w, b)‖∞ with
// ỹ_i·(w·x_i + b) ≥ 1 for every sample. Full-batch Adam with ε neglected
// drifts toward this direction on separable data (Zhang, Zou and Cao,
// "The Implicit Bias of Adam on Separable Data", NeurIPS 2024),
// as gradient descent drifts toward the ℓ2 one (MaxMargin, Soudry et al.
// 2018). It is solved as the linear program
//
//	minimise t  s.t.  ỹ_i·(θ⁺ − θ⁻)·(x_i, 1) − s_i = 1,  θ⁺_j + θ⁻_j − t + v_j = 0,
//	θ⁺, θ⁻, t, s, v ≥ 0
//
// (θ = θ⁺ − θ⁻ the d + 1 parameters, t = ‖θ‖∞) by gonum's simplex
// (gonum.org/v1/gonum/optimize/convex/lp, v0.16.0), with the right-hand
// sides 1 perturbed by at most 1e-9 against cycling on degenerate data. The
// LP has n + d + 1 rows and n + 4(d + 1) + 1 columns. The solution need not
// be unique (an ℓ∞ ball has flat faces); the simplex returns a vertex.
//
// It returns ErrOneClass when y holds one class, and an error when the
// shapes differ, a label is not 0 or 1, or the LP is infeasible (the data
// are not separable) or fails.
func MaxMarginLinf(x *mat.Dense, y []float64) (Linear, error) {
	n, d := x.Dims()
	if n == 0 || n != len(y) {
		return Linear{}, fmt.Errorf("ℓ∞ max margin: %d rows and %d labels", n, len(y))
	}
	if err := checkLabels(y); err != nil {
		return Linear{}, fmt.Errorf("ℓ∞ max margin: %w", err)
	}
	p := d + 1
	rows := n + p
	// Columns: θ⁺ (p), θ⁻ (p), t (1), s (n), v (p).
	cols := 2*p + 1 + n + p
	a := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	for i := 0; i < n; i++ {
		s := 2*y[i] - 1
		r := x.RawRowView(i)
		for j := 0; j <= d; j++ {
			v := 1.0
			if j < d {
				v = r[j]
			}
			a.Set(i, j, s*v)
			a.Set(i, p+j, -s*v)
		}
		a.Set(i, 2*p+1+i, -1)
		b[i] = 1 + 1e-9*float64(i)/float64(n)
	}
	for j := 0; j < p; j++ {
		a.Set(n+j, j, 1)
		a.Set(n+j, p+j, 1)
		a.Set(n+j, 2*p, -1)
		a.Set(n+j, 2*p+1+n+j, 1)
	}
	c := make([]float64, cols)
	c[2*p] = 1
	_, sol, err := lp.Simplex(c, a, b, 1e-12, nil)
	if err != nil {
		return Linear{}, fmt.Errorf("ℓ∞ max margin: linear program: %w", err)
	}
	theta := make([]float64, p)
	floats.SubTo(theta, sol[:p], sol[p:2*p])
	if floats.Norm(theta, math.Inf(1)) == 0 {
		return Linear{}, fmt.Errorf("ℓ∞ max margin: %w", ErrZeroNormal)
	}
	return Linear{Coef: theta[:d], Intercept: theta[d]}, nil
}

// AugmentedAngleDeg returns the angle in degrees between (a.Coef,
// a.Intercept) and (b.Coef, b.Intercept): the direction of the parameters
// on [X, 1], which is what gradient methods' implicit bias speaks about.
// It returns AngleDeg's errors.
func AugmentedAngleDeg(a, b Linear) (float64, error) {
	return AngleDeg(append(append([]float64(nil), a.Coef...), a.Intercept), append(append([]float64(nil), b.Coef...), b.Intercept))
}

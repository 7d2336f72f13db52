package explain

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"nnlr/internal/metrics"
)

// Optimum is the minimiser of the (penalised) logistic objective found by
// Newton's method (see NewtonOptimum).
type Optimum struct {
	// Model is the minimiser: Coef (d values) and Intercept. Without a
	// penalty and with rank-deficient [X, 1] the minimisers form an affine
	// set; Model is then the one Newton's minimum-norm steps reach from zero.
	Model Linear
	// Objective is the objective's value at Model (see Objective).
	Objective float64
	// GradInf is ‖∇F‖∞ over kernel and bias at Model.
	GradInf float64
	// Iterations is the number of Newton steps taken.
	Iterations int
}

// newtonMaxIter bounds NewtonOptimum's steps; Newton's method converges
// quadratically near the minimiser, so this is only reached when no finite
// minimiser exists.
const newtonMaxIter = 200

// ErrNoFiniteOptimum is returned (wrapped) by NewtonOptimum when the
// objective has no finite minimiser within its reach: separable data
// without a penalty, where the iterates' norm grows without bound.
var ErrNoFiniteOptimum = errors.New("no finite optimum")

// NewtonOptimum minimises
//
//	F(w, b) = (1/n) Σ_i softplus(z_i) − y_i·z_i + (l2/2)·‖w‖²,  z_i = w·x_i + b,
//
// (the objective of Objective, scikit-learn's LogisticRegression with
// l2 = 1/(C·n) and its default solver's target) over the d coefficients w
// and the intercept b, x n × d and y n labels in {0, 1}, by Newton's method
// on the augmented rows [x_i, 1] with the closed-form gradient
// g = [X, 1]ᵀ(σ(z) − y)/n + l2·(w, 0) and Hessian
// H = [X, 1]ᵀ·diag(σ(z)(1 − σ(z)))·[X, 1]/n + l2·diag(1, …, 1, 0)
// (Nocedal and Wright, Numerical Optimization, 2nd ed., ch. 3). Each step
// solves H·p = −g by gonum's SVD as a least-squares problem (the
// minimum-norm step, so a singular H from rank-deficient [X, 1] is
// allowed), then backtracks (Armijo, c = 1e-4, halving) from the full step.
// It stops when ‖g‖∞ ≤ 1e-10·max(1, ‖g₀‖∞) or a step no longer decreases F.
//
// It returns an error wrapping ErrNoFiniteOptimum when l2 is 0 and the
// final iterate classifies every sample strictly right (the data are
// separable), when the iterates' norm exceeds 1e8, or when the step limit
// (200) is reached with ‖g‖∞ above 1e-6·max(1, ‖g₀‖∞), and an error when the shapes differ, n is 0 or the gradient or Hessian
// is not finite (values near ±math.MaxFloat64).
func NewtonOptimum(x *mat.Dense, y []float64, l2 float64) (Optimum, error) {
	n, d := x.Dims()
	if n == 0 || n != len(y) {
		return Optimum{}, fmt.Errorf("newton: %d rows and %d labels", n, len(y))
	}
	theta := make([]float64, d+1)
	f, g := objGrad(x, y, theta, l2)
	g0 := floats.Norm(g, math.Inf(1))
	tol := 1e-10 * math.Max(1, g0)
	h := mat.NewSymDense(d+1, nil)
	p := mat.NewVecDense(d+1, nil)
	trial := make([]float64, d+1)
	var it int
	for it = 0; it < newtonMaxIter && floats.Norm(g, math.Inf(1)) > tol; it++ {
		hessian(x, theta, l2, h)
		if !finiteSym(h) || !finite(g) {
			// gonum's SVD does not return on NaN entries.
			return Optimum{}, errors.New("newton: gradient or Hessian overflows (data too large)")
		}
		var svd mat.SVD
		if !svd.Factorize(h, mat.SVDThin) {
			return Optimum{}, errors.New("newton: SVD of the Hessian did not converge")
		}
		sv := svd.Values(nil)
		rank := 0
		for _, s := range sv {
			if s > float64(d+1)*sv[0]*1e-15 {
				rank++
			}
		}
		rhs := mat.NewDense(d+1, 1, floats.ScaleTo(make([]float64, d+1), -1, g))
		var sol mat.Dense
		svd.SolveTo(&sol, rhs, rank)
		p.CopyVec(sol.ColView(0))
		slope := floats.Dot(g, p.RawVector().Data)
		step := 1.0
		var fNew float64
		var gNew []float64
		accepted := false
		for k := 0; k < 60; k++ {
			floats.AddScaledTo(trial, theta, step, p.RawVector().Data)
			fNew, gNew = objGrad(x, y, trial, l2)
			if fNew <= f+1e-4*step*slope {
				accepted = true
				break
			}
			step /= 2
		}
		if !accepted || fNew >= f && floats.Norm(gNew, math.Inf(1)) >= floats.Norm(g, math.Inf(1)) {
			break
		}
		copy(theta, trial)
		f, g = fNew, gNew
		if floats.Norm(theta, 2) > 1e8 {
			return Optimum{}, fmt.Errorf("newton: ‖(w, b)‖ exceeds 1e8 after %d steps: %w", it+1, ErrNoFiniteOptimum)
		}
	}
	o := Optimum{Model: Linear{Coef: theta[:d], Intercept: theta[d]}, Objective: f, GradInf: floats.Norm(g, math.Inf(1)), Iterations: it}
	if l2 == 0 && separates(o.Model, x, y) {
		// A model that classifies every sample strictly right proves the
		// data separable: F has no finite minimiser, only an infimum.
		return o, fmt.Errorf("newton: the iterate separates the classes: %w", ErrNoFiniteOptimum)
	}
	if o.GradInf > 1e-6*math.Max(1, g0) {
		return o, fmt.Errorf("newton: ‖∇F‖∞ = %.3g after %d steps: %w", o.GradInf, it, ErrNoFiniteOptimum)
	}
	return o, nil
}

// GradInf returns ‖∇F‖∞ over the d coefficients and the intercept of m for
// the objective of NewtonOptimum with penalty l2, on x (n × d) and y: how
// far m is from stationarity, in loss units per parameter unit.
func GradInf(m Linear, x *mat.Dense, y []float64, l2 float64) float64 {
	_, g := objGrad(x, y, append(append([]float64(nil), m.Coef...), m.Intercept), l2)
	return floats.Norm(g, math.Inf(1))
}

// objGrad returns F(θ) and ∇F(θ) (d + 1 values, the intercept last) of
// NewtonOptimum's objective.
func objGrad(x *mat.Dense, y, theta []float64, l2 float64) (float64, []float64) {
	n, d := x.Dims()
	w, b := theta[:d], theta[d]
	g := make([]float64, d+1)
	// z = X·w + b and g = Xᵀ·e with e_i = (σ(z_i) − y_i)/n, each by one
	// matrix-vector product (BLAS Dgemv) over the rows.
	z := make([]float64, n)
	mat.NewVecDense(n, z).MulVec(x, mat.NewVecDense(d, w))
	e := make([]float64, n)
	for i := range z {
		z[i] += b
		e[i] = (metrics.Sigmoid(z[i]) - y[i]) / float64(n)
		g[d] += e[i]
	}
	mat.NewVecDense(d, g[:d]).MulVec(x.T(), mat.NewVecDense(n, e))
	f, err := metrics.LogLoss(z, y)
	if err != nil {
		f = math.NaN()
	}
	if l2 > 0 {
		f += l2 / 2 * floats.Dot(w, w)
		floats.AddScaled(g[:d], l2, w)
	}
	return f, g
}

// hessianBlock is the number of rows hessian adds per symmetric rank-k
// update.
const hessianBlock = 1024

// hessian writes NewtonOptimum's Hessian at θ into h ((d+1) × (d+1)):
// (1/n)·Σ p_i(1 − p_i)·z_i z_iᵀ over the rows z_i = [x_i, 1], plus l2 on the
// kernel's diagonal. The rows are added hessianBlock at a time, scaled by
// √(p_i(1 − p_i)), by one symmetric rank-k update each (BLAS Dsyrk): a
// fixed blocking, so the sum's rounding does not depend on the machine.
func hessian(x *mat.Dense, theta []float64, l2 float64, h *mat.SymDense) {
	n, d := x.Dims()
	h.Zero()
	block := mat.NewDense(min(n, hessianBlock), d+1, nil)
	for lo := 0; lo < n; lo += hessianBlock {
		rows := min(hessianBlock, n-lo)
		for k := 0; k < rows; k++ {
			r := block.RawRowView(k)
			copy(r, x.RawRowView(lo+k))
			r[d] = 1
			p := metrics.Sigmoid(floats.Dot(theta, r))
			floats.Scale(math.Sqrt(p*(1-p)), r)
		}
		h.SymRankK(h, 1/float64(n), block.Slice(0, rows, 0, d+1).T())
	}
	for j := 0; j < d; j++ {
		h.SetSym(j, j, h.At(j, j)+l2)
	}
}

// finiteSym reports whether every entry of the symmetric matrix h is finite.
func finiteSym(h *mat.SymDense) bool {
	n := h.SymmetricDim()
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if v := h.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

// finite reports whether every value of v is finite.
func finite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

package explain

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// nnls solves min ‖E·u − f‖₂ subject to u ≥ 0 for E m × n and f m values,
// by Lawson and Hanson's active-set algorithm NNLS ("Solving Least Squares
// Problems", Prentice-Hall 1974, chapter 23), and returns u (n values). It
// reports false when a least-squares subproblem fails or the iteration
// limit (3n + 30 outer steps) is reached.
func nnls(e *mat.Dense, f []float64) ([]float64, bool) {
	m, n := e.Dims()
	u := make([]float64, n)
	passive := make([]bool, n)
	blocked := make([]bool, n)
	fv := mat.NewVecDense(m, f)
	var scale float64
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			scale = math.Max(scale, math.Abs(e.At(i, j)))
		}
	}
	tol := 1e-13 * math.Max(1, scale) * math.Max(1, scale)
	resid := mat.NewVecDense(m, nil)
	grad := mat.NewVecDense(n, nil)
	for step := 0; step < 3*n+30; step++ {
		// The negative gradient Eᵀ(f − E·u); optimal when no zero
		// coordinate has a positive one.
		resid.MulVec(e, mat.NewVecDense(n, u))
		resid.SubVec(fv, resid)
		grad.MulVec(e.T(), resid)
		t, best := -1, tol
		for j := 0; j < n; j++ {
			if !passive[j] && !blocked[j] && grad.AtVec(j) > best {
				t, best = j, grad.AtVec(j)
			}
		}
		if t < 0 {
			return u, true
		}
		passive[t] = true
		for inner := 0; ; inner++ {
			if inner > n {
				return u, false
			}
			var idx []int
			for j, p := range passive {
				if p {
					idx = append(idx, j)
				}
			}
			if len(idx) > m {
				return u, false
			}
			sub := mat.NewDense(m, len(idx), nil)
			for q, j := range idx {
				for i := 0; i < m; i++ {
					sub.Set(i, q, e.At(i, j))
				}
			}
			var z mat.VecDense
			if err := z.SolveVec(sub, fv); err != nil {
				return u, false
			}
			if inner == 0 {
				// A column that cannot enter with a positive weight
				// (rounding) is skipped until u changes.
				for q, j := range idx {
					if j == t && z.AtVec(q) <= 0 {
						passive[t], blocked[t] = false, true
					}
				}
				if blocked[t] {
					break
				}
			}
			positive := true
			for q := range idx {
				if z.AtVec(q) <= 0 {
					positive = false
				}
			}
			if positive {
				for q, j := range idx {
					u[j] = z.AtVec(q)
				}
				clear(blocked)
				break
			}
			// Step from u toward z until a passive coordinate reaches 0.
			alpha := 1.0
			for q, j := range idx {
				if zq := z.AtVec(q); zq <= 0 {
					alpha = math.Min(alpha, u[j]/(u[j]-zq))
				}
			}
			for q, j := range idx {
				u[j] += alpha * (z.AtVec(q) - u[j])
				if u[j] <= 1e-15*math.Max(1, math.Abs(z.AtVec(q))) {
					u[j], passive[j] = 0, false
				}
			}
			clear(blocked)
		}
	}
	return u, false
}

package explain

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// NNLS's solution satisfies its optimality (KKT) conditions: u ≥ 0, the
// gradient Eᵀ(E·u − f) is zero where u > 0 and non-negative where u = 0;
// and without active bounds it is the least-squares solution.
func TestNNLS(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(51, 52))
	for trial := 0; trial < 50; trial++ {
		m, n := 3+rng.IntN(6), 2+rng.IntN(12)
		e := mat.NewDense(m, n, nil)
		f := make([]float64, m)
		for i := 0; i < m; i++ {
			f[i] = rng.NormFloat64()
			for j := 0; j < n; j++ {
				e.Set(i, j, rng.NormFloat64())
			}
		}
		u, ok := nnls(e, f)
		if !ok {
			t.Fatalf("trial %d: nnls failed", trial)
		}
		r := mat.NewVecDense(m, nil)
		r.MulVec(e, mat.NewVecDense(n, u))
		r.SubVec(r, mat.NewVecDense(m, f))
		g := mat.NewVecDense(n, nil)
		g.MulVec(e.T(), r)
		for j := 0; j < n; j++ {
			switch {
			case u[j] < 0:
				t.Errorf("trial %d: u[%d] = %v < 0", trial, j, u[j])
			case u[j] > 0 && math.Abs(g.AtVec(j)) > 1e-9:
				t.Errorf("trial %d: gradient %v at free u[%d] = %v", trial, g.AtVec(j), j, u[j])
			case u[j] == 0 && g.AtVec(j) < -1e-9:
				t.Errorf("trial %d: gradient %v < 0 at bound u[%d]", trial, g.AtVec(j), j)
			}
		}
	}
	// A hand case: min ‖u − (1, −2)‖ over u ≥ 0 is (1, 0).
	u, ok := nnls(mat.NewDense(2, 2, []float64{1, 0, 0, 1}), []float64{1, -2})
	if !ok || math.Abs(u[0]-1) > 1e-15 || u[1] != 0 {
		t.Errorf("nnls(I, (1, −2)) = %v, %v; want (1, 0)", u, ok)
	}
}

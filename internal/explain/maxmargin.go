package explain

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// MaxMarginConfig configures MaxMargin. Build it from
// DefaultMaxMarginConfig.
type MaxMarginConfig struct {
	// BiasScale B sets how the intercept counts in the norm that is
	// minimised: ½‖w‖² + ½·b²/B². B = 1 (the default) treats the intercept
	// as the weight of a constant feature 1, as gradient descent, SGD and
	// SAG do when they update the bias like a coefficient: this is the
	// direction their iterates approach on separable data (Soudry et al.,
	// "The Implicit Bias of Gradient Descent on Separable Data", JMLR 2018,
	// with the data augmented by a constant feature), and LIBLINEAR's bias
	// term (-B 1). B = +Inf leaves the intercept free: the textbook
	// hard-margin SVM (Vapnik), solved by the method of multipliers on
	// the dual's equality constraint Σ α_i·ỹ_i = 0.
	BiasScale float64
	// C bounds the dual variables, 0 ≤ α_i ≤ C. +Inf (the default) is the
	// hard margin; on separable data any C at least max_i α_i gives the same
	// solution.
	C float64
	// Tol stops the coordinate descent after a pass in which every
	// projected gradient of the dual (the violation of the optimality
	// conditions; Hsieh et al.'s criterion uses their spread) is below Tol
	// in magnitude. Default 1e-10.
	Tol float64
	// MaxEpochs bounds the passes over the samples. Default 20000.
	MaxEpochs int
	// Seed seeds the random order of the coordinates in each pass.
	Seed uint64
}

// DefaultMaxMarginConfig returns the hard margin with the intercept counted
// as a coefficient (B = 1, C = +Inf), tolerance 1e-10, at most 20000 passes.
func DefaultMaxMarginConfig() MaxMarginConfig {
	return MaxMarginConfig{BiasScale: 1, C: math.Inf(1), Tol: 1e-10, MaxEpochs: 20000}
}

// SVM is a fitted linear support vector machine in its canonical scale:
// ỹ_i·(Coef·x_i + Intercept) ≥ 1 for every sample, with equality at the
// support vectors, so the geometric margin is 1/‖Coef‖.
type SVM struct {
	Linear
	// Alpha holds the n dual variables; α_i > 0 marks a support vector.
	Alpha []float64
	// Epochs is the number of coordinate-descent passes run (summed over the
	// outer iterations when BiasScale is +Inf).
	Epochs int
}

// ErrNotConverged is returned (wrapped) when a solver stops at its
// iteration limit before meeting its tolerance.
var ErrNotConverged = errors.New("did not converge")

// MaxMargin fits the maximum-margin linear boundary of (x, y) — x n × d,
// y n labels in {0, 1}, ỹ = 2y − 1 — by dual coordinate descent for the
// linear SVM with the hinge loss (Hsieh, Chang, Lin, Keerthi and
// Sundararajan, "A Dual Coordinate Descent Method for Large-scale Linear
// SVM", ICML 2008, Algorithm 1): it minimises the dual
//
//	½‖Σ α_i ỹ_i x_i‖² + (B²/2)·(Σ α_i ỹ_i)² + b_c·Σ α_i ỹ_i − Σ α_i,  0 ≤ α_i ≤ C,
//
// one α_i at a time in a random order per pass, keeping w = Σ α_i ỹ_i x_i
// and s = Σ α_i ỹ_i, so each update costs O(d); the primal solution is w and
// b = b_c + B²·s. With a finite BiasScale B, b_c = 0 and this is the SVM on
// the augmented features (x, B). With B = +Inf the intercept is free: the
// problem is solved on the data moved to their centroid (the intercept
// moves by w·centroid), with penalty B₀² = 1 + max_i ‖x_i‖² and b_c updated to b
// after each solve (the method of multipliers for the constraint
// Σ α_i ỹ_i = 0) until b changes by less than Tol·(1 + |b|); the intercept
// is then set to centre the boundary between the classes along w.
//
// Coordinate descent converges linearly but slowly on badly conditioned
// data (raw features of very different scales), so every 16, 32, 64, …
// passes it tries to finish exactly by an active-set solve of the KKT
// equations on the samples of smallest margin, and after 2000 passes it
// solves the problem as Lawson and Hanson's least-distance program (LDP,
// via NNLS); either finish is accepted only when the KKT conditions check
// to 1e-9.
//
// On data that are not separable the hard-margin problem has no solution:
// the LDP finds its constraints incompatible, or the iterates grow until
// MaxEpochs, and the error wraps ErrNotConverged; so does a badly
// conditioned problem that no finish solves to 1e-9 (the error never
// comes with a wrong boundary);
// call Separable first. It also returns ErrOneClass for one class, and an
// error naming the field for an invalid configuration.
func MaxMargin(x *mat.Dense, y []float64, cfg MaxMarginConfig) (*SVM, error) {
	n, d := x.Dims()
	switch {
	case n == 0 || n != len(y):
		return nil, fmt.Errorf("max margin: %d rows and %d labels", n, len(y))
	case math.IsNaN(cfg.BiasScale) || cfg.BiasScale <= 0:
		return nil, fmt.Errorf("max margin: BiasScale = %v: must be positive (+Inf for a free intercept)", cfg.BiasScale)
	case math.IsNaN(cfg.C) || cfg.C <= 0:
		return nil, fmt.Errorf("max margin: C = %v: must be positive (+Inf for the hard margin)", cfg.C)
	case !(cfg.Tol > 0):
		return nil, fmt.Errorf("max margin: Tol = %v: must be positive", cfg.Tol)
	case cfg.MaxEpochs < 1:
		return nil, fmt.Errorf("max margin: MaxEpochs = %d: must be at least 1", cfg.MaxEpochs)
	}
	if err := checkLabels(y); err != nil {
		return nil, fmt.Errorf("max margin: %w", err)
	}
	ys := make([]float64, n)
	for i, v := range y {
		ys[i] = 2*v - 1
	}

	free := math.IsInf(cfg.BiasScale, 1)
	var centre []float64
	if free {
		// The free-intercept problem is translation invariant (moving the
		// data by −c moves b by +w·c): solve it on centred data, where the
		// intercept is small and the method of multipliers converges fast.
		centre, _ = Centroid(x)
		xc := mat.NewDense(n, d, nil)
		for i := 0; i < n; i++ {
			floats.SubTo(xc.RawRowView(i), x.RawRowView(i), centre)
		}
		x = xc
	}
	rho := cfg.BiasScale * cfg.BiasScale // B²
	if free {
		rho = 0
		for i := 0; i < n; i++ {
			r := x.RawRowView(i)
			rho = math.Max(rho, floats.Dot(r, r))
		}
		rho++
	}
	cd := &dualCD{x: x, ys: ys, rho: rho, c: cfg.C, tol: cfg.Tol, free: free, nextPolish: 16,
		alpha: make([]float64, n), w: make([]float64, d),
		order: make([]int, n), rng: rand.New(rand.NewPCG(cfg.Seed, 3))}
	for i := range cd.order {
		cd.order[i] = i
	}
	svm := &SVM{}
	budget := cfg.MaxEpochs
	for outer := 0; ; outer++ {
		epochs, ok := cd.solve(budget)
		svm.Epochs += epochs
		budget -= epochs
		if !ok {
			return nil, fmt.Errorf("max margin: %w after %d passes (are the data separable?)", ErrNotConverged, svm.Epochs)
		}
		if free && !cd.exact {
			cd.polish()
		}
		b := cd.bc + rho*cd.s
		if !free || cd.exact {
			cd.bc = b
			break
		}
		change := math.Abs(b - cd.bc)
		cd.bc = b
		if change <= cfg.Tol*(1+math.Abs(b)) {
			break
		}
		if budget <= 0 || outer > 1000 {
			return nil, fmt.Errorf("max margin: intercept: %w after %d passes", ErrNotConverged, svm.Epochs)
		}
	}
	svm.Coef = append([]float64(nil), cd.w...)
	svm.Intercept = cd.bc
	if free {
		// For a fixed w the best intercept puts the boundary half-way
		// between the closest samples of the two classes along w.
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < n; i++ {
			z := floats.Dot(cd.w, x.RawRowView(i))
			if ys[i] > 0 {
				lo = math.Min(lo, z)
			} else {
				hi = math.Max(hi, z)
			}
		}
		svm.Intercept = -(lo+hi)/2 - floats.Dot(cd.w, centre)
	}
	svm.Alpha = cd.alpha
	return svm, nil
}

// dualCD holds the state of Hsieh et al.'s dual coordinate descent.
type dualCD struct {
	x      *mat.Dense
	ys     []float64
	rho, c float64 // B² and the box bound C
	bc     float64 // intercept centre b_c
	tol    float64
	free   bool // free intercept (BiasScale +Inf)
	exact  bool // polish succeeded: α solves the problem
	// nextPolish is the pass count of solve's next attempt to finish
	// exactly (dualCD.polish): 16, 32, 64, … so that the attempts cost
	// less than the passes between them.
	nextPolish int
	passes     int // passes run over all calls of solve
	alpha, w   []float64
	s          float64 // Σ α_i ỹ_i
	order      []int
	rng        *rand.Rand
}

// solve runs coordinate-descent passes until every projected gradient is
// below tol, trying polish at passes 16, 32, 64, …; after cdPasses passes
// (when maxEpochs allows more) it solves the subproblem exactly by ldp. It
// returns the passes run and whether it converged.
func (cd *dualCD) solve(maxEpochs int) (int, bool) {
	limit := min(maxEpochs, cdPasses)
	for epoch := 1; epoch <= limit; epoch++ {
		cd.rng.Shuffle(len(cd.order), func(i, j int) { cd.order[i], cd.order[j] = cd.order[j], cd.order[i] })
		var worst float64
		for _, i := range cd.order {
			xi := cd.x.RawRowView(i)
			yi := cd.ys[i]
			// G = ∂(dual)/∂α_i = ỹ_i·(w·x_i + b_c + B²·s) − 1.
			g := yi*(floats.Dot(cd.w, xi)+cd.bc+cd.rho*cd.s) - 1
			a := cd.alpha[i]
			pg := g
			switch {
			case a == 0:
				pg = math.Min(g, 0)
			case a >= cd.c:
				pg = math.Max(g, 0)
			}
			worst = math.Max(worst, math.Abs(pg))
			if pg == 0 {
				continue
			}
			q := floats.Dot(xi, xi) + cd.rho
			next := math.Min(math.Max(a-g/q, 0), cd.c)
			delta := (next - a) * yi
			cd.alpha[i] = next
			floats.AddScaled(cd.w, delta, xi)
			cd.s += delta
			if math.IsInf(cd.s, 0) || math.IsNaN(cd.s) {
				return epoch, false
			}
		}
		if worst < cd.tol {
			return epoch, true
		}
		cd.passes++
		if cd.passes == cd.nextPolish {
			cd.nextPolish *= 2
			if cd.polish() {
				return epoch, true
			}
		}
	}
	if limit < maxEpochs && cd.ldp() {
		return limit, true
	}
	return limit, false
}

// cdPasses is the number of coordinate-descent passes solve runs before it
// hands the subproblem to the exact LDP method (dualCD.ldp).
const cdPasses = 2000

// ldp solves the current subproblem exactly when coordinate descent is
// slow: with v = (b − b_c)/B it is the least-distance problem
// min ‖(w, v)‖ s.t. ỹ_i·(x_i·w + B·v) ≥ 1 − ỹ_i·b_c, which Lawson and
// Hanson ("Solving Least Squares Problems", 1974, chapter 23, algorithm
// LDP) reduce to the non-negative least squares problem
// min ‖E·u − f‖, u ≥ 0, with E's columns (ỹ_i x_i, ỹ_i B, 1 − ỹ_i b_c) and
// f = (0, …, 0, 1): with r = E·u − f ≠ 0, (w, v) = −r_{1..d+1}/r_{d+2},
// and the dual variables are α = u/(−r_{d+2}). It reports false when the
// constraints are incompatible (r = 0: the data are not separable), NNLS
// fails, or the result does not pass the KKT check (margins ≥ 1, equal to
// 1 at the support vectors, to 1e-9); otherwise it replaces α, w and s.
func (cd *dualCD) ldp() bool {
	n, d := cd.x.Dims()
	bScale := math.Sqrt(cd.rho)
	e := mat.NewDense(d+2, n, nil)
	for i := 0; i < n; i++ {
		yi := cd.ys[i]
		for j, v := range cd.x.RawRowView(i) {
			e.Set(j, i, yi*v)
		}
		e.Set(d, i, yi*bScale)
		e.Set(d+1, i, 1-yi*cd.bc)
	}
	f := make([]float64, d+2)
	f[d+1] = 1
	u, ok := nnls(e, f)
	if !ok {
		return false
	}
	var hu float64 // hᵀu = r_{d+2} + 1
	for i, ui := range u {
		hu += ui * e.At(d+1, i)
	}
	den := 1 - hu // −r_{d+2}
	if !(den > 1e-12) {
		return false
	}
	alpha := make([]float64, n)
	w := make([]float64, d)
	var s float64
	for i, ui := range u {
		a := ui / den
		if a > cd.c {
			return false
		}
		alpha[i] = a
		floats.AddScaled(w, a*cd.ys[i], cd.x.RawRowView(i))
		s += a * cd.ys[i]
	}
	// Accept only a verified optimum: on badly conditioned data NNLS can
	// lose accuracy, so check the KKT conditions (every margin ≥ 1,
	// = 1 at the support vectors, to 1e-9).
	b := cd.bc + cd.rho*s
	for i := 0; i < n; i++ {
		m := cd.ys[i] * (floats.Dot(w, cd.x.RawRowView(i)) + b)
		if m < 1-1e-9 || (alpha[i] > 0 && m > 1+1e-9) {
			return false
		}
	}
	cd.alpha, cd.w, cd.s = alpha, w, s
	return true
}

// polish tries to finish exactly: coordinate descent nears the optimum
// quickly but, on badly conditioned data, converges slowly. At the optimum
// the support vectors (at most d + 1 of them, generically, at least one
// per class) are the active constraints, margin ỹ_i·(w·x_i + b) = 1, and
// solve the optimality (KKT) equations
//
//	Σ_{k∈S} α_k ỹ_i ỹ_k (x_i·x_k + B²) = 1 − ỹ_i b_c   (i ∈ S)
//
// or, with a free intercept b,
//
//	Σ_{k∈S} α_k ỹ_i ỹ_k x_i·x_k + ỹ_i b = 1 (i ∈ S),   Σ_{k∈S} α_k ỹ_k = 0.
//
// polish runs a primal active-set search from the current iterate: S starts
// with the sample of smallest current margin in each class; it solves the
// equations on S, drops the most negative α_k when there is one, and
// otherwise adds the sample of smallest margin when that margin is below
// 1 − 1e-9; it stops with the optimum when neither happens (the KKT
// conditions hold), or gives up (false) after 4(d + 2) changes or when S
// would exceed d + 2 samples. On success it replaces α, w and s (free:
// b_c = b, s = 0).
func (cd *dualCD) polish() bool {
	n := len(cd.alpha)
	_, d := cd.x.Dims()
	b := cd.bc + cd.rho*cd.s
	first := [2]int{-1, -1}
	var best [2]float64
	for i := 0; i < n; i++ {
		m := cd.ys[i] * (floats.Dot(cd.w, cd.x.RawRowView(i)) + b)
		c := 0
		if cd.ys[i] > 0 {
			c = 1
		}
		if first[c] < 0 || m < best[c] {
			first[c], best[c] = i, m
		}
	}
	sv := []int{first[0], first[1]}
	for step := 0; step < 4*(d+2); step++ {
		sol, ok := cd.solveActive(sv)
		if !ok {
			return false
		}
		worst, at := 0.0, -1
		for p := range sv {
			if a := sol.AtVec(p); a < worst {
				worst, at = a, p
			}
		}
		if at >= 0 {
			sv = append(sv[:at], sv[at+1:]...)
			if len(sv) == 0 {
				return false
			}
			continue
		}
		alpha, w, s, b := cd.primal(sv, sol)
		low, j := 1-1e-9, -1
		for i := 0; i < n; i++ {
			if m := cd.ys[i] * (floats.Dot(w, cd.x.RawRowView(i)) + b); m < low {
				low, j = m, i
			}
		}
		if j < 0 {
			cd.alpha, cd.w, cd.s, cd.exact = alpha, w, s, true
			if cd.free {
				cd.bc = b
			}
			return true
		}
		if len(sv) == d+2 {
			return false
		}
		sv = append(sv, j)
	}
	return false
}

// solveActive solves polish's KKT equations on the active set sv: the
// α_k (k ∈ sv, in order) and, with a free intercept, b last. It reports
// false when the system is singular or an α_k exceeds C.
func (cd *dualCD) solveActive(sv []int) (*mat.VecDense, bool) {
	m := len(sv)
	size := m
	if cd.free {
		size++
	}
	a := mat.NewDense(size, size, nil)
	rhs := mat.NewVecDense(size, nil)
	for p, i := range sv {
		xi := cd.x.RawRowView(i)
		for q, k := range sv {
			v := floats.Dot(xi, cd.x.RawRowView(k))
			if !cd.free {
				v += cd.rho
			}
			a.Set(p, q, cd.ys[i]*cd.ys[k]*v)
		}
		if cd.free {
			a.Set(p, m, cd.ys[i])
			a.Set(m, p, cd.ys[i])
			rhs.SetVec(p, 1)
		} else {
			rhs.SetVec(p, 1-cd.ys[i]*cd.bc)
		}
	}
	var sol mat.VecDense
	if err := sol.SolveVec(a, rhs); err != nil {
		return nil, false
	}
	for p := range sv {
		if a := sol.AtVec(p); math.IsNaN(a) || a > cd.c {
			return nil, false
		}
	}
	return &sol, true
}

// primal returns the dual vector, w = Σ α_k ỹ_k x_k, s = Σ α_k ỹ_k and the
// intercept of an active-set solution sol on sv.
func (cd *dualCD) primal(sv []int, sol *mat.VecDense) (alpha, w []float64, s, b float64) {
	alpha = make([]float64, len(cd.alpha))
	w = make([]float64, len(cd.w))
	for p, i := range sv {
		ak := sol.AtVec(p)
		alpha[i] = ak
		floats.AddScaled(w, ak*cd.ys[i], cd.x.RawRowView(i))
		s += ak * cd.ys[i]
	}
	b = cd.bc + cd.rho*s
	if cd.free {
		b, s = sol.AtVec(len(sv)), 0
	}
	return alpha, w, s, b
}

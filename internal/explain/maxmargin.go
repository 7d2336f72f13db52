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
	// MaxEpochs bounds the passes over the samples. Default 100000.
	MaxEpochs int
	// Seed seeds the random order of the coordinates in each pass.
	Seed uint64
}

// DefaultMaxMarginConfig returns the hard margin with the intercept counted
// as a coefficient (B = 1, C = +Inf), tolerance 1e-10, at most 100000 passes.
func DefaultMaxMarginConfig() MaxMarginConfig {
	return MaxMarginConfig{BiasScale: 1, C: math.Inf(1), Tol: 1e-10, MaxEpochs: 100000}
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
// dual is solved with penalty B₀² = 1 + max_i ‖x_i‖² and b_c updated to b
// after each solve (the method of multipliers for the constraint
// Σ α_i ỹ_i = 0) until b changes by less than Tol·(1 + |b|); the intercept
// is then set to centre the boundary between the classes along w.
//
// On data that are not separable the hard-margin problem has no solution:
// the iterates grow until MaxEpochs and the error wraps ErrNotConverged;
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
	ys := make([]float64, n)
	var pos, neg int
	for i, v := range y {
		switch v {
		case 1:
			pos++
		case 0:
			neg++
		default:
			return nil, fmt.Errorf("max margin: label %d is %v, want 0 or 1", i, v)
		}
		ys[i] = 2*v - 1
	}
	if pos == 0 || neg == 0 {
		return nil, fmt.Errorf("max margin: %w", ErrOneClass)
	}

	free := math.IsInf(cfg.BiasScale, 1)
	rho := cfg.BiasScale * cfg.BiasScale // B²
	if free {
		rho = 0
		for i := 0; i < n; i++ {
			r := x.RawRowView(i)
			rho = math.Max(rho, floats.Dot(r, r))
		}
		rho++
	}
	cd := &dualCD{x: x, ys: ys, rho: rho, c: cfg.C, tol: cfg.Tol,
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
		b := cd.bc + rho*cd.s
		if !free {
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
		svm.Intercept = -(lo + hi) / 2
	}
	svm.Alpha = cd.alpha
	return svm, nil
}

// dualCD holds the state of Hsieh et al.'s dual coordinate descent.
type dualCD struct {
	x        *mat.Dense
	ys       []float64
	rho, c   float64 // B² and the box bound C
	bc       float64 // intercept centre b_c
	tol      float64
	alpha, w []float64
	s        float64 // Σ α_i ỹ_i
	order    []int
	rng      *rand.Rand
}

// solve runs passes until every projected gradient is below tol or
// maxEpochs passes have run, and returns the passes run and whether it
// converged.
func (cd *dualCD) solve(maxEpochs int) (int, bool) {
	for epoch := 1; epoch <= maxEpochs; epoch++ {
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
	}
	return maxEpochs, false
}

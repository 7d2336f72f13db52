package train

import (
	"math"

	G "gorgonia.org/gorgonia"
)

// Adam is the Adam solver (Kingma and Ba, "Adam: a method for stochastic
// optimization", ICLR 2015) as Keras 2.x computes it, a gorgonia.Solver;
// with WeightDecay > 0 it is AdamW (Loshchilov and Hutter, "Decoupled weight
// decay regularization", ICLR 2019) as Keras 2.x's AdamW. The rule, from
// keras/optimizers/adam.py and adamw.py with the base optimizer's
// _apply_weight_decay (Keras 2.11–2.15), for every element of every
// learnable with gradient g, at step t = 1, 2, ..., with m and v starting at
// 0:
//
//	w ← w − η·λ·w                       (AdamW only: decoupled weight decay)
//	m ← m + (1 − β₁)·(g − m)
//	v ← v + (1 − β₂)·(g² − v)
//	w ← w − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m/(√v + ε)
//
// This ε is the "ε̂" of Kingma and Ba's formula before their Section 2.1.
// Gorgonia's AdamSolver instead computes η·m̂/(√v̂ + ε) with the
// bias-corrected m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), which puts ε inside the
// bias correction (an ε of √(1 − β₂ᵗ)·ε in Keras's terms), so nnlr uses this
// solver for "adam"; Gorgonia's AdamW (v0.9.18) does not write its update
// back to the weights at all.
//
// Each learnable's value and gradient must be *tensor.Dense of float64 or
// float32 (any shape); float32 values are updated in float32 arithmetic,
// with the step's scalar factors computed in float64 and rounded once. Step
// zeroes the gradients it consumes. Set the fields before the first Step.
type Adam struct {
	// LearningRate is η.
	LearningRate float64
	// Beta1 and Beta2 are β₁ and β₂, each in [0, 1).
	Beta1, Beta2 float64
	// Epsilon is ε (Keras's ε̂), positive.
	Epsilon float64
	// WeightDecay is λ, non-negative; 0 is plain Adam.
	WeightDecay float64

	t     int
	state slots // m, v per learnable
}

// Step applies one update to every learnable of model. It returns an error
// for a learnable without a gradient, of an unsupported type, or whose
// count, precision or size changed since the first step.
func (s *Adam) Step(model []G.ValueGrad) error {
	if s.state.init == nil {
		s.state.init = []float64{0, 0}
	}
	name := "adam"
	if s.WeightDecay != 0 {
		name = "adamw"
	}
	s.t++
	t := float64(s.t)
	alpha := s.LearningRate * math.Sqrt(1-math.Pow(s.Beta2, t)) / (1 - math.Pow(s.Beta1, t))
	decay := s.LearningRate * s.WeightDecay
	b1, b2 := 1-s.Beta1, 1-s.Beta2
	return s.state.each(name, model,
		func(w, g []float64, st [][]float64) { adamRule(w, g, st[0], st[1], decay, b1, b2, alpha, s.Epsilon) },
		func(w, g []float32, st [][]float32) {
			adamRule(w, g, st[0], st[1], float32(decay), float32(b1), float32(b2), float32(alpha), float32(s.Epsilon))
		})
}

// adamRule applies one step with decay = η·λ, b1 = 1 − β₁, b2 = 1 − β₂ and
// alpha = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), in Keras's order of operations.
func adamRule[T float](w, g, m, v []T, decay, b1, b2, alpha, eps T) {
	for i := range w {
		if decay != 0 {
			w[i] -= w[i] * decay
		}
		m[i] += (g[i] - m[i]) * b1
		v[i] += (g[i]*g[i] - v[i]) * b2
		w[i] -= m[i] * alpha / (sqrt(v[i]) + eps)
	}
}

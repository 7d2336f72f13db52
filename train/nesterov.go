package train

import G "gorgonia.org/gorgonia"

// Nesterov is stochastic gradient descent with Nesterov momentum, a
// gorgonia.Solver (Gorgonia v0.9.18 has none), with the rule of Keras 2.x's
// SGD(learning_rate=η, momentum=μ, nesterov=True) (keras/optimizers/sgd.py,
// Keras 2.11–2.15; the same as the legacy optimizer_v2 kernel
// ResourceApplyKerasMomentum with use_nesterov): for every element of every
// learnable, with gradient g and velocity v starting at 0,
//
//	v ← μ·v − η·g
//	w ← w + μ·v − η·g
//
// Each learnable's value and gradient must be *tensor.Dense of float64 or
// float32 (any shape, e.g. a d × 1 kernel and a 1 × 1 bias); float32 values
// are updated in float32 arithmetic. Step zeroes the gradients it consumes.
// The zero value is a solver with η = 0; set the fields before the first
// Step.
type Nesterov struct {
	// LearningRate is η.
	LearningRate float64
	// Momentum is μ, in [0, 1].
	Momentum float64

	state slots // v per learnable
}

// Step applies one update to every learnable of model. It returns an error
// for a learnable without a gradient, of an unsupported type, or whose
// count, precision or size changed since the first step.
func (s *Nesterov) Step(model []G.ValueGrad) error {
	if s.state.init == nil {
		s.state.init = []float64{0}
	}
	return s.state.each("nesterov", model,
		func(w, g []float64, st [][]float64) { nesterovRule(w, g, st[0], s.LearningRate, s.Momentum) },
		func(w, g []float32, st [][]float32) {
			nesterovRule(w, g, st[0], float32(s.LearningRate), float32(s.Momentum))
		})
}

// nesterovRule is Keras's arithmetic, in its order of operations:
// m ← −g·η + m·μ; w ← w + (−g·η + m·μ).
func nesterovRule[T float](w, g, v []T, lr, mu T) {
	for i := range w {
		v[i] = -g[i]*lr + v[i]*mu
		w[i] += -g[i]*lr + v[i]*mu
	}
}

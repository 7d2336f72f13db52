package train

import G "gorgonia.org/gorgonia"

// Adagrad is the Adagrad solver (Duchi, Hazan and Singer, "Adaptive
// subgradient methods for online learning and stochastic optimization",
// JMLR 12, 2011) as Keras 2.x computes it, a gorgonia.Solver. The rule, from
// keras/optimizers/adagrad.py (Keras 2.11–2.15), for every element of every
// learnable with gradient g and the accumulator a starting at
// InitialAccumulator (Keras's initial_accumulator_value, default 0.1):
//
//	a ← a + g²
//	w ← w − η·g/√(a + ε)
//
// Gorgonia's AdaGradSolver has the same rule but always starts the
// accumulator at 0, so nnlr uses this solver for "adagrad". (Keras's legacy
// optimizer, before 2.11, computed η·g/(√a + ε) instead.)
//
// Each learnable's value and gradient must be *tensor.Dense of float64 or
// float32 (any shape); float32 values are updated in float32 arithmetic.
// Step zeroes the gradients it consumes. Set the fields before the first
// Step.
type Adagrad struct {
	// LearningRate is η.
	LearningRate float64
	// InitialAccumulator is the starting value of a, non-negative.
	InitialAccumulator float64
	// Epsilon is ε, positive.
	Epsilon float64

	state slots // a per learnable
}

// Step applies one update to every learnable of model. It returns an error
// for a learnable without a gradient, of an unsupported type, or whose
// count, precision or size changed since the first step.
func (s *Adagrad) Step(model []G.ValueGrad) error {
	if s.state.init == nil {
		s.state.init = []float64{s.InitialAccumulator}
	}
	return s.state.each("adagrad", model,
		func(w, g []float64, st [][]float64) { adagradRule(w, g, st[0], s.LearningRate, s.Epsilon) },
		func(w, g []float32, st [][]float32) {
			adagradRule(w, g, st[0], float32(s.LearningRate), float32(s.Epsilon))
		})
}

func adagradRule[T float](w, g, a []T, lr, eps T) {
	for i := range w {
		a[i] += g[i] * g[i]
		w[i] -= lr * g[i] / sqrt(a[i]+eps)
	}
}

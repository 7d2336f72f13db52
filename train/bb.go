package train

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
)

// BarzilaiBorwein is gradient descent with the Barzilai–Borwein step size
// (Barzilai and Borwein, "Two-point step size gradient methods", IMA J.
// Numer. Anal. 8, 1988), a gorgonia.Solver with the rule of Gorgonia
// v0.9.18's BarzilaiBorweinSolver. With w and g all learnables' values and
// gradients taken together as one vector, the first step is
// w ← w − η·g with η = LearningRate; every later step first sets
//
//	η ← ⟨Δw, Δg⟩ / ‖Δg‖²
//
// where Δw and Δg are the changes of w and g since the previous step, and
// then takes w ← w − η·g. Keras has no counterpart.
//
// nnlr implements the rule itself because Gorgonia's solver fails on
// float32 learnables (it multiplies them by a float64 step size) and turns
// the weights into NaN when the gradient stops changing (‖Δg‖ = 0, a 0/0
// step size); this solver keeps the previous η then. The sums are
// accumulated in float64 in both precisions. Each learnable's value and
// gradient must be *tensor.Dense of float64 or float32 (any shape). Step
// zeroes the gradients it consumes. Set LearningRate before the first Step.
type BarzilaiBorwein struct {
	// LearningRate is η of the first step.
	LearningRate float64

	eta     float64
	started bool
	state   slots // previous w and g per learnable
}

// StepSize is the η of the last step (LearningRate before the first).
func (s *BarzilaiBorwein) StepSize() float64 {
	if !s.started {
		return s.LearningRate
	}
	return s.eta
}

// Step applies one update to every learnable of model. It returns an error
// for a learnable without a gradient, of an unsupported type, or whose
// count, precision or size changed since the first step.
func (s *BarzilaiBorwein) Step(model []G.ValueGrad) error {
	if !s.started {
		s.state.init = []float64{0, 0}
		s.eta = s.LearningRate
	} else {
		if len(s.state.per) != len(model) {
			return fmt.Errorf("bb: %d learnables, but the solver's state is for %d", len(model), len(s.state.per))
		}
		var num, den float64
		for i, n := range model {
			w, g, err := denseData(n, i)
			if err != nil {
				return fmt.Errorf("bb: %w", err)
			}
			var a, b float64
			switch w := w.(type) {
			case []float64:
				a, b, err = bbSums(&s.state, i, w, g.([]float64))
			case []float32:
				a, b, err = bbSums(&s.state, i, w, g.([]float32))
			}
			if err != nil {
				return fmt.Errorf("bb: %s: %w", learnableName(n, i), err)
			}
			num, den = num+a, den+b
		}
		if eta := num / den; den > 0 && !math.IsInf(eta, 0) && !math.IsNaN(eta) {
			s.eta = eta
		}
	}
	s.started = true
	eta := s.eta
	return s.state.each("bb", model,
		func(w, g []float64, st [][]float64) { bbRule(w, g, st, eta) },
		func(w, g []float32, st [][]float32) { bbRule(w, g, st, float32(eta)) })
}

// bbSums returns ⟨Δw, Δg⟩ and ‖Δg‖² of learnable i against its saved
// previous value and gradient.
func bbSums[T float](s *slots, i int, w, g []T) (num, den float64, err error) {
	st, err := stateFor[T](&s.per[i], s.init, len(w))
	if err != nil {
		return 0, 0, err
	}
	for j := range w {
		dw, dg := float64(w[j])-float64(st[0][j]), float64(g[j])-float64(st[1][j])
		num += dw * dg
		den += dg * dg
	}
	return num, den, nil
}

// bbRule saves w and g as the previous point and takes w ← w − η·g.
func bbRule[T float](w, g []T, st [][]T, eta T) {
	copy(st[0], w)
	copy(st[1], g)
	for i := range w {
		w[i] -= g[i] * eta
	}
}

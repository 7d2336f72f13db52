package train

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// ClipValue wraps a gorgonia.Solver so that every gradient element is first
// clipped to [−Clip, Clip], as Keras 2.x's clipvalue argument of every
// optimizer does before the update rule sees the gradient (tf.clip_by_value
// in keras/optimizers/optimizer.py). Gorgonia's own WithClip option is not
// the same: its RMSProp and AdaGrad solvers clip only after the squared
// gradient has entered their accumulators, and its Barzilai–Borwein solver
// bounds the step size instead.
//
// Each learnable's gradient must be *tensor.Dense of float64 or float32.
// Clip must be positive.
type ClipValue struct {
	// Solver takes the step on the clipped gradients.
	Solver G.Solver
	// Clip is the bound of every gradient element.
	Clip float64
}

// Step clips the gradients in place and calls the wrapped solver's Step. It
// returns an error for a learnable without a usable gradient or the wrapped
// solver's error.
func (c ClipValue) Step(model []G.ValueGrad) error {
	for i, n := range model {
		_, g, err := denseData(n, i)
		if err != nil {
			return fmt.Errorf("clip: %w", err)
		}
		switch g := g.(type) {
		case []float64:
			clipRule(g, c.Clip)
		case []float32:
			clipRule(g, float32(c.Clip))
		}
	}
	return c.Solver.Step(model)
}

func clipRule[T float](g []T, c T) {
	for i, v := range g {
		g[i] = min(max(v, -c), c)
	}
}

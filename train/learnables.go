package train

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// float is the element type of a learnable: the graph's precision.
type float interface{ ~float32 | ~float64 }

func sqrt[T float](x T) T { return T(math.Sqrt(float64(x))) }

// learnableName names the i-th learnable in errors: its node name when it
// has one.
func learnableName(n G.ValueGrad, i int) string {
	if nm, ok := n.(interface{ Name() string }); ok && nm.Name() != "" {
		return nm.Name()
	}
	return fmt.Sprintf("learnable %d", i)
}

// denseData returns the row-major values and gradient of the i-th learnable
// n: both []float64 or both []float32, of equal length, aliasing n's
// tensors. It returns an error when n has no gradient or when its value or
// gradient is not a float64 or float32 *tensor.Dense of one shape.
func denseData(n G.ValueGrad, i int) (w, g any, err error) {
	gv, err := n.Grad()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: gradient: %w", learnableName(n, i), err)
	}
	wt, ok1 := n.Value().(*tensor.Dense)
	gt, ok2 := gv.(*tensor.Dense)
	if !ok1 || !ok2 {
		return nil, nil, fmt.Errorf("%s: value %T and gradient %T: want *tensor.Dense", learnableName(n, i), n.Value(), gv)
	}
	if wt.Dtype() != gt.Dtype() || wt.Len() != gt.Len() {
		return nil, nil, fmt.Errorf("%s: value (%v, %v) and gradient (%v, %v) differ", learnableName(n, i), wt.Dtype(), wt.Shape(), gt.Dtype(), gt.Shape())
	}
	switch wt.Dtype() {
	case tensor.Float64:
		return wt.Float64s(), gt.Float64s(), nil
	case tensor.Float32:
		return wt.Float32s(), gt.Float32s(), nil
	}
	return nil, nil, fmt.Errorf("%s: dtype %v: want float64 or float32", learnableName(n, i), wt.Dtype())
}

// slots is a solver's per-parameter state: for every learnable, len(init)
// slices shaped like its value (e.g. Adam's m and v), in its precision,
// each starting at the matching init value.
type slots struct {
	init []float64
	per  []any // per learnable: [][]float64 or [][]float32
}

// each applies a rule to every learnable of model, in order: f64 or f32,
// by precision, with the value w, the gradient g and the learnable's state
// slices, then zeroes the gradient (Gorgonia's tape machines add each run's
// gradient to the dual value, so a solver must clear it, as Gorgonia's own
// solvers do). It returns an error, naming the solver, for a learnable
// without a usable gradient (see denseData) or one whose count, precision
// or size changed since the first step.
func (s *slots) each(solver string, model []G.ValueGrad, f64 func(w, g []float64, st [][]float64), f32 func(w, g []float32, st [][]float32)) error {
	if s.per == nil {
		s.per = make([]any, len(model))
	} else if len(s.per) != len(model) {
		return fmt.Errorf("%s: %d learnables, but the solver's state is for %d", solver, len(model), len(s.per))
	}
	for i, n := range model {
		w, g, err := denseData(n, i)
		if err != nil {
			return fmt.Errorf("%s: %w", solver, err)
		}
		switch w := w.(type) {
		case []float64:
			g := g.([]float64)
			st, err := stateFor[float64](&s.per[i], s.init, len(w))
			if err != nil {
				return fmt.Errorf("%s: %s: %w", solver, learnableName(n, i), err)
			}
			f64(w, g, st)
			clear(g)
		case []float32:
			g := g.([]float32)
			st, err := stateFor[float32](&s.per[i], s.init, len(w))
			if err != nil {
				return fmt.Errorf("%s: %s: %w", solver, learnableName(n, i), err)
			}
			f32(w, g, st)
			clear(g)
		}
	}
	return nil
}

// stateFor returns the state slices held in *p, allocating and filling
// them from init on first use.
func stateFor[T float](p *any, init []float64, size int) ([][]T, error) {
	if *p == nil {
		st := make([][]T, len(init))
		for k, v := range init {
			st[k] = make([]T, size)
			for j := range st[k] {
				st[k][j] = T(v)
			}
		}
		*p = st
	}
	st, ok := (*p).([][]T)
	if !ok {
		return nil, fmt.Errorf("precision changed since the first step")
	}
	if len(st) > 0 && len(st[0]) != size {
		return nil, fmt.Errorf("size changed from %d to %d since the first step", len(st[0]), size)
	}
	return st, nil
}

package graph

import (
	"errors"
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// compile prepares the machines of a built graph: the training run on roots
// (the loss and the learnables' gradients) and the forward run on the
// logits, with an Executor (Config.Machine MachineExecutor, the default)
// or Gorgonia's TapeMachine (MachineTape, and the straightforward test
// models, which compile the whole graph). A graph holding an op that needs a
// machine (ErrUnsupportedOp) stays on the TapeMachine.
func (m *Model) compile(roots G.Nodes) error {
	m.machine = m.cfg.Machine
	if m.machine == "" {
		m.machine = MachineExecutor
	}
	if m.straightforward {
		m.machine = MachineTape
	}
	if m.machine == MachineExecutor {
		exec, err := NewExecutor(m.g, roots, m.learnables)
		if err == nil {
			var fwd *Executor
			if fwd, err = NewExecutor(m.g, G.Nodes{m.logits}, nil); err == nil {
				m.exec, m.fwdExec = exec, fwd
				return nil
			}
		}
		if !errors.Is(err, ErrUnsupportedOp) {
			return fmt.Errorf("executor: %w", err)
		}
		m.machine = MachineTape
	}
	if m.straightforward {
		m.vm = G.NewTapeMachine(m.g, G.BindDualValues(m.learnables...))
	} else {
		m.vm = G.NewTapeMachine(m.g.SubgraphRoots(roots...), G.BindDualValues(m.learnables...))
	}
	m.fwd = G.NewTapeMachine(m.g.SubgraphRoots(m.logits))
	return nil
}

// Machine is the machine that runs the model's graph: Config.Machine, or
// MachineTape when the graph holds an op that cannot run outside a machine
// (see ErrUnsupportedOp).
func (m *Model) Machine() Machine { return m.machine }

// run runs the training graph on the bound inputs and returns the loss.
func (m *Model) run() (float64, error) {
	if m.exec != nil {
		// The executor replaces the gradients at every run.
		if err := m.exec.Run(); err != nil {
			return 0, fmt.Errorf("graph: run: %w", err)
		}
		return firstValue(m.exec.Value(m.loss)), nil
	}
	// The tape machine adds each run's gradients to the learnables' dual
	// values; solvers zero them after a step, and so do we before a run, so
	// that the gradients are always those of this batch alone.
	for _, n := range m.learnables {
		if g, err := n.Grad(); err == nil {
			if t, ok := g.(tensor.Tensor); ok {
				t.Zero()
			}
		}
	}
	m.vm.Reset()
	if err := m.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("graph: run: %w", err)
	}
	return scalar(m.loss.Value()), nil
}

// forward runs the forward graph on the bound X and returns the logits'
// value (Rows() values), valid until the next run.
func (m *Model) forward() (G.Value, error) {
	if m.fwdExec != nil {
		if err := m.fwdExec.Run(); err != nil {
			return nil, fmt.Errorf("graph: forward: %w", err)
		}
		return m.fwdExec.Value(m.logits), nil
	}
	m.fwd.Reset()
	if err := m.fwd.RunAll(); err != nil {
		return nil, fmt.Errorf("graph: forward: %w", err)
	}
	return m.logits.Value(), nil
}

// appendFloats appends the first k values of v (float64 or float32) to out.
func appendFloats(out []float64, v G.Value, k int) []float64 {
	switch data := v.Data().(type) {
	case []float64:
		return append(out, data[:k]...)
	case []float32:
		for _, f := range data[:k] {
			out = append(out, float64(f))
		}
	case float64:
		out = append(out, data)
	case float32:
		out = append(out, float64(data))
	}
	return out
}

// Machine sets what runs the graph (Config.Machine).
func (b *Builder) Machine(mc Machine) *Builder { b.cfg.Machine = mc; return b }

// firstValue returns the first element of v (a scalar loss) without
// copying it.
func firstValue(v G.Value) float64 {
	switch data := v.Data().(type) {
	case float64:
		return data
	case float32:
		return float64(data)
	case []float64:
		return data[0]
	case []float32:
		return float64(data[0])
	}
	return scalar(v)
}

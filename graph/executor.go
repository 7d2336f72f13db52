package graph

import (
	"errors"
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Machine selects what runs a Model's graph (Config.Machine).
type Machine string

// The machines. Both run the same Gorgonia nodes and ops and give the same
// losses, gradients and parameters (see TestExecutorMatchesTapeMachine in
// train/); they differ in speed.
const (
	// MachineExecutor runs the graph with an Executor, in the caller's
	// goroutine, reusing value buffers between runs. The default.
	MachineExecutor Machine = "executor"
	// MachineTape runs the graph with Gorgonia's TapeMachine
	// (gorgonia.NewTapeMachine), which hands every run to another OS
	// thread (v0.9.18's RunAll locks the thread and starts a goroutine).
	MachineTape Machine = "tape"
)

// Machines lists the valid machines, default first.
func Machines() []Machine { return []Machine{MachineExecutor, MachineTape} }

func (m Machine) validate() error {
	switch m {
	case "", MachineExecutor, MachineTape:
		return nil
	}
	return fmt.Errorf("machine %q: want %s or %s", string(m), MachineExecutor, MachineTape)
}

// ErrUnsupportedOp is returned (wrapped, naming the op) by NewExecutor for a
// graph holding an op that needs a Gorgonia machine: statements (Let, Read)
// and device transfers. New then keeps the model on the TapeMachine.
var ErrUnsupportedOp = errors.New("op cannot run outside a Gorgonia machine")

// stepKind is how an Executor obtains a node's value.
type stepKind uint8

const (
	stepInput  stepKind = iota // a leaf: the value bound to the node (as the tape's loadArg)
	stepStatic                 // computed once: its value never changes (constants, sizes of fixed shapes)
	stepOp                     // the op's Do (or UsePreallocDo, or UnsafeDo on an owned copy) every run
)

// reuse is how an op step reuses its previous value's buffer.
type reuse uint8

const (
	reuseNone     reuse = iota // op.Do every run
	reusePrealloc              // op.UsePreallocDo(buffer, inputs...)
	reuseUnsafe                // copy input 0 into the buffer, then op.UnsafeDo(buffer)
	reuseView                  // the value is a view of input view (all its elements): kept while the inputs are the same values
)

type step struct {
	n        *G.Node
	op       G.Op
	kind     stepKind
	children []int // indices of the inputs' steps, in the op's order
	args     []G.Value
	one      []G.Value // the argument of UnsafeDo
	reuse    reuse
	checked  bool      // reuse decided (after the first run)
	view     int       // reuseView: the input the value views
	last     []G.Value // reuseView: the inputs of the kept value
}

// Executor runs the nodes of a Gorgonia ExprGraph that the given roots need
// in topological order (gorgonia.Sort), each with its own Op's Do, in the
// caller's goroutine: Gorgonia v0.9.18's TapeMachine.RunAll instead locks
// the OS thread and hands every run to a new goroutine, which costs two
// thread wake-ups per run. After the first run an op that implements
// gorgonia.UsePreallocDoer writes into the buffer of its previous result
// (when that result is its own memory, not a view of an input), and a unary
// op that overwrites its input (gorgonia.UnsafeDoer, e.g. sigmoid, tanh,
// softplus, square) runs on a copy of its input held in that buffer; an op
// whose value is a view of one of its inputs (Reshape, Repeat by 1) keeps
// that value while its inputs are the same values (the view follows their
// elements as they change in place), so
// that the nodes' values are not reallocated at every run (Gorgonia's ops
// still allocate their small bookkeeping: about a third of a TapeMachine
// run's allocations remain). Leaves (inputs, learnables,
// constants) are read from their nodes at every run, as the TapeMachine's
// loadArg does; nodes that depend only on constants and on shapes (Gorgonia's
// SizeOf) are computed once.
//
// The gradient of every learnable passed to NewExecutor (its node's Deriv,
// from gorgonia.Grad) is copied after each run into a buffer bound to that
// gradient node, so that the learnable's Node.Grad returns it: the
// learnables themselves are the []gorgonia.ValueGrad a gorgonia.Solver
// steps, as with a TapeMachine's BindDualValues, except that a run replaces
// the gradients instead of adding to them.
//
// An Executor is not safe for concurrent use, and it must be the only
// machine running its graph's nodes.
type Executor struct {
	steps []step
	vals  []G.Value
	index map[*G.Node]int
	grads []gradSlot
}

// gradSlot is the buffer of one learnable's gradient.
type gradSlot struct {
	step int // the gradient node's step
	buf  *tensor.Dense
}

// NewExecutor prepares the execution of the nodes of g that roots depend on
// (the roots included). learnables, which may be empty, are leaves of g
// whose gradient nodes (Node.Deriv, set by gorgonia.Grad) are among those
// nodes. It returns an error wrapping ErrUnsupportedOp for an op that needs
// a machine, and an error when a learnable has no gradient node or its
// gradient is not needed by the roots, or when the graph cannot be sorted.
func NewExecutor(g *G.ExprGraph, roots G.Nodes, learnables G.Nodes) (*Executor, error) {
	if len(roots) == 0 {
		return nil, errors.New("executor: no roots")
	}
	sub := g.SubgraphRoots(roots...)
	sorted, err := G.Sort(sub)
	if err != nil {
		return nil, fmt.Errorf("executor: sort: %w", err)
	}
	// Sort lists the roots first; run the leaves first.
	for i, j := 0, len(sorted)-1; i < j; i, j = i+1, j-1 {
		sorted[i], sorted[j] = sorted[j], sorted[i]
	}
	e := &Executor{
		steps: make([]step, len(sorted)),
		vals:  make([]G.Value, len(sorted)),
		index: make(map[*G.Node]int, len(sorted)),
	}
	for i, n := range sorted {
		e.index[n] = i
	}
	for i, n := range sorted {
		s := step{n: n, op: n.Op()}
		for it := sub.From(n.ID()); it.Next(); {
			c, ok := it.Node().(*G.Node)
			if !ok {
				return nil, fmt.Errorf("executor: node %v: child of type %T", n, it.Node())
			}
			ci, ok := e.index[c]
			if !ok || ci >= i {
				return nil, fmt.Errorf("executor: node %v: child %v is not sorted before it", n, c)
			}
			s.children = append(s.children, ci)
		}
		switch {
		case len(s.children) == 0:
			s.kind = stepInput
			if _, isConst := s.op.(interface{ Value() G.Value }); isConst {
				s.kind = stepStatic
			}
		default:
			if err := supported(s.op); err != nil {
				return nil, fmt.Errorf("executor: node %v: %w", n, err)
			}
			s.kind = stepOp
			if static(s.op) || allStatic(e.steps, s.children) && !stateful(s.op) {
				s.kind = stepStatic
			}
			if tm, ok := s.op.(G.TrainModeOp); ok {
				// As a TapeMachine not in evaluation mode does.
				if err := tm.SetTraining(true); err != nil {
					return nil, fmt.Errorf("executor: node %v: training mode: %w", n, err)
				}
			}
		}
		s.args = make([]G.Value, len(s.children))
		e.steps[i] = s
	}
	for _, l := range learnables {
		d := l.Deriv()
		if d == nil {
			return nil, fmt.Errorf("executor: learnable %v has no gradient node", l)
		}
		di, ok := e.index[d]
		if !ok {
			return nil, fmt.Errorf("executor: the roots do not need the gradient of %v", l)
		}
		if e.steps[di].kind != stepOp {
			return nil, fmt.Errorf("executor: the gradient of %v is not computed by an op", l)
		}
		buf := tensor.New(tensor.Of(d.Dtype()), tensor.WithShape(d.Shape()...))
		if err := G.UnsafeLet(d, buf); err != nil {
			return nil, fmt.Errorf("executor: binding the gradient of %v: %w", l, err)
		}
		e.grads = append(e.grads, gradSlot{step: di, buf: buf})
	}
	return e, nil
}

// supported returns an error wrapping ErrUnsupportedOp for ops that only a
// machine can run.
func supported(op G.Op) error {
	// Ops that also implement gorgonia.CUDADoer (e.g. Reshape) run their Do
	// on the CPU, as the TapeMachine of a build without the cuda tag does.
	// Statements and device transfers are unexported types of Gorgonia
	// v0.9.18 that the TapeMachine compiles into special instructions.
	switch fmt.Sprintf("%T", op) {
	case "gorgonia.letOp", "gorgonia.readOp", "gorgonia.devTrans":
		return fmt.Errorf("%w: %v (%T)", ErrUnsupportedOp, op, op)
	}
	return nil
}

// static reports whether op's value depends only on its inputs' shapes:
// Gorgonia v0.9.18's SizeOf (an unexported sizeOp), whose inputs' shapes
// are fixed in a graph.
func static(op G.Op) bool { return fmt.Sprintf("%T", op) == "gorgonia.sizeOp" }

// stateful reports whether op may give different values for the same
// inputs (training-mode ops such as dropout), so that it is never computed
// once for all.
func stateful(op G.Op) bool {
	_, ok := op.(G.TrainModeOp)
	return ok
}

func allStatic(steps []step, children []int) bool {
	for _, c := range children {
		if steps[c].kind != stepStatic {
			return false
		}
	}
	return true
}

// Run computes every node once, leaves first, and copies the learnables'
// gradients into their buffers. It returns an error naming the node whose
// op fails or whose leaf has no value.
func (e *Executor) Run() error {
	for i := range e.steps {
		s := &e.steps[i]
		switch s.kind {
		case stepInput:
			v := s.n.Value()
			if v == nil {
				return fmt.Errorf("executor: no value bound to %v", s.n)
			}
			e.vals[i] = v
			continue
		case stepStatic:
			if e.vals[i] != nil {
				continue
			}
			if len(s.children) == 0 {
				e.vals[i] = s.n.Value()
				continue
			}
		}
		for k, c := range s.children {
			s.args[k] = e.vals[c]
		}
		v, err := e.do(s, e.vals[i])
		if err != nil {
			return fmt.Errorf("executor: node %v (%v): %w", s.n, s.op, err)
		}
		e.vals[i] = v
	}
	for _, g := range e.grads {
		if err := copyInto(g.buf, e.vals[g.step]); err != nil {
			return fmt.Errorf("executor: gradient %v: %w", e.steps[g.step].n, err)
		}
	}
	return nil
}

// do runs one op step; prev is the step's value of the previous run.
func (e *Executor) do(s *step, prev G.Value) (G.Value, error) {
	if !s.checked || s.kind == stepStatic {
		v, err := s.op.Do(s.args...)
		if err != nil {
			return nil, err
		}
		if s.kind == stepOp {
			s.checked = true
			s.reuse = reuseFor(s.op, v, s.args)
			if s.reuse == reuseNone && !stateful(s.op) {
				if k := viewOf(v, s.args); k >= 0 {
					s.reuse, s.view, s.last = reuseView, k, append([]G.Value(nil), s.args...)
				}
			}
		}
		return v, nil
	}
	switch s.reuse {
	case reuseView:
		same := true
		for k, a := range s.args {
			same = same && a == s.last[k]
		}
		if same {
			return prev, nil
		}
		s.reuse = reuseNone
	case reusePrealloc:
		v, err := s.op.(G.UsePreallocDoer).UsePreallocDo(prev, s.args...)
		if err == nil {
			return v, nil
		}
		// As the TapeMachine does when a preallocated value does not fit.
		s.reuse = reuseNone
	case reuseUnsafe:
		if err := copyInto(prev.(*tensor.Dense), s.args[0]); err == nil {
			if s.one == nil {
				s.one = make([]G.Value, 1)
			}
			s.one[0] = prev
			v, err := s.op.(G.UnsafeDoer).UnsafeDo(s.one...)
			if err == nil && sameMemory(v, prev) {
				return v, nil
			}
		}
		s.reuse = reuseNone
	}
	return s.op.Do(s.args...)
}

// reuseFor decides, from an op's first result v on inputs args, whether its
// buffer can be reused: only when v is memory of its own (it overlaps no
// input: ops such as Reshape, or Repeat by 1, return views of their input)
// and is a tensor.
func reuseFor(op G.Op, v G.Value, args []G.Value) reuse {
	vt, ok := v.(*tensor.Dense)
	if !ok || vt.IsView() || vt.Size() == 0 {
		return reuseNone
	}
	for _, a := range args {
		if overlaps(v, a) {
			return reuseNone
		}
	}
	if _, ok := op.(G.UsePreallocDoer); ok {
		return reusePrealloc
	}
	if _, ok := op.(G.UnsafeDoer); ok && op.Arity() == 1 && op.OverwritesInput() == 0 && len(args) == 1 {
		if a, ok := args[0].(*tensor.Dense); ok && a.Dtype() == vt.Dtype() && a.Shape().Eq(vt.Shape()) {
			return reuseUnsafe
		}
	}
	return reuseNone
}

// viewOf returns the index of the input whose memory v is, element for
// element (the same address, size and dtype: Reshape's ShallowClone, Repeat
// by 1), or −1. Such a value follows its input's elements as they change in
// place, so that it stays valid while the inputs are the same values.
func viewOf(v G.Value, args []G.Value) int {
	vt, ok := v.(*tensor.Dense)
	if !ok || vt.IsView() || vt.Size() == 0 {
		return -1
	}
	for k, a := range args {
		at, ok := a.(*tensor.Dense)
		if ok && !at.IsView() && at.Dtype() == vt.Dtype() && at.Size() == vt.Size() && sameMemory(vt, at) {
			return k
		}
	}
	return -1
}

// overlaps reports whether the memory of a and b overlap.
func overlaps(a, b G.Value) bool {
	if a == nil || b == nil || a.MemSize() == 0 || b.MemSize() == 0 {
		return false
	}
	a0, b0 := a.Uintptr(), b.Uintptr()
	return a0 < b0+b.MemSize() && b0 < a0+a.MemSize()
}

func sameMemory(a, b G.Value) bool { return a.Uintptr() == b.Uintptr() && a.MemSize() == b.MemSize() }

// copyInto copies the elements of src (a tensor or a scalar of dst's
// dtype and size) into dst.
func copyInto(dst *tensor.Dense, src G.Value) error {
	if st, ok := src.(*tensor.Dense); ok && !st.IsView() && st.Dtype() == dst.Dtype() && st.Len() == dst.Len() {
		switch st.Dtype() {
		case tensor.Float64:
			copy(dst.Float64s(), st.Float64s())
			return nil
		case tensor.Float32:
			copy(dst.Float32s(), st.Float32s())
			return nil
		}
	}
	if src.Dtype() != dst.Dtype() || src.Size() != dst.Size() {
		return fmt.Errorf("value (%v, %v) does not fit the buffer (%v, %v)", src.Dtype(), src.Shape(), dst.Dtype(), dst.Shape())
	}
	if st, ok := src.(*tensor.Dense); ok && st.IsView() {
		src = st.Materialize().(*tensor.Dense)
	}
	switch s := src.Data().(type) {
	case []float64:
		copy(dst.Float64s(), s)
	case []float32:
		copy(dst.Float32s(), s)
	case float64:
		dst.Float64s()[0] = s
	case float32:
		dst.Float32s()[0] = s
	default:
		return fmt.Errorf("value of type %T: want float64 or float32", src.Data())
	}
	return nil
}

// Value returns the value node n had in the last Run (nil before the first
// run or for a node the roots do not need). The value may be a buffer that
// the next Run overwrites.
func (e *Executor) Value(n *G.Node) G.Value {
	if i, ok := e.index[n]; ok {
		return e.vals[i]
	}
	return nil
}

// Nodes is the number of nodes a run computes or reads.
func (e *Executor) Nodes() int { return len(e.steps) }

package graph

import (
	"errors"
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Stack is K models of one Config (the same layers, precision and L2,
// different seeds) in one Gorgonia graph, so that one run does the K
// forward and backward passes: every layer's kernel is stacked along a new
// first axis, K × in × units, and its bias K × 1 × units; each model has its
// own batch, X being K × rows × d. Model k computes
// H_k = act(H_{k−1}·W + b) with gorgonia.BatchedMatMul, the logits
// z_ki = Σ_j H_kij·W_kj + b_k (K × rows; the output layer's kernel is
// stored K × 1 × in and its bias K × 1) and its loss L_k = Σ_i s_ki·softplus(a_ki·z_ki)
// (+ (L2/2)·Σ‖W_k‖²), exactly Model's loss of its own batch; the graph's
// loss is Σ_k L_k, so that the gradient with respect to model k's
// parameters is its own loss's gradient, and an element-wise solver (sgd,
// momentum, nesterov, adam, adamw, rmsprop, adagrad, with or without clip)
// stepping the stacked learnables updates every model exactly as alone. A
// solver whose step couples the elements (bb) must step each model alone,
// on ModelValueGrads. Model k's initial parameters are those New draws for
// Config.Seed = Seeds()[k]. In float64 every model's arithmetic is that of
// a single Model of its seed, bit for bit: the hidden layers' batched
// products call the same gemm per model, the output layer the same gemv
// (stackop.go), and the sums (loss, L2 penalty, bias gradient) run in the
// same order; so its loss, gradients and, with an element-wise solver, its
// parameters equal a single Model's exactly. In float32 gonum v0.16's dot
// product (internal/asm/f32 DotUnitary) starts its SSE loop at a 16-byte
// boundary of an operand, so a model whose slice of the stacked kernel is
// not so aligned as a Model's own kernel may differ by a few float32 units
// in the last place.
//
// A Stack is not safe for concurrent use.
type Stack struct {
	cfg   Config
	dtype tensor.Dtype
	seeds []uint64

	g            *G.ExprGraph
	x, a, s      *G.Node // K × rows × d, K × rows (1 − 2y), K × rows (sample weights)
	layers       []stackLayer
	logits       *G.Node // K × rows
	losses, loss *G.Node // K, and their sum
	learnables   G.Nodes
	valueGrads   []G.ValueGrad
	machine      Machine
	exec         *Executor
	vm           G.VM

	xT, aT, sT *tensor.Dense
	out        []float64
	views      [][]G.ValueGrad
}

// stackLayer is one dense layer of a Stack.
type stackLayer struct {
	in, units    int
	activation   Activation
	kernel, bias *G.Node // K × in × units, K × 1 × units; the output layer's K × 1 × in, K × 1
}

// NewStack builds the graph of len(seeds) models of cfg, model k seeded by
// seeds[k] (cfg.Seed is ignored; cfg.Kernel and cfg.Bias, when set, are
// every model's initial output layer). It returns New's errors for an
// invalid cfg, an error when seeds is empty, and an error when Gorgonia
// fails to build the graph or its gradients.
func NewStack(cfg Config, seeds []uint64) (*Stack, error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	if len(seeds) == 0 {
		return nil, errors.New("graph: stack: no seeds")
	}
	if cfg.BatchRows == 0 {
		cfg.BatchRows = 32
	}
	if cfg.Features < 1 || cfg.BatchRows < 1 {
		return nil, fmt.Errorf("graph: stack: features %d and batch rows %d must be positive", cfg.Features, cfg.BatchRows)
	}
	if cfg.L2 < 0 || math.IsNaN(cfg.L2) || math.IsInf(cfg.L2, 0) {
		return nil, fmt.Errorf("graph: stack: L2 %v must be finite and non-negative", cfg.L2)
	}
	dt, err := cfg.Dtype.tensor()
	if err != nil {
		return nil, fmt.Errorf("graph: stack: %w", err)
	}
	if err := cfg.Machine.validate(); err != nil {
		return nil, fmt.Errorf("graph: stack: %w", err)
	}
	cfg.Hidden = append([]Dense(nil), cfg.Hidden...)
	for i, l := range cfg.Hidden {
		if err := l.validate(); err != nil {
			return nil, fmt.Errorf("graph: stack: hidden layer %d: %w", i+1, err)
		}
	}
	specs := append(append([]Dense(nil), cfg.Hidden...), Dense{Units: 1, Activation: Sigmoid})
	// init[l] holds every model's kernel of layer l, model after model.
	init := make([][]float64, len(specs))
	for _, seed := range seeds {
		rng := NewRand(seed, 0)
		in := cfg.Features
		for l, spec := range specs {
			var k []float64
			if l == len(specs)-1 && cfg.Kernel != nil {
				if len(cfg.Kernel) != in {
					return nil, fmt.Errorf("graph: stack: initial kernel has %d values, want %d", len(cfg.Kernel), in)
				}
				k = cfg.Kernel
			} else if k, err = GlorotUniform(in, spec.Units, rng); err != nil {
				return nil, fmt.Errorf("graph: stack: layer %d: %w", l+1, err)
			}
			init[l] = append(init[l], k...)
			in = spec.Units
		}
	}
	st := &Stack{cfg: cfg, dtype: dt, seeds: append([]uint64(nil), seeds...), g: G.NewGraph()}
	if err := st.build(specs, init); err != nil {
		return nil, fmt.Errorf("graph: stack: %w", err)
	}
	return st, nil
}

func (st *Stack) build(specs []Dense, init [][]float64) error {
	K, rows, d := len(st.seeds), st.cfg.BatchRows, st.cfg.Features
	st.xT = tensor.New(tensor.Of(st.dtype), tensor.WithShape(K, rows, d))
	st.aT = tensor.New(tensor.Of(st.dtype), tensor.WithShape(K, rows))
	st.sT = tensor.New(tensor.Of(st.dtype), tensor.WithShape(K, rows))
	st.x = G.NewTensor(st.g, st.dtype, 3, G.WithShape(K, rows, d), G.WithName("X"), G.WithValue(st.xT))
	st.a = G.NewMatrix(st.g, st.dtype, G.WithShape(K, rows), G.WithName("1-2y"), G.WithValue(st.aT))
	st.s = G.NewMatrix(st.g, st.dtype, G.WithShape(K, rows), G.WithName("sample_weight"), G.WithValue(st.sT))

	h, in := st.x, d
	var penalties []*G.Node
	for i, spec := range specs {
		out := i == len(specs)-1
		l := stackLayer{in: in, units: spec.Units, activation: spec.Activation}
		// The output layer's kernel is K × 1 × in (the same memory as
		// K × in × 1) and its bias K × 1: its logits H_k·w_k + b_k and their
		// gradients are ops of their own (stackop.go) that call the BLAS
		// gemv a single Model's matrix-vector product calls, on each model's
		// part, so that every model's arithmetic is a single Model's bit for
		// bit (gorgonia's BatchedMatMul slices every model's matrices at
		// every run, which costs more than the product for small layers).
		kShape, bShape := tensor.Shape{K, in, spec.Units}, tensor.Shape{K, 1, spec.Units}
		if out {
			kShape, bShape = tensor.Shape{K, 1, in}, tensor.Shape{K, 1}
		}
		kT := tensor.New(tensor.Of(st.dtype), tensor.WithShape(kShape...))
		bT := tensor.New(tensor.Of(st.dtype), tensor.WithShape(bShape...))
		setFloats(kT, init[i])
		if out {
			b := make([]float64, K)
			for k := range b {
				b[k] = st.cfg.Bias
			}
			setFloats(bT, b)
		}
		l.kernel = G.NewTensor(st.g, st.dtype, kShape.Dims(), G.WithShape(kShape...), G.WithName(fmt.Sprintf("dense_%d/kernel", i+1)), G.WithValue(kT))
		l.bias = G.NewTensor(st.g, st.dtype, bShape.Dims(), G.WithShape(bShape...), G.WithName(fmt.Sprintf("dense_%d/bias", i+1)), G.WithValue(bT))
		st.layers = append(st.layers, l)
		st.learnables = append(st.learnables, l.kernel, l.bias)
		if out {
			var err error
			op := &stackAffine{dt: st.dtype, k: K, rows: rows, in: in}
			if st.logits, err = G.ApplyOp(op, h, l.kernel, l.bias); err != nil {
				return fmt.Errorf("layer %d: H·kernel + bias: %w", i+1, err)
			}
		} else {
			hw, err := G.BatchedMatMul(h, l.kernel)
			if err != nil {
				return fmt.Errorf("layer %d: H·kernel: %w", i+1, err)
			}
			pre, err := G.BroadcastAdd(hw, l.bias, nil, []byte{1})
			if err != nil {
				return fmt.Errorf("layer %d: + bias: %w", i+1, err)
			}
			if h, err = spec.Activation.apply(pre); err != nil {
				return fmt.Errorf("layer %d: %s: %w", i+1, spec.Activation, err)
			}
		}
		if st.cfg.L2 > 0 {
			sq, err := G.Square(l.kernel)
			if err != nil {
				return fmt.Errorf("layer %d: square: %w", i+1, err)
			}
			// Σ over each model's kernel row-major, the order of a single
			// Model's Sum (Sum over axes 1 then 2 would sum a hidden kernel's
			// columns first, which in float32 changes the last bit).
			flat, err := G.Reshape(sq, tensor.Shape{K, kShape[1] * kShape[2]})
			if err != nil {
				return fmt.Errorf("layer %d: reshape: %w", i+1, err)
			}
			ss, err := G.Sum(flat, 1)
			if err != nil {
				return fmt.Errorf("layer %d: sum: %w", i+1, err)
			}
			penalties = append(penalties, ss)
		}
		in = spec.Units
	}
	// Per model: Σ_i s_ki·softplus(a_ki·z_ki), as bceFromLogits.
	az, err := G.HadamardProd(st.a, st.logits)
	if err != nil {
		return fmt.Errorf("a·z: %w", err)
	}
	per, err := G.Softplus(az)
	if err != nil {
		return fmt.Errorf("softplus(a·z): %w", err)
	}
	weighted, err := G.HadamardProd(st.s, per)
	if err != nil {
		return fmt.Errorf("weighting: %w", err)
	}
	if st.losses, err = G.Sum(weighted, 1); err != nil {
		return fmt.Errorf("per-model loss: %w", err)
	}
	// + (L2/2)·Σ‖W‖², one layer at a time, in Model's order (addL2).
	for i, ss := range penalties {
		var half *G.Node
		if st.dtype == tensor.Float32 {
			half = G.NewConstant(float32(st.cfg.L2 / 2))
		} else {
			half = G.NewConstant(st.cfg.L2 / 2)
		}
		pen, err := G.Mul(half, ss)
		if err != nil {
			return fmt.Errorf("L2 penalty %d: scale: %w", i+1, err)
		}
		if st.losses, err = G.Add(st.losses, pen); err != nil {
			return fmt.Errorf("L2 penalty %d: add: %w", i+1, err)
		}
	}
	if st.loss, err = G.Sum(st.losses); err != nil {
		return fmt.Errorf("loss: %w", err)
	}
	grads, err := G.Grad(st.loss, st.learnables...)
	if err != nil {
		return fmt.Errorf("gradients: %w", err)
	}
	st.valueGrads = G.NodesToValueGrads(st.learnables)
	roots := append(G.Nodes{st.loss, st.losses}, grads...)
	st.machine = st.cfg.Machine
	if st.machine == "" {
		st.machine = MachineExecutor
	}
	if st.machine == MachineExecutor {
		exec, err := NewExecutor(st.g, roots, st.learnables)
		switch {
		case err == nil:
			st.exec = exec
			return nil
		case !errors.Is(err, ErrUnsupportedOp):
			return fmt.Errorf("executor: %w", err)
		}
		st.machine = MachineTape
	}
	st.vm = G.NewTapeMachine(st.g.SubgraphRoots(roots...), G.BindDualValues(st.learnables...))
	return nil
}

// Models is K, the number of models.
func (st *Stack) Models() int { return len(st.seeds) }

// Seeds returns a copy of the models' seeds, model k's at k.
func (st *Stack) Seeds() []uint64 { return append([]uint64(nil), st.seeds...) }

// Rows is the number of rows of each model's batch placeholder: the largest
// batch RunBatch accepts.
func (st *Stack) Rows() int { return st.cfg.BatchRows }

// Features is d, the number of input columns.
func (st *Stack) Features() int { return st.cfg.Features }

// Machine is the machine that runs the graph (see Model.Machine).
func (st *Stack) Machine() Machine { return st.machine }

// Learnables are the stacked trainable nodes: each layer's kernel
// (K × in × units) then its bias (K × 1 × units), input side first; the
// output layer's kernel is K × 1 × in and its bias K × 1.
func (st *Stack) Learnables() G.Nodes { return st.learnables }

// ValueGrads are the stacked learnables as the []gorgonia.ValueGrad an
// element-wise gorgonia.Solver steps for every model at once, valid after
// RunBatch.
func (st *Stack) ValueGrads() []G.ValueGrad { return st.valueGrads }

// ModelValueGrads are model k's parameters and gradients as
// []gorgonia.ValueGrad of its own (in × units and 1 × units tensors
// sharing the stacked tensors' memory), for a solver that must step each
// model alone (bb). It returns an error for k out of [0, Models()) or when
// the gradients do not exist yet (before the first RunBatch on the
// TapeMachine).
func (st *Stack) ModelValueGrads(k int) ([]G.ValueGrad, error) {
	if k < 0 || k >= len(st.seeds) {
		return nil, fmt.Errorf("graph: stack: model %d of %d", k, len(st.seeds))
	}
	if st.views == nil {
		st.views = make([][]G.ValueGrad, len(st.seeds))
	}
	if st.views[k] != nil {
		return st.views[k], nil
	}
	out := make([]G.ValueGrad, 0, len(st.learnables))
	for _, n := range st.learnables {
		g, err := n.Grad()
		if err != nil || g == nil {
			return nil, fmt.Errorf("graph: stack: %v has no gradient yet", n)
		}
		w, ok1 := n.Value().(*tensor.Dense)
		gt, ok2 := g.(*tensor.Dense)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("graph: stack: %v: value %T and gradient %T", n, n.Value(), g)
		}
		shape := n.Shape()[1:]
		out = append(out, &modelSlice{name: n.Name(), w: sliceOf(w, k, shape), g: sliceOf(gt, k, shape)})
	}
	st.views[k] = out
	return out, nil
}

// sliceOf returns model k's part of a stacked tensor as a tensor of shape
// shape sharing its memory.
func sliceOf(t *tensor.Dense, k int, shape tensor.Shape) *tensor.Dense {
	size := shape.TotalSize()
	switch data := t.Data().(type) {
	case []float64:
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data[k*size:(k+1)*size]))
	case []float32:
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data[k*size:(k+1)*size]))
	}
	return nil
}

// modelSlice is one model's part of a stacked learnable, a
// gorgonia.ValueGrad.
type modelSlice struct {
	name string
	w, g *tensor.Dense
}

func (m *modelSlice) Value() G.Value         { return m.w }
func (m *modelSlice) Grad() (G.Value, error) { return m.g, nil }
func (m *modelSlice) Name() string           { return m.name }

// RunBatch runs the K models forward and backward, model k on its own batch:
// the rows idx[k] of x (row-major, Features columns) with labels y[idx[k][j]]
// in {0, 1}, padded as Model.RunBatch pads. It returns the K batch mean
// losses (with the L2 penalty; a slice reused by the next call) and leaves
// each model's gradients in the stacked learnables' gradients. len(idx)
// must be Models(), every idx[k] of 1 to Rows() rows of x, and len(x)
// len(y)·Features; otherwise the error wraps ErrBatch.
func (st *Stack) RunBatch(x, y []float64, idx [][]int) ([]float64, error) {
	K, rows, d := len(st.seeds), st.cfg.BatchRows, st.cfg.Features
	if len(idx) != K {
		return nil, fmt.Errorf("%w: %d batches for %d models", ErrBatch, len(idx), K)
	}
	if len(x) != len(y)*d {
		return nil, fmt.Errorf("%w: %d values for %d labels of %d features", ErrBatch, len(x), len(y), d)
	}
	for k, b := range idx {
		if len(b) < 1 || len(b) > rows {
			return nil, fmt.Errorf("%w: model %d: %d rows, want 1 to %d", ErrBatch, k, len(b), rows)
		}
		for _, i := range b {
			if i < 0 || i >= len(y) {
				return nil, fmt.Errorf("%w: model %d: row %d of %d", ErrBatch, k, i, len(y))
			}
		}
	}
	switch xs := st.xT.Data().(type) {
	case []float64:
		fillStack(xs, st.aT.Float64s(), st.sT.Float64s(), x, y, idx, rows, d)
	case []float32:
		fillStack(xs, st.aT.Float32s(), st.sT.Float32s(), x, y, idx, rows, d)
	}
	var losses G.Value
	if st.exec != nil {
		if err := st.exec.Run(); err != nil {
			return nil, fmt.Errorf("graph: stack: run: %w", err)
		}
		losses = st.exec.Value(st.losses)
	} else {
		for _, n := range st.learnables {
			if g, err := n.Grad(); err == nil {
				if t, ok := g.(tensor.Tensor); ok {
					t.Zero()
				}
			}
		}
		st.vm.Reset()
		if err := st.vm.RunAll(); err != nil {
			return nil, fmt.Errorf("graph: stack: run: %w", err)
		}
		losses = st.losses.Value()
	}
	st.out = appendFloats(st.out[:0], losses, K)
	return st.out, nil
}

// fillStack copies each model's batch into the stacked inputs, with
// a = 1 − 2y and sample weights 1/len(idx[k]), and pads with zero rows of
// zero weight.
func fillStack[T float32 | float64](xs, as, ss []T, x, y []float64, idx [][]int, rows, d int) {
	for k, b := range idx {
		w := T(1 / float64(len(b)))
		base := k * rows
		x64, same := any(xs).([]float64)
		for j, i := range b {
			if same {
				copy(x64[(base+j)*d:(base+j+1)*d], x[i*d:(i+1)*d])
			} else {
				for c := 0; c < d; c++ {
					xs[(base+j)*d+c] = T(x[i*d+c])
				}
			}
			as[base+j], ss[base+j] = T(1-2*y[i]), w
		}
		clear(xs[(base+len(b))*d : (base+rows)*d])
		clear(as[base+len(b) : base+rows])
		clear(ss[base+len(b) : base+rows])
	}
}

// Layers returns a copy of model k's parameters, shaped as Model.Layers
// returns them. It returns an error for k out of [0, Models()).
func (st *Stack) Layers(k int) ([]Layer, error) {
	if k < 0 || k >= len(st.seeds) {
		return nil, fmt.Errorf("graph: stack: model %d of %d", k, len(st.seeds))
	}
	out := make([]Layer, len(st.layers))
	for i, l := range st.layers {
		kv := floats(l.kernel.Value())[k*l.in*l.units : (k+1)*l.in*l.units]
		out[i] = Layer{Activation: l.activation, Kernel: make([][]float64, l.in), Bias: floats(l.bias.Value())[k*l.units : (k+1)*l.units]}
		for r := range out[i].Kernel {
			out[i].Kernel[r] = kv[r*l.units : (r+1)*l.units : (r+1)*l.units]
		}
	}
	return out, nil
}

// Output returns a copy of model k's output-layer kernel (one value per
// input of the output layer: without hidden layers d values, as
// Model.Kernel) and its bias (as Model.Bias), without copying the other
// models' parameters. It returns an error for k out of [0, Models()).
func (st *Stack) Output(k int) ([]float64, float64, error) {
	if k < 0 || k >= len(st.seeds) {
		return nil, 0, fmt.Errorf("graph: stack: model %d of %d", k, len(st.seeds))
	}
	l := st.layers[len(st.layers)-1]
	kernel := make([]float64, l.in)
	var bias float64
	w, b := l.kernel.Value().(*tensor.Dense), l.bias.Value().(*tensor.Dense)
	if st.dtype == tensor.Float32 {
		for i, v := range w.Float32s()[k*l.in : (k+1)*l.in] {
			kernel[i] = float64(v)
		}
		bias = float64(b.Float32s()[k])
	} else {
		copy(kernel, w.Float64s()[k*l.in:(k+1)*l.in])
		bias = b.Float64s()[k]
	}
	return kernel, bias, nil
}

// SetLayers overwrites model k's parameters with layers, shaped as Layers
// returns them. It returns an error for k out of range or a shape that
// differs, before changing anything.
func (st *Stack) SetLayers(k int, layers []Layer) error {
	if k < 0 || k >= len(st.seeds) {
		return fmt.Errorf("graph: stack: model %d of %d", k, len(st.seeds))
	}
	if len(layers) != len(st.layers) {
		return fmt.Errorf("graph: stack: %d layers, the models have %d", len(layers), len(st.layers))
	}
	for i, l := range st.layers {
		dn := denseNodes{in: l.in, units: l.units}
		if err := dn.check(layers[i]); err != nil {
			return fmt.Errorf("graph: stack: layer %d: %w", i+1, err)
		}
	}
	for i, l := range st.layers {
		kt := sliceOf(l.kernel.Value().(*tensor.Dense), k, tensor.Shape{l.in, l.units})
		bt := sliceOf(l.bias.Value().(*tensor.Dense), k, tensor.Shape{1, l.units})
		flat := make([]float64, 0, l.in*l.units)
		for _, row := range layers[i].Kernel {
			flat = append(flat, row...)
		}
		setFloats(kt, flat)
		setFloats(bt, layers[i].Bias)
	}
	return nil
}

// Close releases the tape machine, if one runs the graph.
func (st *Stack) Close() error {
	if st.vm != nil {
		return st.vm.Close()
	}
	return nil
}

// Model returns a new single Model of the stack's Config with model k's
// seed and current parameters, e.g. to evaluate it or draw its boundary
// (Model.Logits). Close it when done. It returns an error for k out of
// [0, Models()) or New's error.
func (st *Stack) Model(k int) (*Model, error) {
	layers, err := st.Layers(k)
	if err != nil {
		return nil, err
	}
	cfg := st.cfg
	cfg.Seed = st.seeds[k]
	m, err := New(cfg)
	if err != nil {
		return nil, fmt.Errorf("graph: stack: model %d: %w", k, err)
	}
	if err := m.SetLayers(layers); err != nil {
		m.Close()
		return nil, fmt.Errorf("graph: stack: model %d: %w", k, err)
	}
	return m, nil
}

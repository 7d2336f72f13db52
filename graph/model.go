// Package graph builds nnlr's models as Gorgonia computation graphs: a dense
// sigmoid output layer (a logistic regression written as a one-unit network)
// or a dense softmax output layer over k classes (a multinomial logistic
// regression, see softmax.go), optionally behind a stack of dense hidden
// layers (see Dense and Builder), with Keras's defaults, its binary or
// categorical cross-entropy loss computed from the logits, and the symbolic
// gradients of that loss.
//
// A Model is built once and reused for every step: its batch placeholder has
// a fixed number of rows, and a smaller batch (the last one of an epoch) is
// padded with rows whose sample weight is zero, so it contributes nothing to
// the loss or to the gradients.
package graph

import (
	"errors"
	"fmt"
	"math"
	"sync"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Dtype is the floating-point precision of a graph.
type Dtype string

// The supported precisions. Float32 is Keras's default precision; Float64 is
// nnlr's default, for comparing with the float64 SAG baseline.
const (
	Float64 Dtype = "float64"
	Float32 Dtype = "float32"
)

func (d Dtype) tensor() (tensor.Dtype, error) {
	switch d {
	case Float64, "":
		return tensor.Float64, nil
	case Float32:
		return tensor.Float32, nil
	}
	return tensor.Dtype{}, fmt.Errorf("dtype %q: want float64 or float32", string(d))
}

// Config describes a model. The zero value is not valid: Features must be set.
type Config struct {
	// Features is d, the number of input columns.
	Features int
	// BatchRows is the number of rows of the batch placeholder, the largest
	// batch the model accepts (usually min(batch size, n)). Default 32.
	BatchRows int
	// Dtype is the graph's precision. Default Float64.
	Dtype Dtype
	// Hidden lists the hidden layers, input side first; each is followed
	// by the next, and the last by the output layer, Dense(1, sigmoid) or
	// Dense(Classes, softmax) (see Output).
	// Empty (the default) is the no-hidden-layer model, a logistic
	// regression.
	Hidden []Dense
	// Seed seeds the glorot_uniform draws of the kernels: one source
	// (NewRand(Seed, 0)) draws every layer's kernel in order, input side
	// first, each row-major (in × units); without hidden layers that is
	// one d × 1 draw, as before hidden layers existed.
	Seed uint64
	// Kernel, when not nil, is the output layer's initial kernel instead of
	// a glorot_uniform draw: Features values without hidden layers, else one
	// per unit of the last hidden layer (whose glorot_uniform draws are
	// unaffected). Use Model.SetLayers to set every layer.
	Kernel []float64
	// Bias is the output layer's initial bias. Keras's default (zeros) is 0.
	Bias float64
	// Output is the output layer's activation: Sigmoid (the default, ""),
	// Dense(1, sigmoid) with binary cross-entropy and labels in {0, 1}; or
	// Softmax, Dense(Classes, softmax) with categorical cross-entropy and
	// labels the class indices 0, 1, …, Classes − 1 (see softmax.go).
	Output Activation
	// Classes is k, the number of classes of a Softmax output (at least 2);
	// it must be 0 or 2 for a Sigmoid output. With a Softmax output the
	// kernel is in × k (Keras's layout), drawn by glorot_uniform with limit
	// √(6/(in + k)), the k biases start at 0, and Kernel, when set, holds
	// in·k values row-major (in × k).
	Classes int
	// L2 adds (L2/2)·Σ‖W‖² over every layer's kernel (not the biases) to the
	// loss; 0 (the default) adds nothing. Without hidden layers and with
	// L2 = 1/(C·n) the graph minimises the same objective as scikit-learn's
	// LogisticRegression(C=C) and the SAG baseline.
	L2 float64
	// Machine selects what runs the graph: MachineExecutor (the default,
	// "") or MachineTape, Gorgonia's TapeMachine. Both give the same
	// results; the executor is faster (see Executor).
	Machine Machine
}

// Model is a feed-forward network as a Gorgonia ExprGraph: the hidden
// layers of Config.Hidden, H_k = act_k(H_{k−1}·W_k + b_k) with H_0 = X
// (rows × d), W_k: units_{k−1} × units_k, b_k: 1 × units_k broadcast over the
// rows, then the output layer's logits z = H·W + b (W: units × 1, b: 1 × 1)
// and probabilities p = σ(z) (a softmax output, Config.Output: W is
// units × k, b is 1 × k, the logits rows × k, p = softmax(z) by row and the
// loss the weighted categorical cross-entropy, see softmaxCEFromLogits).
// Without hidden layers this is
// z = X·W + b with W (the kernel) d × 1: a logistic regression. Its loss is
// the weighted binary cross-entropy Σ_i s_i·ℓ(z_i, y_i) with
// ℓ(z, y) = softplus((1 − 2y)·z) = −y·log σ(z) − (1 − y)·log(1 − σ(z))
// (see bceFromLogits), where
// the sample weights s_i are 1/batch for the rows of a batch and 0 for
// padding, so that the loss is the mean over the batch (plus
// (L2/2)·Σ_k ‖W_k‖² when Config.L2 is set), as Keras's BinaryCrossentropy
// (reduction "sum_over_batch_size") computes it from a sigmoid output's
// logits.
//
// Kernel, Bias, SetParams and Gradients speak of the output layer (Keras's
// model.layers[-1]): without hidden layers that is the whole model, the
// kernel having one value per feature; with hidden layers the output
// kernel has one value per unit of the last hidden layer and is not a
// normal vector in feature space. Use Layers, SetLayers and LayerGradients
// for every layer, and EndToEnd for the input-space kernel of a network that
// is linear end to end.
//
// A Model is not safe for concurrent use.
type Model struct {
	cfg   Config
	dtype tensor.Dtype

	g       *G.ExprGraph
	x, y, s *G.Node      // inputs: X (rows × d), 1 − 2y (rows × 1), sample weights (rows × 1)
	layers  []denseNodes // hidden layers, then the output layer
	kernel  *G.Node      // output layer's kernel: units × 1
	bias    *G.Node      // output layer's bias: 1 × 1
	logits  *G.Node      // rows × 1
	loss    *G.Node      // scalar

	learnables G.Nodes
	valueGrads []G.ValueGrad
	machine    Machine   // the machine in use
	vm         G.VM      // MachineTape: forward and backward
	fwd        G.VM      // MachineTape: forward only, logits
	exec       *Executor // MachineExecutor: forward and backward
	fwdExec    *Executor // MachineExecutor: forward only, logits

	xT, yT, sT *tensor.Dense // reused input buffers (xT allocated when first needed)
	xView      *tensor.Dense // X bound to the caller's rows without a copy (float64)
	// xViews keeps the views made for recent windows of the caller's data,
	// by their first element (at most maxViews): training from a buffer of
	// gathered rows binds X to the same few windows over and over.
	xViews map[*float64]*tensor.Dense

	// The batch the input buffers hold (x's and y's first elements and idx),
	// so that RunBatch on the same batch again (full-batch training without
	// shuffling) skips refilling them; loaded is false when unknown.
	loaded          bool
	loadedX         *float64
	loadedY         *float64
	loadedIdx       []int
	straightforward bool // tests: compile the whole graph, always refill
}

// New builds the graph of a model and initialises its kernels and biases.
// It returns an error when the configuration is invalid (non-positive
// Features or BatchRows, a hidden layer with non-positive Units or an
// unknown Activation, an explicit Kernel of the wrong length, an unknown
// Dtype, a negative or non-finite L2, an unknown Machine) or when Gorgonia
// fails to build the graph or its gradients.
func New(cfg Config) (*Model, error) {
	return newModel(cfg, false)
}

// buildMu serialises the building of graphs: Gorgonia v0.9.18's constant
// nodes (such as the 1 of a gradient) are package variables shared by every
// ExprGraph, and building a graph caches their hash in them
// (Node.Hashcode), a data race when two goroutines build graphs at once
// (the sweep's workers, --runs).
var buildMu sync.Mutex

// newModel builds a model; straightforward (for tests of the optimised path)
// compiles the whole graph, including the gradients with respect to the
// inputs, and refills the input buffers on every RunBatch.
func newModel(cfg Config, straightforward bool) (*Model, error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	if cfg.Features < 1 {
		return nil, fmt.Errorf("graph: features %d must be positive", cfg.Features)
	}
	if cfg.BatchRows == 0 {
		cfg.BatchRows = 32
	}
	if cfg.L2 < 0 || math.IsNaN(cfg.L2) || math.IsInf(cfg.L2, 0) {
		return nil, fmt.Errorf("graph: L2 %v must be finite and non-negative", cfg.L2)
	}
	if cfg.BatchRows < 1 {
		return nil, fmt.Errorf("graph: batch rows %d must be positive", cfg.BatchRows)
	}
	dt, err := cfg.Dtype.tensor()
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	if err := cfg.Machine.validate(); err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	cfg.Hidden = append([]Dense(nil), cfg.Hidden...)
	for i, l := range cfg.Hidden {
		if err := l.validate(); err != nil {
			return nil, fmt.Errorf("graph: hidden layer %d: %w", i+1, err)
		}
	}
	output, err := outputLayer(&cfg)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	specs := append(append([]Dense(nil), cfg.Hidden...), output)
	rng := NewRand(cfg.Seed, 0)
	kernels := make([][]float64, len(specs))
	in := cfg.Features
	for i, l := range specs {
		if i == len(specs)-1 && cfg.Kernel != nil {
			if len(cfg.Kernel) != in*l.Units {
				if l.Units > 1 {
					return nil, fmt.Errorf("graph: initial kernel has %d values, want %d (%d × %d, row-major)", len(cfg.Kernel), in*l.Units, in, l.Units)
				}
				if len(specs) == 1 {
					return nil, fmt.Errorf("graph: initial kernel has %d values, want %d (one per feature)", len(cfg.Kernel), in)
				}
				return nil, fmt.Errorf("graph: initial kernel has %d values, want %d (one per unit of the last hidden layer)", len(cfg.Kernel), in)
			}
			kernels[i] = cfg.Kernel
			break
		}
		if kernels[i], err = GlorotUniform(in, l.Units, rng); err != nil {
			return nil, fmt.Errorf("graph: layer %d: %w", i+1, err)
		}
		in = l.Units
	}

	m := &Model{cfg: cfg, dtype: dt, g: G.NewGraph(), straightforward: straightforward}
	if err := m.build(specs, kernels, cfg.Bias); err != nil {
		return nil, fmt.Errorf("graph: build: %w", err)
	}
	return m, nil
}

func (m *Model) build(specs []Dense, kernels [][]float64, bias float64) error {
	rows, d := m.cfg.BatchRows, m.cfg.Features
	m.yT, m.y = m.labelInput(rows)
	m.sT = tensor.New(tensor.Of(m.dtype), tensor.WithShape(rows))
	m.x = G.NewMatrix(m.g, m.dtype, G.WithShape(rows, d), G.WithName("X")) // bound by letX
	m.s = G.NewVector(m.g, m.dtype, G.WithShape(rows), G.WithName("sample_weight"), G.WithValue(m.sT))

	h, in := m.x, d
	kernelNodes := make(G.Nodes, 0, len(specs))
	for i, spec := range specs {
		// The no-hidden-layer model keeps the foundation's node names.
		kname, bname := "kernel", "bias"
		if len(specs) > 1 {
			kname, bname = fmt.Sprintf("dense_%d/kernel", i+1), fmt.Sprintf("dense_%d/bias", i+1)
		}
		l := denseNodes{in: in, units: spec.Units, activation: spec.Activation}
		var kT, bT *tensor.Dense
		if i == len(specs)-1 && spec.Units == 1 {
			// The one-unit output layer holds its kernel as a vector (in) and
			// its bias as a vector (1), so that its product is a
			// matrix-vector product (BLAS gemv, memory-bound) rather than a
			// matrix-matrix one with one column (gemm, several times slower
			// in gonum on tall data); the values are the same in × 1 kernel.
			kT = tensor.New(tensor.Of(m.dtype), tensor.WithShape(in))
			bT = tensor.New(tensor.Of(m.dtype), tensor.WithShape(1))
			l.kernel = G.NewVector(m.g, m.dtype, G.WithShape(in), G.WithName(kname), G.WithValue(kT))
			l.bias = G.NewVector(m.g, m.dtype, G.WithShape(1), G.WithName(bname), G.WithValue(bT))
		} else {
			kT = tensor.New(tensor.Of(m.dtype), tensor.WithShape(in, spec.Units))
			bT = tensor.New(tensor.Of(m.dtype), tensor.WithShape(1, spec.Units))
			l.kernel = G.NewMatrix(m.g, m.dtype, G.WithShape(in, spec.Units), G.WithName(kname), G.WithValue(kT))
			l.bias = G.NewMatrix(m.g, m.dtype, G.WithShape(1, spec.Units), G.WithName(bname), G.WithValue(bT))
		}
		setFloats(kT, kernels[i])
		m.layers = append(m.layers, l)
		kernelNodes = append(kernelNodes, l.kernel)
		m.learnables = append(m.learnables, l.kernel, l.bias)
		var err error
		if i == len(specs)-1 {
			// The output layer's sigmoid or softmax is folded into the loss.
			setFloats(bT, []float64{bias})
			if m.logits, err = l.affine(h); err != nil {
				return fmt.Errorf("logits: %w", err)
			}
		} else if h, err = l.forward(h); err != nil {
			return fmt.Errorf("hidden layer %d: %w", i+1, err)
		}
		in = spec.Units
	}
	out := m.layers[len(m.layers)-1]
	m.kernel, m.bias = out.kernel, out.bias

	var err error
	if m.softmax() {
		m.loss, err = softmaxCEFromLogits(m.logits, m.y, m.s)
	} else {
		m.loss, err = bceFromLogits(m.logits, m.y, m.s)
	}
	if err != nil {
		return fmt.Errorf("loss: %w", err)
	}
	if m.cfg.L2 > 0 {
		if m.loss, err = addL2(m.loss, m.cfg.L2, kernelNodes...); err != nil {
			return fmt.Errorf("L2 penalty: %w", err)
		}
	}
	grads, err := G.Grad(m.loss, m.learnables...)
	if err != nil {
		return fmt.Errorf("gradients: %w", err)
	}
	m.valueGrads = G.NodesToValueGrads(m.learnables)
	// Gorgonia's symbolic differentiation also builds the gradients of the
	// loss with respect to the inputs (X, y, sample weights), which training
	// never reads; compiling only what the loss and the learnables'
	// gradients need leaves them out (for X alone they cost a rows × d
	// product and buffer per step).
	roots := append(G.Nodes{m.loss}, grads...)
	return m.compile(roots)
}

// Rows is the number of rows of the batch placeholder: the largest batch
// RunBatch accepts.
func (m *Model) Rows() int { return m.cfg.BatchRows }

// Features is d, the number of input columns.
func (m *Model) Features() int { return m.cfg.Features }

// Dtype is the graph's precision.
func (m *Model) Dtype() Dtype {
	if m.dtype == tensor.Float32 {
		return Float32
	}
	return Float64
}

// Graph is the Gorgonia expression graph, for inspection (e.g. ToDot).
func (m *Model) Graph() *G.ExprGraph { return m.g }

// Learnables are the trainable nodes in a fixed order: each hidden layer's
// kernel (in × units) then its bias (1 × units), input side first, then the
// output layer's kernel as a vector of in values (d without hidden layers;
// Layers shows it as in × 1) and its bias as a vector of 1 value.
func (m *Model) Learnables() G.Nodes { return m.learnables }

// ValueGrads are the learnables as the []gorgonia.ValueGrad a
// gorgonia.Solver steps, valid after RunBatch. The slice is reused.
func (m *Model) ValueGrads() []G.ValueGrad { return m.valueGrads }

// ErrBatch is returned (wrapped) by RunBatch and Logits for inputs whose
// shapes do not fit the model.
var ErrBatch = errors.New("batch does not fit the model")

// RunBatch runs the graph forward and backward on one batch: rows of x
// (each of Features values, row-major x[i*d:(i+1)*d]) listed by idx, with
// labels y[idx[k]] in {0, 1} (a softmax output: class indices 0 to k − 1,
// else the error wraps ErrLabel). It returns the batch's mean loss and
// leaves the gradients of that loss in the learnables' dual values, ready for a
// gorgonia.Solver's Step on ValueGrads. len(idx) must be between 1 and
// Rows(), len(x) must be len(y)·Features and every index a row of x;
// otherwise the error wraps ErrBatch.
//
// When x, y (the same slices) and idx are those of the previous call, as in
// full-batch training without shuffling, the input buffers are not refilled:
// call Unload after changing x or y in place between such calls.
func (m *Model) RunBatch(x []float64, y []float64, idx []int) (float64, error) {
	d := m.cfg.Features
	if len(idx) < 1 || len(idx) > m.cfg.BatchRows {
		return 0, fmt.Errorf("%w: %d rows, want 1 to %d", ErrBatch, len(idx), m.cfg.BatchRows)
	}
	if len(x) != len(y)*d {
		return 0, fmt.Errorf("%w: %d values for %d labels of %d features", ErrBatch, len(x), len(y), d)
	}
	for _, i := range idx {
		if i < 0 || i >= len(y) {
			return 0, fmt.Errorf("%w: row %d of %d", ErrBatch, i, len(y))
		}
	}
	if err := m.checkLabels(y, idx); err != nil {
		return 0, err
	}
	if !m.sameBatch(x, y, idx) {
		m.fill(x, y, idx)
	}
	return m.run()
}

// Unload makes the next RunBatch refill the model's input buffers even when
// its x, y and idx are those of the previous call: call it after changing
// the values of x or y in place (train.Fit does, refilling its buffer of
// gathered rows).
func (m *Model) Unload() { m.loaded = false }

// sameBatch reports whether the input buffers already hold the batch idx of
// x and y.
func (m *Model) sameBatch(x, y []float64, idx []int) bool {
	if m.straightforward || !m.loaded || len(idx) != len(m.loadedIdx) || &x[0] != m.loadedX || &y[0] != m.loadedY {
		return false
	}
	for k, i := range idx {
		if m.loadedIdx[k] != i {
			return false
		}
	}
	return true
}

// fill binds the batch idx of x and y to the inputs (see letX), padding
// the rest with zero rows of zero sample weight.
func (m *Model) fill(x, y []float64, idx []int) {
	if m.softmax() {
		m.fillSoftmax(x, y, idx)
		return
	}
	m.letX(x, idx)
	w := 1 / float64(len(idx))
	switch ys := m.yT.Data().(type) {
	case []float64:
		ss := m.sT.Data().([]float64)
		for k, i := range idx {
			ys[k], ss[k] = 1-2*y[i], w
		}
		clear(ys[len(idx):])
		clear(ss[len(idx):])
	case []float32:
		ss := m.sT.Data().([]float32)
		for k, i := range idx {
			ys[k], ss[k] = float32(1-2*y[i]), float32(w)
		}
		clear(ys[len(idx):])
		clear(ss[len(idx):])
	}
	m.loaded, m.loadedX, m.loadedY = true, &x[0], &y[0]
	m.loadedIdx = append(m.loadedIdx[:0], idx...)
}

// letX binds the X placeholder to the rows idx of x (row-major, Features
// columns). When the graph is float64 and idx is a run of consecutive rows
// that fills the placeholder (full-batch training without shuffling, or a
// whole chunk of Logits), X is bound to those rows of x itself, without a
// copy: the caller's data is then the graph's input, which Gorgonia only
// reads (neither machine computes ∂L/∂X). Otherwise the rows are
// copied into the model's own buffer, allocated the first time, and padded
// with zero rows.
func (m *Model) letX(x []float64, idx []int) {
	d, rows := m.cfg.Features, m.cfg.BatchRows
	if m.dtype == tensor.Float64 && !m.straightforward && len(idx) == rows && consecutive(idx) {
		view := x[idx[0]*d : (idx[0]+rows)*d]
		if m.xView == nil || &m.xView.Data().([]float64)[0] != &view[0] {
			v, ok := m.xViews[&view[0]]
			if !ok {
				if m.xViews == nil || len(m.xViews) >= maxViews {
					m.xViews = make(map[*float64]*tensor.Dense)
				}
				v = tensor.New(tensor.WithShape(rows, d), tensor.WithBacking(view))
				m.xViews[&view[0]] = v
			}
			m.xView = v
		}
		_ = G.Let(m.x, m.xView) // shape and dtype match by construction
		return
	}
	if m.xT == nil {
		m.xT = tensor.New(tensor.Of(m.dtype), tensor.WithShape(rows, d))
	}
	switch xs := m.xT.Data().(type) {
	case []float64:
		for k, i := range idx {
			copy(xs[k*d:(k+1)*d], x[i*d:(i+1)*d])
		}
		clear(xs[len(idx)*d:])
	case []float32:
		for k, i := range idx {
			for j := 0; j < d; j++ {
				xs[k*d+j] = float32(x[i*d+j])
			}
		}
		clear(xs[len(idx)*d:])
	}
	_ = G.Let(m.x, m.xT)
}

// maxViews bounds Model.xViews: the windows of a buffer of gathered rows
// (train.Fit's holds 32,768 values, 51 batches of 32 × 20).
const maxViews = 1024

// consecutive reports whether idx is i, i+1, i+2, ….
func consecutive(idx []int) bool {
	for k := 1; k < len(idx); k++ {
		if idx[k] != idx[0]+k {
			return false
		}
	}
	return true
}

// Logits returns the logits z (X·W + b without hidden layers, the output
// layer's H·W + b with them) for every row of x (n × d, row-major, n =
// len(x)/d): n values for a sigmoid output, n × k row-major (z[i*k+c] the
// logit of class c) for a softmax output (see Outputs), running the graph's
// forward pass in chunks of Rows() rows. The error wraps ErrBatch when
// len(x) is not a multiple of d.
func (m *Model) Logits(x []float64) ([]float64, error) {
	d, rows := m.cfg.Features, m.cfg.BatchRows
	if len(x)%d != 0 {
		return nil, fmt.Errorf("%w: %d values is not a whole number of rows of %d features", ErrBatch, len(x), d)
	}
	n := len(x) / d
	out := make([]float64, 0, n*m.Outputs())
	idx := make([]int, 0, rows)
	for start := 0; start < n; start += rows {
		idx = idx[:0]
		for i := start; i < n && i < start+rows; i++ {
			idx = append(idx, i)
		}
		m.loaded = false // the forward pass rebinds X
		m.letX(x, idx)
		z, err := m.forward()
		if err != nil {
			return nil, err
		}
		out = appendFloats(out, z, len(idx)*m.Outputs())
	}
	return out, nil
}

// Kernel returns a copy of the output layer's current kernel: d values, one
// per feature, without hidden layers; one per unit of the last hidden layer
// with them (see Model, EndToEnd and Layers). For a softmax output it is
// the in × k kernel row-major; use OutputKernel.
func (m *Model) Kernel() []float64 { return floats(m.kernel.Value()) }

// Bias returns the output layer's current bias b (a softmax output's
// first class's; use OutputBias).
func (m *Model) Bias() float64 { return floats(m.bias.Value())[0] }

// SetParams overwrites the output layer's kernel (as many values as Kernel
// returns) and bias. It returns an error when the kernel has the wrong
// length or the output is softmax (use SetOutput).
func (m *Model) SetParams(kernel []float64, bias float64) error {
	if m.softmax() {
		return errors.New("graph: SetParams sets a sigmoid output; use SetOutput for a softmax output")
	}
	if want := m.layers[len(m.layers)-1].in; len(kernel) != want {
		return fmt.Errorf("graph: kernel has %d values, want %d", len(kernel), want)
	}
	setFloats(m.kernel.Value().(*tensor.Dense), kernel)
	setFloats(m.bias.Value().(*tensor.Dense), []float64{bias})
	return nil
}

// Gradients returns copies of ∂L/∂W and ∂L/∂b of the output layer (W as
// Kernel returns it) of the last RunBatch's batch (RunBatch clears earlier
// ones), before a solver step consumes them (Gorgonia's solvers zero them).
// LayerGradients returns every layer's. It returns an error for a softmax
// output (use OutputGradients).
func (m *Model) Gradients() (kernel []float64, bias float64, err error) {
	if m.softmax() {
		return nil, 0, errors.New("graph: Gradients is for a sigmoid output; use OutputGradients for a softmax output")
	}
	gk, err := m.kernel.Grad()
	if err != nil {
		return nil, 0, fmt.Errorf("graph: kernel gradient: %w", err)
	}
	gb, err := m.bias.Grad()
	if err != nil {
		return nil, 0, fmt.Errorf("graph: bias gradient: %w", err)
	}
	return floats(gk), floats(gb)[0], nil
}

// Close releases the tape machines (nothing to release for the executor).
func (m *Model) Close() error {
	var err error
	if m.vm != nil {
		err = m.vm.Close()
	}
	if m.fwd != nil {
		err = errors.Join(err, m.fwd.Close())
	}
	return err
}

func setFloats(t *tensor.Dense, v []float64) {
	switch data := t.Data().(type) {
	case []float64:
		copy(data, v)
	case []float32:
		for i := range v {
			data[i] = float32(v[i])
		}
	}
}

func floats(v G.Value) []float64 {
	switch data := v.Data().(type) {
	case []float64:
		return append([]float64(nil), data...)
	case []float32:
		out := make([]float64, len(data))
		for i, f := range data {
			out[i] = float64(f)
		}
		return out
	case float64:
		return []float64{data}
	case float32:
		return []float64{float64(data)}
	}
	return nil
}

func scalar(v G.Value) float64 {
	f := floats(v)
	if len(f) == 0 {
		return 0
	}
	return f[0]
}

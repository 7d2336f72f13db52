package graph

import (
	"errors"
	"fmt"
	"math"
	"strings"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Softmax is the output activation of a k-class model, Keras's
// Dense(k, activation="softmax"): p_c = exp(z_c) / Σ_j exp(z_j) over the k
// logits of a row. It is valid only as Config.Output, not for hidden
// layers; the model never forms p in its graph, its loss is computed from
// the logits (see softmaxCEFromLogits).
const Softmax Activation = "softmax"

// OutputActivations lists the valid output activations (Config.Output),
// the default first.
func OutputActivations() []Activation { return []Activation{Sigmoid, Softmax} }

// ParseOutput returns the output Activation named s (sigmoid or softmax;
// case-insensitive, surrounding spaces ignored), or an error listing the
// valid names.
func ParseOutput(s string) (Activation, error) {
	a := Activation(strings.ToLower(strings.TrimSpace(s)))
	if a == Sigmoid || a == Softmax {
		return a, nil
	}
	return "", fmt.Errorf("output %q: want sigmoid or softmax", s)
}

// ErrLabel is returned (wrapped) by RunBatch for a softmax model when a
// label is not a class index 0, 1, …, k − 1.
var ErrLabel = errors.New("label is not a class index")

// outputLayer returns the output layer cfg asks for, Dense(1, sigmoid) or
// Dense(k, softmax), normalising cfg.Output ("" is Sigmoid). It returns an
// error for an unknown Output, a Softmax output with fewer than two
// Classes, a Sigmoid output with Classes other than 0 or 2, or a non-zero
// Bias with a Softmax output.
func outputLayer(cfg *Config) (Dense, error) {
	switch cfg.Output {
	case "", Sigmoid:
		cfg.Output = Sigmoid
		if cfg.Classes != 0 && cfg.Classes != 2 {
			return Dense{}, fmt.Errorf("a sigmoid output has 2 classes, not %d (use Output softmax)", cfg.Classes)
		}
		return Dense{Units: 1, Activation: Sigmoid}, nil
	case Softmax:
		if cfg.Classes < 2 {
			return Dense{}, fmt.Errorf("a softmax output needs at least 2 classes, got %d", cfg.Classes)
		}
		if cfg.Bias != 0 {
			return Dense{}, fmt.Errorf("initial bias %v: Bias is the sigmoid output's; a softmax output's biases start at 0 (use SetOutput)", cfg.Bias)
		}
		return Dense{Units: cfg.Classes, Activation: Softmax}, nil
	}
	return Dense{}, fmt.Errorf("output %q: want sigmoid or softmax", string(cfg.Output))
}

// softmax reports whether the model's output layer is Dense(k, softmax).
func (m *Model) softmax() bool { return m.cfg.Output == Softmax }

// Output is the output layer's activation: Sigmoid or Softmax.
func (m *Model) Output() Activation {
	if m.softmax() {
		return Softmax
	}
	return Sigmoid
}

// Classes is the number of classes the model predicts: k for a softmax
// output, 2 for a sigmoid output.
func (m *Model) Classes() int {
	if m.softmax() {
		return m.cfg.Classes
	}
	return 2
}

// Outputs is the number of logits per row: k for a softmax output, 1 for a
// sigmoid output (the columns of Logits' n × Outputs() result).
func (m *Model) Outputs() int {
	if m.softmax() {
		return m.cfg.Classes
	}
	return 1
}

// OutputKernel returns a copy of the output layer's kernel in Keras's
// layout, in × k (in × 1 for a sigmoid output): OutputKernel()[j][c]
// weighs input j (feature j without hidden layers, unit j of the last
// hidden layer with them) into the logit of class c.
func (m *Model) OutputKernel() [][]float64 {
	p, _ := m.layers[len(m.layers)-1].params(false) // values always exist
	return p.Kernel
}

// OutputBias returns a copy of the output layer's biases: k values (one for
// a sigmoid output).
func (m *Model) OutputBias() []float64 {
	return floats(m.bias.Value())
}

// SetOutput overwrites the output layer's kernel (in × k, as OutputKernel
// returns it) and biases (k values), for either output. It returns an error
// when the shapes differ, before changing anything.
func (m *Model) SetOutput(kernel [][]float64, bias []float64) error {
	out := &m.layers[len(m.layers)-1]
	p := Layer{Kernel: kernel, Bias: bias}
	if err := out.check(p); err != nil {
		return fmt.Errorf("graph: output layer: %w", err)
	}
	out.set(p)
	return nil
}

// OutputGradients returns copies of ∂L/∂W (in × k, as OutputKernel) and
// ∂L/∂b (k values) of the output layer from the last RunBatch, before a
// solver step consumes them. For a softmax output without hidden layers
// and without L2 they are Xᵀ(P − Y)/n and the column means of P − Y, with
// P the n × k softmax probabilities and Y the one-hot labels of the batch.
// It returns an error when no gradient has been computed.
func (m *Model) OutputGradients() (kernel [][]float64, bias []float64, err error) {
	p, err := m.layers[len(m.layers)-1].params(true)
	if err != nil {
		return nil, nil, fmt.Errorf("graph: output layer: %w", err)
	}
	return p.Kernel, p.Bias, nil
}

// EndToEndOutput returns the input-space kernel (d × k) and biases (k) of
// a network that is linear end to end (see Linear), for either output: for
// z = ((X·W_1 + b_1)·W_2 + b_2)···W_L + b_L the kernel is W_1·W_2···W_L and
// the biases b_1·W_2···W_L + ··· + b_L. Without hidden layers it returns
// OutputKernel and OutputBias. It returns an error wrapping ErrNonLinear
// for a network with a non-linear hidden layer.
func (m *Model) EndToEndOutput() (kernel [][]float64, bias []float64, err error) {
	if !m.Linear() {
		return nil, nil, fmt.Errorf("graph: end-to-end kernel: %w", ErrNonLinear)
	}
	layers := m.Layers()
	last := layers[len(layers)-1]
	kernel, bias = last.Kernel, last.Bias
	for l := len(layers) - 2; l >= 0; l-- {
		h := layers[l]
		next := make([][]float64, h.Rows())
		nb := append([]float64(nil), bias...)
		for i, row := range h.Kernel {
			next[i] = make([]float64, len(bias))
			for j, w := range row {
				for c, v := range kernel[j] {
					next[i][c] += w * v
				}
			}
		}
		for j, b := range h.Bias {
			for c, v := range kernel[j] {
				nb[c] += b * v
			}
		}
		kernel, bias = next, nb
	}
	return kernel, bias, nil
}

// labelInput creates the label input of the graph: for a sigmoid output
// the vector 1 − 2y (rows), for a softmax output the matrix of sample
// weights times the one-hot labels, s_i·Y_ic (rows × k).
func (m *Model) labelInput(rows int) (*tensor.Dense, *G.Node) {
	if !m.softmax() {
		t := tensor.New(tensor.Of(m.dtype), tensor.WithShape(rows))
		return t, G.NewVector(m.g, m.dtype, G.WithShape(rows), G.WithName("1-2y"), G.WithValue(t))
	}
	k := m.cfg.Classes
	t := tensor.New(tensor.Of(m.dtype), tensor.WithShape(rows, k))
	return t, G.NewMatrix(m.g, m.dtype, G.WithShape(rows, k), G.WithName("sample_weight*onehot"), G.WithValue(t))
}

// checkLabels returns an error wrapping ErrLabel when a softmax model's
// batch holds a label y[i] that is not one of 0, 1, …, k − 1 (sigmoid
// models' labels are not checked, as before softmax outputs existed).
func (m *Model) checkLabels(y []float64, idx []int) error {
	if !m.softmax() {
		return nil
	}
	k := float64(m.cfg.Classes)
	for _, i := range idx {
		if v := y[i]; !(v >= 0 && v < k) || v != math.Trunc(v) {
			return fmt.Errorf("graph: %w: label %d is %v, want 0 to %d", ErrLabel, i, v, m.cfg.Classes-1)
		}
	}
	return nil
}

// fillSoftmax is fill for a softmax output: X as letX binds it, the label
// input s_i·onehot(y_i) (rows × k) and the sample weights s_i = 1/batch,
// both zero on the padding rows.
func (m *Model) fillSoftmax(x, y []float64, idx []int) {
	m.letX(x, idx)
	k := m.cfg.Classes
	w := 1 / float64(len(idx))
	switch ys := m.yT.Data().(type) {
	case []float64:
		ss := m.sT.Data().([]float64)
		clear(ys)
		clear(ss)
		for r, i := range idx {
			ys[r*k+int(y[i])], ss[r] = w, w
		}
	case []float32:
		ss := m.sT.Data().([]float32)
		clear(ys)
		clear(ss)
		for r, i := range idx {
			ys[r*k+int(y[i])], ss[r] = float32(w), float32(w)
		}
	}
	m.loaded, m.loadedX, m.loadedY = true, &x[0], &y[0]
	m.loadedIdx = append(m.loadedIdx[:0], idx...)
}

// softmaxCEFromLogits builds the weighted categorical cross-entropy
//
//	Σ_i s_i·(log Σ_c exp(z_ic − m_i)) − Σ_i Σ_c s_i·Y_ic·(z_ic − m_i)
//
// for logits z (rows × k), the weighted one-hot labels sy = s_i·Y_ic (rows
// × k) and the sample weights s (rows), with m_i = max_c z_ic the ROW
// maximum. Since Σ_c Y_ic = 1 on a real row this is
// Σ_i s_i·(logsumexp(z_i) − z_{i,y_i}) = Σ_i s_i·(−log softmax(z_i)_{y_i}),
// what Keras's CategoricalCrossentropy(from_logits=True) computes
// (TensorFlow's softmax_cross_entropy_with_logits also subtracts the row
// maximum); padding rows (s_i = 0, Y_i = 0) add 0. Every exp argument is
// ≤ 0 and the log's argument lies in [1, k], so the loss is finite and
// exact for any finite logits.
//
// The row maximum is a Gorgonia Max node and is differentiated too: its
// gradient is multiplied by 1 − Σ_c p_ic, which is 0 up to rounding, so
// the gradient with respect to z is s_i·(p_ic − Y_ic) to within a few ulps.
//
// Gorgonia's own SoftMax and LogSoftMax are not used: in tensor v0.9.24
// (which Gorgonia v0.9.18's SoftMax calls) the maximum subtracted is taken
// from the first element of the whole tensor rather than from each row, so
// a row far above the first row's first logit overflows (see
// TestGorgoniaSoftMaxOverflows).
func softmaxCEFromLogits(z, sy, s *G.Node) (*G.Node, error) {
	rowMax, err := G.Max(z, 1)
	if err != nil {
		return nil, fmt.Errorf("row max: %w", err)
	}
	rows := z.Shape()[0]
	rowMax, err = G.Reshape(rowMax, tensor.Shape{rows, 1})
	if err != nil {
		return nil, fmt.Errorf("row max as a column: %w", err)
	}
	shifted, err := G.BroadcastSub(z, rowMax, nil, []byte{1})
	if err != nil {
		return nil, fmt.Errorf("z − row max: %w", err)
	}
	e, err := G.Exp(shifted)
	if err != nil {
		return nil, fmt.Errorf("exp: %w", err)
	}
	se, err := G.Sum(e, 1)
	if err != nil {
		return nil, fmt.Errorf("row sum: %w", err)
	}
	lse, err := G.Log(se)
	if err != nil {
		return nil, fmt.Errorf("log: %w", err)
	}
	wl, err := G.HadamardProd(s, lse)
	if err != nil {
		return nil, fmt.Errorf("weighting: %w", err)
	}
	a, err := G.Sum(wl)
	if err != nil {
		return nil, fmt.Errorf("sum of log-sum-exp: %w", err)
	}
	yz, err := G.HadamardProd(sy, shifted)
	if err != nil {
		return nil, fmt.Errorf("picking the labels' logits: %w", err)
	}
	b, err := G.Sum(yz)
	if err != nil {
		return nil, fmt.Errorf("sum of the labels' logits: %w", err)
	}
	return G.Sub(a, b)
}

package graph

import (
	"fmt"
	"strings"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Activation names the element-wise function a dense layer applies to its
// pre-activations, as Keras's Dense(activation=...) strings do.
type Activation string

// The activations of hidden layers. The output layer is one sigmoid unit or
// k softmax units (Config.Output, Softmax in softmax.go) whose loss is
// computed from its logits (see Model).
const (
	// ReLU is max(z, 0), with derivative 1 for z > 0 and 0 otherwise (0 at
	// z = 0, as TensorFlow's tf.nn.relu gradient). The CLI's default.
	ReLU Activation = "relu"
	// Tanh is the hyperbolic tangent, derivative 1 − tanh²(z).
	Tanh Activation = "tanh"
	// Sigmoid is σ(z) = 1 / (1 + exp(−z)), derivative σ(z)·(1 − σ(z)).
	Sigmoid Activation = "sigmoid"
	// Linear is the identity (Keras's activation=None or "linear"): a
	// network whose hidden layers are all linear is a linear model (see
	// Model.EndToEnd).
	Linear Activation = "linear"
)

// Activations lists the valid hidden-layer activations, CLI default first.
func Activations() []Activation { return []Activation{ReLU, Tanh, Sigmoid, Linear} }

// ParseActivation returns the Activation named s (relu, tanh, sigmoid or
// linear; case-insensitive), or an error listing the valid names.
func ParseActivation(s string) (Activation, error) {
	a := Activation(strings.ToLower(strings.TrimSpace(s)))
	if err := a.validate(); err != nil {
		return "", err
	}
	return a, nil
}

func (a Activation) validate() error {
	for _, v := range Activations() {
		if a == v {
			return nil
		}
	}
	names := make([]string, 0, 4)
	for _, v := range Activations() {
		names = append(names, string(v))
	}
	return fmt.Errorf("activation %q: want one of %s", string(a), strings.Join(names, ", "))
}

// apply returns act(z) as a node; Linear returns z itself.
func (a Activation) apply(z *G.Node) (*G.Node, error) {
	switch a {
	case ReLU:
		// x ⊙ [x > 0]: the comparison is not differentiated, so the
		// gradient is the mask, 0 at z = 0 as in TensorFlow.
		var zero *G.Node
		if z.Dtype() == tensor.Float32 {
			zero = G.NewConstant(float32(0))
		} else {
			zero = G.NewConstant(0.0)
		}
		mask, err := G.Gt(z, zero, true)
		if err != nil {
			return nil, fmt.Errorf("relu mask: %w", err)
		}
		return G.HadamardProd(z, mask)
	case Tanh:
		return G.Tanh(z)
	case Sigmoid:
		return G.Sigmoid(z)
	case Linear:
		return z, nil
	}
	return nil, a.validate()
}

// Dense describes a fully connected layer as Keras's
// Dense(units, activation): outputs act(H·W + b) for inputs H (rows × in),
// kernel W (in × Units) and bias b (1 × Units, broadcast over the rows),
// initialised with Keras's defaults: W ~ glorot_uniform (see GlorotUniform),
// b = 0. The zero Activation is not valid: name it (ReLU, Tanh, Sigmoid or
// Linear).
type Dense struct {
	// Units is the layer's width, the number of columns of its kernel.
	Units int
	// Activation is applied element-wise to the layer's pre-activations.
	Activation Activation
}

func (l Dense) validate() error {
	if l.Units < 1 {
		return fmt.Errorf("units %d must be positive", l.Units)
	}
	return l.Activation.validate()
}

// Layer holds the parameters of one dense layer of a Model, as plain
// numbers: what Keras's layer.get_weights() returns.
type Layer struct {
	// Activation is the layer's activation; the output layer's is Sigmoid
	// or Softmax (its logits are the graph's Logits).
	Activation Activation `json:"activation"`
	// Kernel is in × units: Kernel[i][j] weighs input i into unit j.
	Kernel [][]float64 `json:"kernel"`
	// Bias has one value per unit (1 × units).
	Bias []float64 `json:"bias"`
}

// Rows is the number of inputs of the layer (its kernel's rows).
func (l Layer) Rows() int { return len(l.Kernel) }

// Cols is the number of units of the layer (its kernel's columns).
func (l Layer) Cols() int { return len(l.Bias) }

// denseNodes is one dense layer in a Model's graph.
type denseNodes struct {
	in, units  int
	activation Activation
	kernel     *G.Node // in × units (the output layer: a vector of in values)
	bias       *G.Node // 1 × units (the output layer: a vector of 1 value)
}

// affine returns the pre-activations h·W + b (rows × units; a vector of
// rows values for the output layer) for inputs h (rows × in).
func (l *denseNodes) affine(h *G.Node) (*G.Node, error) {
	hw, err := G.Mul(h, l.kernel)
	if err != nil {
		return nil, fmt.Errorf("H·kernel: %w", err)
	}
	pre, err := G.BroadcastAdd(hw, l.bias, nil, []byte{0})
	if err != nil {
		return nil, fmt.Errorf("+ bias: %w", err)
	}
	return pre, nil
}

// forward returns act(h·W + b) (rows × units) for inputs h (rows × in).
func (l *denseNodes) forward(h *G.Node) (*G.Node, error) {
	pre, err := l.affine(h)
	if err != nil {
		return nil, err
	}
	out, err := l.activation.apply(pre)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.activation, err)
	}
	return out, nil
}

// params returns the layer's current values (or, with grad, the gradients
// of the last backward pass) as a Layer.
func (l *denseNodes) params(grad bool) (Layer, error) {
	kv, bv := l.kernel.Value(), l.bias.Value()
	if grad {
		var err error
		if kv, err = l.kernel.Grad(); err != nil {
			return Layer{}, fmt.Errorf("kernel gradient: %w", err)
		}
		if bv, err = l.bias.Grad(); err != nil {
			return Layer{}, fmt.Errorf("bias gradient: %w", err)
		}
	}
	k := floats(kv)
	out := Layer{Activation: l.activation, Kernel: make([][]float64, l.in), Bias: floats(bv)}
	for i := range out.Kernel {
		out.Kernel[i] = k[i*l.units : (i+1)*l.units : (i+1)*l.units]
	}
	return out, nil
}

// check returns an error when p's shapes differ from the layer's.
func (l *denseNodes) check(p Layer) error {
	if len(p.Kernel) != l.in || len(p.Bias) != l.units {
		return fmt.Errorf("kernel %d × %d and bias %d, want %d × %d and %d",
			len(p.Kernel), rowLen(p.Kernel), len(p.Bias), l.in, l.units, l.units)
	}
	for i, row := range p.Kernel {
		if len(row) != l.units {
			return fmt.Errorf("kernel row %d has %d values, want %d", i, len(row), l.units)
		}
	}
	return nil
}

// set overwrites the layer's kernel and bias; p must pass check.
func (l *denseNodes) set(p Layer) {
	flat := make([]float64, 0, l.in*l.units)
	for _, row := range p.Kernel {
		flat = append(flat, row...)
	}
	setFloats(l.kernel.Value().(*tensor.Dense), flat)
	setFloats(l.bias.Value().(*tensor.Dense), p.Bias)
}

func rowLen(k [][]float64) int {
	if len(k) == 0 {
		return 0
	}
	return len(k[0])
}

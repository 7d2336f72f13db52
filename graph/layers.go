package graph

import (
	"errors"
	"fmt"
)

// Hidden returns a copy of the model's hidden layers (Config.Hidden), input
// side first; empty for the no-hidden-layer model.
func (m *Model) Hidden() []Dense { return append([]Dense(nil), m.cfg.Hidden...) }

// Layers returns a copy of every layer's current parameters, input side
// first: hidden layer k has a units_{k−1} × units_k kernel (units_0 = d, the
// number of features) and units_k biases; the last entry is the output layer,
// units × 1 kernel (d × 1 without hidden layers) and one bias, with
// activation Sigmoid, or units × k and k biases with activation Softmax.
func (m *Model) Layers() []Layer {
	out := make([]Layer, len(m.layers))
	for i := range m.layers {
		out[i], _ = m.layers[i].params(false) // values always exist
	}
	return out
}

// SetLayers overwrites every layer's kernel and bias with layers, shaped as
// Layers returns them (the Activation fields are ignored). It returns an
// error naming the first layer whose shape differs, before changing any.
func (m *Model) SetLayers(layers []Layer) error {
	if len(layers) != len(m.layers) {
		return fmt.Errorf("graph: %d layers, the model has %d", len(layers), len(m.layers))
	}
	for i := range layers {
		if err := m.layers[i].check(layers[i]); err != nil {
			return fmt.Errorf("graph: layer %d: %w", i+1, err)
		}
	}
	for i := range layers {
		m.layers[i].set(layers[i])
	}
	return nil
}

// LayerGradients returns ∂L/∂W_k and ∂L/∂b_k of every layer from the last
// RunBatch (before a solver step consumes them), shaped as Layers returns
// the parameters. It returns an error when no gradient has been computed.
func (m *Model) LayerGradients() ([]Layer, error) {
	out := make([]Layer, len(m.layers))
	for i := range m.layers {
		var err error
		if out[i], err = m.layers[i].params(true); err != nil {
			return nil, fmt.Errorf("graph: layer %d: %w", i+1, err)
		}
	}
	return out, nil
}

// Linear reports whether the model is a linear model of its inputs up to the
// output sigmoid: true without hidden layers or when every hidden layer's
// activation is Linear.
func (m *Model) Linear() bool {
	for _, l := range m.cfg.Hidden {
		if l.Activation != Linear {
			return false
		}
	}
	return true
}

// ErrNonLinear is returned (wrapped) by EndToEnd for a network with a
// non-linear hidden layer: its decision boundary is not a hyperplane.
var ErrNonLinear = errors.New("the network is not linear end to end")

// EndToEnd returns the kernel (d values) and bias of the linear map from the
// inputs to the logits of a network that is linear end to end (see Linear):
// for z = ((X·W_1 + b_1)·W_2 + b_2)···W_L + b_L the kernel is the product
// W_1·W_2···W_L (d × 1) and the bias b_1·W_2···W_L + ··· + b_{L−1}·W_L + b_L.
// The decision boundary is the hyperplane kernel·x + bias = 0. Without hidden
// layers it returns Kernel and Bias. It returns an error wrapping
// ErrNonLinear otherwise.
func (m *Model) EndToEnd() (kernel []float64, bias float64, err error) {
	if !m.Linear() {
		return nil, 0, fmt.Errorf("graph: end-to-end kernel: %w", ErrNonLinear)
	}
	return ComposeLinear(m.Layers())
}

// ComposeLinear composes affine layers (as Model.Layers returns them; the
// activations are ignored, so it describes the network only when every
// hidden layer is Linear) into one: it returns the d values of
// W_1·W_2···W_L, whose last kernel must have one column, and the bias
// b_1·W_2···W_L + ··· + b_{L−1}·W_L + b_L, multiplying through from the
// output side. It returns an error when there are no layers or when
// consecutive shapes do not chain.
func ComposeLinear(layers []Layer) (kernel []float64, bias float64, err error) {
	if len(layers) == 0 {
		return nil, 0, errors.New("compose: no layers")
	}
	// v holds W_{k+1}···W_L (units_k values) and bias accumulates
	// b_{k+1}·W_{k+2}···W_L + ··· + b_L, walking k from L−1 down to 0.
	last := layers[len(layers)-1]
	if last.Cols() != 1 {
		return nil, 0, fmt.Errorf("compose: the last layer has %d units, want 1", last.Cols())
	}
	v := make([]float64, last.Rows())
	for i, row := range last.Kernel {
		if len(row) != 1 {
			return nil, 0, fmt.Errorf("compose: layer %d: kernel row %d has %d values, want 1", len(layers), i, len(row))
		}
		v[i] = row[0]
	}
	bias = last.Bias[0]
	for k := len(layers) - 2; k >= 0; k-- {
		l := layers[k]
		if l.Cols() != len(v) {
			return nil, 0, fmt.Errorf("compose: layer %d has %d units, layer %d %d inputs", k+1, l.Cols(), k+2, len(v))
		}
		for j, b := range l.Bias {
			bias += b * v[j]
		}
		next := make([]float64, l.Rows())
		for i, row := range l.Kernel {
			if len(row) != len(v) {
				return nil, 0, fmt.Errorf("compose: layer %d: kernel row %d has %d values, want %d", k+1, i, len(row), len(v))
			}
			var s float64
			for j, w := range row {
				s += w * v[j]
			}
			next[i] = s
		}
		v = next
	}
	return v, bias, nil
}

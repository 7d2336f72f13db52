package experiment

import (
	"context"
	"nnlr/dataset"
	"nnlr/graph"
)

// Frame is the network of Compare's report after one epoch, for a front end
// that draws the training live (nnlr serve).
type Frame struct {
	// Epoch counts the epochs finished, from 1 to Epochs (Fit.Epochs).
	Epoch  int `json:"epoch"`
	Epochs int `json:"epochs"`
	// Loss is the epoch's mean training loss (mean binary cross-entropy
	// over its batches, plus the L2 term when set), as train.History.Loss.
	Loss float64 `json:"loss"`
	// Layers is every layer's parameters, input side first (see
	// graph.Model.Layers): hidden layer k has a units_{k−1} × units_k
	// kernel, the output layer units × 1 (d × 1 without hidden layers), or
	// units × k with a softmax output of k classes.
	Layers []graph.Layer `json:"layers"`
	// Kernel (d values) and Bias are the boundary kernel·x + bias = 0 of a
	// one-output network that is linear end to end (graph.Model.EndToEnd);
	// Kernel is nil otherwise (hidden non-linear layers, or k classes).
	Kernel []float64 `json:"kernel"`
	Bias   float64   `json:"bias"`
}

// WithEpochFrame makes Compare and CompareClasses call f after every epoch
// of the report's graph (the first of Runs) with that epoch's Frame, on the goroutine that
// trains it: training waits while f runs, so f should hand the frame on and
// return (or block on purpose, to pause training). The other runs send no
// frames.
func WithEpochFrame(f func(Frame)) Option { return func(o *options) { o.frame = f } }

// frameOf builds the Frame of model m after epoch of epochs.
func frameOf(m *graph.Model, epoch, epochs int, loss float64) Frame {
	fr := Frame{Epoch: epoch, Epochs: epochs, Loss: loss, Layers: m.Layers()}
	if m.Linear() {
		if k, b, err := graph.ComposeLinear(fr.Layers); err == nil {
			fr.Kernel, fr.Bias = k, b
		}
	}
	return fr
}

// FitBaseline fits the regression of cfg (cfg.Baseline: SAG with cfg.SAG's
// max_iter, tol and seed, or LogisticRegression()'s defaults; the inverse
// L2 strength cfg.C) on ds, as Compare does, and returns its report section
// (with SAG's objective at the series' resolution, ObjectiveEpochs): a front end that streams Compare's
// frames draws it before the graph has trained. Errors: an invalid cfg (a
// *SettingError, see Validate), a failed fit or a loss on the data that is
// not finite, wrapped with "baseline:".
func FitBaseline(ds *dataset.Dataset, cfg CompareConfig) (BaselineReport, error) {
	if err := cfg.Validate(); err != nil {
		return BaselineReport{}, err
	}
	_, b, err := fitCompareBaseline(context.Background(), ds, cfg, nil)
	return b, err
}

// FitClassBaseline fits the multinomial regression of cfg (SAG with
// cfg.SAG's max_iter, tol and seed, the inverse L2 strength cfg.C) on a
// k-class ds, as CompareClasses does, and returns its report section (coef
// k × d, k intercepts): the k-class counterpart of FitBaseline. Errors: an
// invalid cfg (a *SettingError), a failed fit, wrapped with "baseline:".
func FitClassBaseline(ds *dataset.Dataset, cfg CompareConfig) (ClassBaselineReport, error) {
	var b ClassBaselineReport
	if err := cfg.Validate(); err != nil {
		return b, err
	}
	_, err := fitMultinomial(ds, cfg.SAG, cfg.C, &b)
	return b, err
}

// PlaneOf returns the figures' plane of Compare's report for ds and cfg
// (cfg.PlotFeatures, default the first two features): an unknown name is a
// *dataset.ParseError naming plot_features.
func PlaneOf(ds *dataset.Dataset, cfg CompareConfig) (Plane, error) {
	return resolvePlane(ds, cfg.PlotFeatures)
}

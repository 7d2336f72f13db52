package experiment

import (
	"fmt"
	"math"

	"nnlr/graph"
	"nnlr/internal/explain"
)

// WithMemoryLimit makes Compare refuse, before it allocates anything in
// proportion to the settings, a run whose MemoryEstimate exceeds bytes,
// with a *MemoryError, and CompareClasses one whose estimate for k classes
// (classMemoryEstimate) does. bytes ≤ 0 means no limit (the default).
func WithMemoryLimit(bytes int64) Option { return func(o *options) { o.memoryLimit = bytes } }

// MemoryError is a run refused by WithMemoryLimit: its estimated need is
// more than the limit.
type MemoryError struct {
	// Need and Limit are bytes.
	Need, Limit float64
	// Params is the number of trainable parameters of one network
	// (kernels and biases).
	Params float64
}

// Error returns "the run needs about X of memory (P parameters per
// network), more than the Y available".
func (e *MemoryError) Error() string {
	return fmt.Sprintf("the run needs about %s of memory (%.3g parameters per network), more than the %s available", Bytes(e.Need), e.Params, Bytes(e.Limit))
}

// Bytes writes a number of bytes with a binary unit: "512 B", "3.2 MiB",
// "80 GiB".
func Bytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", b)
	}
	return fmt.Sprintf("%.2g %s", b, units[i])
}

// params returns the number of kernel and bias values of a network of d
// inputs, the hidden layers and one output unit, as a float64 (it may be
// too large for an int).
func params(d int, hidden []graph.Dense) float64 {
	var p float64
	in := float64(d)
	for _, l := range hidden {
		p += in*float64(l.Units) + float64(l.Units)
		in = float64(l.Units)
	}
	return p + in + 1
}

// maxSeries is the most values a per-epoch series holds (see sampler).
func maxSeries(epochs int) float64 {
	return float64(min(epochs, seriesDense)) + (seriesSpacing+4)*math.Log(math.Max(1, float64(epochs)/float64(seriesDense))) + 20
}

// MemoryEstimate returns, in bytes, an upper estimate of the memory Compare
// needs for cfg on n samples of d features with workers graphs trained at
// once (≤ 0: one per core), the data set itself excluded. It adds, as a
// float64 (it may exceed any int): for each graph alive at once (workers,
// the report's and the agreement grid's) its parameters eight times over
// (values, gradients, the solver's state, copies) and its activations
// (batch rows × the units of every layer, four times); a copy of the data
// per graph; the per-epoch series (bounded, see seriesDense: the loss,
// SAG's objective and SAG's models) or the
// trajectory of every epoch (at most fullTrajectoryBytes and its
// tracking); the agreement grid; the diagnosis's matrices (six n × (d+1)
// and four (d+1)² ones); and the report's layers with their JSON text (34
// bytes a parameter).
func (c CompareConfig) MemoryEstimate(n, d, workers int) float64 {
	if workers <= 0 {
		workers = collect(nil).workers
	}
	fn, fd := float64(n), float64(d)
	p := params(d, c.Hidden)
	units := fd + 1
	for _, l := range c.Hidden {
		units += float64(l.Units)
	}
	graphs := float64(min(workers, max(1, c.Runs)) + 1)
	rows := float64(min(max(1, c.Fit.BatchSize), max(1, n)))
	need := graphs * (8*8*p + 4*8*rows*units + 8*fn*fd)
	need += 8*8*p + 4*8*float64(gridBatchRows(d, c.Hidden))*units // the grid's graph
	perEpoch := 8*fd + 64
	traj := math.Min(float64(c.Fit.Epochs)*perEpoch, float64(fullTrajectoryBytes))
	traj += 2 * 8 * traj / perEpoch // its tracking (angle and offset gap)
	series := 2 * 16 * (maxSeries(c.Fit.Epochs) + maxSeries(c.SAG.MaxIter))
	series += maxSeries(c.SAG.MaxIter) * perEpoch // SAG's models (baselineTrajectory)
	grid := float64(gridCells*gridCells) * (8*fd + 8*3)
	diag := 6*8*fn*(fd+1) + 4*8*(fd+1)*(fd+1)
	report := 34*2*p + float64(max(1, c.Runs))*8*(fd+1)*2
	return need + traj + series + grid + diag + report
}

// classParams is params for k output units (a softmax output of k
// classes).
func classParams(d, k int, hidden []graph.Dense) float64 {
	in := float64(d)
	if l := len(hidden); l > 0 {
		in = float64(hidden[l-1].Units)
	}
	return params(d, hidden) + float64(k-1)*(in+1)
}

// classMemoryEstimate is MemoryEstimate for CompareClasses on n samples of
// d features and k classes (one graph): MemoryEstimate's, with the k
// output units' parameters and activations, and the series CompareClasses
// keeps for every epoch (not at the series' resolution): the output
// layer's kernel and biases (k × (d + 1) values and a slice header a
// class), the loss and SAG's objective.
func (c CompareConfig) classMemoryEstimate(n, d, k int) float64 {
	need := c.MemoryEstimate(n, d, 1)
	in := float64(d)
	if l := len(c.Hidden); l > 0 {
		in = float64(c.Hidden[l-1].Units)
	}
	rows := float64(min(max(1, c.Fit.BatchSize), max(1, n)))
	fk := float64(max(k, 1))
	need += 2 * (8*8*(in+1)*(fk-1) + 4*8*rows*(fk-1)) // the report's graph and the grid's
	perEpoch := fk*(8*float64(d)+8+24) + 24 + 8
	return need + float64(c.Fit.Epochs)*perEpoch + 8*float64(c.SAG.MaxIter)
}

// checkBudgets refuses diagnosis inputs whose step budgets (epochs ×
// updates per epoch × learning rate for the graph, SAG's epochs × n × step
// size) or their ratio either way are not finite positive numbers: the
// diagnosis's sentences quote them, and a sentence never holds ±Inf or
// NaN (issue 15: a learning rate of 1e-310 printed "+Inf times").
func checkBudgets(in explain.Inputs) error {
	n, _ := in.X.Dims()
	g := float64(in.Epochs) * float64(in.UpdatesPerEpoch) * in.LearningRate
	s := float64(in.SAGEpochs) * float64(n) * in.StepSize
	ok := func(v float64) bool { return v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }
	if !ok(g) || (in.StepSize > 0 && (!ok(s) || !ok(g/s) || !ok(s/g))) {
		return settingError("learning_rate", fmt.Sprint(in.LearningRate),
			fmt.Sprintf("the graph's step budget (epochs × updates per epoch × learning rate = %g) against SAG's (%g) is out of the range the diagnosis can compare; choose a learning rate between 1e-100 and 1e100", g, s))
	}
	return nil
}

package experiment

import (
	"fmt"

	"nnlr/baseline"
	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
)

// fullTrajectoryBytes bounds the memory of a trajectory of every epoch
// handed to the diagnosis: longer runs keep the boundary at the series'
// resolution (sampler) and measure the convergence epoch by epoch
// (convergenceStream).
var fullTrajectoryBytes = 128 << 20 // a variable for tests

// epochRecorder keeps, after every epoch (train.Config's OnEpoch), the
// graph's loss at the series' resolution and, for a model without hidden
// layers, its boundary: every epoch when that fits in fullTrajectoryBytes,
// otherwise at the series' resolution, the convergence being measured as
// the epochs go (stream). It reports each epoch to the progress callback.
type epochRecorder struct {
	model *graph.Model
	// linear is set for a model without hidden layers: only then is the
	// kernel the boundary's normal, and recorded.
	linear bool
	opts   options

	lossSample     sampler
	loss           []float64
	lossEpochs     []int
	trajSample     *sampler // nil: every epoch
	traj           explain.Trajectory
	trajEpochs     []int
	stream         *convergenceStream // nil with a trajectory of every epoch
	lastTenthEpoch int
	lastTenth      explain.Linear
}

// streams reports whether a run of epochs epochs of a model (linear: no
// hidden layers) on d features keeps its boundary at the series'
// resolution and measures its convergence epoch by epoch: when a
// trajectory of every epoch would not fit in fullTrajectoryBytes.
func streams(linear bool, epochs, d int) bool {
	perEpoch := 8*d + 64 // a kernel of d values, its slice header, a bias, an epoch
	return linear && epochs > fullTrajectoryBytes/perEpoch
}

// newEpochRecorder returns the recorder of a run of epochs epochs of model
// on ds, measured against the regression lr (needed only when streams).
func newEpochRecorder(model *graph.Model, o options, linear bool, epochs int, lr *baseline.LogisticRegression, ds *dataset.Dataset) (*epochRecorder, error) {
	r := &epochRecorder{model: model, linear: linear, opts: o, lossSample: sampler{total: epochs}}
	_, d := ds.X.Dims()
	if streams(linear, epochs, d) {
		crit, err := explain.NewCriterion(explain.Linear{Coef: lr.Coef, Intercept: lr.Intercept}, ds.X)
		if err != nil {
			return nil, fmt.Errorf("diagnosis: %w", err)
		}
		r.stream = newConvergenceStream(crit, epochs)
		r.lastTenthEpoch = epochs - max(1, epochs/10)
		r.trajSample = &sampler{total: epochs, extra: r.lastTenthEpoch}
	}
	return r, nil
}

func (r *epochRecorder) onEpoch(e int, loss float64) error {
	if r.lossSample.keep(e) {
		r.loss = append(r.loss, loss)
		r.lossEpochs = append(r.lossEpochs, e)
	}
	if r.linear {
		keep := r.trajSample == nil || r.trajSample.keep(e)
		if keep || r.stream != nil {
			m := explain.Linear{Coef: r.model.Kernel(), Intercept: r.model.Bias()}
			if r.stream != nil {
				r.stream.observe(e, m)
			}
			if e == r.lastTenthEpoch {
				r.lastTenth = m
			}
			if keep {
				r.traj.Kernels = append(r.traj.Kernels, m.Coef)
				r.traj.Biases = append(r.traj.Biases, m.Intercept)
				r.trajEpochs = append(r.trajEpochs, e)
			}
		}
	}
	r.opts.add(1)
	return nil
}

// gridBatchRows is the number of grid points the agreement grid sends
// through the network at once: at most 1024, and few enough that a batch's
// activations (rows × the widest layer) stay within 16 MiB.
func gridBatchRows(d int, hidden []graph.Dense) int {
	widest := d
	for _, l := range hidden {
		widest = max(widest, l.Units)
	}
	return max(1, min(1024, (16<<20)/(8*max(1, widest))))
}

package experiment

import (
	"fmt"
	"math"

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

	lossSample sampler
	loss       []float64
	lossEpochs []int
	nonFinite  bool // an epoch's loss was NaN or ±Inf (that epoch is kept)
	// finiteEpochs counts the epochs before the first non-finite loss,
	// rises those whose loss rose more than explain.LossRiseShare above
	// the previous epoch's (prevLoss), for the oscillation rule.
	finiteEpochs, rises int
	prevLoss            float64
	trajSample          *sampler // nil: every epoch
	traj                explain.Trajectory
	trajEpochs          []int
	stream              *convergenceStream // nil with a trajectory of every epoch
	lastTenthEpoch      int
	lastTenth           explain.Linear
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
	keep := r.lossSample.keep(e)
	if (math.IsNaN(loss) || math.IsInf(loss, 0)) && !r.nonFinite {
		// The first non-finite epoch is kept, so that a diverged report
		// dates the divergence from lossEpochs (divergedReport).
		keep, r.nonFinite = true, true
	}
	if !r.nonFinite {
		// explain's count of loss rises (lossRises) over every epoch
		// before the first non-finite one.
		if r.finiteEpochs > 0 && loss > r.prevLoss*(1+explain.LossRiseShare) {
			r.rises++
		}
		r.prevLoss, r.finiteEpochs = loss, r.finiteEpochs+1
	}
	if keep {
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
	if r.opts.frame != nil {
		r.opts.frame(frameOf(r.model, e, r.lossSample.total, loss))
	}
	return nil
}

// baselineTrajectory keeps SAG's model (coefficients and intercept) after
// its epochs at the series' resolution (sampler: every epoch up to
// seriesDense, then log-spaced), and the epoch that starts the last tenth
// of max_iter: the diagnosis compares the baseline's gradient at the start
// of the last tenth of its epochs with its last, and a trajectory of every
// epoch (baseline.SAGConfig.RecordCoef) grows with sag_max_iter (about
// 500 MB at 1e7). finish finds the model at the start of the last tenth of
// the epochs SAG ran, and fix puts it in the diagnosis.
type baselineTrajectory struct {
	smp       sampler
	traj      explain.Trajectory
	epochs    []int
	lastTenth explain.Linear // the model after epoch lastTenthStart(NIter)
}

// lastTenthStart is the epoch before the last tenth of total epochs, as
// explain counts it (assess.go, sideOptimum): total − max(1, total/10).
func lastTenthStart(total int) int { return total - max(1, total/10) }

// record makes cfg's fit record into t.
func (t *baselineTrajectory) record(cfg *baseline.SAGConfig) {
	t.smp = sampler{total: cfg.MaxIter, extra: lastTenthStart(cfg.MaxIter)}
	cfg.OnCoef = func(e int, coef []float64, intercept float64) {
		if t.smp.keep(e) {
			t.traj.Kernels = append(t.traj.Kernels, append([]float64(nil), coef...))
			t.traj.Biases = append(t.traj.Biases, intercept)
			t.epochs = append(t.epochs, e)
		}
	}
}

// sampled reports whether t holds some, not all, of lr's epochs.
func (t *baselineTrajectory) sampled(lr *baseline.LogisticRegression) bool {
	return len(t.epochs) > 0 && len(t.epochs) != lr.NIter
}

// finish finds, for a sampled trajectory, the model after epoch
// lastTenthStart(lr.NIter): recorded when SAG ran max_iter epochs,
// otherwise (stopped early by tol) SAG refitted with cfg for that many
// epochs, which repeats the run's first epochs exactly (the same seed and
// draws; the tol rule did not stop it before).
func (t *baselineTrajectory) finish(ds *dataset.Dataset, cfg baseline.SAGConfig, lr *baseline.LogisticRegression) error {
	if !t.sampled(lr) || lr.NIter < 2 {
		return nil
	}
	e := lastTenthStart(lr.NIter)
	if i := epochIndex(t.epochs, e); i >= 0 {
		t.lastTenth = t.traj.At(i + 1)
		return nil
	}
	cfg.MaxIter, cfg.RecordObjective, cfg.RecordCoef, cfg.OnObjective, cfg.OnCoef = e, false, false, nil, nil
	at, err := baseline.FitSAG(ds.X, ds.Y, cfg)
	if err != nil {
		return fmt.Errorf("the model at epoch %d: %w", e, err)
	}
	t.lastTenth = explain.Linear{Coef: at.Coef, Intercept: at.Intercept}
	return nil
}

// fix replaces, in dg's baseline not_at_optimum item, what explain
// computed at the sampled trajectory's last tenth (it counts the
// trajectory's points as epochs) by the values at lr's: see fixLastTenth.
// in are the diagnosis's inputs (BaselineTrajectory: t's).
func (t *baselineTrajectory) fix(dg *explain.Diagnosis, in explain.Inputs, lr *baseline.LogisticRegression) {
	if dg == nil || !t.sampled(lr) || t.lastTenth.Coef == nil {
		return
	}
	for k := range dg.Items {
		it := &dg.Items[k]
		if it.Kind == explain.KindNotAtOptimum && it.Side == explain.SideBaseline {
			fixLastTenth(it, in, t.traj, in.Alpha, lr.NIter, t.lastTenth)
			if k < len(dg.Findings) {
				dg.Findings[k] = it.Summary
			}
		}
	}
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

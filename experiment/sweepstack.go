package experiment

import (
	"context"
	"fmt"
	"math"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/train"
)

// sweepPlan splits the grid's jobs into the parts its workers train, in
// report order: the seeds of one solver and learning rate form one part,
// trained in one graph.Stack (a different learning rate per model cannot be
// folded into one graph exactly), split into parts of at most stackBudget /
// (batch rows × features) models, and further into near-equal parts when
// there are fewer parts than workers. A model that stackPlan would not
// stack (float32, softmax) gets a part of its own.
func sweepPlan(gcfg graph.Config, jobs []sweepJob, workers int) [][]int {
	var groups [][]int
	for i, j := range jobs {
		if i > 0 && j.solver == jobs[i-1].solver && j.lr == jobs[i-1].lr {
			groups[len(groups)-1] = append(groups[len(groups)-1], i)
			continue
		}
		groups = append(groups, []int{i})
	}
	split := max(1, (workers+len(groups)-1)/max(1, len(groups)))
	var out [][]int
	for _, g := range groups {
		for _, p := range stackPlan(gcfg, len(g), split+1) {
			part := make([]int, len(p))
			for i, k := range p {
				part[i] = g[k]
			}
			out = append(out, part)
		}
	}
	return out
}

// sweepStack runs the jobs of part (one solver and learning rate, several
// seeds) in one graph.Stack, each model exactly as sweepRun runs it alone:
// it stops at the first epoch its boundary meets crit, at MaxEpochs, or when
// its loss stops being finite, and its result lands in runs at its job's
// index (errs holding ctx's error for a run cancelled before it finished).
// done is called once for every finished run, when it finishes; progress
// is reported as sweepRun reports it. It returns ctx's error when
// cancelled and other errors wrapped with the jobs.
func sweepStack(ctx context.Context, ds *dataset.Dataset, gcfg graph.Config, cfg SweepConfig, jobs []sweepJob, part []int,
	crit explain.Criterion, o options, runs []SweepRun, errs []error, done func()) error {
	first := jobs[part[0]]
	seeds := make([]uint64, len(part))
	for k, i := range part {
		seeds[k] = jobs[i].seed
		runs[i] = SweepRun{Solver: first.solver, LearningRate: first.lr, Seed: jobs[i].seed}
	}
	fail := func(err error) error {
		for _, i := range part {
			if runs[i].Status == "" {
				errs[i] = err
			}
		}
		return err
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	fit := train.DefaultConfig()
	if err := fit.SetSolver(first.solver); err != nil {
		return fail(err)
	}
	if err := fit.SetHyperparameter("learning_rate", first.lr); err != nil {
		return fail(fmt.Errorf("%s at learning rate %g: %w", first.solver, first.lr, err))
	}
	fit.Epochs, fit.BatchSize = cfg.MaxEpochs, cfg.BatchSize
	named := fmt.Sprintf("%s at learning rate %g, seeds %d to %d", first.solver, first.lr, seeds[0], seeds[len(seeds)-1])
	st, err := graph.NewStack(gcfg, seeds)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", named, err))
	}
	defer st.Close()
	K := len(part)
	pending := make([]int, K)
	angles, gaps := make([]float64, K), make([]float64, K)
	for k := range angles {
		angles[k], gaps[k] = math.NaN(), math.Inf(1)
	}
	// finish records model k's result after epochs epochs (its kernel and
	// bias unless it diverged) and reports it done.
	finish := func(k, epochs int, status string, loss float64) error {
		r := &runs[part[k]]
		r.Epochs, r.Status = epochs, status
		o.add(pending[k] + cfg.MaxEpochs - r.Epochs)
		kernel, bias, err := st.Output(k)
		if err != nil {
			return err
		}
		if r.Status == StatusDiverged || !allFinite(append([]float64{bias}, kernel...)) {
			r.Status = StatusDiverged
		} else {
			if r.Status == StatusAgreement {
				e := r.Epochs
				r.EpochsToAgreement = &e
			}
			r.Kernel, r.Bias = kernel, &bias
			if a := angles[k]; !math.IsNaN(a) {
				r.AngleDeg = &a
			}
			if gp := gaps[k]; !math.IsInf(gp, 0) {
				r.OffsetGap = &gp
			}
			if !math.IsNaN(loss) {
				l := loss
				r.Loss = &l
			}
		}
		done()
		return nil
	}
	last := make([]float64, len(part)) // each model's last epoch loss (the histories are discarded)
	onEpoch := func(epoch int, loss []float64) error {
		var stop train.StopModels
		copy(last, loss)
		for k, l := range loss {
			if runs[part[k]].Status != "" {
				continue
			}
			if math.IsNaN(l) { // diverged in this epoch
				if err := finish(k, epoch, StatusDiverged, l); err != nil {
					return err
				}
				continue
			}
			if pending[k]++; pending[k] == progressChunk {
				o.add(pending[k])
				pending[k] = 0
			}
			kernel, bias, err := st.Output(k)
			if err != nil {
				return err
			}
			angles[k], gaps[k] = crit.Measure(explain.Linear{Coef: kernel, Intercept: bias})
			if crit.Within(angles[k], gaps[k]) {
				stop = append(stop, k)
				if err := finish(k, epoch, StatusAgreement, l); err != nil {
					return err
				}
			}
		}
		if stop != nil {
			return stop
		}
		return nil
	}
	h, err := train.FitStack(ctx, st, ds.X, ds.Y, fit, onEpoch)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return fail(ctx.Err())
	default:
		return fail(fmt.Errorf("%s: %w", named, err))
	}
	for k := range part {
		if runs[part[k]].Status != "" {
			continue
		}
		if h.Err[k] != nil { // diverged in the last epoch (onEpoch saw it)
			continue
		}
		if err := finish(k, fit.Epochs, StatusMaxEpochs, last[k]); err != nil {
			return fail(fmt.Errorf("%s: %w", named, err))
		}
	}
	return nil
}

package experiment

import (
	"context"
	"fmt"
	"math"

	"nnlr/baseline"
	"nnlr/dataset"
	"nnlr/internal/explain"
)

// diagnosisRun is what diagnose needs besides the report: the
// configuration, the baseline's fit, the graph's boundary per epoch (a
// network without hidden layers), the graph's kernel penalty, the epoch
// whose loss became non-finite (0: none) and the front end's setting names.
type diagnosisRun struct {
	cfg      CompareConfig
	lr       *baseline.LogisticRegression
	traj     explain.Trajectory
	l2       float64
	diverged int
	names    func(setting string) string
	// rec is the graph's recorder (the epochs of traj, the loss series and,
	// for a long run, the convergence measured epoch by epoch); btraj the
	// baseline's model at the series' resolution.
	rec   *epochRecorder
	btraj baselineTrajectory
	// prep holds the diagnosis's data-only parts, computed while the
	// models train (nil: computed by the diagnosis).
	prep *explain.Prepared
}

// diagnose fills the report's agreement (linear networks) and diagnosis
// sections from the trained models. It passes explain.Diagnose every input
// (package explain, Inputs): the data, both models, the graph's initial
// kernel and bias, both penalties, the graph's solver, epochs, updates per
// epoch (ceil(n / batch size)), learning rate, momentum, batch size, init
// and loss history, the standardize setting, the baseline's iterations,
// step size (0 for L-BFGS), convergence, max_iter, tol and per-epoch
// coefficients, the epoch the graph diverged and the number of hidden
// layers (with hidden layers the graph-side inputs are left empty and only
// the data-side and baseline findings are made). It then names every
// remedy's flag with run.names (WithSettingNames).
//
// Sampled trajectories (a long run's, see epochRecorder and
// baselineTrajectory) are corrected after explain.Diagnose with the exact
// numbers (fixSampled, baselineTrajectory.fix), and the report's
// trajectory is then thinned to the series' resolution (thinTrajectory).
// Step budgets the diagnosis cannot compare are refused (checkBudgets).
func diagnose(ds *dataset.Dataset, rep *CompareReport, run diagnosisRun) error {
	g, lr := rep.Graph, run.lr
	bm := explain.Linear{Coef: lr.Coef, Intercept: lr.Intercept}
	in := explain.Inputs{
		Prepared: run.prep,
		X:        ds.X, Y: ds.Y, Features: ds.Features,
		Baseline: bm, L2: run.l2, Alpha: lr.Alpha,
		Solver: g.Solver, Epochs: g.Epochs, UpdatesPerEpoch: updatesPerEpoch(rep.Data.Samples, g.BatchSize), LearningRate: g.LearningRate,
		SAGEpochs: lr.NIter, StepSize: lr.StepSize, SAGConverged: lr.Converged,
		InitialBias: g.InitialBias, Init: initSetting(run.cfg.Init), Momentum: run.cfg.Fit.Momentum,
		BatchSize: g.BatchSize, Standardized: ds.Scaler != nil, LossHistory: g.LossHistory,
		DivergedEpoch: run.diverged, HiddenLayers: len(run.cfg.Hidden),
		SAGMaxIter: rep.Baseline.MaxIter, SAGTol: rep.Baseline.Tol,
		BaselineTrajectory: run.btraj.traj,
	}
	if run.rec != nil {
		// The oscillation rule counted over every epoch (the loss
		// history is at the series' resolution).
		in.LossEpochs, in.LossRises = run.rec.finiteEpochs, run.rec.rises
	}
	var trajEpochs []int
	if in.HiddenLayers == 0 {
		gm := explain.Linear{Coef: g.Kernel, Intercept: g.Bias}
		in.Graph, in.InitialKernel, in.Trajectory = gm, g.InitialKernel, run.traj
		agr, err := explain.Agree(gm, bm, ds.X, ds.Y, lr.Alpha)
		if err != nil {
			return err
		}
		rep.Agreement.Agreement = &agr
		if run.rec != nil {
			trajEpochs = run.rec.trajEpochs[:min(len(run.rec.trajEpochs), run.traj.Epochs())]
		}
	}
	if err := checkBudgets(in); err != nil {
		return err
	}
	dg, err := explain.Diagnose(in)
	if err != nil {
		return err
	}
	if rec := run.rec; rec != nil && rec.stream != nil && in.HiddenLayers == 0 {
		fixSampled(dg, in, trajEpochs, rec.stream, rec.lastTenth)
	}
	run.btraj.fix(dg, in, lr)
	nameRemedies(dg, run.names)
	rep.Diagnosis = dg
	if in.HiddenLayers == 0 {
		rep.Trajectory, rep.TrajectoryEpochs = run.traj, trajEpochs
		thinTrajectory(rep, g.Epochs)
	}
	return nil
}

// initSetting is the diagnosis's name of an init setting: "custom" for
// InitExplicit.
func initSetting(init string) string {
	if init == InitExplicit {
		return "custom"
	}
	return init
}

// nameRemedies fills the Flag of every remedy of dg (items and verdict)
// with names (see WithSettingNames); nil names leaves them empty.
func nameRemedies(dg *explain.Diagnosis, names func(string) string) {
	if names == nil || dg == nil {
		return
	}
	name := func(r *explain.Remedy) {
		n := names(r.Setting)
		switch {
		case n == "":
		case r.Value == "true":
			r.Flag = n
		default:
			r.Flag = n + " " + r.Value
		}
	}
	for i := range dg.Items {
		for j := range dg.Items[i].Remedies {
			name(&dg.Items[i].Remedies[j])
		}
	}
	for j := range dg.Remedies {
		name(&dg.Remedies[j])
	}
}

// fitCompareBaseline fits the regression cfg.Baseline names: SAG with
// cfg.SAG and cfg.C (recording the objective per epoch and, into bt when
// not nil, the coefficients, both at the series' resolution), or
// LogisticRegression()'s defaults by L-BFGS (bt left empty).
func fitCompareBaseline(ctx context.Context, ds *dataset.Dataset, cfg CompareConfig, bt *baselineTrajectory) (*baseline.LogisticRegression, BaselineReport, error) {
	if cfg.Baseline == BaselineSklearnDefault {
		return fitSklearnDefault(ds, cfg.C)
	}
	return fitBaseline(ctx, ds, cfg.SAG, cfg.C, true, bt)
}

// fitSklearnDefault fits LogisticRegression() with scikit-learn's defaults
// (baseline.DefaultLBFGSConfig, by baseline.FitLBFGS), its C replaced by c
// when c is finite, and returns it with its report section (solver
// "lbfgs", step size 0, no objective history). Errors are wrapped with
// "baseline:".
func fitSklearnDefault(ds *dataset.Dataset, c float64) (*baseline.LogisticRegression, BaselineReport, error) {
	lc := baseline.DefaultLBFGSConfig()
	if !math.IsInf(c, 1) {
		lc.C = c
	}
	var b BaselineReport
	lr, err := baseline.FitLBFGS(ds.X, ds.Y, lc)
	if err != nil {
		return nil, b, fmt.Errorf("baseline: %w", err)
	}
	bm, err := lr.Evaluate(ds.X, ds.Y)
	if err != nil {
		return nil, b, fmt.Errorf("baseline: %w", err)
	}
	cc := lc.C
	b.Solver, b.C, b.MaxIter, b.Tol = "lbfgs", &cc, lc.MaxIter, lc.Tol
	b.Coef, b.Intercept, b.NIter, b.Converged = lr.Coef, lr.Intercept, lr.NIter, lr.Converged
	b.Loss, b.Objective, b.Accuracy, b.AUC = bm.Loss, lr.Objective(ds.X, ds.Y), bm.Accuracy, auc(bm)
	if math.IsNaN(b.Loss) || math.IsInf(b.Loss, 0) {
		return nil, b, fmt.Errorf("baseline: %w: the loss on the data is %v", baseline.ErrNotFinite, b.Loss)
	}
	return lr, b, nil
}

// divergedReport is Compare's report of a graph whose training diverged at
// epoch run.diverged (its loss, or its results, became non-finite; an
// earlier epoch whose mean loss run.rec recorded is not finite counts
// instead): the graph section holds the settings, C, the finite part of
// the loss history (at the series' resolution) and the last finite kernel
// and bias (those after the last epoch whose objective, loss plus penalty,
// is finite on the data, or the initial ones), with that model's loss on
// the data; the baseline is fitted (unless run.lr already holds it), the
// angle between the boundaries measured and the diagnosis made with
// DivergedEpoch set. It returns nil when the baseline or the diagnosis
// fails (Compare then returns only its error).
func divergedReport(ds *dataset.Dataset, rep *CompareReport, run diagnosisRun) *CompareReport {
	g := &rep.Graph
	if r := run.rec; r != nil {
		// An epoch's mean loss can overflow although every batch's was
		// finite: the divergence is then dated from that epoch (the
		// recorder keeps the first non-finite one).
		g.LossHistory, g.LossEpochs = r.loss, r.lossEpochs
		for i, l := range r.loss {
			if math.IsNaN(l) || math.IsInf(l, 0) {
				g.LossHistory, g.LossEpochs, run.diverged = r.loss[:i], r.lossEpochs[:i], r.lossEpochs[i]
				break
			}
		}
	}
	g.DivergedEpoch = run.diverged
	if !math.IsInf(run.cfg.C, 1) {
		c := run.cfg.C
		g.C = &c
	}
	if len(run.cfg.Hidden) == 0 {
		run.traj = finitePrefix(run.traj, ds, run.l2)
		g.Kernel, g.Bias = g.InitialKernel, g.InitialBias
		if e := run.traj.Epochs(); e > 0 {
			last := run.traj.At(e)
			g.Kernel, g.Bias = last.Coef, last.Intercept
		}
		if loss, err := explain.Objective(explain.Linear{Coef: g.Kernel, Intercept: g.Bias}, ds.X, ds.Y, 0); err == nil && !math.IsNaN(loss) && !math.IsInf(loss, 0) {
			g.Loss = loss
		}
	} else {
		g.Kernel, g.Bias = nil, 0
	}
	if run.lr == nil {
		lr, b, err := fitCompareBaseline(context.Background(), ds, run.cfg, &run.btraj)
		if err != nil {
			return nil
		}
		rep.Baseline, run.lr = b, lr
	}
	b := rep.Baseline
	if len(run.cfg.Hidden) == 0 {
		if angle, err := explain.AngleDeg(g.Kernel, b.Coef); err == nil {
			rep.Agreement.AngleDeg = &angle
		}
	}
	if err := diagnose(ds, rep, run); err != nil {
		return nil
	}
	return rep
}

// finitePrefix returns traj up to its last epoch whose model has a finite
// objective on ds with penalty l2 (finite logits, loss and penalty), none
// when even the first has not.
func finitePrefix(traj explain.Trajectory, ds *dataset.Dataset, l2 float64) explain.Trajectory {
	for e := traj.Epochs(); e > 0; e-- {
		f, err := explain.Objective(traj.At(e), ds.X, ds.Y, l2)
		if err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return explain.Trajectory{Kernels: traj.Kernels[:e], Biases: traj.Biases[:e]}
		}
	}
	return explain.Trajectory{}
}

package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/internal/metrics"
	"nnlr/train"
)

// Compare trains the network that cfg describes (a Gorgonia graph, fitted
// by train.Fit) and the logistic regression that cfg.Baseline names
// (SAG, or LogisticRegression()'s defaults by L-BFGS; package baseline) on
// ds, measures where their decision boundaries differ and diagnoses why
// (package explain: items, verdict, remedies; with hidden layers only the
// data-side and baseline findings). With cfg.Runs > 1 the other runs train
// concurrently with the first (WithWorkers). The report is complete when
// Compare returns.
//
// Errors: an invalid cfg (naming the setting, see Validate), a failed or
// diverged fit (wrapping train.ErrDiverged or baseline.ErrNotFinite, with
// "graph:" or "baseline:"), a plot_features name that is not a feature (a
// *dataset.ParseError), data with more than two classes (see
// CompareClasses), and ctx's error when ctx is cancelled: every
// training then stops within one epoch.
//
// A diverged graph (an error wrapping train.ErrDiverged, a
// *DivergedError among them) is the one error returned with a report: the
// error is unchanged, and the report (non-nil when the baseline and the
// diagnosis succeed) holds the last finite model of the graph, the
// baseline and a diagnosis with DivergedEpoch set (Graph.DivergedEpoch);
// its agreement grid and runs are left empty. A caller that ignores the
// report on error sees the behaviour of before.
func Compare(ctx context.Context, ds *dataset.Dataset, cfg CompareConfig, opts ...Option) (*CompareReport, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if ds.Multiclass() {
		return nil, fmt.Errorf("%d classes: Compare compares two, use CompareClasses", ds.K())
	}
	o := collect(opts)
	n, d := ds.X.Dims()
	pl, err := resolvePlane(ds, cfg.PlotFeatures)
	if err != nil {
		return nil, err
	}
	fitCfg := cfg.Fit
	l2 := cfg.L2
	if !math.IsInf(cfg.C, 1) {
		l2 = penaltyL2(cfg.C, n) // the same penalty ‖W‖²/(2·C·n) on both sides
	}
	graphCfg, err := graphConfig(cfg.Dtype, cfg.Init, cfg.InitialKernel, cfg.InitialBias, d, min(fitCfg.BatchSize, n), fitCfg.Seed, l2)
	if err != nil {
		return nil, err
	}
	graphCfg.Hidden = cfg.Hidden
	if o.memoryLimit > 0 {
		if need := cfg.MemoryEstimate(n, d, o.workers); need > float64(o.memoryLimit) {
			return nil, &MemoryError{Need: need, Limit: float64(o.memoryLimit), Params: params(d, cfg.Hidden)}
		}
	}
	model, err := graph.New(graphCfg)
	if err != nil {
		return nil, err
	}
	defer model.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runs := startRuns(ctx, ds, graphCfg, fitCfg, cfg.Runs, o)
	defer runs.cancel()
	rep := &CompareReport{Data: dataSection(ds, pl), Plane: pl, SeriesResolution: SeriesResolution()}
	// A long run measures its boundary against the regression's epoch by
	// epoch (convergenceStream) instead of keeping every epoch's boundary:
	// the regression is then fitted first, otherwise while the graph trains
	// (taking a worker slot of its own, see startBaseline).
	linear := len(graphCfg.Hidden) == 0
	var lr *baseline.LogisticRegression
	var bt baselineTrajectory
	var pending *pendingBaseline
	if streams(linear, fitCfg.Epochs, d) {
		if lr, rep.Baseline, err = fitCompareBaseline(ctx, ds, cfg, &bt); err != nil {
			return nil, err
		}
	} else {
		pending = startBaseline(ctx, ds, cfg, runs)
		defer pending.stop()
	}
	rec, err := newEpochRecorder(model, o, linear, fitCfg.Epochs, lr, ds)
	if err != nil {
		return nil, err
	}
	fitCfg.OnEpoch = rec.onEpoch
	fitCfg.DiscardLoss = true // rec keeps it at a bounded resolution
	g := &rep.Graph
	g.Solver, g.LearningRate, g.BatchSize, g.Epochs, g.Seed = fitCfg.Solver, fitCfg.LearningRate, fitCfg.BatchSize, fitCfg.Epochs, fitCfg.Seed
	g.EffectiveBatchSize = min(fitCfg.BatchSize, n)
	hp, err := fitCfg.Hyperparameters()
	if err != nil {
		return nil, err
	}
	g.SolverParams = hp
	if fitCfg.Clip > 0 {
		clip := fitCfg.Clip
		g.Clip = &clip
	}
	g.L2, g.Init = graphCfg.L2, cfg.Init
	g.Dtype = string(model.Dtype())
	g.InitialKernel, g.InitialBias = model.Kernel(), model.Bias()
	initialLayers := model.Layers()

	run := diagnosisRun{cfg: cfg, l2: graphCfg.L2, names: o.settingNames}
	if o.workers > 1 {
		// The diagnosis's data-only parts, beside the training: the
		// baseline's optimum (α = 1/(C·n), as SAG's) and a linear graph's.
		l2s := []float64{penaltyL2(cfg.C, n)}
		if linear {
			l2s = append(l2s, graphCfg.L2)
		}
		run.prep = explain.Prepare(ctx, ds.X, ds.Y, l2s...)
		defer run.prep.Stop()
	}
	runs.acquire()
	hist, err := train.Fit(ctx, model, ds.X, ds.Y, fitCfg)
	runs.release()
	run.rec, run.lr, run.btraj = rec, lr, bt // lr: fitted first, or nil
	if err != nil {
		err = fmt.Errorf("graph: %w", err)
		if errors.Is(err, train.ErrDiverged) && hist != nil {
			run.traj, run.diverged = rec.traj, hist.Epochs+1
			if !pending.into(rep, &run) {
				return nil, err
			}
			return divergedReport(ds, rep, run), err
		}
		return nil, err
	}
	g.LossHistory, g.LossEpochs = rec.loss, rec.lossEpochs
	g.Kernel, g.Bias = model.Kernel(), model.Bias()
	if err := checkFinite("graph", g.Kernel, g.Bias, fitCfg.Epochs); err != nil {
		run.traj, run.diverged = rec.traj, fitCfg.Epochs
		if !pending.into(rep, &run) {
			return nil, err
		}
		return divergedReport(ds, rep, run), err
	}
	if !math.IsInf(cfg.C, 1) {
		c := cfg.C
		g.C = &c
	}
	gm, err := train.Evaluate(model, ds.X, ds.Y)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	g.Loss, g.Accuracy, g.AUC = gm.Loss, gm.Accuracy, auc(gm)
	if math.IsNaN(g.Loss) || math.IsInf(g.Loss, 0) {
		run.traj, run.diverged = rec.traj, fitCfg.Epochs
		derr := &DivergedError{Model: "graph", Epoch: fitCfg.Epochs, Detail: fmt.Sprintf("the loss on the data is %v (the logits overflow)", g.Loss)}
		if !pending.into(rep, &run) {
			return nil, derr
		}
		return divergedReport(ds, rep, run), derr
	}
	if pending != nil {
		if lr, rep.Baseline, bt, err = pending.wait(); err != nil {
			return nil, err
		}
	}
	b := rep.Baseline

	if normal, _, err := model.EndToEnd(); err == nil {
		if angle, err := explain.AngleDeg(normal, b.Coef); err == nil {
			rep.Agreement.AngleDeg = &angle
		}
	}
	if err := measureLayers(rep, model, initialLayers, lr, ds); err != nil {
		return nil, err
	}
	run.lr, run.traj, run.btraj = lr, rec.traj, bt
	if err := diagnose(ds, rep, run); err != nil {
		return nil, fmt.Errorf("diagnosis: %w", err)
	}
	first := RunReport{Seed: fitCfg.Seed, Kernel: g.Kernel, Bias: g.Bias, Loss: g.Loss}
	if k, bias, err := model.EndToEnd(); err == nil {
		first.Normal, first.Intercept = k, bias
	}
	if rep.Runs, err = runs.wait(first, b.Coef); err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	return rep, nil
}

func auc(m train.Metrics) *float64 {
	if !m.AUCDefined {
		return nil
	}
	v := m.AUC
	return &v
}

// updatesPerEpoch is the number of solver steps per epoch of n samples in
// batches of batch: ceil(n / batch).
func updatesPerEpoch(n, batch int) int { return (n-1)/batch + 1 } // no overflow for a huge batch

// fitBaseline fits the regression by SAG on ds with sag's MaxIter, Tol and
// Seed and the inverse L2 strength c (+Inf: none), recording the objective
// per epoch at the series' resolution when record is set, and the
// coefficients at that resolution in bt when bt is not nil (see
// baselineTrajectory), and returns it with its report section.
// Errors are wrapped with "baseline:": a failed fit, or a loss on the data
// that is not finite (baseline.ErrNotFinite).
func fitBaseline(ctx context.Context, ds *dataset.Dataset, sag baseline.SAGConfig, c float64, record bool, bt *baselineTrajectory) (*baseline.LogisticRegression, BaselineReport, error) {
	sagCfg := baseline.DefaultSAGConfig()
	sagCfg.MaxIter, sagCfg.Tol, sagCfg.Seed, sagCfg.C = sag.MaxIter, sag.Tol, sag.Seed, c
	var b BaselineReport
	if record {
		// The objective at a bounded resolution (see seriesDense).
		smp := sampler{total: sagCfg.MaxIter}
		sagCfg.OnObjective = func(e int, obj float64) {
			if smp.keep(e) {
				b.ObjectiveHistory = append(b.ObjectiveHistory, obj)
				b.ObjectiveEpochs = append(b.ObjectiveEpochs, e)
			}
		}
	}
	if bt != nil {
		bt.record(&sagCfg)
	}
	lr, err := baseline.FitSAGContext(ctx, ds.X, ds.Y, sagCfg)
	if err != nil {
		return nil, b, fmt.Errorf("baseline: %w", err)
	}
	bm, err := lr.Evaluate(ds.X, ds.Y)
	if err != nil {
		return nil, b, fmt.Errorf("baseline: %w", err)
	}
	b.Solver, b.MaxIter, b.Tol, b.Seed, b.StepSize = "sag", sagCfg.MaxIter, sagCfg.Tol, sagCfg.Seed, lr.StepSize
	if !math.IsInf(sagCfg.C, 1) {
		c := sagCfg.C
		b.C = &c
	}
	b.Coef, b.Intercept, b.NIter, b.Converged = lr.Coef, lr.Intercept, lr.NIter, lr.Converged
	b.Loss, b.Objective, b.Accuracy, b.AUC = bm.Loss, lr.Objective(ds.X, ds.Y), bm.Accuracy, auc(bm)
	if math.IsNaN(b.Loss) || math.IsInf(b.Loss, 0) {
		return nil, b, fmt.Errorf("baseline: %w: the loss on the data is %v", baseline.ErrNotFinite, b.Loss)
	}
	if bt != nil {
		if err := bt.finish(ds, sagCfg, lr); err != nil {
			return nil, b, fmt.Errorf("baseline: %w", err)
		}
	}
	if n := len(b.ObjectiveEpochs); n > 0 && b.ObjectiveEpochs[n-1] != lr.NIter {
		b.ObjectiveHistory = append(b.ObjectiveHistory, lr.Objective(ds.X, ds.Y)) // stopped early (tol): the last epoch too
		b.ObjectiveEpochs = append(b.ObjectiveEpochs, lr.NIter)
	}
	return lr, b, nil
}

// gridCells is the agreement grid's side in cells.
const gridCells = 100

// measureLayers fills the graph's layer report and the prediction
// agreement of the trained model m and the regression lr on ds, on its
// points and on a grid over the report's plane. initial holds m's layers
// before training.
func measureLayers(rep *CompareReport, m *graph.Model, initial []graph.Layer, lr *baseline.LogisticRegression, ds *dataset.Dataset) error {
	g := &rep.Graph
	g.Hidden = []int{}
	for _, l := range m.Hidden() {
		g.Hidden = append(g.Hidden, l.Units)
		g.Activation = string(l.Activation)
	}
	g.Layers, g.InitialLayers = m.Layers(), initial
	if k, b, err := m.EndToEnd(); err == nil {
		g.Linear, g.EndToEndKernel, g.EndToEndBias = true, k, &b
	}

	x := rowMajorOf(ds.X)
	z, err := m.Logits(x)
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	a, err := explain.PredictionAgreement(z, lr.DecisionFunction(ds.X))
	if err != nil {
		return err
	}
	rep.Agreement.TrainAgreement = &a

	grid, gr := AgreementGrid(rep.Plane)
	pts, err := grid.Points()
	if err != nil {
		return fmt.Errorf("agreement grid: %w", err)
	}
	// A copy of the model with a large batch placeholder evaluates the
	// grid in a few forward passes.
	cfg := graph.Config{Features: m.Features(), BatchRows: gridBatchRows(m.Features(), m.Hidden()), Dtype: m.Dtype(), Hidden: m.Hidden()}
	big, err := graph.New(cfg)
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	defer big.Close()
	if err := big.SetLayers(g.Layers); err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	zg, err := big.Logits(pts)
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	_, d := ds.X.Dims()
	zb := lr.DecisionFunction(mat.NewDense(len(pts)/d, d, pts))
	ga, err := explain.PredictionAgreement(zg, zb)
	if err != nil {
		return err
	}
	rep.Agreement.GridAgreement, rep.Agreement.Grid = &ga, gr
	g.GridP = make([]float64, len(zg))
	for i, v := range zg {
		g.GridP[i] = metrics.Sigmoid(v)
	}
	return nil
}

// AgreementGrid returns the grid of the agreement (and of GridP) over the
// plane pl's box: 100 × 100 cells (100 points for one feature), the other
// features at their mean, with its report section.
func AgreementGrid(pl Plane) (explain.PlaneGrid, *GridReport) {
	g := explain.PlaneGrid{XMin: pl.Box[0], XMax: pl.Box[1], YMin: pl.Box[2], YMax: pl.Box[3],
		Cols: gridCells, Rows: gridCells, FX: pl.I, FY: pl.J, Base: pl.Held}
	others := "mean"
	if pl.Others() == 0 {
		others = "none"
	}
	gr := &GridReport{Features: pl.Names,
		XRange: [2]float64{g.XMin, g.XMax}, YRange: [2]float64{g.YMin, g.YMax},
		Cols: gridCells, Rows: gridCells, Others: others}
	if pl.J < 0 {
		// One feature: the rows repeat the same points (the figure still
		// draws them all); the agreement is that of one row.
		gr.Rows, gr.YRange = 1, [2]float64{}
	}
	return g, gr
}

func rowMajorOf(x *mat.Dense) []float64 {
	n, d := x.Dims()
	out := make([]float64, 0, n*d)
	for i := 0; i < n; i++ {
		out = append(out, x.RawRowView(i)...)
	}
	return out
}

// DivergedError is a fit whose results are not finite numbers although its
// training loss stayed finite: the parameters, or the loss on the data
// (logits that overflow). It wraps train.ErrDiverged.
type DivergedError struct {
	// Model is "graph".
	Model string
	// Epoch is the last epoch trained.
	Epoch int
	// Detail says what is not finite.
	Detail string
}

// Error returns "graph: after epoch N: training diverged: loss is not
// finite: detail; lower the learning rate or standardize the data".
func (e *DivergedError) Error() string {
	return fmt.Sprintf("%s; lower the learning rate or standardize the data", e.Prefix())
}

// Prefix is the error's text without its advice (for a front end that words
// the advice in its own vocabulary).
func (e *DivergedError) Prefix() string {
	return fmt.Sprintf("%s: after epoch %d: %v: %s", e.Model, e.Epoch, train.ErrDiverged, e.Detail)
}

// Unwrap returns train.ErrDiverged.
func (e *DivergedError) Unwrap() error { return train.ErrDiverged }

// errStopped stops background runs when Compare fails.
var errStopped = errors.New("stopped")

// pendingBaseline is the regression of a Compare fitted in its own
// goroutine while the graph trains (startBaseline): SAG and the graph share
// nothing but the read-only data, and each is deterministic, so the report
// is the same as when they run one after the other.
type pendingBaseline struct {
	done   chan struct{}
	cancel context.CancelFunc
	lr     *baseline.LogisticRegression
	rep    BaselineReport
	bt     baselineTrajectory
	err    error
}

// startBaseline fits cfg's regression on ds (fitCompareBaseline) in a new
// goroutine holding one of runs' worker slots, so that with one worker it
// runs before or after the graphs, never beside them.
func startBaseline(ctx context.Context, ds *dataset.Dataset, cfg CompareConfig, runs *backgroundRuns) *pendingBaseline {
	ctx, cancel := context.WithCancel(ctx)
	p := &pendingBaseline{done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(p.done)
		select {
		case runs.slots <- struct{}{}:
			defer runs.release()
		case <-ctx.Done():
			p.err = fmt.Errorf("baseline: %w", ctx.Err())
			return
		}
		p.lr, p.rep, p.err = fitCompareBaseline(ctx, ds, cfg, &p.bt)
	}()
	return p
}

// wait returns the fitted regression, its report section and trajectory,
// or the fit's error.
func (p *pendingBaseline) wait() (*baseline.LogisticRegression, BaselineReport, baselineTrajectory, error) {
	<-p.done
	return p.lr, p.rep, p.bt, p.err
}

// into waits for the regression and puts it into rep and run (for
// divergedReport), reporting whether it was fitted; a nil p (fitted before
// the graph) has nothing to add.
func (p *pendingBaseline) into(rep *CompareReport, run *diagnosisRun) bool {
	if p == nil {
		return true
	}
	lr, b, bt, err := p.wait()
	if err != nil {
		return false
	}
	rep.Baseline, run.lr, run.btraj = b, lr, bt
	return true
}

// stop cancels the fit if it is still running and waits for its goroutine
// (a nil p does nothing).
func (p *pendingBaseline) stop() {
	if p != nil {
		p.cancel()
		<-p.done
	}
}

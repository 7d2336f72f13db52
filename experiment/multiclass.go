package experiment

import (
	"context"
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

// CompareClasses is Compare for k classes: it trains Keras's
// Dense(k, softmax) (a Gorgonia graph, loss the mean categorical
// cross-entropy from the logits, fitted by train.Fit) and
// scikit-learn's multinomial LogisticRegression by SAG
// (baseline.FitMultinomialSAG) on ds, whose labels are the class indices
// 0 … k − 1 (a k-class Dataset from dataset.Options.Multiclass, or a binary
// one: then k = 2 and the network is Dense(2, softmax)). It measures the
// per-class agreement on the training points and on the plane's grid, the
// angle between each class's centred normal and the regression's, the
// shared objective (mean cross-entropy + (α/2)·‖W‖², α = 1/(C·n)) and the
// class mean of the kernel (the over-parametrisation of softmax, see
// explain.AnalyseOverparametrisation), and, for a network without hidden
// layers, diagnoses the gap (explain.DiagnoseClasses).
//
// cfg is CompareConfig with these limits: Runs must be 1 (setting runs),
// Init glorot_uniform or zeros (setting init; an explicit kernel is the
// sigmoid output's d values), Baseline sag (setting baseline). C and L2 act
// as in Compare; WithSettingNames fills the remedies' Flag as for Compare.
//
// Errors: as Compare's; labels that are not class indices 0 … k − 1 (a
// *SettingError naming labels).
func CompareClasses(ctx context.Context, ds *dataset.Dataset, cfg CompareConfig, opts ...Option) (*ClassCompareReport, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Runs != 1 {
		return nil, settingError("runs", fmt.Sprint(cfg.Runs), "a comparison of k classes trains one network (use 1)")
	}
	if cfg.Init == InitExplicit {
		return nil, settingError("init", cfg.Init, "an explicit kernel is the one-unit sigmoid output's; with k classes use glorot_uniform or zeros")
	}
	if cfg.Baseline == BaselineSklearnDefault {
		return nil, settingError("baseline", cfg.Baseline, "with k classes the baseline is multinomial SAG (use sag, with C for a penalty)")
	}
	o := collect(opts)
	n, d := ds.X.Dims()
	k := ds.K()
	for i, y := range ds.Y {
		if !(y >= 0 && y < float64(k)) || y != math.Trunc(y) {
			return nil, settingError("labels", "", fmt.Sprintf("label %d is %v, want a class index 0 to %d", i, y, k-1))
		}
	}
	pl, err := resolvePlane(ds, cfg.PlotFeatures)
	if err != nil {
		return nil, err
	}
	fitCfg := cfg.Fit
	l2 := cfg.L2
	if !math.IsInf(cfg.C, 1) {
		l2 = penaltyL2(cfg.C, n)
	}
	gcfg := graph.Config{Features: d, BatchRows: min(fitCfg.BatchSize, n), Seed: fitCfg.Seed, Dtype: cfg.Dtype,
		L2: l2, Output: graph.Softmax, Classes: k, Hidden: cfg.Hidden}
	if cfg.Init == InitZeros {
		gcfg.Kernel = make([]float64, d*k)
	}
	if o.memoryLimit > 0 {
		if need := cfg.classMemoryEstimate(n, d, k); need > float64(o.memoryLimit) {
			return nil, &MemoryError{Need: need, Limit: float64(o.memoryLimit), Params: classParams(d, k, cfg.Hidden)}
		}
	}
	model, err := graph.New(gcfg)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	defer model.Close()
	linear := len(cfg.Hidden) == 0
	rep := &ClassCompareReport{Data: classDataSection(ds, pl), Plane: pl}
	g := &rep.Graph
	g.Output, g.Classes = string(graph.Softmax), k
	g.Solver, g.LearningRate, g.BatchSize, g.Epochs, g.Seed = fitCfg.Solver, fitCfg.LearningRate, fitCfg.BatchSize, fitCfg.Epochs, fitCfg.Seed
	if g.SolverParams, err = fitCfg.Hyperparameters(); err != nil {
		return nil, err
	}
	if fitCfg.Clip > 0 {
		clip := fitCfg.Clip
		g.Clip = &clip
	}
	g.L2, g.Init, g.Dtype = l2, cfg.Init, string(model.Dtype())
	if !math.IsInf(cfg.C, 1) {
		c := cfg.C
		g.C = &c
	}
	g.InitialKernel, g.InitialBias = model.OutputKernel(), model.OutputBias()
	initialLayers := model.Layers()
	fitCfg.OnEpoch = func(epoch int, loss float64) error {
		if linear {
			rep.Trajectory.Kernels = append(rep.Trajectory.Kernels, model.OutputKernel())
			rep.Trajectory.Biases = append(rep.Trajectory.Biases, model.OutputBias())
		}
		o.add(1)
		if o.frame != nil {
			o.frame(frameOf(model, epoch, fitCfg.Epochs, loss)) // WithEpochFrame (frames.go)
		}
		return nil
	}
	hist, err := train.Fit(ctx, model, ds.X, ds.Y, fitCfg)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	g.LossHistory = hist.Loss
	g.Kernel, g.Bias = model.OutputKernel(), model.OutputBias()
	for _, row := range g.Kernel {
		if err := checkFinite("graph", row, 0, fitCfg.Epochs); err != nil {
			return nil, err
		}
	}
	if err := checkFinite("graph", g.Bias, 0, fitCfg.Epochs); err != nil {
		return nil, err
	}
	ev, err := train.EvaluateClasses(model, ds.X, ds.Y)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	g.Loss, g.Accuracy = ev.Loss, ev.Accuracy
	if math.IsNaN(g.Loss) || math.IsInf(g.Loss, 0) {
		return nil, &DivergedError{Model: "graph", Epoch: fitCfg.Epochs, Detail: fmt.Sprintf("the loss on the data is %v (the logits overflow)", g.Loss)}
	}
	g.Hidden = []int{}
	for _, l := range model.Hidden() {
		g.Hidden = append(g.Hidden, l.Units)
		g.Activation = string(l.Activation)
	}
	g.Layers, g.InitialLayers = model.Layers(), initialLayers
	var normal [][]float64 // the input-space kernel, d × k (nil: not linear)
	var normalBias []float64
	if kk, bb, err := model.EndToEndOutput(); err == nil {
		normal, normalBias = kk, bb
		g.Linear = true
		if !linear {
			g.EndToEndKernel, g.EndToEndBias = kk, bb
		}
	}

	lr, err := fitMultinomial(ds, cfg.SAG, cfg.C, &rep.Baseline)
	if err != nil {
		return nil, err
	}
	if err := measureClasses(rep, model, lr, ds, normal, normalBias); err != nil {
		return nil, err
	}
	if linear {
		if rep.Diagnosis, err = diagnoseClasses(ds, rep, lr, fitCfg); err != nil {
			return nil, fmt.Errorf("diagnosis: %w", err)
		}
		// The items' remedies share their arrays with this view.
		nameRemedies(&explain.Diagnosis{Items: rep.Diagnosis.Items, Remedies: rep.Diagnosis.Remedies}, o.settingNames)
	}
	return rep, nil
}

// diagnoseClasses runs explain.DiagnoseClasses on the trained models of a
// network without hidden layers: the data, both models, the network's
// initial output layer, both penalties and how each side was trained.
func diagnoseClasses(ds *dataset.Dataset, rep *ClassCompareReport, lr *baseline.MultinomialRegression, fit train.Config) (*ClassDiagnosis, error) {
	g := rep.Graph
	return explain.DiagnoseClasses(explain.ClassInputs{
		X: ds.X, Y: ds.Y, Features: ds.Features, Classes: ds.Names(),
		Kernel: g.Kernel, Bias: g.Bias, InitialKernel: g.InitialKernel, InitialBias: g.InitialBias,
		Coef: lr.Coef, Intercept: lr.Intercept, L2: g.L2, Alpha: lr.Alpha,
		Solver: g.Solver, Epochs: g.Epochs, UpdatesPerEpoch: updatesPerEpoch(rep.Data.Samples, g.BatchSize),
		LearningRate: g.LearningRate, BatchSize: g.BatchSize, Momentum: fit.Momentum, Init: g.Init,
		SAGEpochs: lr.NIter, StepSize: lr.StepSize, SAGConverged: lr.Converged,
		SAGMaxIter: rep.Baseline.MaxIter, SAGTol: rep.Baseline.Tol,
		Standardized: rep.Data.Standardized, LossHistory: g.LossHistory,
	})
}

// fitMultinomial fits the multinomial regression by SAG on ds with sag's
// MaxIter, Tol and Seed and the inverse L2 strength c (+Inf: none),
// recording the objective per epoch, and fills b. Errors are wrapped with
// "baseline:".
func fitMultinomial(ds *dataset.Dataset, sag baseline.SAGConfig, c float64, b *ClassBaselineReport) (*baseline.MultinomialRegression, error) {
	sagCfg := baseline.DefaultSAGConfig()
	sagCfg.MaxIter, sagCfg.Tol, sagCfg.Seed, sagCfg.C = sag.MaxIter, sag.Tol, sag.Seed, c
	sagCfg.RecordObjective = true
	lr, err := baseline.FitMultinomialSAG(ds.X, ds.Y, sagCfg)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if len(lr.Classes) != ds.K() {
		return nil, fmt.Errorf("baseline: %d of the %d classes have rows", len(lr.Classes), ds.K())
	}
	ev, err := lr.Evaluate(ds.X, ds.Y)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	obj, err := lr.Objective(ds.X, ds.Y)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	b.Solver, b.MultiClass, b.MaxIter, b.Tol, b.Seed, b.StepSize = "sag", "multinomial", sagCfg.MaxIter, sagCfg.Tol, sagCfg.Seed, lr.StepSize
	if !math.IsInf(c, 1) {
		cc := c
		b.C = &cc
	}
	b.Coef, b.Intercept, b.NIter, b.Converged = lr.Coef, lr.Intercept, lr.NIter, lr.Converged
	b.Loss, b.Objective, b.Accuracy = ev.Loss, obj, ev.Accuracy
	if math.IsNaN(b.Loss) || math.IsInf(b.Loss, 0) {
		return nil, fmt.Errorf("baseline: %w: the loss on the data is %v", baseline.ErrNotFinite, b.Loss)
	}
	b.ObjectiveHistory = lr.ObjectiveHistory
	return lr, nil
}

// measureClasses fills the agreement section: the predicted classes of the
// trained model m and the regression lr on ds's points and on the plane's
// grid, and, when the network is linear end to end (normal, d × k, and
// normalBias not nil), the per-class angles, the shared objective and the
// class mean of the output kernel.
func measureClasses(rep *ClassCompareReport, m *graph.Model, lr *baseline.MultinomialRegression, ds *dataset.Dataset, normal [][]float64, normalBias []float64) error {
	k := ds.K()
	a := &rep.Agreement
	zg, err := m.Logits(rowMajorOf(ds.X))
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	zb := lr.DecisionFunction(ds.X).RawMatrix().Data
	train, err := explain.ClassPredictionAgreement(zg, zb, k)
	if err != nil {
		return err
	}
	grid, gr := AgreementGrid(rep.Plane)
	pts, err := grid.Points()
	if err != nil {
		return fmt.Errorf("agreement grid: %w", err)
	}
	big, err := graph.New(graph.Config{Features: m.Features(), BatchRows: 1024, Dtype: m.Dtype(), Hidden: m.Hidden(),
		Output: graph.Softmax, Classes: k})
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	defer big.Close()
	if err := big.SetLayers(rep.Graph.Layers); err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	zgg, err := big.Logits(pts)
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	_, d := ds.X.Dims()
	zbg := lr.DecisionFunction(mat.NewDense(len(pts)/d, d, pts)).RawMatrix().Data
	onGrid, err := explain.ClassPredictionAgreement(zgg, zbg, k)
	if err != nil {
		return err
	}
	a.TrainAgreement, a.GridAgreement, a.Grid = train.Overall, onGrid.Overall, gr
	a.Confusion = train.Confusion
	rep.Graph.GridClass, rep.Baseline.GridClass = argmaxRows(zgg, k), argmaxRows(zbg, k)
	a.PerClass = make([]ClassAgreementItem, k)
	names := ds.Names()
	for c := range a.PerClass {
		a.PerClass[c] = ClassAgreementItem{Class: names[c], TrainAgreement: train.PerClass[c], GridAgreement: onGrid.PerClass[c]}
	}
	a.L2 = lr.Alpha
	if normal == nil {
		return nil
	}
	angles, err := explain.ClassAngles(normal, lr.Coef)
	if err != nil {
		return err
	}
	for c, an := range angles {
		a.PerClass[c].AngleDeg, a.PerClass[c].RawAngleDeg, a.PerClass[c].ClassMeanShareDeg = an.CentredDeg, an.RawDeg, an.ShareDeg
	}
	if a.ObjectiveGraph, err = explain.ClassObjective(normal, normalBias, ds.X, ds.Y, lr.Alpha); err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	coefKernel, err := explain.CoefKernel(lr.Coef)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	if a.ObjectiveBaseline, err = explain.ClassObjective(coefKernel, lr.Intercept, ds.X, ds.Y, lr.Alpha); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	a.ObjectiveGap = a.ObjectiveGraph - a.ObjectiveBaseline
	if len(rep.Graph.Hidden) == 0 {
		op, err := explain.AnalyseOverparametrisation(rep.Graph.InitialKernel, rep.Graph.Kernel, lr.Coef)
		if err != nil {
			return err
		}
		a.ClassMean = &ClassMeanReport{InitialMean: op.InitialMean, FinalMean: op.FinalMean,
			InitialNorm: op.InitialNorm, FinalNorm: op.FinalNorm, Drift: op.Drift, RegressionNorm: op.RegressionNorm}
	}
	return nil
}

// argmaxRows returns the argmax class of every row of logits z (rows × k).
func argmaxRows(z []float64, k int) []int {
	out := make([]int, len(z)/k)
	for i := range out {
		out[i] = metrics.Argmax(z[i*k : (i+1)*k])
	}
	return out
}

// classDataSection describes the loaded k-class data for a report.
func classDataSection(ds *dataset.Dataset, pl Plane) ClassDataReport {
	b := dataSection(ds, pl)
	return ClassDataReport{Name: b.Name, Samples: b.Samples, Features: b.Features, Classes: ds.Names(),
		Source: b.Source, Label: b.Label, ClassCounts: ds.CountsByClass(), DroppedRows: b.DroppedRows,
		Standardized: b.Standardized, ConstantFeatures: b.ConstantFeatures, PlotFeatures: b.PlotFeatures}
}

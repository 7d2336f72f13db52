package experiment

import (
	"nnlr/graph"
	"nnlr/internal/explain"
)

// CompareReport is the result of Compare; its JSON form is the schema that
// nnlr compare --json prints (README.md; fields are only ever added). It is
// complete when Compare returns: Data, Graph, Baseline, Agreement,
// Diagnosis (linear networks) and Runs are filled by Compare; Figures is
// left nil for a front end that writes figures to list them.
type CompareReport struct {
	Data      DataReport      `json:"data"`
	Graph     GraphReport     `json:"graph"`
	Baseline  BaselineReport  `json:"baseline"`
	Agreement AgreementReport `json:"agreement"`
	// Diagnosis explains the gap: items, verdict, remedies (with hidden
	// layers only the data-side and baseline findings); Runs is the spread
	// over the Runs trainings.
	Diagnosis *explain.Diagnosis `json:"diagnosis"`
	Runs      *RunsReport        `json:"runs"`
	// Figures lists the paths of figures written by the front end (nil from
	// Compare).
	Figures []string `json:"figures"`
	// SeriesResolution says which epochs the per-epoch series
	// (graph.loss_history, baseline.objective_history) hold: every epoch up
	// to 2048, then log-spaced (see SeriesResolution).
	SeriesResolution string `json:"series_resolution"`

	// Trajectory is the graph's boundary (kernels of d values and biases)
	// of a network without hidden layers after the epochs TrajectoryEpochs
	// (in order): every epoch when that holds in 128 MiB, otherwise at the
	// series' resolution; not in the JSON. TrajectoryAt finds an epoch.
	Trajectory       explain.Trajectory `json:"-"`
	TrajectoryEpochs []int              `json:"-"`
	// Plane is the figures' plane, in which the agreement grid lies; not in
	// the JSON.
	Plane Plane `json:"-"`
}

// DataReport describes the data (JSON data).
type DataReport struct {
	Name     string    `json:"name"`
	Samples  int       `json:"samples"`
	Features []string  `json:"features"`
	Classes  [2]string `json:"classes"`
	// Source is "built-in" or the CSV file's path.
	Source           string    `json:"source"`
	Label            string    `json:"label"`
	ClassCounts      [2]int    `json:"class_counts"`
	DroppedRows      int       `json:"dropped_rows"`
	Standardized     bool      `json:"standardized"`
	ConstantFeatures []string  `json:"constant_features"`
	PlotFeatures     [2]string `json:"plot_features"`
}

// GraphReport is the network's settings and results (JSON graph).
type GraphReport struct {
	Solver        string    `json:"solver"`
	LearningRate  float64   `json:"learning_rate"`
	BatchSize     int       `json:"batch_size"`
	Epochs        int       `json:"epochs"`
	Seed          uint64    `json:"seed"`
	C             *float64  `json:"C"`
	Dtype         string    `json:"dtype"`
	InitialKernel []float64 `json:"initial_kernel"`
	InitialBias   float64   `json:"initial_bias"`
	Kernel        []float64 `json:"kernel"`
	Bias          float64   `json:"bias"`
	Loss          float64   `json:"loss"`
	Accuracy      float64   `json:"accuracy"`
	AUC           *float64  `json:"auc"`
	// LossHistory is the training loss after the epochs LossEpochs (every
	// epoch up to 2048, then log-spaced: see SeriesResolution).
	LossHistory []float64 `json:"loss_history"`
	LossEpochs  []int     `json:"loss_epochs"`
	// EffectiveBatchSize is the number of samples per update actually
	// used: min(BatchSize, n), as Keras trains full batches of n when
	// batch_size exceeds n.
	EffectiveBatchSize int `json:"effective_batch_size"`
	// SolverParams holds the hyper-parameters the solver used, by name
	// (learning_rate, momentum, beta1, beta2, epsilon, rho, weight_decay,
	// initial_accumulator): only those of the chosen solver.
	SolverParams map[string]float64 `json:"solver_params"`
	// Clip is the element-wise gradient clip, null when off.
	Clip *float64 `json:"clip"`
	// L2 is the kernel's L2 penalty: (l2/2)·‖kernel‖² in the loss (the
	// setting L2, or 1/(C·n) from C).
	L2 float64 `json:"l2"`
	// Init is how the kernel and bias started: glorot_uniform, zeros or
	// explicit.
	Init string `json:"init"`
	// DivergedEpoch is the epoch whose training loss became non-finite (or
	// the last epoch, when the results did), 0 when training finished
	// finitely; Kernel and Bias are then the last finite model (see
	// Compare).
	DivergedEpoch int `json:"diverged_epoch"`
	HiddenReport
}

// BaselineReport is the regression's settings and results (JSON baseline).
type BaselineReport struct {
	Solver    string    `json:"solver"`
	C         *float64  `json:"C"`
	MaxIter   int       `json:"max_iter"`
	Tol       float64   `json:"tol"`
	Seed      uint64    `json:"seed"`
	StepSize  float64   `json:"step_size"`
	Coef      []float64 `json:"coef"`
	Intercept float64   `json:"intercept"`
	Loss      float64   `json:"loss"`
	Objective float64   `json:"objective"`
	Accuracy  float64   `json:"accuracy"`
	AUC       *float64  `json:"auc"`
	NIter     int       `json:"n_iter"`
	Converged bool      `json:"converged"`
	// ObjectiveHistory is SAG's objective after the epochs ObjectiveEpochs
	// (every epoch up to 2048, then log-spaced: see SeriesResolution; nil
	// when not recorded, as by Sweep).
	ObjectiveHistory []float64 `json:"objective_history"`
	ObjectiveEpochs  []int     `json:"objective_epochs"`
}

// AgreementReport measures how far the two models agree (JSON agreement).
type AgreementReport struct {
	// AngleDeg is the angle between the boundaries' normals, degrees; nil
	// when a normal is zero or the network is not linear.
	AngleDeg *float64 `json:"angle_deg"`
	PredictionReport
	// The agreement of two linear models: offset_gap, prob_gap_max,
	// prob_gap_mean, objective_graph, objective_baseline, objective_gap,
	// l2 (nil for hidden layers).
	*explain.Agreement
}

// HiddenReport is the part of the graph's report about its layers (JSON
// fields of graph).
type HiddenReport struct {
	// Hidden lists the hidden layers' widths ([] for none) and Activation
	// their activation (omitted without hidden layers).
	Hidden     []int  `json:"hidden"`
	Activation string `json:"activation,omitempty"`
	// Layers lists every layer, input side first, the output layer last:
	// kernel rows × cols as nested arrays, bias one value per unit.
	Layers        []graph.Layer `json:"layers"`
	InitialLayers []graph.Layer `json:"initial_layers"`
	// Linear is true when the network is a linear model up to its sigmoid
	// (no hidden layer, or all linear); then EndToEndKernel (d values) and
	// EndToEndBias give its boundary, kernel·x + bias = 0.
	Linear         bool      `json:"linear"`
	EndToEndKernel []float64 `json:"end_to_end_kernel,omitempty"`
	EndToEndBias   *float64  `json:"end_to_end_bias,omitempty"`

	// GridP is the graph's P(y = 1) on the agreement grid (Cols × Rows
	// values, row by row), for figures; not in the JSON.
	GridP []float64 `json:"-"`
}

// PredictionReport is the agreement measured from predictions, which holds
// for any two models (JSON fields of agreement).
type PredictionReport struct {
	// TrainAgreement is the share of training points on which the two
	// models predict the same class; GridAgreement the share of Grid's cells.
	TrainAgreement *float64    `json:"train_agreement"`
	GridAgreement  *float64    `json:"grid_agreement"`
	Grid           *GridReport `json:"grid"`
}

// GridReport describes the grid of GridAgreement: Cols × Rows cell centres
// over XRange × YRange in the plane of Features, the other features at
// their mean. For data with one feature Features[1] is "", Rows 1 and
// YRange [0, 0]: Cols points along XRange.
type GridReport struct {
	Features [2]string  `json:"features"`
	XRange   [2]float64 `json:"x_range"`
	YRange   [2]float64 `json:"y_range"`
	Cols     int        `json:"cols"`
	Rows     int        `json:"rows"`
	Others   string     `json:"others"`
}

// RunReport is one independent training of the graph (JSON runs.runs[]):
// its output layer's kernel and bias, its loss on the data, and the angle,
// degrees, between its boundary's normal and the baseline's coef (nil when
// the network is not linear end to end or a normal is zero).
type RunReport struct {
	Seed     uint64    `json:"seed"`
	Kernel   []float64 `json:"kernel"`
	Bias     float64   `json:"bias"`
	Loss     float64   `json:"loss"`
	AngleDeg *float64  `json:"angle_deg"`

	// Normal is the boundary's normal in feature space (d values: the
	// kernel, or the end-to-end kernel of a linear network), nil when the
	// network is not linear; Intercept goes with it. Not in the JSON.
	Normal    []float64 `json:"-"`
	Intercept float64   `json:"-"`
}

// SpreadReport summarises the runs' angles to the baseline, degrees, over
// the runs whose angle is defined.
type SpreadReport struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// RunsReport is the JSON object runs: Runs trainings of the graph with
// seeds seed, seed+1, …, seed+Runs−1 (the first is the graph of the report).
type RunsReport struct {
	Count    int           `json:"count"`
	AngleDeg *SpreadReport `json:"angle_deg"`
	Runs     []RunReport   `json:"runs"`
}

// TrajectoryAt returns the graph's boundary after epoch e and whether the
// trajectory holds that epoch.
func (r *CompareReport) TrajectoryAt(e int) (explain.Linear, bool) {
	i := epochIndex(r.TrajectoryEpochs, e)
	if i < 0 || i >= r.Trajectory.Epochs() {
		return explain.Linear{}, false
	}
	return r.Trajectory.At(i + 1), true
}

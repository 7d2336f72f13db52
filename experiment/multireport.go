package experiment

import (
	"nnlr/graph"
	"nnlr/internal/explain"
)

// ClassCompareReport is the result of CompareClasses; its JSON form is what
// nnlr compare --json prints for k classes (README.md). Kernels are in
// Keras's layout (d × k, nested arrays: kernel[j][c] weighs feature j into
// class c's logit), coefficients in scikit-learn's (k × d), and every list
// over classes follows Data.Classes. Figures is left nil for a front end
// that writes figures to list them.
type ClassCompareReport struct {
	Data      ClassDataReport      `json:"data"`
	Graph     ClassGraphReport     `json:"graph"`
	Baseline  ClassBaselineReport  `json:"baseline"`
	Agreement ClassAgreementReport `json:"agreement"`
	// Diagnosis explains the gap for a network without hidden layers (nil
	// with hidden layers).
	Diagnosis *ClassDiagnosis `json:"diagnosis"`
	Figures   []string        `json:"figures"`

	// Trajectory is the network's output kernel and biases after every
	// epoch (without hidden layers); not in the JSON.
	Trajectory ClassTrajectory `json:"-"`
	// Plane is the figures' plane, in which the agreement grid lies; not in
	// the JSON.
	Plane Plane `json:"-"`
}

// ClassTrajectory is a k-class network's output layer after every epoch:
// Kernels[e] (d × k) and Biases[e] (k values) after epoch e + 1.
type ClassTrajectory struct {
	Kernels [][][]float64
	Biases  [][]float64
}

// Epochs is the number of epochs recorded.
func (t ClassTrajectory) Epochs() int { return len(t.Kernels) }

// ClassDataReport describes k-class data (JSON data): DataReport with the
// k classes in LabelEncoder order (class c is y = c) and their row counts.
type ClassDataReport struct {
	Name             string    `json:"name"`
	Samples          int       `json:"samples"`
	Features         []string  `json:"features"`
	Classes          []string  `json:"classes"`
	Source           string    `json:"source"`
	Label            string    `json:"label"`
	ClassCounts      []int     `json:"class_counts"`
	DroppedRows      int       `json:"dropped_rows"`
	Standardized     bool      `json:"standardized"`
	ConstantFeatures []string  `json:"constant_features"`
	PlotFeatures     [2]string `json:"plot_features"`
}

// ClassGraphReport is the k-class network's settings and results (JSON
// graph): Output is "softmax" and Classes k; InitialKernel and Kernel are
// the output layer's kernel (d × k without hidden layers, units × k with
// them), InitialBias and Bias its k biases; Loss is the mean categorical
// cross-entropy (nats, without the penalty) and Accuracy the share of
// training points whose argmax class is their label.
type ClassGraphReport struct {
	Output        string             `json:"output"`
	Classes       int                `json:"classes"`
	Solver        string             `json:"solver"`
	LearningRate  float64            `json:"learning_rate"`
	BatchSize     int                `json:"batch_size"`
	Epochs        int                `json:"epochs"`
	Seed          uint64             `json:"seed"`
	C             *float64           `json:"C"`
	Dtype         string             `json:"dtype"`
	InitialKernel [][]float64        `json:"initial_kernel"`
	InitialBias   []float64          `json:"initial_bias"`
	Kernel        [][]float64        `json:"kernel"`
	Bias          []float64          `json:"bias"`
	Loss          float64            `json:"loss"`
	Accuracy      float64            `json:"accuracy"`
	LossHistory   []float64          `json:"loss_history"`
	SolverParams  map[string]float64 `json:"solver_params"`
	Clip          *float64           `json:"clip"`
	L2            float64            `json:"l2"`
	Init          string             `json:"init"`
	// Hidden, Activation, Layers and InitialLayers are as in HiddenReport.
	Hidden        []int         `json:"hidden"`
	Activation    string        `json:"activation,omitempty"`
	Layers        []graph.Layer `json:"layers"`
	InitialLayers []graph.Layer `json:"initial_layers"`
	// Linear is true when the network is linear end to end; with hidden
	// layers EndToEndKernel (d × k) and EndToEndBias (k) are then its
	// input-space model.
	Linear         bool        `json:"linear"`
	EndToEndKernel [][]float64 `json:"end_to_end_kernel,omitempty"`
	EndToEndBias   []float64   `json:"end_to_end_bias,omitempty"`

	// GridClass is the network's predicted class on the agreement grid
	// (Cols × Rows cells, row by row), for figures; not in the JSON.
	GridClass []int `json:"-"`
}

// ClassBaselineReport is the multinomial regression's settings and results
// (JSON baseline): Coef is k × d (scikit-learn's coef_), Intercept k values,
// Loss the mean categorical cross-entropy and Objective the value SAG
// minimises (Loss + (α/2)·‖Coef‖²).
type ClassBaselineReport struct {
	Solver     string      `json:"solver"`
	MultiClass string      `json:"multi_class"`
	C          *float64    `json:"C"`
	MaxIter    int         `json:"max_iter"`
	Tol        float64     `json:"tol"`
	Seed       uint64      `json:"seed"`
	StepSize   float64     `json:"step_size"`
	Coef       [][]float64 `json:"coef"`
	Intercept  []float64   `json:"intercept"`
	Loss       float64     `json:"loss"`
	Objective  float64     `json:"objective"`
	Accuracy   float64     `json:"accuracy"`
	NIter      int         `json:"n_iter"`
	Converged  bool        `json:"converged"`
	// ObjectiveHistory is SAG's objective after every epoch.
	ObjectiveHistory []float64 `json:"objective_history"`

	// GridClass is the regression's predicted class on the agreement grid;
	// not in the JSON.
	GridClass []int `json:"-"`
}

// ClassAgreementReport measures how far two k-class models agree (JSON
// agreement). TrainAgreement and GridAgreement are the shares of training
// points and grid cells on which both predict the same class (the argmax
// of the logits); Confusion[a][b] counts the training points the network
// assigns to class a and the regression to class b. ObjectiveGraph and
// ObjectiveBaseline are both models' values of the shared objective, mean
// cross-entropy + (L2/2)·‖W‖² with L2 the regression's α (0 without C),
// and ObjectiveGap is graph − baseline (zero values when the network is
// not linear end to end).
type ClassAgreementReport struct {
	TrainAgreement    float64              `json:"train_agreement"`
	GridAgreement     float64              `json:"grid_agreement"`
	Grid              *GridReport          `json:"grid"`
	PerClass          []ClassAgreementItem `json:"per_class"`
	Confusion         [][]int              `json:"confusion"`
	ObjectiveGraph    float64              `json:"objective_graph"`
	ObjectiveBaseline float64              `json:"objective_baseline"`
	ObjectiveGap      float64              `json:"objective_gap"`
	L2                float64              `json:"l2"`
	// ClassMean is the over-parametrisation component (nil with hidden
	// layers).
	ClassMean *ClassMeanReport `json:"class_mean"`
}

// ClassAgreementItem compares one class (JSON agreement.per_class[]).
type ClassAgreementItem struct {
	// Class names the class.
	Class string `json:"class"`
	// TrainAgreement and GridAgreement are the shares of training points
	// and grid cells on which the models agree whether the class is this
	// one (both predict it, or neither does).
	TrainAgreement float64 `json:"train_agreement"`
	GridAgreement  float64 `json:"grid_agreement"`
	// AngleDeg is the angle, degrees, between the class's centred normal
	// (its kernel column less the class mean) and the regression's centred
	// row; RawAngleDeg the same before centring and ClassMeanShareDeg their
	// difference, the degrees the class mean accounts for. Nil when a
	// normal is zero or the network is not linear end to end.
	AngleDeg          *float64 `json:"angle_deg"`
	RawAngleDeg       *float64 `json:"raw_angle_deg"`
	ClassMeanShareDeg *float64 `json:"class_mean_share_deg"`
}

// ClassMeanReport is the class mean of the output kernel's k columns, the
// component softmax cannot see (adding one vector to every column changes
// no probability): d values before and after training (data units⁻¹, like
// the kernel), their norms, the drift ‖final − initial‖ (0 up to rounding
// for SGD, momentum and Nesterov without a penalty) and the norm of the
// regression's class mean (0 for SAG and at a penalised optimum).
type ClassMeanReport struct {
	InitialMean    []float64 `json:"initial_mean"`
	FinalMean      []float64 `json:"final_mean"`
	InitialNorm    float64   `json:"initial_norm"`
	FinalNorm      float64   `json:"final_norm"`
	Drift          float64   `json:"drift"`
	RegressionNorm float64   `json:"regression_norm"`
}

// ClassDiagnosis explains the gap between two k-class models (JSON
// diagnosis); see explain.ClassDiagnosis.
type ClassDiagnosis = explain.ClassDiagnosis

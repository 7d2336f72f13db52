package explain

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Agreement measures how far apart two fitted linear models are, beyond
// the angle between their normals (AngleDeg): the agreement section of nnlr
// compare's report.
type Agreement struct {
	// OffsetGap is the distance between the boundaries in data units along
	// the baseline's normal through the data centroid (see OffsetGap); nil
	// when undefined.
	OffsetGap *float64 `json:"offset_gap"`
	// ProbGapMax and ProbGapMean are the largest and the mean
	// |p_graph − p_baseline| over the training samples.
	ProbGapMax  float64 `json:"prob_gap_max"`
	ProbGapMean float64 `json:"prob_gap_mean"`
	// ObjectiveGraph and ObjectiveBaseline are both models' values of the
	// shared objective (mean log loss + (L2/2)·‖w‖², see Objective), and
	// ObjectiveGap is graph − baseline.
	ObjectiveGraph    float64 `json:"objective_graph"`
	ObjectiveBaseline float64 `json:"objective_baseline"`
	ObjectiveGap      float64 `json:"objective_gap"`
	// L2 is the penalty strength of the shared objective (1/(C·n); 0 for
	// none).
	L2 float64 `json:"l2"`
}

// Agree measures graph against baseline on x (n × d) and y (n labels in
// {0, 1}) with the shared objective's penalty l2. It returns an error when
// the shapes differ.
func Agree(graph, baseline Linear, x *mat.Dense, y []float64, l2 float64) (Agreement, error) {
	a := Agreement{L2: l2}
	c, err := Centroid(x)
	if err != nil {
		return a, fmt.Errorf("agreement: %w", err)
	}
	if gap, err := OffsetGap(graph, baseline, c); err == nil {
		a.OffsetGap = &gap
	}
	if a.ProbGapMax, a.ProbGapMean, err = ProbabilityGaps(graph, baseline, x); err != nil {
		return a, fmt.Errorf("agreement: %w", err)
	}
	if a.ObjectiveGraph, err = Objective(graph, x, y, l2); err != nil {
		return a, fmt.Errorf("agreement: graph: %w", err)
	}
	if a.ObjectiveBaseline, err = Objective(baseline, x, y, l2); err != nil {
		return a, fmt.Errorf("agreement: baseline: %w", err)
	}
	a.ObjectiveGap = a.ObjectiveGraph - a.ObjectiveBaseline
	return a, nil
}

// Inputs is what Diagnose needs: the data, both fitted models, how each was
// trained, and the graph's boundary after every epoch.
type Inputs struct {
	// Prepared, when not nil, holds the data-only parts of the diagnosis
	// computed ahead for X and Y (Prepare); whatever it lacks is computed.
	Prepared *Prepared
	// X is the n × d training data, Y its n labels in {0, 1}, Features the
	// d column names (for equations).
	X        *mat.Dense
	Y        []float64
	Features []string
	// Graph is the trained network (kernel, bias), Baseline the regression.
	Graph, Baseline Linear
	// InitialKernel is the graph's kernel before training (d values).
	InitialKernel []float64
	// L2 is the graph's kernel penalty (Config.L2 of package graph; 0 for
	// none) and Alpha the baseline's, α = 1/(C·n).
	L2, Alpha float64
	// Solver, Epochs, UpdatesPerEpoch and LearningRate describe the graph's
	// training.
	Solver          string
	Epochs          int
	UpdatesPerEpoch int
	LearningRate    float64
	// SAGEpochs, StepSize and SAGConverged describe the baseline's. For a
	// baseline without a constant step (baseline.FitLBFGS) pass its NIter,
	// StepSize 0 and Converged: the step budget, the control run and the
	// sag_* remedies are then left out.
	SAGEpochs    int
	StepSize     float64
	SAGConverged bool
	// Trajectory is the graph's boundary after every epoch (may be empty).
	Trajectory Trajectory

	// InitialBias is the graph's bias before training (train: Model.Bias
	// before Fit; 0 for Keras's zeros).
	InitialBias float64
	// Init is the graph's init setting: "glorot_uniform", "zeros" or
	// "custom" (given values); remedies compare against it.
	Init string
	// Momentum is μ of the momentum and nesterov solvers (0 otherwise), for
	// the stable learning-rate bound (StableLearningRate).
	Momentum float64
	// BatchSize is the graph's batch size setting.
	BatchSize int
	// Standardized reports whether the features were z-scored (the
	// standardize setting); X is the data both sides were trained on.
	Standardized bool
	// LossHistory is the graph's mean training loss per epoch
	// (train.History.Loss), for the oscillation rule of feature_scale.
	LossHistory []float64
	// LossEpochs, when positive, replaces the count on LossHistory: a caller
	// that keeps the loss at a lower resolution counts, over every one of
	// its LossEpochs epochs, the LossRises epochs whose mean loss rose more
	// than LossRiseShare above the previous epoch's (as lossRises does).
	LossEpochs, LossRises int
	// DivergedEpoch is the epoch whose loss became non-finite (errors
	// wrapping train.ErrDiverged), 0 when training finished; Graph is then
	// the last finite model (the trajectory's last entry).
	DivergedEpoch int
	// HiddenLayers is the number of hidden layers of the graph. With hidden
	// layers the boundary is not a hyperplane: Graph, InitialKernel and
	// Trajectory may be empty and the graph-side findings (null_space,
	// step_budget, convergence, the graph's not_at_optimum) are skipped.
	HiddenLayers int
	// SAGMaxIter and SAGTol are the baseline's max_iter and tol settings
	// (baseline.SAGConfig), for not_at_optimum and its remedies.
	SAGMaxIter int
	SAGTol     float64
	// BaselineTrajectory is the baseline's model after every epoch
	// (baseline.SAGConfig.RecordCoef: CoefHistory and InterceptHistory), for
	// the gradient over its last tenth; may be empty.
	BaselineTrajectory Trajectory
}

// NullSpaceReport is the JSON form of the null_space finding (see
// AnalyseAugmentedNullSpace): the span is that of the rows of [X, 1],
// because the bias is trained like the weight of a constant feature.
type NullSpaceReport struct {
	// Rank is the dimension of the span of the rows of [X, 1] (out of
	// d + 1).
	Rank int `json:"rank"`
	// InitialNorm and FinalNorm are the norms of the component of (kernel,
	// bias) outside that span before and after training (kernel units).
	InitialNorm float64 `json:"initial_norm"`
	FinalNorm   float64 `json:"final_norm"`
	// ConstantColumns and DependentColumns are the indices of the constant
	// feature columns and of the columns taking part in a null direction;
	// BiasInvolved whether the bias does.
	ConstantColumns  []int `json:"constant_columns"`
	DependentColumns []int `json:"dependent_columns"`
	BiasInvolved     bool  `json:"bias_involved"`
	// AngleShareDeg is the part of the angle to the baseline, degrees,
	// that the component accounts for (nil when undefined).
	AngleShareDeg *float64 `json:"angle_share_deg"`
}

// StepBudgetReport is the JSON form of finding 2 (see StepBudget and
// GradientDescent).
type StepBudgetReport struct {
	// Graph and Baseline are the step budgets (updates × step length).
	Graph    float64 `json:"graph"`
	Baseline float64 `json:"baseline"`
	// ControlUpdates, ControlCoef (d values) and ControlIntercept describe
	// the control run: full-batch gradient descent from zero with SAG's
	// step size for SAG's number of updates. ControlCoef and
	// ControlIntercept are nil (null) when the run was skipped because its
	// cost would exceed MaxControlWork.
	ControlUpdates   int       `json:"control_updates"`
	ControlCoef      []float64 `json:"control_coef"`
	ControlIntercept *float64  `json:"control_intercept"`
	// ControlAngleDeg is the control run's angle to the baseline, degrees.
	ControlAngleDeg *float64 `json:"control_angle_deg"`
}

// MaxMarginReport is the JSON form of the max-margin boundary of finding 3.
type MaxMarginReport struct {
	// Coef and Intercept are the boundary in its canonical scale
	// (ỹ·(coef·x + intercept) ≥ 1, equality at the support vectors).
	Coef      []float64 `json:"coef"`
	Intercept float64   `json:"intercept"`
	// GraphAngleDeg and BaselineAngleDeg are each model's angle to it.
	GraphAngleDeg    *float64 `json:"graph_angle_deg"`
	BaselineAngleDeg *float64 `json:"baseline_angle_deg"`
	// GraphOffsetGap and BaselineOffsetGap are each model's offset gap to
	// it, data units.
	GraphOffsetGap    *float64 `json:"graph_offset_gap"`
	BaselineOffsetGap *float64 `json:"baseline_offset_gap"`
	// BiasScale is MaxMarginConfig.BiasScale (1: the limit of gradient
	// methods that update the intercept like a coefficient).
	BiasScale float64 `json:"bias_scale"`
	// GraphAugmentedAngleDeg and BaselineAugmentedAngleDeg are the angles,
	// degrees, between each side's (kernel, bias) and the ℓ2 max margin's
	// (coef, intercept): the direction on [X, 1] gradient methods approach.
	GraphAugmentedAngleDeg    *float64 `json:"graph_augmented_angle_deg"`
	BaselineAugmentedAngleDeg *float64 `json:"baseline_augmented_angle_deg"`
	// LinfCoef and LinfIntercept are the ℓ∞ max-margin direction of [X, 1]
	// (MaxMarginLinf; nil when not computed), and GraphLinfAngleDeg,
	// BaselineLinfAngleDeg each side's angle to it on [X, 1], degrees.
	LinfCoef             []float64 `json:"linf_coef"`
	LinfIntercept        *float64  `json:"linf_intercept"`
	GraphLinfAngleDeg    *float64  `json:"graph_linf_angle_deg"`
	BaselineLinfAngleDeg *float64  `json:"baseline_linf_angle_deg"`
}

// ConvergenceReport is the JSON form of finding 4.
type ConvergenceReport struct {
	// EpochWithin1Deg is the first epoch within 1° and 1% offset of the
	// baseline; nil when not reached.
	EpochWithin1Deg *int `json:"epoch_within_1deg"`
	// OffsetTol is the offset gap that counts as 1%, data units.
	OffsetTol float64 `json:"offset_tol"`
	// FinalAngleDeg is the angle after the last epoch.
	FinalAngleDeg *float64 `json:"final_angle_deg"`
	// AngleTrendDegPerEpoch is the slope of the angle over the last
	// TrendEpochs epochs, degrees per epoch.
	AngleTrendDegPerEpoch float64 `json:"angle_trend_deg_per_epoch"`
	// TrendEpochs is the number of last epochs the trend is fitted to.
	TrendEpochs int `json:"trend_epochs"`
}

// Diagnosis explains, in numbers, why the graph's boundary differs from the
// baseline's: the diagnosis section of nnlr compare's report.
type Diagnosis struct {
	NullSpace  NullSpaceReport  `json:"null_space"`
	StepBudget StepBudgetReport `json:"step_budget"`
	// Separable reports whether the classes are linearly separable
	// (Separable); MaxMargin is then the max-margin boundary, nil when not
	// separable or when it could not be computed.
	Separable   bool              `json:"separable"`
	MaxMargin   *MaxMarginReport  `json:"max_margin"`
	Convergence ConvergenceReport `json:"convergence"`
	// Findings holds Items' summaries, in order.
	Findings []string `json:"findings"`
	// Items are the structured findings; Verdict says which side lags and
	// why; Remedies are the items' remedies, deduplicated and aimed at the
	// lagging side (see settle).
	Items    []Item   `json:"items"`
	Verdict  Verdict  `json:"verdict"`
	Remedies []Remedy `json:"remedies"`
	// PenaltyScope states which parameters the L2 terms cover.
	PenaltyScope PenaltyScope `json:"penalty_scope"`
	// Optimum is the finite optimum and each side's distance to it; nil
	// when neither side's objective has a finite minimum.
	Optimum *OptimumReport `json:"optimum"`

	// Tracking is the graph's trajectory measured against the baseline,
	// and MarginTracking against the max-margin boundary (nil when not
	// separable), for the figures.
	Tracking       Tracking  `json:"-"`
	MarginTracking *Tracking `json:"-"`
	// Margin is the max-margin boundary (nil when not separable).
	Margin *SVM `json:"-"`
}

// Diagnose explains in numbers why the graph's boundary differs from the
// baseline's. It measures the null space of [X, 1]
// (AnalyseAugmentedNullSpace), the step budgets and the control run
// (GradientDescent with SAG's step size and number of updates), linear
// separability (Separable) and the max-margin directions (MaxMargin with
// DefaultMaxMarginConfig, MaxMarginLinf), the finite optimum when there is
// one (NewtonOptimum), the feature scales (MeasureFeatureScale) and the
// graph's convergence toward the baseline (Track), and from them builds
// the items, the verdict and the remedies (see assess and verdict in
// assess.go for the rules). With in.HiddenLayers > 0 the graph-side
// measurements are skipped and in.Graph, in.InitialKernel and
// in.Trajectory may be empty.
//
// It returns an error when the inputs' shapes disagree or a computation
// fails.
func Diagnose(in Inputs) (*Diagnosis, error) {
	n, d := in.X.Dims()
	linear := in.HiddenLayers == 0
	if len(in.Baseline.Coef) != d || len(in.Features) != d || len(in.Y) != n {
		return nil, fmt.Errorf("diagnose: the baseline, the feature names and the labels must match the %d × %d data", n, d)
	}
	if linear && (len(in.Graph.Coef) != d || len(in.InitialKernel) != d) {
		return nil, fmt.Errorf("diagnose: the graph's kernel and initial kernel must have %d values", d)
	}
	dg := &Diagnosis{}
	centroid, err := Centroid(in.X)
	if err != nil {
		return nil, fmt.Errorf("diagnose: %w", err)
	}
	scale := OffsetScale(in.Baseline, in.X, centroid)

	// The row span of [X, 1], for the null space and the distances to the
	// optimum: one SVD of the n × (d+1) data.
	span, err := in.Prepared.rowSpan(in.X, in.Y)
	if err != nil {
		return nil, fmt.Errorf("diagnose: null space: %w", err)
	}
	if linear {
		// 1. Null space of [X, 1].
		ns := augmentedNullSpaceIn(in.X, span, Linear{Coef: in.InitialKernel, Intercept: in.InitialBias}, in.Graph, in.Baseline.Coef)
		dg.NullSpace = NullSpaceReport{Rank: ns.Rank, InitialNorm: ns.InitialNorm, FinalNorm: ns.FinalNorm, AngleShareDeg: ns.AngleShareDeg,
			ConstantColumns: ns.Constant, DependentColumns: ns.Dependent, BiasInvolved: ns.Bias}

		// 2. Step budget and control run (SAG baselines: a constant step).
		budget := Budget(in.Epochs, in.UpdatesPerEpoch, in.LearningRate, in.SAGEpochs, n, in.StepSize)
		updates := in.SAGEpochs * n
		dg.StepBudget = StepBudgetReport{Graph: budget.Graph, Baseline: budget.Baseline, ControlUpdates: updates}
		if work := float64(updates) * float64(n) * float64(d+1); in.StepSize > 0 && work <= MaxControlWork {
			control, err := GradientDescent(in.X, in.Y, Linear{Coef: make([]float64, d)}, in.StepSize, updates, in.Alpha)
			if err == nil {
				dg.StepBudget.ControlCoef, dg.StepBudget.ControlIntercept = control.Coef, &control.Intercept
				if a, err := AngleDeg(control.Coef, in.Baseline.Coef); err == nil {
					dg.StepBudget.ControlAngleDeg = &a
				}
			}
		}
	}

	// 3. Separability and the max-margin boundary.
	var sep bool
	var sepErr error
	switch {
	case separates(in.Baseline, in.X, in.Y) || linear && separates(in.Graph, in.X, in.Y):
		// A boundary that classifies every sample strictly right is a
		// certificate: no linear program needed.
		sep = true
	case n > MaxSeparabilityRows:
		sepErr = errSkipped
	default:
		sep, sepErr = Separable(in.X, in.Y)
	}
	if sepErr != nil && !errors.Is(sepErr, ErrOneClass) && !errors.Is(sepErr, errSkipped) {
		return nil, fmt.Errorf("diagnose: %w", sepErr)
	}
	if errors.Is(sepErr, ErrOneClass) {
		return nil, fmt.Errorf("diagnose: %w: there is no boundary to compare", sepErr)
	}
	dg.Separable = sep
	// The max margin is where an unpenalised side drifts on separable data:
	// computed when at least one side is unpenalised.
	if sep && (in.Alpha == 0 || linear && in.L2 == 0) && n*d <= MaxMarginSize {
		if m, err := MaxMargin(in.X, in.Y, DefaultMaxMarginConfig()); err == nil {
			dg.Margin = m
			mm := &MaxMarginReport{Coef: m.Coef, Intercept: m.Intercept, BiasScale: DefaultMaxMarginConfig().BiasScale}
			if linear {
				if a, err := AngleDeg(in.Graph.Coef, m.Coef); err == nil {
					mm.GraphAngleDeg = &a
				}
				if g, err := OffsetGap(in.Graph, m.Linear, centroid); err == nil {
					mm.GraphOffsetGap = &g
				}
			}
			if a, err := AngleDeg(in.Baseline.Coef, m.Coef); err == nil {
				mm.BaselineAngleDeg = &a
			}
			if g, err := OffsetGap(in.Baseline, m.Linear, centroid); err == nil {
				mm.BaselineOffsetGap = &g
			}
			dg.MaxMargin = mm
		}
	}

	// 4. Convergence toward the baseline.
	dg.Convergence.OffsetTol = OffsetTolShare * scale
	if linear && in.Trajectory.Epochs() > 0 {
		if dg.Tracking, err = Track(in.Trajectory, in.Baseline, centroid, scale); err != nil {
			return nil, fmt.Errorf("diagnose: %w", err)
		}
		tr := dg.Tracking
		if tr.EpochWithin > 0 {
			e := tr.EpochWithin
			dg.Convergence.EpochWithin1Deg = &e
		}
		if last := tr.AngleDeg[len(tr.AngleDeg)-1]; !math.IsNaN(last) {
			dg.Convergence.FinalAngleDeg = &last
		}
		dg.Convergence.AngleTrendDegPerEpoch, dg.Convergence.TrendEpochs = tr.TrendDegPerEpoch, tr.TrendEpochs
		if dg.Margin != nil {
			mt, err := Track(in.Trajectory, dg.Margin.Linear, centroid, scale)
			if err != nil {
				return nil, fmt.Errorf("diagnose: %w", err)
			}
			dg.MarginTracking = &mt
		}
	}
	if err := assess(in, dg, span, sep, sepErr); err != nil {
		return nil, err
	}
	return dg, nil
}

// Limits on the diagnosis's costlier checks, so that nnlr compare on large
// data stays about as fast as its fits.
const (
	// MaxControlWork caps the control run: SAG's updates × n × (d + 1)
	// multiply-adds (about a second).
	MaxControlWork = 5e8
	// MaxSeparabilityRows caps the separability linear program, run when no
	// model already separates the data.
	MaxSeparabilityRows = 2000
	// MaxMarginSize caps n × d for the max-margin solver.
	MaxMarginSize = 20000
	// MaxLinfRows caps the samples of the ℓ∞ max-margin linear program
	// (MaxMarginLinf): gonum's dense simplex takes about 20 s on the 569
	// standardised rows of breast cancer (30 features) and longer on raw
	// data (about 1.5 s at 200 rows × 30 features), so above this the ℓ∞
	// angles are left out (null in JSON).
	MaxLinfRows = 200
)

// errSkipped marks a check left out under the limits above.
var errSkipped = errors.New("skipped: data too large")

// separates reports whether m classifies every sample strictly right.
func separates(m Linear, x *mat.Dense, y []float64) bool {
	if len(m.Coef) == 0 {
		return false
	}
	for i := range y {
		z := m.Logit(x.RawRowView(i))
		if (y[i] == 1 && !(z > 0)) || (y[i] == 0 && !(z < 0)) {
			return false
		}
	}
	return true
}

func degrees(v *float64) string {
	if v == nil {
		return "undefined"
	}
	return fmt.Sprintf("%.3g°", *v)
}

// Equation writes the boundary w·x + b = 0 scaled so that its first nonzero
// coefficient is 1, as "x1 + x2 = 3" (names: the d feature names; terms with
// a zero coefficient are left out). It writes "no boundary" when w is zero.
func Equation(w []float64, b float64, names []string) string {
	lead := 0.0
	for _, c := range w {
		if c != 0 {
			lead = c
			break
		}
	}
	if lead == 0 {
		return "no boundary (zero normal)"
	}
	var sb strings.Builder
	first := true
	for i, c := range w {
		c /= lead
		if c == 0 {
			continue
		}
		switch {
		case first && c < 0:
			sb.WriteString("−")
		case !first && c < 0:
			sb.WriteString(" − ")
		case !first:
			sb.WriteString(" + ")
		}
		first = false
		if v := fmt.Sprintf("%.4g", math.Abs(c)); v != "1" {
			sb.WriteString(v + "·")
		}
		sb.WriteString(names[i])
	}
	fmt.Fprintf(&sb, " = %.4g", -b/lead)
	return sb.String()
}

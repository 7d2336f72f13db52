package explain

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
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
	// SAGEpochs, StepSize and SAGConverged describe the baseline's.
	SAGEpochs    int
	StepSize     float64
	SAGConverged bool
	// Trajectory is the graph's boundary after every epoch (may be empty).
	Trajectory Trajectory
}

// NullSpaceReport is the JSON form of finding 1 (see NullSpace).
type NullSpaceReport struct {
	// Rank is the dimension of the span of the training rows.
	Rank int `json:"rank"`
	// InitialNorm and FinalNorm are the norms of the kernel's component
	// outside that span before and after training (kernel units).
	InitialNorm float64 `json:"initial_norm"`
	FinalNorm   float64 `json:"final_norm"`
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
	// Findings holds one plain sentence per finding, with its numbers and
	// the flag that would change it.
	Findings []string `json:"findings"`

	// Tracking is the graph's trajectory measured against the baseline,
	// and MarginTracking against the max-margin boundary (nil when not
	// separable), for the figures.
	Tracking       Tracking  `json:"-"`
	MarginTracking *Tracking `json:"-"`
	// Margin is the max-margin boundary (nil when not separable).
	Margin *SVM `json:"-"`
}

// Diagnose runs nnlr's four findings on in: the null space of the training
// rows (AnalyseNullSpace), the step budgets and the control run
// (GradientDescent with SAG's step size and number of updates), linear
// separability (Separable) and the max-margin boundary (MaxMargin with
// DefaultMaxMarginConfig), and the graph's convergence toward the baseline
// (Track). It returns an error when the inputs' shapes disagree or a
// computation fails.
func Diagnose(in Inputs) (*Diagnosis, error) {
	n, d := in.X.Dims()
	if len(in.Graph.Coef) != d || len(in.Baseline.Coef) != d || len(in.InitialKernel) != d || len(in.Features) != d {
		return nil, fmt.Errorf("diagnose: models, initial kernel and feature names must have %d values", d)
	}
	dg := &Diagnosis{}
	centroid, err := Centroid(in.X)
	if err != nil {
		return nil, fmt.Errorf("diagnose: %w", err)
	}
	graphAngle, graphAngleErr := AngleDeg(in.Graph.Coef, in.Baseline.Coef)
	scale := OffsetScale(in.Baseline, in.X, centroid)

	// 1. Null space.
	ns, err := AnalyseNullSpace(in.X, in.InitialKernel, in.Graph.Coef, in.Baseline.Coef)
	if err != nil {
		return nil, fmt.Errorf("diagnose: %w", err)
	}
	dg.NullSpace = NullSpaceReport{Rank: ns.Rank, InitialNorm: ns.InitialNorm, FinalNorm: ns.FinalNorm, AngleShareDeg: ns.AngleShareDeg}
	dg.Findings = append(dg.Findings, nullSpaceFinding(ns, d, in.L2, graphAngle, graphAngleErr))

	// 2. Step budget and control run.
	budget := Budget(in.Epochs, in.UpdatesPerEpoch, in.LearningRate, in.SAGEpochs, n, in.StepSize)
	updates := in.SAGEpochs * n
	dg.StepBudget = StepBudgetReport{Graph: budget.Graph, Baseline: budget.Baseline, ControlUpdates: updates}
	if work := float64(updates) * float64(n) * float64(d+1); work > MaxControlWork {
		// The control run costs SAG's epochs × n² × d: on large data it would
		// take far longer than the fits it explains.
		dg.Findings = append(dg.Findings, budgetSkippedFinding(in, budget, updates, work))
	} else {
		control, err := GradientDescent(in.X, in.Y, Linear{Coef: make([]float64, d)}, in.StepSize, updates, in.Alpha)
		if err != nil {
			return nil, fmt.Errorf("diagnose: control run: %w", err)
		}
		dg.StepBudget.ControlCoef, dg.StepBudget.ControlIntercept = control.Coef, &control.Intercept
		if a, err := AngleDeg(control.Coef, in.Baseline.Coef); err == nil {
			dg.StepBudget.ControlAngleDeg = &a
		}
		controlGap, controlGapErr := OffsetGap(control, in.Baseline, centroid)
		dg.Findings = append(dg.Findings, budgetFinding(in, budget, updates, control, dg.StepBudget.ControlAngleDeg, controlGap, controlGapErr, OffsetTolShare*scale))
	}

	// 3. Separability and the max-margin boundary.
	var sep bool
	var sepErr error
	switch {
	case separates(in.Baseline, in.X, in.Y) || separates(in.Graph, in.X, in.Y):
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
	dg.Separable = sep
	var marginErr error
	penalised := in.Alpha > 0 || in.L2 > 0
	switch {
	case sep && penalised:
		// The penalty gives both objectives a finite minimum: the max-margin
		// boundary is not where they go.
	case sep && n*d > MaxMarginSize:
		marginErr = errSkipped
	case sep:
		dg.Margin, marginErr = MaxMargin(in.X, in.Y, DefaultMaxMarginConfig())
		if marginErr == nil {
			m := dg.Margin.Linear
			mm := &MaxMarginReport{Coef: m.Coef, Intercept: m.Intercept, BiasScale: DefaultMaxMarginConfig().BiasScale}
			if a, err := AngleDeg(in.Graph.Coef, m.Coef); err == nil {
				mm.GraphAngleDeg = &a
			}
			if a, err := AngleDeg(in.Baseline.Coef, m.Coef); err == nil {
				mm.BaselineAngleDeg = &a
			}
			if g, err := OffsetGap(in.Graph, m, centroid); err == nil {
				mm.GraphOffsetGap = &g
			}
			if g, err := OffsetGap(in.Baseline, m, centroid); err == nil {
				mm.BaselineOffsetGap = &g
			}
			dg.MaxMargin = mm
		}
	}
	dg.Findings = append(dg.Findings, separableFinding(in, sep, sepErr, dg.MaxMargin, marginErr))

	// 4. Convergence toward the baseline.
	dg.Convergence.OffsetTol = OffsetTolShare * scale
	if in.Trajectory.Epochs() > 0 {
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
	dg.Findings = append(dg.Findings, convergenceFinding(in, dg, graphAngle, graphAngleErr))
	return dg, nil
}

func nullSpaceFinding(ns NullSpace, d int, l2, angle float64, angleErr error) string {
	share := "an undefined share of the angle (a normal is zero)"
	if ns.AngleShareDeg != nil && angleErr == nil {
		share = fmt.Sprintf("%.3g° of the %.3g° between the boundaries", *ns.AngleShareDeg, angle)
		if *ns.AngleShareDeg < 0 {
			// The part inside the span points even further from SAG's
			// normal (early in training): the leftover tilt narrows the angle.
			share = fmt.Sprintf("none of the %.3g° between the boundaries (without it the angle would be %.3g° wider)", angle, -*ns.AngleShareDeg)
		}
	}
	switch {
	case ns.Rank == d:
		dims := fmt.Sprintf("all %d feature dimensions", d)
		if d == 1 {
			dims = "the one feature dimension"
		}
		return fmt.Sprintf("Null space: the training rows span %s, so every direction of the kernel is trained and none of the angle is left over from initialisation (--init matters only through the path it starts).", dims)
	case ns.InitialNorm == 0 || ns.InitialNorm < 1e-12*math.Max(1, ns.FinalNorm):
		return fmt.Sprintf("Null space: the training rows span %d of %d dimensions, but the initial kernel has no component outside them (%.3g), so the gradients cannot leave one behind: %.3g after training, %s (a drawn --init such as glorot_uniform would leave a tilt there).", ns.Rank, d, ns.InitialNorm, ns.FinalNorm, share)
	case math.Abs(ns.FinalNorm-ns.InitialNorm) <= 1e-4*ns.InitialNorm:
		// Unchanged up to rounding (float32 graphs round at ~1e-7 a step).
		return fmt.Sprintf("Null space: the training rows span only %d of %d dimensions, so the kernel's component outside them never changes (%.4g at initialisation, %.4g after training) and accounts for %s; --init zeros or a finite --C removes it.", ns.Rank, d, ns.InitialNorm, ns.FinalNorm, share)
	case ns.FinalNorm < ns.InitialNorm && l2 > 0:
		return fmt.Sprintf("Null space: the training rows span only %d of %d dimensions; the L2 penalty (%.3g) shrank the kernel's component outside them from %.4g to %.4g, which still accounts for %s; a smaller --C shrinks it faster.", ns.Rank, d, l2, ns.InitialNorm, ns.FinalNorm, share)
	default:
		return fmt.Sprintf("Null space: the training rows span only %d of %d dimensions, and the kernel's component outside them went from %.4g to %.4g although no penalty acts on it (the solver's update is not a combination of gradients), accounting for %s; --init zeros removes it.", ns.Rank, d, ns.InitialNorm, ns.FinalNorm, share)
	}
}

func budgetFinding(in Inputs, b StepBudget, updates int, control Linear, controlAngle *float64, gap float64, gapErr error, offsetTol float64) string {
	head := fmt.Sprintf("Step budget: the graph could move %.3g (%d epochs × %d update(s) per epoch × learning rate %g) against SAG's %.3g (%d epochs × %d samples × step size %.3g)",
		b.Graph, in.Epochs, in.UpdatesPerEpoch, in.LearningRate, b.Baseline, in.SAGEpochs, updates/max(1, in.SAGEpochs), in.StepSize)
	at := fmt.Sprintf("coef %s, intercept %.4g", vector(control.Coef), control.Intercept)
	if len(control.Coef) > maxInline {
		at = fmt.Sprintf("‖coef‖ = %.4g, intercept %.4g (diagnosis.step_budget in --json)", floats.Norm(control.Coef, 2), control.Intercept)
	}
	where := fmt.Sprintf("gradient descent with SAG's step size for the same %d updates lands at %s", updates, at)
	near := controlAngle != nil && gapErr == nil && *controlAngle <= AngleTolDeg && gap <= offsetTol
	ratio := b.Baseline / b.Graph
	switch {
	case controlAngle == nil:
		return fmt.Sprintf("%s; %s, where the angle to SAG is undefined.", head, where)
	case !near:
		return fmt.Sprintf("%s; %s, %.3g° and %.3g data units from SAG, so the budget alone does not explain SAG's result (compare --sag-max-iter).", head, where, *controlAngle, gap)
	case ratio > 2:
		return fmt.Sprintf("%s; %s, next to SAG (%.3g°, offset gap %.3g), so SAG's boundary is what a %.3g times larger budget buys: raise --epochs or --lr.", head, where, *controlAngle, gap, ratio)
	case ratio < 0.5:
		return fmt.Sprintf("%s; %s, next to SAG (%.3g°, offset gap %.3g); the graph's budget is %.3g times SAG's, so the budget does not hold the graph back.", head, where, *controlAngle, gap, 1/ratio)
	default:
		return fmt.Sprintf("%s; %s, next to SAG (%.3g°, offset gap %.3g), and the budgets are comparable, so what is left of the gap is not the budget (more --epochs will not close it).", head, where, *controlAngle, gap)
	}
}

func separableFinding(in Inputs, sep bool, sepErr error, mm *MaxMarginReport, marginErr error) string {
	penalised := in.Alpha > 0 || in.L2 > 0
	switch {
	case errors.Is(sepErr, ErrOneClass):
		return "Separability: the labels hold one class, so there is no boundary to find and the intercept grows without bound; use data with both classes."
	case errors.Is(sepErr, errSkipped):
		return fmt.Sprintf("Separability: not checked: neither model classifies every sample right, and the linear program for %d samples (more than %d) would take too long; the classes are probably not linearly separable.", in.X.RawMatrix().Rows, MaxSeparabilityRows)
	case !sep:
		return fmt.Sprintf("Separability: the classes are not linearly separable, so the objective has a finite minimum that both solvers approach (SAG %s); --C moves that minimum.", convergedWord(in))
	case penalised:
		return fmt.Sprintf("Separability: the classes are linearly separable, but the L2 penalty (--C) gives both objectives a finite minimum, so neither norm grows without bound (‖kernel‖ = %.3g, ‖coef‖ = %.3g; SAG %s); without --C both would drift toward the max-margin boundary.",
			floats.Norm(in.Graph.Coef, 2), floats.Norm(in.Baseline.Coef, 2), convergedWord(in))
	case errors.Is(marginErr, errSkipped):
		return fmt.Sprintf("Separability: the classes are linearly separable, so neither objective has a finite minimum and both norms grow without bound (‖kernel‖ = %.3g, ‖coef‖ = %.3g), and both boundaries drift toward the max-margin boundary (not computed for data this large: n × d over %d); a finite --C gives both a finite optimum.",
			floats.Norm(in.Graph.Coef, 2), floats.Norm(in.Baseline.Coef, 2), MaxMarginSize)
	case marginErr != nil:
		return fmt.Sprintf("Separability: the classes are linearly separable, so neither objective has a finite minimum and both norms grow without bound (‖kernel‖ = %.3g, ‖coef‖ = %.3g); the max-margin boundary they drift toward could not be computed to the required accuracy here; a finite --C gives both a finite optimum.",
			floats.Norm(in.Graph.Coef, 2), floats.Norm(in.Baseline.Coef, 2))
	}
	return fmt.Sprintf("Separability: the classes are linearly separable, so neither objective has a finite minimum: both norms grow like log t (‖kernel‖ = %.3g, ‖coef‖ = %.3g) and both boundaries drift toward the max-margin boundary %s (graph %s from it, SAG %s, offset gaps %s and %s), so the regression's boundary %s is itself not converged (SAG %s); a finite --C gives both a finite optimum.",
		floats.Norm(in.Graph.Coef, 2), floats.Norm(in.Baseline.Coef, 2), shortBoundary(mm.Coef, mm.Intercept, in.Features, "diagnosis.max_margin"),
		degrees(mm.GraphAngleDeg), degrees(mm.BaselineAngleDeg), length(mm.GraphOffsetGap), length(mm.BaselineOffsetGap),
		shortBoundary(in.Baseline.Coef, in.Baseline.Intercept, in.Features, "baseline"), convergedWord(in))
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

func budgetSkippedFinding(in Inputs, b StepBudget, updates int, work float64) string {
	return fmt.Sprintf("Step budget: the graph could move %.3g (%d epochs × %d update(s) per epoch × learning rate %g) against SAG's %.3g (%d epochs × %d samples × step size %.3g); %s. The control run (gradient descent with SAG's step size for the same %d updates, %.2g multiply-adds) was skipped on data this large.",
		b.Graph, in.Epochs, in.UpdatesPerEpoch, in.LearningRate, b.Baseline, in.SAGEpochs, updates/max(1, in.SAGEpochs), in.StepSize, budgetRatio(b), updates, work)
}

// budgetRatio says which budget is larger and by how much.
func budgetRatio(b StepBudget) string {
	switch r := b.Baseline / b.Graph; {
	case r > 2:
		return fmt.Sprintf("SAG's budget is %.3g times the graph's: raise --epochs or --lr", r)
	case r < 0.5:
		return fmt.Sprintf("the graph's budget is %.3g times SAG's, so the budget does not hold the graph back", 1/r)
	default:
		return "the budgets are comparable"
	}
}

func convergedWord(in Inputs) string {
	if in.SAGConverged {
		return fmt.Sprintf("converged in %d epochs", in.SAGEpochs)
	}
	return fmt.Sprintf("did not converge in %d epochs", in.SAGEpochs)
}

func convergenceFinding(in Inputs, dg *Diagnosis, angle float64, angleErr error) string {
	c := dg.Convergence
	if in.Trajectory.Epochs() == 0 {
		return "Convergence: no per-epoch record of the graph's boundary was kept (nothing to measure; --epochs sets how many there are)."
	}
	trend := fmt.Sprintf("over the last %d epochs the angle changed by %.3g° per epoch", c.TrendEpochs, c.AngleTrendDegPerEpoch)
	if c.EpochWithin1Deg != nil {
		return fmt.Sprintf("Convergence: the graph's boundary first came within 1° and 1%% offset (%.3g) of SAG's at epoch %d of %d; %s (fewer --epochs would stop before it).",
			c.OffsetTol, *c.EpochWithin1Deg, in.Epochs, trend)
	}
	final := "an undefined angle"
	if angleErr == nil {
		final = fmt.Sprintf("%.3g°", angle)
	}
	gap := "undefined"
	if g := dg.Tracking.OffsetGap; len(g) > 0 && !math.IsInf(g[len(g)-1], 0) {
		gap = fmt.Sprintf("%.3g", g[len(g)-1])
	}
	advice := "raise --epochs"
	if s := dg.NullSpace.AngleShareDeg; s != nil && angleErr == nil && angle-*s <= AngleTolDeg && *s > AngleTolDeg {
		if in.L2 > 0 {
			advice = fmt.Sprintf("the null-space tilt (%.3g°) decays only through the penalty: raise --epochs, lower --C or use --init zeros", *s)
		} else {
			advice = fmt.Sprintf("the null-space tilt (%.3g°) keeps it away whatever the --epochs: use --init zeros or a finite --C", *s)
		}
	}
	return fmt.Sprintf("Convergence: not reached — in %d epochs the graph's boundary never came within 1° and 1%% offset (%.3g) of SAG's (last: %s, offset gap %s); %s: %s.",
		in.Epochs, c.OffsetTol, final, gap, trend, advice)
}

// maxInline is the largest number of features whose coefficients the
// findings write out; wider models are summarised by their norm.
const maxInline = 4

// shortBoundary writes a boundary as an equation for up to maxInline
// features, and otherwise by its normal's norm and where the JSON holds it.
func shortBoundary(w []float64, b float64, names []string, field string) string {
	if len(w) <= maxInline {
		return Equation(w, b, names)
	}
	return fmt.Sprintf("(‖w‖ = %.4g; %s in --json)", floats.Norm(w, 2), field)
}

func degrees(v *float64) string {
	if v == nil {
		return "undefined"
	}
	return fmt.Sprintf("%.3g°", *v)
}

func length(v *float64) string {
	if v == nil {
		return "undefined"
	}
	return fmt.Sprintf("%.3g", *v)
}

func vector(v []float64) string {
	parts := make([]string, len(v))
	for i, f := range v {
		parts[i] = fmt.Sprintf("%.4g", f)
	}
	return "[" + strings.Join(parts, ", ") + "]"
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

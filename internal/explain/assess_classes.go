package explain

import (
	"fmt"
	"math"
	"strings"
)

// The items of DiagnoseClasses, in the manner of assess.go's.

// featureScale is the feature_scale item for k classes: unscaled
// features, a learning rate above the stable bound (softmax curvature), an
// oscillating loss, SAG's step size set by the largest row.
func (a *classAssessment) featureScale() (Item, bool) {
	in, s := a.in, a.scale
	it := Item{Kind: KindFeatureScale, Values: map[string]float64{
		"min_std": s.MinStd, "max_std": s.MaxStd, "max_abs": s.MaxAbs,
		"lambda_max": s.LambdaMax, "max_row_norm_sq": s.MaxRowNormSq,
	}}
	if s.MinStdColumn >= 0 {
		it.Columns = []string{in.Features[s.MinStdColumn], in.Features[s.MaxStdColumn]}
	}
	var parts []string
	unscaled := s.Unscaled()
	if unscaled {
		parts = append(parts, fmt.Sprintf("the features are unscaled (standard deviations %.3g to %.3g, max |x| %.3g)", s.MinStd, s.MaxStd, s.MaxAbs))
	}
	lrHigh := false
	if a.stableOK {
		it.Values["stable_learning_rate"] = a.stable
		if in.LearningRate > a.stable {
			lrHigh = true
			parts = append(parts, fmt.Sprintf("the learning rate %g is above the stable bound %.3g (2/L with the softmax curvature L = λ_max(ZᵀZ/n)/2 + l2 = %.3g), so gradient steps overshoot", in.LearningRate, a.stable, s.LambdaMax/2+in.L2))
		}
	}
	rises := lossRises(in.LossHistory)
	it.Values["loss_rises"] = float64(rises)
	osc := oscillates(in.LossHistory)
	if osc {
		parts = append(parts, fmt.Sprintf("the training loss rose in %d of %d epochs", rises, len(in.LossHistory)))
	}
	a.graphSymptom = lrHigh || osc
	sagSlow := false
	if unscaled && in.StepSize > 0 {
		it.Values["sag_step_size"] = in.StepSize
		sagSlow = !a.finiteB || a.gapB > a.tolB
		parts = append(parts, fmt.Sprintf("SAG's step size 1/L = %.3g is set by the largest squared row norm %.3g, so it crawls along the small-scale features", in.StepSize, s.MaxRowNormSq))
	}
	if len(parts) == 0 {
		return it, false
	}
	switch {
	case a.graphSymptom && sagSlow, !a.graphSymptom && !sagSlow:
		it.Side = SideBoth
	case a.graphSymptom:
		it.Side = SideGraph
	default:
		it.Side = SideBaseline
	}
	if unscaled {
		it.Remedies = append(it.Remedies, remedy(SettingStandardize, "true", a.n, in.Solver))
	}
	// As for two classes: on unscaled data standardize is the remedy, the
	// raw data's stable rate only on scaled data.
	if !unscaled && (lrHigh || (a.graphSymptom && a.stableOK && in.LearningRate > a.stable/2)) {
		it.Remedies = append(it.Remedies, remedy(SettingLearningRate, num(roundDown2(0.5*a.stable)), a.n, in.Solver))
	}
	if a.graphSymptom {
		it.NotHelpful = []string{SettingEpochs, SettingSeed}
	}
	it.Summary = "Feature scale: " + strings.Join(parts, "; ") + remedyTail(it.Remedies) + "."
	return it, true
}

// raisedLR is assessment.raisedLR with the softmax stable bound.
func (a *classAssessment) raisedLR(factor float64) float64 {
	lr := a.in.LearningRate * factor
	if a.stableOK {
		lr = math.Min(lr, roundDown2(0.5*a.stable))
	}
	if !(lr > a.in.LearningRate*1.5) {
		return 0
	}
	return roundDown2(lr)
}

// notAtOptimum flags each side whose objective is above the finite optimum
// of its own objective by more than OptimumTol·max(1, |F*|).
func (a *classAssessment) notAtOptimum() []Item {
	in := a.in
	var items []Item
	if a.finiteG {
		g0 := classGradInf(in.X, in.Y, in.InitialKernel, in.InitialBias, in.L2)
		g1 := classGradInf(in.X, in.Y, in.Kernel, in.Bias, in.L2)
		a.notOptG = a.gapG > a.tolG
		if a.notOptG {
			it := Item{Kind: KindNotAtOptimum, Side: SideGraph, Values: map[string]float64{"objective_gap": a.gapG, "grad_inf_start": g0, "grad_inf_end": g1}}
			it.Summary = fmt.Sprintf("Not at the optimum: the graph, after its %d epochs, is %.3g above the optimum of its objective (mean cross-entropy + penalty; Newton) with ‖∇F‖∞ = %.3g against %.3g at its start",
				in.Epochs, a.gapG, g1, g0)
			if !a.graphSymptom {
				it.Remedies = append(it.Remedies, remedy(SettingEpochs, iterations(float64(in.Epochs)*10), a.n, in.Solver))
				if lr := a.raisedLR(10); lr > 0 {
					it.Remedies = append(it.Remedies, remedy(SettingLearningRate, num(lr), a.n, in.Solver))
				}
			}
			it.Summary += remedyTail(it.Remedies) + "."
			items = append(items, it)
		}
	}
	if a.finiteB {
		ck, _ := CoefKernel(in.Coef)
		g0 := classGradInf(in.X, in.Y, zeros(a.d, a.k), make([]float64, a.k), in.Alpha)
		g1 := classGradInf(in.X, in.Y, ck, in.Intercept, in.Alpha)
		a.notOptB = a.gapB > a.tolB
		if a.notOptB {
			it := Item{Kind: KindNotAtOptimum, Side: SideBaseline, Values: map[string]float64{"objective_gap": a.gapB, "grad_inf_start": g0, "grad_inf_end": g1, "converged": b2f(in.SAGConverged)}}
			stop := fmt.Sprintf("after its %d epochs (max_iter)", in.SAGEpochs)
			if in.SAGConverged {
				stop = fmt.Sprintf("although its tol rule (%g) stopped it as converged after %d epochs", in.SAGTol, in.SAGEpochs)
			}
			it.Summary = fmt.Sprintf("Not at the optimum: SAG, %s, is %.3g above the optimum of its objective (Newton) with ‖∇F‖∞ = %.3g against %.3g at its start", stop, a.gapB, g1, g0)
			switch {
			case in.SAGConverged && in.SAGTol > 0:
				it.Remedies = append(it.Remedies, remedy(SettingSAGTol, num(math.Max(in.SAGTol*1e-4, 1e-12)), a.n, in.Solver))
				it.NotHelpful = []string{SettingSAGMaxIter}
			case in.StepSize > 0:
				it.Remedies = append(it.Remedies, remedy(SettingSAGMaxIter, iterations(float64(max(in.SAGEpochs, in.SAGMaxIter))*10), a.n, in.Solver))
			}
			it.Summary += remedyTail(it.Remedies) + "."
			items = append(items, it)
		}
	}
	return items
}

func zeros(d, k int) [][]float64 {
	out := make([][]float64, d)
	for j := range out {
		out[j] = make([]float64, k)
	}
	return out
}

// nullSpace is the null_space item for k classes: the class mean of the
// kernel's columns (softmax's over-parametrisation) and the centred
// columns' components outside the row span of [X, 1].
func (a *classAssessment) nullSpace() Item {
	ns := a.dg.NullSpace
	it := Item{Kind: KindNullSpace, Side: SideGraph, Values: map[string]float64{
		"rank": float64(ns.Rank), "dims": float64(a.d + 1),
		"class_mean_initial_norm": ns.ClassMeanInitialNorm, "class_mean_final_norm": ns.ClassMeanFinalNorm,
		"class_mean_drift": ns.ClassMeanDrift, "regression_class_mean_norm": ns.RegressionClassMeanNorm,
		"outside_span_initial_norm": ns.OutsideSpanInitialNorm, "outside_span_final_norm": ns.OutsideSpanFinalNorm,
	}}
	share := 0.0
	if ns.MaxShareDeg != nil {
		share = *ns.MaxShareDeg
		it.Values["max_share_deg"] = share
	}
	// The class mean is the cause when the raw kernels differ (above 1°)
	// while their centred columns agree (within 1°).
	a.nullCause = a.maxRaw > AngleTolDeg && a.maxCentred <= AngleTolDeg && ns.ClassMeanFinalNorm > 1e-12
	var sb strings.Builder
	fmt.Fprintf(&sb, "Null space: softmax predicts the same for any vector added to every class's kernel column, so the class mean of the kernel's %d columns is invisible to the loss; it went from norm %.3g to %.3g (drift %.3g) while the regression's is %.3g",
		a.k, ns.ClassMeanInitialNorm, ns.ClassMeanFinalNorm, ns.ClassMeanDrift, ns.RegressionClassMeanNorm)
	if !math.IsNaN(a.maxRaw) {
		fmt.Fprintf(&sb, "; it accounts for up to %.3g° of the raw per-class angles (at most %.3g° raw, %.3g° centred)", share, a.maxRaw, a.maxCentred)
	}
	if ns.Rank < a.d+1 {
		fmt.Fprintf(&sb, "; the rows of [X, 1] span %d of %d dimensions and the centred columns keep a component of norm %.3g outside that span (%.3g at the start)", ns.Rank, a.d+1, ns.OutsideSpanFinalNorm, ns.OutsideSpanInitialNorm)
	} else {
		fmt.Fprintf(&sb, "; the rows of [X, 1] span all %d dimensions, so nothing else is hidden", a.d+1)
	}
	// No remedy for the class mean: it changes no probability and no
	// prediction, and the comparison already removes it (centred
	// columns), so only the raw angles show it.
	if ns.ClassMeanFinalNorm > 1e-12 {
		sb.WriteString("; it is cosmetic: it changes no probability or prediction, only the raw angles, and the comparison removes it (centred columns), so no setting needs changing for it")
	}
	if a.nullCause {
		it.NotHelpful = []string{SettingEpochs, SettingLearningRate}
	}
	it.Summary = sb.String() + remedyTail(it.Remedies) + "."
	return it
}

// stepBudget is the step_budget item for k classes.
func (a *classAssessment) stepBudget() (Item, bool) {
	in, sb := a.in, a.dg.StepBudget
	if in.StepSize == 0 || !(sb.Graph > 0) {
		return Item{}, false
	}
	ratio := sb.Baseline / sb.Graph
	a.budgetRatio = ratio
	it := Item{Kind: KindStepBudget, Values: map[string]float64{"graph": sb.Graph, "baseline": sb.Baseline, "ratio": ratio}}
	head := fmt.Sprintf("Step budget: the graph could move %.3g (%d epochs × %d updates × learning rate %g) against SAG's %.3g (%d epochs × %d samples × step size %.3g)",
		sb.Graph, in.Epochs, in.UpdatesPerEpoch, in.LearningRate, sb.Baseline, in.SAGEpochs, a.n, in.StepSize)
	switch {
	case ratio > 2:
		it.Side = SideGraph
		head += fmt.Sprintf(", %.3g times the graph's", ratio)
		if !a.graphSymptom {
			it.Remedies = append(it.Remedies, remedy(SettingEpochs, iterations(float64(in.Epochs)*ratio), a.n, in.Solver))
			if lr := a.raisedLR(ratio); lr > 0 {
				it.Remedies = append(it.Remedies, remedy(SettingLearningRate, num(lr), a.n, in.Solver))
			}
		}
	case ratio < 0.5:
		it.Side = SideBaseline
		head += fmt.Sprintf("; the graph's is %.3g times SAG's", 1/ratio)
		if in.SAGConverged {
			head += fmt.Sprintf(" (SAG's tol rule stopped it after %d epochs)", in.SAGEpochs)
			break
		}
		it.Remedies = append(it.Remedies, remedy(SettingSAGMaxIter, iterations(float64(max(in.SAGEpochs, 1))/ratio), a.n, in.Solver))
	default:
		it.Side = SideBoth
		head += "; the budgets are comparable"
	}
	if v := sb.ControlMaxAngleDeg; v != nil {
		it.Values["control_max_angle_deg"] = *v
		head += fmt.Sprintf("; full-batch gradient descent with SAG's step size for its %d updates lands within %.3g° of SAG for every class", sb.ControlUpdates, *v)
		if g := sb.ControlObjectiveGap; g != nil {
			it.Values["control_objective_gap"] = *g
			head += fmt.Sprintf(" (objective %+.3g)", *g)
		}
	} else if sb.ControlKernel == nil {
		head += fmt.Sprintf("; the control run (gradient descent with SAG's step size for its %d updates) was skipped on data this large", sb.ControlUpdates)
	}
	it.Summary = head + remedyTail(it.Remedies) + "."
	return it, true
}

// separable is the separable item for k classes: all classes at once and
// each class against the rest.
func (a *classAssessment) separable() Item {
	in, dg := a.in, a.dg
	it := Item{Kind: KindSeparable, Side: SideBoth, Values: map[string]float64{"separable": b2f(dg.Separable)}}
	if dg.SeparableOneVsRest == nil {
		it.Summary = "Separability: not checked (the linear programs are skipped on large data); the objective is taken to have a finite minimum."
		return it
	}
	var alone []string
	for c, s := range dg.SeparableOneVsRest {
		it.Values["separable_"+in.Classes[c]] = b2f(s)
		if s {
			alone = append(alone, fmt.Sprintf("%q", in.Classes[c]))
		}
	}
	var sb strings.Builder
	sb.WriteString("Separability: ")
	switch {
	case dg.Separable:
		fmt.Fprintf(&sb, "the %d classes are linearly separable all at once", a.k)
	default:
		fmt.Fprintf(&sb, "the %d classes are not linearly separable all at once", a.k)
	}
	switch len(alone) {
	case 0:
		sb.WriteString(", and no class is separable from the others")
	case 1:
		fmt.Fprintf(&sb, "; class %s is separable from the others", alone[0])
	default:
		fmt.Fprintf(&sb, "; classes %s are each separable from the others", strings.Join(alone, ", "))
	}
	penalised := in.Alpha > 0 || in.L2 > 0
	switch {
	case len(alone) == 0 && !dg.Separable:
		sb.WriteString(", so the objective has a finite minimum (see the optimum)")
	case in.Alpha > 0 && in.L2 > 0:
		sb.WriteString(", but the L2 penalty gives both objectives a finite minimum")
	case penalised:
		sb.WriteString("; only the penalised side's objective has a finite minimum, the other's norm grows without bound")
	default:
		sb.WriteString(", so neither objective has a finite minimum: the logits of those classes grow without bound and both sides stop wherever their budget runs out")
		it.Remedies = []Remedy{remedy(SettingC, "1", a.n, in.Solver)}
		sb.WriteString("; a finite C gives both a finite optimum")
	}
	it.Summary = sb.String() + remedyTail(it.Remedies) + "."
	return it
}

// verdict decides which side lags and the cause, as assessment.verdict:
// against the finite optimum when there is one, else by the loss (the
// lower loss is further along the unbounded descent).
func (a *classAssessment) verdict(items []Item) Verdict {
	in := a.in
	has := func(kind, side string) bool {
		for _, it := range items {
			if it.Kind == kind && (side == "" || it.Side == side || it.Side == SideBoth) {
				return true
			}
		}
		return false
	}
	var g, b bool
	var how string
	switch {
	case a.finiteG && a.finiteB:
		g, b = a.notOptG, a.notOptB
		if g && b {
			if a.gapG < BothShare*a.gapB {
				g = false
			} else if a.gapB < BothShare*a.gapG {
				b = false
			}
		}
		how = fmt.Sprintf("objective above the optimum by %.3g (graph) and %.3g (baseline)", math.Max(a.gapG, 0), math.Max(a.gapB, 0))
	case a.finiteG != a.finiteB:
		g, b = a.notOptG, a.notOptB
		how = "each side against its own objective's finite optimum, where it has one"
	default:
		ck, _ := CoefKernel(in.Coef)
		lg, _ := ClassObjective(in.Kernel, in.Bias, in.X, in.Y, 0)
		lb, _ := ClassObjective(ck, in.Intercept, in.X, in.Y, 0)
		g, b = lg > lb*(1+OptimumTol), lb > lg*(1+OptimumTol)
		how = fmt.Sprintf("without a finite optimum the lower cross-entropy is further along: graph %.3g, baseline %.3g", lg, lb)
	}
	v := Verdict{Lagging: SideNeither}
	switch {
	case g && b:
		v.Lagging = SideBoth
	case g:
		v.Lagging = SideGraph
	case b:
		v.Lagging = SideBaseline
	}
	switch v.Lagging {
	case SideGraph:
		switch {
		case has(KindFeatureScale, SideGraph) && a.graphSymptom:
			v.Cause = KindFeatureScale
		case a.budgetRatio > 2:
			v.Cause = KindStepBudget
		case has(KindNotAtOptimum, SideGraph):
			v.Cause = KindNotAtOptimum
		default:
			v.Cause = KindSeparable
		}
	case SideBaseline:
		switch {
		case has(KindFeatureScale, SideBaseline) && a.scale.Unscaled():
			v.Cause = KindFeatureScale
		case has(KindNotAtOptimum, SideBaseline):
			v.Cause = KindNotAtOptimum
		case a.budgetRatio > 0 && a.budgetRatio < 0.5:
			v.Cause = KindStepBudget
		default:
			v.Cause = KindSeparable
		}
	case SideBoth:
		switch {
		case has(KindFeatureScale, "") && (a.scale.Unscaled() || a.graphSymptom):
			v.Cause = KindFeatureScale
		case has(KindNotAtOptimum, ""):
			v.Cause = KindNotAtOptimum
		default:
			v.Cause = KindSeparable
		}
	default:
		if a.nullCause {
			v.Cause = KindNullSpace
		}
	}
	who := map[string]string{SideGraph: "The graph lags", SideBaseline: "The baseline lags", SideBoth: "Both sides lag", SideNeither: "Neither side lags"}[v.Lagging]
	v.Summary = fmt.Sprintf("%s (%s)", who, how)
	if v.Cause != "" {
		v.Summary += "; the main cause is " + strings.ReplaceAll(v.Cause, "_", " ")
	}
	v.Summary += "."
	return v
}

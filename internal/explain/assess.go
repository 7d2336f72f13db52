package explain

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// assessment holds what the items and the verdict are built from.
type assessment struct {
	in     Inputs
	n, d   int
	span   *mat.Dense // the row span of [X, 1] (RowSpan; nil: the zero span)
	linear bool       // the graph is a linear model with d coefficients
	dg     *Diagnosis

	angle    float64 // graph–baseline kernel angle, degrees (NaN: undefined)
	scale    FeatureScale
	stable   float64 // stable learning rate (0: not applicable)
	stableOK bool

	graphSymptom bool // lr above the bound, oscillating loss, saturated logits, divergence

	finiteG, finiteB bool // each side's own objective has a finite minimum
	gapG, gapB       float64
	tolG, tolB       float64
	notOptG, notOptB bool

	budgetRatio float64 // SAG's budget / the graph's (0: not measured)

	mmG, mmB         float64 // angle of each side to its max-margin limit on [X, 1] (NaN: unknown)
	nullCause        bool    // the null-space component explains most of the angle
	penaltyExplains  bool
	penaltyAngle     float64
	separable, sepOK bool

	agree            bool    // the boundaries agree within Criterion after the last epoch
	agreeAngle       float64 // the final angle, degrees, and offset gap behind agree
	agreeGap         float64
	noiseFloor       bool    // the graph's ‖∇F‖∞ did not decrease over the last tenth with batch size < n
	graphToTarget    float64 // angle of the graph to its own target (optimum or max margin), degrees (NaN: unknown)
	baselineToTarget float64 // the same for the baseline
	graphMMFeature   float64 // angle of the graph's kernel to the ℓ2 max margin's in feature space (NaN: unknown)
	optG, optB       *Linear // each side's own finite optimum (nil: none)
}

// assess builds dg.Items, dg.Verdict, dg.Remedies, dg.Findings and
// dg.PenaltyScope from the measured reports (see Diagnose).
func assess(in Inputs, dg *Diagnosis, span *mat.Dense, sep bool, sepErr error) error {
	n, d := in.X.Dims()
	a := &assessment{in: in, n: n, d: d, dg: dg, span: span, linear: in.HiddenLayers == 0 && len(in.Graph.Coef) == d,
		angle: math.NaN(), mmG: math.NaN(), mmB: math.NaN(), separable: sep, sepOK: sepErr == nil,
		graphToTarget: math.NaN(), baselineToTarget: math.NaN(), graphMMFeature: math.NaN()}
	if a.linear {
		if v, err := AngleDeg(in.Graph.Coef, in.Baseline.Coef); err == nil {
			a.angle = v
		}
	}
	var err error
	if a.scale, err = in.Prepared.featureScale(in.X, in.Y); err != nil {
		return err
	}
	a.stable, a.stableOK = StableLearningRate(in.Solver, a.scale.LambdaMax, in.L2, in.Momentum)
	dg.PenaltyScope = penaltyScope(in)
	if err := a.optimum(); err != nil {
		return err
	}
	a.maxMargins()
	a.agreement()

	var items []Item
	if it, ok := a.featureScale(); ok {
		items = append(items, it)
	}
	if in.HiddenLayers > 0 {
		items = append(items, a.hiddenLayers())
	}
	items = append(items, a.notAtOptimum()...)
	if a.linear {
		items = append(items, a.nullSpace())
		if it, ok := a.stepBudget(); ok {
			items = append(items, it)
		}
	}
	if it, ok := a.penalty(); ok {
		items = append(items, it)
	}
	items = append(items, a.separableItem())
	if a.linear {
		items = append(items, a.convergence())
	}
	for k := range items {
		if items[k].Remedies == nil {
			items[k].Remedies = []Remedy{}
		}
		if items[k].NotHelpful == nil {
			items[k].NotHelpful = []string{}
		}
	}
	for k := range items {
		for name, v := range items[k].Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				// JSON holds no NaN or ±Inf (a diverged graph's gap).
				delete(items[k].Values, name)
			}
		}
	}
	if o := dg.Optimum; o != nil {
		for _, p := range []**float64{&o.GraphGap, &o.BaselineGap, &o.GraphDistance, &o.BaselineDistance} {
			if *p != nil && (math.IsNaN(**p) || math.IsInf(**p, 0)) {
				*p = nil
			}
		}
	}
	dg.Verdict = a.verdict(items)
	dg.Remedies = settle(items, dg.Verdict, in)
	dg.Items = items
	dg.Findings = make([]string, len(items))
	for k, it := range items {
		dg.Findings[k] = it.Summary
	}
	return nil
}

func penaltyScope(in Inputs) PenaltyScope {
	ps := PenaltyScope{GraphL2: in.L2, BaselineAlpha: in.Alpha, Kernels: in.HiddenLayers + 1}
	kernels := "the kernel"
	if in.HiddenLayers > 0 {
		kernels = fmt.Sprintf("every kernel (%d layers)", in.HiddenLayers+1)
	}
	switch {
	case in.L2 == 0 && in.Alpha == 0:
		ps.Summary = "no L2 penalty on either side"
	case in.L2 == in.Alpha:
		ps.Summary = fmt.Sprintf("the L2 penalty (%.3g/2)·‖w‖² covers %s and the regression's coefficients, no bias or intercept", in.L2, kernels)
	default:
		ps.Summary = fmt.Sprintf("the graph's L2 penalty (%.3g/2)·‖W‖² covers %s and no bias; the baseline's (%.3g/2)·‖w‖² its coefficients, not the intercept", in.L2, kernels, in.Alpha)
	}
	return ps
}

// optimum computes each side's own optimum (NewtonOptimum) where the
// objective has a finite minimum, and the gaps and distances to it.
func (a *assessment) optimum() error {
	in := a.in
	finite := func(l2 float64) bool { return l2 > 0 || !a.separable }
	rep := &OptimumReport{L2: in.Alpha}
	var optB, optG *Optimum
	if finite(in.Alpha) {
		o, err := in.Prepared.optimum(in.X, in.Y, in.Alpha)
		switch {
		case errors.Is(err, ErrNoFiniteOptimum):
			a.separable = true // a separating iterate is a certificate
		case err != nil:
			return fmt.Errorf("diagnose: optimum: %w", err)
		default:
			optB = &o
		}
	}
	if a.linear && finite(in.L2) {
		if in.L2 == in.Alpha {
			optG = optB
		} else if o, err := in.Prepared.optimum(in.X, in.Y, in.L2); err == nil {
			optG = &o
		} else if !errors.Is(err, ErrNoFiniteOptimum) {
			return fmt.Errorf("diagnose: optimum: %w", err)
		}
	}
	if optB == nil && optG == nil {
		return nil
	}
	if optB != nil {
		rep.Coef, rep.Intercept, rep.Objective = optB.Model.Coef, optB.Model.Intercept, optB.Objective
		f, err := Objective(in.Baseline, in.X, in.Y, in.Alpha)
		if err != nil {
			return fmt.Errorf("diagnose: %w", err)
		}
		a.finiteB, a.gapB, a.tolB = true, f-optB.Objective, OptimumTol*math.Max(1, math.Abs(optB.Objective))
		dist := a.distance(in.Baseline, optB.Model, in.Alpha)
		a.optB = &optB.Model
		if v, err := AngleDeg(in.Baseline.Coef, optB.Model.Coef); err == nil {
			a.baselineToTarget = v
		}
		rep.BaselineGap, rep.BaselineDistance = &a.gapB, &dist
	}
	if optG != nil {
		f, err := Objective(in.Graph, in.X, in.Y, in.L2)
		if err != nil {
			return fmt.Errorf("diagnose: %w", err)
		}
		a.finiteG, a.gapG, a.tolG = true, f-optG.Objective, OptimumTol*math.Max(1, math.Abs(optG.Objective))
		dist := a.distance(in.Graph, optG.Model, in.L2)
		a.optG = &optG.Model
		if v, err := AngleDeg(in.Graph.Coef, optG.Model.Coef); err == nil {
			a.graphToTarget = v
		}
		rep.GraphGap, rep.GraphDistance = &a.gapG, &dist
		if optB == nil {
			rep.Coef, rep.Intercept, rep.Objective, rep.L2 = optG.Model.Coef, optG.Model.Intercept, optG.Objective, in.L2
		}
	}
	if optB != nil && optG != nil && in.L2 != in.Alpha {
		if v, err := AngleDeg(optG.Model.Coef, optB.Model.Coef); err == nil {
			a.penaltyAngle = v
		}
	}
	a.dg.Optimum = rep
	return nil
}

// distance is ‖θ − θ*‖₂ over kernel and bias; without a penalty the
// minimisers form θ* + null([X, 1]), so only the in-span part counts.
func (a *assessment) distance(m, opt Linear, l2 float64) float64 {
	diff := append(append([]float64(nil), m.Coef...), m.Intercept)
	floats.Sub(diff[:a.d], opt.Coef)
	diff[a.d] -= opt.Intercept
	if l2 == 0 {
		floats.Sub(diff, OutsideSpan(a.span, diff))
	}
	return floats.Norm(diff, 2)
}

func augmented(x *mat.Dense) *mat.Dense {
	n, d := x.Dims()
	z := mat.NewDense(n, d+1, nil)
	for i := 0; i < n; i++ {
		copy(z.RawRowView(i), x.RawRowView(i))
		z.Set(i, d, 1)
	}
	return z
}

// maxMargins measures each side's angle, on [X, 1], to the max-margin
// direction its solver drifts toward on separable data without a
// penalty: ℓ2 for gradient descent, SGD, momentum and SAG (Soudry et al.
// 2018; Nacson et al. 2019), the nearer of ℓ2 and ℓ∞ for the adaptive
// solvers (Adam with ε neglected: ℓ∞, Zhang, Zou and Cao 2024; Adagrad's
// limit depends on the start, Gunasekar et al. 2018).
func (a *assessment) maxMargins() {
	in, dg := a.in, a.dg
	if !a.separable || dg.Margin == nil {
		return
	}
	l2 := dg.Margin.Linear
	if v, err := AugmentedAngleDeg(in.Baseline, l2); err == nil && in.Alpha == 0 {
		a.mmB = v
		a.baselineToTarget = v
	}
	var linf *Linear
	if a.n <= MaxLinfRows && a.n*a.d <= MaxMarginSize {
		if m, err := MaxMarginLinf(in.X, in.Y); err == nil {
			linf = &m
		}
	}
	if dg.MaxMargin != nil {
		if linf != nil {
			dg.MaxMargin.LinfCoef, dg.MaxMargin.LinfIntercept = linf.Coef, &linf.Intercept
		}
		// The baseline's angle is measured whatever the graph is (hidden
		// layers, a penalty).
		if v, err := AugmentedAngleDeg(in.Baseline, l2); err == nil {
			dg.MaxMargin.BaselineAugmentedAngleDeg = &v
		}
		if linf != nil {
			if bi, err := AugmentedAngleDeg(in.Baseline, *linf); err == nil {
				dg.MaxMargin.BaselineLinfAngleDeg = &bi
			}
		}
	}
	if !a.linear || in.L2 > 0 {
		return
	}
	g2, err2 := AugmentedAngleDeg(in.Graph, l2)
	if err2 == nil {
		a.mmG = g2
	}
	if v, err := AngleDeg(in.Graph.Coef, l2.Coef); err == nil {
		a.graphMMFeature = v
	}
	if linf != nil {
		if gi, err := AugmentedAngleDeg(in.Graph, *linf); err == nil && dg.MaxMargin != nil {
			dg.MaxMargin.GraphLinfAngleDeg = &gi
			if AdaptiveSolver(in.Solver) && (err2 != nil || gi < g2) {
				a.mmG = gi
			}
		}
	}
	if !math.IsNaN(a.mmG) {
		a.graphToTarget = a.mmG
	}
	if dg.MaxMargin != nil {
		if !math.IsNaN(a.mmG) && err2 == nil {
			dg.MaxMargin.GraphAugmentedAngleDeg = &g2
		}
	}
}

// agreement sets a.agree: the graph is linear, its boundary is within the
// tool's own Criterion (AngleTolDeg and OffsetTolShare of the offset
// scale) of the baseline's after the last epoch, as the convergence item
// reports it, and each side whose objective has a finite optimum is within
// the same criterion of that optimum's boundary and its probabilities
// within AgreeProbabilityGap of the optimum's on average over the rows (else both sides
// may agree only because both stopped short, e.g. on unscaled data, or one
// has the boundary but not the logits' scale). Then neither
// side lags, whatever small objective gaps remain: no remedy can make the
// boundaries agree more than the criterion that defines agreement.
func (a *assessment) agreement() {
	if !a.linear {
		return
	}
	tr, c := a.dg.Tracking, a.dg.Convergence
	e := len(tr.AngleDeg)
	if e == 0 {
		return
	}
	last, gap := tr.AngleDeg[e-1], tr.OffsetGap[e-1]
	crit := Criterion{Scale: c.OffsetTol / OffsetTolShare}
	a.agree, a.agreeAngle, a.agreeGap = crit.Within(last, gap), last, gap
	for _, p := range []struct {
		m   Linear
		opt *Linear
	}{{a.in.Graph, a.optG}, {a.in.Baseline, a.optB}} {
		if !a.agree || p.opt == nil {
			continue
		}
		c, err := NewCriterion(*p.opt, a.in.X)
		if err != nil {
			a.agree = false
			continue
		}
		if ang, off := c.Measure(p.m); !c.Within(ang, off) {
			a.agree = false
		}
		if _, mean, err := ProbabilityGaps(p.m, *p.opt, a.in.X); err != nil || !(mean <= AgreeProbabilityGap) {
			// The boundary is right but the logits' scale is not: the
			// probabilities are visibly off the optimum's.
			a.agree = false
		}
	}
}

// featureScale is the feature_scale item: unscaled features (both sides;
// SAG's step 1/L is set by the largest row norm), a learning rate above
// the stable bound, an oscillating loss, confidently wrong (saturated)
// logits or divergence (the graph).
func (a *assessment) featureScale() (Item, bool) {
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
	if a.stableOK && in.HiddenLayers == 0 {
		it.Values["stable_learning_rate"] = a.stable
		if in.LearningRate > a.stable {
			lrHigh = true
			parts = append(parts, fmt.Sprintf("the learning rate %g is above the stable bound %.3g (2/L with the curvature L = λ_max(ZᵀZ/n)/4 + l2 = %.3g), so gradient steps overshoot", in.LearningRate, a.stable, s.LambdaMax/4+in.L2))
		}
	}
	rises, lossEpochs := lossRises(in.LossHistory), len(in.LossHistory)
	if in.LossEpochs > 0 {
		rises, lossEpochs = in.LossRises, in.LossEpochs
	}
	it.Values["loss_rises"] = float64(rises)
	osc := oscillation(rises, lossEpochs)
	if osc {
		parts = append(parts, fmt.Sprintf("the training loss rose in %d of %d epochs", rises, lossEpochs))
	}
	sat := 0
	if a.linear {
		var maxZ float64
		sat, maxZ = saturatedWrong(in.Graph, in.X, in.Y)
		it.Values["saturated_wrong"], it.Values["max_abs_logit"] = float64(sat), maxZ
		if sat > 0 {
			parts = append(parts, fmt.Sprintf("%d samples are wrong with saturated logits (|z| up to %.3g)", sat, maxZ))
		}
	}
	if in.DivergedEpoch > 0 {
		it.Values["diverged_epoch"] = float64(in.DivergedEpoch)
		parts = append(parts, fmt.Sprintf("the graph's loss became non-finite at epoch %d", in.DivergedEpoch))
	}
	a.graphSymptom = lrHigh || osc || sat > 0 || in.DivergedEpoch > 0
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
	// On unscaled data standardize is the remedy: the stable rate of the
	// raw data is set by the largest-scale feature, so the graph would
	// crawl along the others (and, from saturated logits, move further
	// from the optimum). The stable rate is offered only on scaled data.
	if !unscaled && (lrHigh || (a.graphSymptom && a.stableOK && in.LearningRate > a.stable/2)) {
		it.Remedies = append(it.Remedies, remedy(SettingLearningRate, num(roundDown2(0.5*a.stable)), a.n, in.Solver))
	}
	if a.graphSymptom {
		// More epochs repeat the overshoot; another seed starts it elsewhere.
		it.NotHelpful = []string{SettingEpochs, SettingSeed}
	}
	it.Summary = "Feature scale: " + strings.Join(parts, "; ") + remedyTail(it.Remedies) + "."
	return it, true
}

// remedyTail writes "; set standardize = true or learning_rate = 0.5".
func remedyTail(rs []Remedy) string {
	if len(rs) == 0 {
		return ""
	}
	return "; set " + settingList(rs)
}

func (a *assessment) hiddenLayers() Item {
	in := a.in
	return Item{Kind: KindHiddenLayers, Side: SideGraph,
		Values: map[string]float64{"hidden_layers": float64(in.HiddenLayers)},
		Summary: fmt.Sprintf("Hidden layers: the graph has %d hidden layer(s), so its boundary is not a hyperplane and the graph-side findings (null space, step budget, convergence, its distance to the linear optimum) do not apply; %s.",
			in.HiddenLayers, a.dg.PenaltyScope.Summary),
	}
}

// notAtOptimum applies the rule: where a side's own objective has a finite
// minimum F*, the side is not at the optimum when its objective exceeds
// F* by more than OptimumTol·max(1, |F*|), or its final ‖∇F‖∞ is above
// GradShare of the ‖∇F‖∞ where it started (the graph: its initial
// parameters; SAG: zero), whatever its stopping rule said. The gradient's
// decrease over the last tenth of the epochs (the ratio of ‖∇F‖∞ at the
// start of that tenth to the final one, from the trajectories) says
// whether more of the same would help quickly.
func (a *assessment) notAtOptimum() []Item {
	in := a.in
	var items []Item
	if a.finiteG && a.linear {
		start := Linear{Coef: in.InitialKernel, Intercept: in.InitialBias}
		it, flagged := a.sideOptimum(SideGraph, start, in.Graph, in.Trajectory, in.L2, a.gapG, a.tolG)
		a.notOptG = flagged
		if r, ok := it.Values["grad_decrease_last_tenth"]; ok && in.BatchSize > 0 && in.BatchSize < a.n {
			rises := a.gradRises(in.Trajectory, in.L2)
			it.Values["grad_rises_last_tenth"] = float64(rises)
			a.noiseFloor = r < NoiseFloorDecrease && rises >= NoiseFloorRises
		}
		if flagged {
			var rs []Remedy
			switch {
			case a.agree:
				it.Summary += agreeTail
			case a.graphSymptom:
			case a.noiseFloor:
				// Constant-step mini-batch training hovers around the
				// optimum at a distance that grows with the learning rate
				// over the batch size: more epochs or a larger rate keep
				// (or raise) that noise; a smaller rate or the full batch
				// lowers it.
				it.Summary += fmt.Sprintf("; with batch size %d < %d samples and a gradient that no longer decreases, the graph is at the noise floor of its constant-step mini-batch steps", in.BatchSize, a.n)
				rs = append(rs, remedy(SettingLearningRate, num(roundDown2(in.LearningRate/10)), a.n, in.Solver),
					remedy(SettingBatchSize, strconv.Itoa(a.n), a.n, in.Solver))
				it.NotHelpful = []string{SettingEpochs}
			default:
				// The same values as the step_budget item when SAG's
				// budget is larger (that budget took SAG to its optimum),
				// so one setting gets one value across the report;
				// otherwise ten times the budget.
				factor := 10.0
				if r := a.budget(); r > 2 {
					factor = r
				}
				rs = append(rs, remedy(SettingEpochs, iterations(float64(in.Epochs)*factor), a.n, in.Solver))
				if lr := a.raisedLR(factor); lr > 0 {
					rs = append(rs, remedy(SettingLearningRate, num(lr), a.n, in.Solver))
				}
			}
			it.Remedies = rs
			it.Summary += remedyTail(rs) + "."
			items = append(items, it)
		}
	}
	if a.finiteB {
		start := Linear{Coef: make([]float64, a.d)}
		it, flagged := a.sideOptimum(SideBaseline, start, in.Baseline, in.BaselineTrajectory, in.Alpha, a.gapB, a.tolB)
		a.notOptB = flagged
		if flagged {
			var rs []Remedy
			if a.agree {
				it.Summary += agreeTail
			} else if in.StepSize == 0 {
				// Not SAG (e.g. L-BFGS): the sag_* settings do not apply.
			} else if in.SAGConverged && in.SAGTol > 0 {
				rs = append(rs, remedy(SettingSAGTol, num(math.Max(in.SAGTol*1e-4, 1e-12)), a.n, in.Solver))
				// The tol rule, not max_iter, stopped it.
				it.NotHelpful = []string{SettingSAGMaxIter}
			} else if in.StepSize > 0 {
				// As the step_budget item when the graph's budget is the
				// larger (one value per setting); else ten times.
				v := float64(max(in.SAGEpochs, in.SAGMaxIter)) * 10
				if r := a.budget(); r > 0 && r < 0.5 {
					v = float64(max(in.SAGEpochs, 1)) / r
				}
				rs = append(rs, remedy(SettingSAGMaxIter, iterations(v), a.n, in.Solver))
			}
			it.Remedies = rs
			it.Summary += remedyTail(rs) + "."
			items = append(items, it)
		}
	}
	return items
}

// gradRises counts the rises of ‖∇F‖∞ between NoiseFloorSamples + 1
// evenly spaced epochs of the last tenth of traj (its start to its end):
// a deterministic solver that is still converging decreases it at every
// sample; mini-batch noise makes it go up and down.
func (a *assessment) gradRises(traj Trajectory, l2 float64) int {
	e := traj.Epochs()
	first := e - max(1, e/10)
	rises := 0
	prev := math.NaN()
	for k := 0; k <= NoiseFloorSamples; k++ {
		ep := first + (e-first)*k/NoiseFloorSamples
		if ep < 1 {
			ep = 1
		}
		g := GradInf(traj.At(ep), a.in.X, a.in.Y, l2)
		if g > prev {
			rises++
		}
		prev = g
	}
	return rises
}

// agreeTail ends a not_at_optimum summary when the boundaries already
// agree (assessment.agree): no remedy is pushed.
const agreeTail = "; the boundaries already agree within the criterion, so this gap moves neither by a visible amount"

// budget is SAG's step budget over the graph's (StepBudget), 0 when not
// measured (no SAG, hidden layers).
func (a *assessment) budget() float64 {
	sb := a.dg.StepBudget
	if a.in.StepSize == 0 || !a.linear || !(sb.Graph > 0) {
		return 0
	}
	return sb.Baseline / sb.Graph
}

// raisedLR returns the learning rate times factor, capped at half the
// stable bound, or 0 when that is no raise (or the solver is adaptive:
// then the learning rate is a per-coordinate step length and the factor
// is used as is).
func (a *assessment) raisedLR(factor float64) float64 {
	lr := a.in.LearningRate * factor
	if a.stableOK {
		lr = math.Min(lr, roundDown2(0.5*a.stable))
	}
	if !(lr > a.in.LearningRate*1.5) {
		return 0
	}
	return roundDown2(lr)
}

func (a *assessment) sideOptimum(side string, start, end Linear, traj Trajectory, l2, gap, tol float64) (Item, bool) {
	in := a.in
	g0 := GradInf(start, in.X, in.Y, l2)
	g1 := GradInf(end, in.X, in.Y, l2)
	it := Item{Kind: KindNotAtOptimum, Side: side, Values: map[string]float64{
		"objective_gap": gap, "grad_inf_start": g0, "grad_inf_end": g1,
	}}
	if d := a.dg.Optimum; d != nil {
		if side == SideGraph && d.GraphDistance != nil {
			it.Values["distance"] = *d.GraphDistance
		}
		if side == SideBaseline && d.BaselineDistance != nil {
			it.Values["distance"] = *d.BaselineDistance
		}
	}
	decrease := ""
	if e := traj.Epochs(); e >= 2 {
		first := e - max(1, e/10)
		gt := GradInf(traj.At(first), in.X, in.Y, l2)
		it.Values["grad_inf_last_tenth_start"] = gt
		if g1 > 0 {
			it.Values["grad_decrease_last_tenth"] = gt / g1
		}
		if r := gt / g1; r >= 1 {
			decrease = fmt.Sprintf(", down %.3g-fold over the last %d epochs", r, e-first)
		} else {
			decrease = fmt.Sprintf(", up %.3g-fold over the last %d epochs", 1/r, e-first)
		}
	}
	flagged := gap > tol || g1 > GradShare*g0
	name, stop := "the graph", fmt.Sprintf("after its %d epochs", in.Epochs)
	if side == SideBaseline {
		name = "SAG"
		switch {
		case in.StepSize == 0:
			name = "the baseline"
			stop = fmt.Sprintf("after %d iterations", in.SAGEpochs)
		case in.SAGConverged:
			stop = fmt.Sprintf("although its tol rule (%g) stopped it as converged after %d epochs", in.SAGTol, in.SAGEpochs)
		default:
			stop = fmt.Sprintf("after its %d epochs (max_iter)", in.SAGEpochs)
		}
		it.Values["converged"] = b2f(in.SAGConverged)
	}
	it.Summary = fmt.Sprintf("Not at the optimum: %s, %s, is %.3g above the optimum of its objective (Newton) with ‖∇F‖∞ = %.3g against %.3g at its start%s",
		name, stop, gap, g1, g0, decrease)
	return it, flagged
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// nullSpace is the null_space item on [X, 1].
func (a *assessment) nullSpace() Item {
	in, ns := a.in, a.dg.NullSpace
	it := Item{Kind: KindNullSpace, Side: SideGraph, Values: map[string]float64{
		"rank": float64(ns.Rank), "dims": float64(a.d + 1), "initial_norm": ns.InitialNorm, "final_norm": ns.FinalNorm,
	}}
	share := 0.0
	if ns.AngleShareDeg != nil {
		share = *ns.AngleShareDeg
		it.Values["angle_share_deg"] = share
	}
	if !math.IsNaN(a.angle) {
		it.Values["angle_deg"] = a.angle
	}
	for _, j := range ns.DependentColumns {
		it.Columns = append(it.Columns, in.Features[j])
	}
	if ns.Rank == a.d+1 {
		it.Summary = fmt.Sprintf("Null space: the rows of [X, 1] span all %d dimensions of (kernel, bias), so every direction is trained and none of the angle is left over from initialisation.", a.d+1)
		return it
	}
	adaptive := AdaptiveSolver(in.Solver)
	moved := math.Abs(ns.FinalNorm-ns.InitialNorm) > 1e-4*math.Max(ns.InitialNorm, 1e-8)
	it.Values["adaptive_moved"] = b2f(adaptive && moved)
	what := fmt.Sprintf("the rows of [X, 1] span only %d of %d dimensions of (kernel, bias)", ns.Rank, a.d+1)
	if len(ns.ConstantColumns) > 0 {
		names := make([]string, len(ns.ConstantColumns))
		for k, j := range ns.ConstantColumns {
			names[k] = in.Features[j]
		}
		what += fmt.Sprintf(" because the column %s is constant, so the data see only its weight plus the bias", strings.Join(names, ", "))
	} else if len(ns.DependentColumns) > 0 && ns.BiasInvolved {
		what += fmt.Sprintf(" because the columns %s and the bias are linearly dependent", strings.Join(it.Columns, ", "))
	}
	shareText := angleShareText(ns.AngleShareDeg, a.angle)
	matters := ns.FinalNorm > 1e-12 && share > AngleTolDeg
	a.nullCause = matters && !math.IsNaN(a.angle) && share >= 0.5*a.angle
	var rs []Remedy
	switch {
	case adaptive && moved:
		it.Summary = fmt.Sprintf("Null space: %s; the solver %s scales each coordinate of the gradient separately, so its steps leave that span: the component outside it went from %.4g to %.4g (measured), accounting for %s", what, in.Solver, ns.InitialNorm, ns.FinalNorm, shareText)
		if matters {
			rs = append(rs, remedy(SettingSolver, "sgd", a.n, in.Solver))
			if a.in.Alpha == 0 {
				rs = append(rs, remedy(SettingC, "1", a.n, in.Solver))
			}
		}
		// Zeros would not keep an adaptive solver in the span.
		it.NotHelpful = []string{SettingInit, SettingSeed}
	case ns.FinalNorm <= 1e-12*math.Max(1, ns.InitialNorm) || ns.InitialNorm == 0 && !moved:
		it.Summary = fmt.Sprintf("Null space: %s, but the graph has no component outside it (%.3g after training), so it accounts for none of the angle", what, ns.FinalNorm)
	case in.L2 > 0 && ns.FinalNorm < ns.InitialNorm:
		it.Summary = fmt.Sprintf("Null space: %s; only the L2 penalty acts on the component outside it, which shrank from %.4g to %.4g and accounts for %s", what, ns.InitialNorm, ns.FinalNorm, shareText)
		if matters {
			rs = append(rs, remedy(SettingInit, "zeros", a.n, in.Solver))
		}
		it.NotHelpful = []string{SettingSeed}
	default:
		it.Summary = fmt.Sprintf("Null space: %s, so the component of (kernel, bias) outside it never changes (%.4g at initialisation, %.4g after training) and accounts for %s", what, ns.InitialNorm, ns.FinalNorm, shareText)
		if matters {
			rs = append(rs, remedy(SettingInit, "zeros", a.n, in.Solver))
			if in.Alpha == 0 && in.L2 == 0 {
				rs = append(rs, remedy(SettingC, "1", a.n, in.Solver))
			}
		}
		// Another seed draws another tilt; it does not remove it.
		it.NotHelpful = []string{SettingSeed}
	}
	rs = filterInForce(rs, in)
	it.Remedies = rs
	it.Summary += remedyTail(rs) + "."
	return it
}

// angleShareText describes the null-space component's share of the angle
// (degrees); a negative share (the in-span part points further away, early
// in training) is described as narrowing the angle, never as negative
// degrees.
func angleShareText(share *float64, angle float64) string {
	switch {
	case share == nil || math.IsNaN(angle):
		return "an undefined share of the angle"
	case *share < 0:
		return fmt.Sprintf("none of the %.3g° between the kernels (without it the angle would be %.3g° wider)", angle, -*share)
	}
	return fmt.Sprintf("%.3g° of the %.3g° between the kernels", *share, angle)
}

func filterInForce(rs []Remedy, in Inputs) []Remedy {
	out := rs[:0]
	for _, r := range rs {
		if !inForce(r, in) {
			out = append(out, r)
		}
	}
	return out
}

// stepBudget is the step_budget item (SAG baselines only: L-BFGS has no
// constant step).
func (a *assessment) stepBudget() (Item, bool) {
	in, sb := a.in, a.dg.StepBudget
	if in.StepSize == 0 || !(sb.Graph > 0) {
		return Item{}, false
	}
	ratio := sb.Baseline / sb.Graph
	a.budgetRatio = ratio
	it := Item{Kind: KindStepBudget, Values: map[string]float64{"graph": sb.Graph, "baseline": sb.Baseline, "ratio": ratio}}
	if sb.ControlAngleDeg != nil {
		it.Values["control_angle_deg"] = *sb.ControlAngleDeg
	}
	head := fmt.Sprintf("Step budget: the graph could move %.3g (%d epochs × %d updates × learning rate %g) against SAG's %.3g (%d epochs × %d samples × step size %.3g)",
		sb.Graph, in.Epochs, in.UpdatesPerEpoch, in.LearningRate, sb.Baseline, in.SAGEpochs, a.n, in.StepSize)
	var rs []Remedy
	switch {
	case ratio > 2:
		it.Side = SideGraph
		head += fmt.Sprintf(", %.3g times the graph's", ratio)
		if a.noiseFloor {
			// At its noise floor the graph's budget is not what holds it
			// back (see not_at_optimum): no more epochs or larger rate.
			head += "; but the graph is at the noise floor of its mini-batch steps, so a larger budget would not bring it closer"
		} else if !a.graphSymptom {
			rs = append(rs, remedy(SettingEpochs, iterations(float64(in.Epochs)*ratio), a.n, in.Solver))
			if lr := a.raisedLR(ratio); lr > 0 {
				rs = append(rs, remedy(SettingLearningRate, num(lr), a.n, in.Solver))
			}
		}
	case ratio < 0.5:
		it.Side = SideBaseline
		head += fmt.Sprintf("; the graph's is %.3g times SAG's", 1/ratio)
		if in.SAGConverged {
			// The tol rule stopped SAG: more max_iter changes nothing.
			head += fmt.Sprintf(" (SAG's tol rule stopped it after %d epochs)", in.SAGEpochs)
			break
		}
		rs = append(rs, remedy(SettingSAGMaxIter, iterations(float64(max(in.SAGEpochs, 1))/ratio), a.n, in.Solver))
	default:
		it.Side = SideBoth
		head += "; the budgets are comparable"
	}
	switch {
	case sb.ControlAngleDeg != nil:
		head += fmt.Sprintf("; gradient descent with SAG's step size for its %d updates lands %.3g° from SAG", sb.ControlUpdates, *sb.ControlAngleDeg)
	case sb.ControlCoef == nil:
		head += fmt.Sprintf("; the control run (gradient descent with SAG's step size for its %d updates) was skipped on data this large", sb.ControlUpdates)
	}
	if a.agree {
		// Agreement within the criterion: no budget to push.
		rs = nil
		head += "; the boundaries already agree within the criterion"
	}
	it.Remedies = rs
	it.Summary = head + remedyTail(rs) + "."
	return it, true
}

// penalty is the penalty item: the sides minimise differently penalised
// objectives. The penalty explains the gap when both sides are at their
// own optima, or when the angle between the two optima (or, for an
// unpenalised graph on separable data, between the baseline's optimum and
// the ℓ2 max margin) is at least half the angle between the sides.
func (a *assessment) penalty() (Item, bool) {
	in := a.in
	if in.L2 == in.Alpha || in.HiddenLayers > 0 {
		return Item{}, false
	}
	it := Item{Kind: KindPenalty, Side: SideBoth, Values: map[string]float64{"graph_l2": in.L2, "baseline_alpha": in.Alpha}}
	ref := math.NaN()
	if a.finiteG && a.finiteB {
		ref = a.penaltyAngle
	}
	if !a.finiteG && a.dg.Margin != nil && a.dg.Optimum != nil && a.finiteB {
		if v, err := AngleDeg(a.dg.Optimum.Coef, a.dg.Margin.Coef); err == nil {
			ref = v
		}
	}
	it.Values["optima_angle_deg"] = ref
	atOwn := (!a.finiteG || a.gapG <= a.tolG) && (!a.finiteB || a.gapB <= a.tolB)
	// The penalty explains the gap when both sides are at their own
	// optima, or when the targets are far apart (ref at least half the
	// angle between the sides) and each side is near its own target
	// (within half of ref): otherwise the optimiser leaves a gap the
	// penalty does not account for.
	near := func(v float64) bool { return !math.IsNaN(v) && !math.IsNaN(ref) && v <= 0.5*ref }
	it.Values["graph_to_target_deg"], it.Values["baseline_to_target_deg"] = a.graphToTarget, a.baselineToTarget
	a.penaltyExplains = (a.finiteG && atOwn) ||
		(!math.IsNaN(a.angle) && a.angle > 0 && ref >= 0.5*a.angle && near(a.graphToTarget) && near(a.baselineToTarget))
	apart := fmt.Sprintf("%.3g° apart", ref)
	if math.IsNaN(ref) {
		apart = "at an unmeasured angle"
	} else if !a.finiteG {
		apart = fmt.Sprintf("the baseline's optimum %.3g° from the ℓ2 max margin the unpenalised graph drifts toward", ref)
	}
	cVal := "inf"
	if in.Alpha > 0 {
		cVal = num(1 / (in.Alpha * float64(a.n)))
	}
	it.Summary = fmt.Sprintf("Penalty: the graph minimises the loss with l2 = %.3g and the baseline with α = %.3g (C = %s), so they aim at different optima (%s)", in.L2, in.Alpha, cVal, apart)
	if !a.penaltyExplains && !math.IsNaN(ref) {
		it.Summary += fmt.Sprintf(", but the penalty does not explain the gap: the graph is %s from its own target and the baseline %s from its own", degreesNaN(a.graphToTarget), degreesNaN(a.baselineToTarget))
	}
	if a.penaltyExplains {
		it.Summary += ": the penalty, not the optimiser, explains the gap"
	}
	// The same C is a remedy whenever the targets differ visibly (the
	// sides cannot agree in the limit otherwise), the cause or not.
	if in.Alpha > 0 && (a.penaltyExplains || ref > AngleTolDeg) {
		it.Remedies = []Remedy{remedy(SettingC, cVal, a.n, in.Solver)}
		if !a.penaltyExplains {
			it.Summary += fmt.Sprintf("; C = %s gives the graph the baseline's target, which it must then still reach", cVal)
		}
	}
	it.Summary += remedyTail(it.Remedies) + "."
	return it, true
}

// degreesNaN writes an angle in degrees, or "an unmeasured angle".
func degreesNaN(v float64) string {
	if math.IsNaN(v) {
		return "an unmeasured angle"
	}
	return fmt.Sprintf("%.3g°", v)
}

// targetText says how far side is from its own objective's target: the
// objective gap to the finite optimum, or the angle on [X, 1] to the max
// margin on separable data without a penalty.
func (a *assessment) targetText(side string) string {
	finite, gap, mm, name := a.finiteG, a.gapG, a.mmG, "the graph"
	if side == SideBaseline {
		finite, gap, mm, name = a.finiteB, a.gapB, a.mmB, "the baseline"
	}
	if finite {
		return fmt.Sprintf("%s's objective is %.3g above its optimum", name, math.Max(gap, 0))
	}
	return fmt.Sprintf("%s is %s from its max margin on [X, 1]", name, degreesNaN(mm))
}

// separableItem reports separability and, on separable data without a
// penalty, each side's angle to the max-margin directions on [X, 1].
func (a *assessment) separableItem() Item {
	in, dg := a.in, a.dg
	it := Item{Kind: KindSeparable, Side: SideBoth, Values: map[string]float64{"separable": b2f(a.separable)}}
	penalised := in.Alpha > 0 || in.L2 > 0
	switch {
	case !a.separable && !a.sepOK:
		it.Summary = "Separability: not checked (the linear program is skipped on large data and no model separates the classes); the objective is taken to have a finite minimum."
	case !a.separable:
		it.Summary = "Separability: the classes are not linearly separable, so the objective has a finite minimum (see the optimum)."
	case in.Alpha > 0 && in.L2 == 0 && a.linear:
		it.Summary = "Separability: the classes are linearly separable; the baseline's L2 penalty gives its objective a finite minimum, but the unpenalised graph's has none (its norm grows without bound toward a max-margin direction)."
	case in.L2 > 0 && in.Alpha == 0:
		it.Summary = "Separability: the classes are linearly separable; the graph's L2 penalty gives its objective a finite minimum, but the unpenalised baseline's has none (its norm grows without bound toward the ℓ2 max margin)."
	case penalised:
		it.Summary = "Separability: the classes are linearly separable, but the L2 penalty gives the objective a finite minimum."
	default:
		it.Summary = "Separability: the classes are linearly separable, so neither objective has a finite minimum: the norms grow without bound and the directions drift toward a max-margin direction of [X, 1]"
		mm := dg.MaxMargin
		if mm != nil {
			if mm.GraphAugmentedAngleDeg != nil {
				it.Values["graph_l2_angle_deg"] = *mm.GraphAugmentedAngleDeg
			}
			if !math.IsNaN(a.graphMMFeature) {
				// The angle of angle.png: kernels only, no bias.
				it.Values["graph_l2_kernel_angle_deg"] = a.graphMMFeature
			}
			if mm.BaselineAugmentedAngleDeg != nil {
				it.Values["baseline_l2_angle_deg"] = *mm.BaselineAugmentedAngleDeg
			}
			if mm.GraphLinfAngleDeg != nil {
				it.Values["graph_linf_angle_deg"] = *mm.GraphLinfAngleDeg
			}
			if mm.BaselineLinfAngleDeg != nil {
				it.Values["baseline_linf_angle_deg"] = *mm.BaselineLinfAngleDeg
			}
			it.Summary += fmt.Sprintf(" (SAG: the ℓ2 one, %s away)", degrees(mm.BaselineAugmentedAngleDeg))
			if AdaptiveSolver(in.Solver) {
				it.Summary += fmt.Sprintf("; the graph's %s need not approach the ℓ2 one (Adam tends to the ℓ∞ one): %s from ℓ2, %s from ℓ∞", in.Solver, degrees(mm.GraphAugmentedAngleDeg), linfDegrees(mm.GraphLinfAngleDeg, a.n))
			} else if a.linear {
				it.Summary += fmt.Sprintf("; the graph (%s) is %s from the ℓ2 one and %s from the ℓ∞ one", in.Solver, degrees(mm.GraphAugmentedAngleDeg), linfDegrees(mm.GraphLinfAngleDeg, a.n))
			}
			if !math.IsNaN(a.graphMMFeature) {
				it.Summary += fmt.Sprintf(" (angles on [X, 1] include the bias; between the kernels alone, as in the angle figure, the graph is %.3g° from the ℓ2 max margin)", a.graphMMFeature)
			}
		} else {
			it.Summary += " (not computed here)"
		}
		it.Remedies = []Remedy{remedy(SettingC, "1", a.n, in.Solver)}
		it.Summary += "; a finite C gives both a finite optimum" + remedyTail(it.Remedies) + "."
	}
	return it
}

// linfDegrees writes an angle to the ℓ∞ max margin, saying why it is
// missing when its linear program was skipped (more than MaxLinfRows
// samples).
func linfDegrees(v *float64, n int) string {
	if v == nil && n > MaxLinfRows {
		return fmt.Sprintf("an unmeasured angle (its linear program is skipped above %d samples)", MaxLinfRows)
	}
	return degrees(v)
}

// baseName names the baseline's boundary in summaries: "SAG's" for the
// SAG baseline (a constant step size), "the baseline's" otherwise.
func (a *assessment) baseName() string {
	if a.in.StepSize > 0 {
		return "SAG's"
	}
	return "the baseline's"
}

// convergence describes the final state of the graph against the
// baseline: within the criterion (AngleTolDeg, OffsetTolShare) after the
// last epoch or not, and whether it had been within earlier.
func (a *assessment) convergence() Item {
	in, c := a.in, a.dg.Convergence
	it := Item{Kind: KindConvergence, Side: SideGraph, Values: map[string]float64{"offset_tol": c.OffsetTol}}
	tr := a.dg.Tracking
	e := len(tr.AngleDeg)
	if e == 0 {
		it.Summary = "Convergence: no per-epoch record of the graph was kept."
		return it
	}
	last, gap := tr.AngleDeg[e-1], tr.OffsetGap[e-1]
	crit := Criterion{Scale: c.OffsetTol / OffsetTolShare}
	within := crit.Within(last, gap)
	it.Values["final_angle_deg"], it.Values["within_at_end"] = last, b2f(within)
	if !math.IsInf(gap, 0) {
		it.Values["final_offset_gap"] = gap
	}
	it.Values["trend_deg_per_epoch"] = c.AngleTrendDegPerEpoch
	first := 0
	if c.EpochWithin1Deg != nil {
		first = *c.EpochWithin1Deg
	}
	it.Values["first_epoch_within"] = float64(first)
	switch {
	case within:
		it.Summary = fmt.Sprintf("Convergence: after the last of %d epochs the graph's boundary is within 1° and 1%% offset of %s (%.3g°, offset gap %.3g; first within at epoch %d).", in.Epochs, a.baseName(), last, gap, first)
	case first > 0:
		it.Summary = fmt.Sprintf("Convergence: the graph's boundary was within 1° and 1%% offset of %s at epoch %d but is not after the last of %d epochs (%.3g°, offset gap %.3g; trend %.3g° per epoch).", a.baseName(), first, in.Epochs, last, gap, c.AngleTrendDegPerEpoch)
	default:
		it.Summary = fmt.Sprintf("Convergence: after %d epochs the graph's boundary is not within 1° and 1%% offset (%.3g) of %s (%.3g°, offset gap %.3g; trend %.3g° per epoch over the last %d epochs).", in.Epochs, c.OffsetTol, a.baseName(), last, gap, c.AngleTrendDegPerEpoch, c.TrendEpochs)
	}
	return it
}

// verdict decides which side lags and the cause.
//
// When the boundaries agree (see agreement: within Criterion of each other
// and each side near its own finite optimum) neither side lags, with no
// cause and so no remedies.
//
// With a finite optimum for both sides' objectives, a side lags when its
// objective gap exceeds OptimumTol·max(1, |F*|) (or not_at_optimum flagged
// it); when both do, the one whose gap is below BothShare of the other's is
// cleared. On separable data without a penalty, a side lags when its angle
// on [X, 1] to its max-margin limit (see maxMargins) exceeds AngleTolDeg,
// with the same BothShare rule; without the max margin, the side with the
// higher loss lags. When only the baseline's objective has a finite
// minimum and the graph's max-margin angle is unknown, the graph lags when
// its learning rate is above the stable bound, its loss oscillates, its
// logits saturate wrongly or it diverged. With hidden layers only the
// baseline can be judged.
func (a *assessment) verdict(items []Item) Verdict {
	in := a.in
	has := func(kind, side string) bool {
		for _, it := range items {
			if it.Kind == kind && (side == "" || it.Side == side || it.Side == SideBoth) {
				return true
			}
		}
		return false
	}
	if a.agree {
		// The tool's own criterion of agreement is met: objective gaps
		// that remain move neither boundary by a visible amount, so no
		// side lags and no remedy is pushed.
		return Verdict{Lagging: SideNeither, Summary: fmt.Sprintf(
			"Neither side lags: the boundaries agree (%.3g° apart, offset gap %.3g, within %g° and %g%% offset).",
			a.agreeAngle, a.agreeGap, AngleTolDeg, 100*OffsetTolShare)}
	}
	var g, b bool // lagging
	var how string
	switch {
	case in.HiddenLayers > 0:
		b = a.notOptB
		how = "the graph has hidden layers, so only the baseline is judged against the linear optimum"
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
		// Different objectives (e.g. an unpenalised graph on separable data
		// against LogisticRegression()'s C = 1): each side is judged
		// against its own target, the finite optimum or the max margin.
		if a.finiteB {
			b = a.notOptB
			// Without its max-margin angle (not computed on large or
			// badly conditioned data) a graph whose loss oscillates,
			// saturates or diverges still lags.
			g = !math.IsNaN(a.mmG) && a.mmG > AngleTolDeg || math.IsNaN(a.mmG) && a.graphSymptom
		} else {
			g = a.notOptG
			b = !math.IsNaN(a.mmB) && a.mmB > AngleTolDeg
		}
		how = "each side against its own objective's target: " + a.targetText(SideGraph) + "; " + a.targetText(SideBaseline)
	case !math.IsNaN(a.mmG) && !math.IsNaN(a.mmB):
		g, b = a.mmG > AngleTolDeg, a.mmB > AngleTolDeg
		if g && b {
			if a.mmG < BothShare*a.mmB {
				g = false
			} else if a.mmB < BothShare*a.mmG {
				b = false
			}
		}
		how = fmt.Sprintf("on separable data, %.3g° (graph) and %.3g° (baseline) from the max-margin direction on [X, 1], an angle that includes the bias", a.mmG, a.mmB)
		if !math.IsNaN(a.graphMMFeature) {
			how += fmt.Sprintf("; the graph's kernel is %.3g° from the max margin's in feature space", a.graphMMFeature)
		}
	default:
		lg, _ := Objective(in.Graph, in.X, in.Y, 0)
		lb, _ := Objective(in.Baseline, in.X, in.Y, 0)
		g, b = lg > lb, lb > lg
		how = fmt.Sprintf("on separable data the lower loss is further along: graph %.3g, baseline %.3g", lg, lb)
		if a.graphSymptom && g {
			// An unstable graph's loss is high because it overshoots, not
			// because it has further to go.
			how = fmt.Sprintf("on separable data the graph's loss %.3g is above the baseline's %.3g because its training is unstable (see feature scale), not because it is behind on the same path", lg, lb)
		}
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
		case a.nullCause:
			v.Cause = KindNullSpace
		case a.budgetRatio > 2 && !a.noiseFloor:
			v.Cause = KindStepBudget
		case has(KindNotAtOptimum, SideGraph):
			v.Cause = KindNotAtOptimum
		default:
			v.Cause = KindConvergence
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
		switch {
		case a.penaltyExplains:
			v.Cause = KindPenalty
		case a.nullCause:
			v.Cause = KindNullSpace
		case in.HiddenLayers > 0:
			v.Cause = KindHiddenLayers
		}
	}
	if a.penaltyExplains {
		// Different objectives: whatever else lags, the penalty is what
		// separates the two boundaries.
		v.Cause = KindPenalty
	}
	who := map[string]string{SideGraph: "The graph lags", SideBaseline: "The baseline lags", SideBoth: "Both sides lag", SideNeither: "Neither side lags"}[v.Lagging]
	v.Summary = fmt.Sprintf("%s (%s)", who, how)
	if v.Cause != "" {
		v.Summary += "; the main cause is " + strings.ReplaceAll(v.Cause, "_", " ")
	}
	v.Summary += "."
	return v
}

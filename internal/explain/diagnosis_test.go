package explain

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
	"nnlr/graph"
	"nnlr/train"
)

// seedInputs trains the graph (recording its boundary every epoch) and SAG
// on the seed problem.
func seedInputs(t *testing.T, cfg graph.Config, epochs int, lr float64) Inputs {
	t.Helper()
	x, y := seedData()
	cfg.Features, cfg.BatchRows = 2, 2
	m, err := graph.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	in := Inputs{X: x, Y: y, Features: []string{"x1", "x2"}, InitialKernel: m.Kernel(), L2: cfg.L2,
		Solver: "sgd", Epochs: epochs, UpdatesPerEpoch: 1, LearningRate: lr}
	fc := train.DefaultConfig()
	fc.Epochs, fc.Seed, fc.LearningRate = epochs, cfg.Seed, lr
	fc.OnEpoch = func(int, float64) error {
		in.Trajectory.Kernels = append(in.Trajectory.Kernels, m.Kernel())
		in.Trajectory.Biases = append(in.Trajectory.Biases, m.Bias())
		return nil
	}
	if _, err := train.Fit(context.Background(), m, x, y, fc); err != nil {
		t.Fatal(err)
	}
	in.Graph = Linear{Coef: m.Kernel(), Intercept: m.Bias()}
	sag, err := baseline.FitSAG(x, y, baseline.DefaultSAGConfig())
	if err != nil {
		t.Fatal(err)
	}
	in.Baseline = Linear{Coef: sag.Coef, Intercept: sag.Intercept}
	in.Alpha, in.SAGEpochs, in.StepSize, in.SAGConverged = sag.Alpha, sag.NIter, sag.StepSize, sag.Converged
	return in
}

func TestDiagnoseSeed(t *testing.T) {
	t.Parallel()
	in := seedInputs(t, graph.Config{Seed: 0}, 100, 0.01)
	dg, err := Diagnose(in)
	if err != nil {
		t.Fatal(err)
	}
	if dg.NullSpace.Rank != 2 || math.Abs(dg.NullSpace.FinalNorm-dg.NullSpace.InitialNorm) > 1e-12 || dg.NullSpace.InitialNorm == 0 ||
		!slices.Equal(dg.NullSpace.DependentColumns, []int{0, 1}) || dg.NullSpace.BiasInvolved {
		t.Errorf("null space %+v", dg.NullSpace)
	}
	if math.Abs(dg.StepBudget.Graph-1) > 1e-12 || math.Abs(dg.StepBudget.Baseline-600/2.25) > 1e-9 || dg.StepBudget.ControlUpdates != 600 {
		t.Errorf("step budget %+v", dg.StepBudget)
	}
	if !dg.Separable || dg.MaxMargin == nil {
		t.Fatalf("seed problem: separable %v, max margin %v", dg.Separable, dg.MaxMargin)
	}
	if mm := dg.MaxMargin; math.Abs(mm.Coef[0]-1) > 1e-6 || math.Abs(mm.Coef[1]-1) > 1e-6 || math.Abs(mm.Intercept+3) > 1e-6 {
		t.Errorf("max margin %+v", mm)
	}
	// SAG's coefficients are equal, so its angle to (1, 1) is 0; the graph
	// keeps its null-space tilt.
	if a := dg.MaxMargin.BaselineAngleDeg; a == nil || *a > 1e-6 {
		t.Errorf("baseline angle to the max margin = %v", a)
	}
	if mm := dg.MaxMargin; mm.LinfCoef == nil || mm.GraphLinfAngleDeg == nil || mm.BaselineAugmentedAngleDeg == nil {
		t.Errorf("ℓ∞ max margin or augmented angles missing: %+v", mm)
	}
	if dg.Convergence.EpochWithin1Deg != nil {
		t.Errorf("seed 0 reached the baseline at epoch %d in 100 epochs", *dg.Convergence.EpochWithin1Deg)
	}
	if len(dg.Tracking.AngleDeg) != 100 || dg.MarginTracking == nil {
		t.Errorf("tracking: %d angles, margin tracking %v", len(dg.Tracking.AngleDeg), dg.MarginTracking != nil)
	}
	var kinds []string
	for _, it := range dg.Items {
		kinds = append(kinds, it.Kind)
	}
	if want := []string{KindNullSpace, KindStepBudget, KindSeparable, KindConvergence}; !slices.Equal(kinds, want) {
		t.Errorf("items %v, want %v", kinds, want)
	}
	if dg.Verdict.Lagging != SideGraph || dg.Verdict.Cause != KindNullSpace {
		t.Errorf("verdict %+v", dg.Verdict)
	}
	for k, f := range dg.Findings {
		if f != dg.Items[k].Summary || strings.Contains(f, "--") || !strings.HasSuffix(f, ".") {
			t.Errorf("finding %d: %q", k, f)
		}
	}

	raw, err := json.Marshal(dg)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	keys := map[string][]string{
		"null_space":  {"initial_norm", "final_norm", "angle_share_deg"},
		"step_budget": {"graph", "baseline", "control_coef", "control_intercept"},
		"max_margin":  {"coef", "intercept", "graph_angle_deg", "baseline_angle_deg"},
		"convergence": {"epoch_within_1deg"},
	}
	for section, names := range keys {
		for _, k := range names {
			if _, ok := top[section].(map[string]any)[k]; !ok {
				t.Errorf("JSON lacks diagnosis.%s.%s", section, k)
			}
		}
	}
	for _, k := range []string{"separable", "findings", "items", "verdict", "remedies", "penalty_scope", "optimum"} {
		if _, ok := top[k]; !ok {
			t.Errorf("JSON lacks diagnosis.%s", k)
		}
	}
}

// With a zero initial kernel nothing is left in the null space, and with a
// step budget of 3000 × 0.1 = 300 (more than SAG's 267) the graph reaches
// SAG's boundary.
func TestDiagnoseZerosInitConverges(t *testing.T) {
	t.Parallel()
	in := seedInputs(t, graph.Config{Kernel: []float64{0, 0}}, 3000, 0.1)
	dg, err := Diagnose(in)
	if err != nil {
		t.Fatal(err)
	}
	if dg.NullSpace.InitialNorm != 0 || dg.NullSpace.FinalNorm > 1e-12 {
		t.Errorf("null space %+v", dg.NullSpace)
	}
	if dg.Convergence.EpochWithin1Deg == nil {
		t.Errorf("not within 1° and 1%% after 3000 epochs: %s", dg.Findings[3])
	} else {
		e := *dg.Convergence.EpochWithin1Deg
		a, g := dg.Tracking.AngleDeg[e-1], dg.Tracking.OffsetGap[e-1]
		if a > AngleTolDeg || g > dg.Convergence.OffsetTol || (e > 1 && dg.Tracking.AngleDeg[e-2] <= AngleTolDeg && dg.Tracking.OffsetGap[e-2] <= dg.Convergence.OffsetTol) {
			t.Errorf("epoch %d is not the first within tolerance", e)
		}
		t.Log(dg.Findings[3])
	}
}

// TestDiagnosePenalisedSeparable: with an L2 penalty the seed problem (still
// separable) has a finite optimum, so the diagnosis must not send the models
// toward the max-margin boundary nor advise a finite --C.
func TestDiagnosePenalisedSeparable(t *testing.T) {
	t.Parallel()
	const l2 = 0.5 // C = 1 on 2 samples
	in := seedInputs(t, graph.Config{Seed: 0, L2: l2}, 100, 0.01)
	x, y := seedData()
	cfg := baseline.DefaultSAGConfig()
	cfg.C = 1
	sag, err := baseline.FitSAG(x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	in.Baseline = Linear{Coef: sag.Coef, Intercept: sag.Intercept}
	in.Alpha, in.SAGEpochs, in.StepSize, in.SAGConverged = sag.Alpha, sag.NIter, sag.StepSize, sag.Converged
	dg, err := Diagnose(in)
	if err != nil {
		t.Fatal(err)
	}
	if !dg.Separable || dg.MaxMargin != nil || dg.Margin != nil {
		t.Errorf("separable %v, max margin %v: want separable with no max-margin boundary under a penalty", dg.Separable, dg.MaxMargin)
	}
	sep := item(t, dg, KindSeparable, "")
	if !strings.Contains(sep.Summary, "finite minimum") || strings.Contains(sep.Summary, "neither objective has a finite minimum") {
		t.Errorf("separability finding under a penalty: %q", sep.Summary)
	}
	for _, r := range dg.Remedies {
		if r.Setting == SettingC {
			t.Errorf("remedy C = %s although C = 1 is in force on both sides", r.Value)
		}
	}
	if dg.Optimum == nil || dg.Optimum.GraphGap == nil || dg.Optimum.BaselineGap == nil {
		t.Errorf("penalised: optimum %+v", dg.Optimum)
	}
}

// TestDiagnoseBudgetDirection: when the graph's budget is the larger one,
// the finding must say so, not call the budgets comparable.
func TestDiagnoseBudgetDirection(t *testing.T) {
	t.Parallel()
	in := seedInputs(t, graph.Config{Seed: 0}, 100, 10) // 100 × 1 × 10 = 1000 against SAG's 267
	dg, err := Diagnose(in)
	if err != nil {
		t.Fatal(err)
	}
	if it := item(t, dg, KindStepBudget, ""); it.Side != SideBaseline || math.Abs(it.Values["ratio"]-0.2667) > 1e-3 {
		t.Errorf("budget item with the graph's budget 3.75 times SAG's: %s %v", it.Side, it.Values)
	}
}

// TestDiagnoseLargeDataSkipsCostlyChecks: on 3000 samples with random labels
// the control run (SAG's updates × n × d) and the separability LP are left
// out, and the findings say so, instead of running for minutes.
func TestDiagnoseLargeDataSkipsCostlyChecks(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 5))
	const n, d = 3000, 3
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
		y[i] = float64(rng.IntN(2))
	}
	in := Inputs{X: x, Y: y, Features: []string{"a", "b", "c"}, InitialKernel: []float64{0.1, 0.2, 0.3},
		Graph: Linear{Coef: []float64{0.1, 0.2, 0.3}}, Baseline: Linear{Coef: []float64{0.01, -0.02, 0.03}},
		Solver: "sgd", Epochs: 10, UpdatesPerEpoch: 94, LearningRate: 0.01, SAGEpochs: 300, StepSize: 0.1}
	dg, err := Diagnose(in)
	if err != nil {
		t.Fatal(err)
	}
	if dg.StepBudget.ControlCoef != nil || dg.StepBudget.ControlIntercept != nil {
		t.Error("control run not skipped")
	}
	if b, s := item(t, dg, KindStepBudget, ""), item(t, dg, KindSeparable, ""); !strings.Contains(b.Summary, "skipped") || !strings.Contains(s.Summary, "not checked") {
		t.Errorf("findings do not say what was skipped:\n%s\n%s", b.Summary, s.Summary)
	}
}

// TestNullSpaceShareNegative: when the in-span part of the kernel points
// further from SAG's normal than the whole kernel (early in training), the
// finding must not claim a negative number of degrees.
func TestNullSpaceShareNegative(t *testing.T) {
	t.Parallel()
	share := -7.38
	f := angleShareText(&share, 173)
	if strings.Contains(f, "-7.38°") || !strings.Contains(f, "7.38° wider") {
		t.Errorf("finding: %q", f)
	}
}

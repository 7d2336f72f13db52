package explain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Sides a finding or a verdict speaks of.
const (
	SideGraph    = "graph"
	SideBaseline = "baseline"
	SideBoth     = "both"
	SideNeither  = "neither"
)

// Kinds of finding (Item.Kind, Verdict.Cause).
const (
	// KindNullSpace: the graph's parameters outside the span of [X, 1].
	KindNullSpace = "null_space"
	// KindStepBudget: how far each solver could move (updates × step).
	KindStepBudget = "step_budget"
	// KindFeatureScale: feature scales, the learning rate against the
	// curvature, saturated logits, an oscillating loss, SAG's step size.
	KindFeatureScale = "feature_scale"
	// KindSeparable: separability, the max-margin directions (ℓ2, ℓ∞).
	KindSeparable = "separable"
	// KindNotAtOptimum: a side whose objective or gradient is still far
	// from the finite optimum, whatever its stopping rule said.
	KindNotAtOptimum = "not_at_optimum"
	// KindConvergence: the graph's boundary against the baseline's at the
	// end of training.
	KindConvergence = "convergence"
	// KindPenalty: the two sides minimise differently penalised objectives
	// (e.g. a default LogisticRegression(), C = 1, against an unpenalised
	// network).
	KindPenalty = "penalty"
	// KindHiddenLayers: the network has hidden layers, so its boundary is
	// not a hyperplane and the graph-side findings do not apply.
	KindHiddenLayers = "hidden_layers"
)

// Configuration settings remedies speak of (the libraries' names; front
// ends map them to their flags).
const (
	SettingEpochs       = "epochs"
	SettingLearningRate = "learning_rate"
	SettingBatchSize    = "batch_size"
	SettingInit         = "init"
	SettingSeed         = "seed"
	SettingSolver       = "solver"
	SettingC            = "C"
	SettingStandardize  = "standardize"
	SettingSAGMaxIter   = "sag_max_iter"
	SettingSAGTol       = "sag_tol"
)

// Remedy is one change of configuration that a finding says would narrow
// the gap.
type Remedy struct {
	// Setting is the configuration setting (one of the Setting constants)
	// and Value its suggested value, as text ("zeros", "26700", "true").
	Setting string `json:"setting"`
	Value   string `json:"value"`
	// Flag is the same advice as a command-line flag. The library leaves it
	// empty: the front end fills it from Setting and Value with its own
	// mapping (for the nnlr command, its init flag with the value zeros).
	Flag string `json:"flag"`
	// Keras and Sklearn are the same advice in Keras and in scikit-learn
	// (empty when the setting has no counterpart there).
	Keras   string `json:"keras"`
	Sklearn string `json:"sklearn"`
}

// Item is one finding of the diagnosis.
type Item struct {
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// Side is the side the finding is about: SideGraph, SideBaseline or
	// SideBoth.
	Side string `json:"side"`
	// Summary is one sentence quoting Values; it names settings, never
	// flags.
	Summary string `json:"summary"`
	// Values holds the numbers the summary quotes, by name (angles in
	// degrees, gaps in objective units, distances in parameter units;
	// 0/1 for yes/no).
	Values map[string]float64 `json:"values"`
	// Columns names the feature columns the finding is about (constant or
	// dependent columns, the extreme scales), when any.
	Columns []string `json:"columns,omitempty"`
	// Remedies are the changes this finding suggests (already filtered:
	// none in force, none another finding calls useless, never seed).
	Remedies []Remedy `json:"remedies"`
	// NotHelpful lists the settings this finding says cannot help.
	NotHelpful []string `json:"not_helpful"`
}

// Verdict is the diagnosis in one sentence: which side lags and why.
type Verdict struct {
	// Lagging is SideGraph, SideBaseline, SideBoth or SideNeither.
	Lagging string `json:"lagging"`
	// Cause is the Kind of the finding that explains most of the gap (""
	// when the sides agree and nothing needs explaining).
	Cause string `json:"cause"`
	// Summary is the verdict's sentence; the text report leads with it.
	Summary string `json:"summary"`
}

// PenaltyScope states which parameters each side's L2 term covers.
type PenaltyScope struct {
	// GraphL2 is the graph's penalty strength l2 (the term (l2/2)·Σ‖W‖²
	// over every kernel; 0 for none) and BaselineAlpha the baseline's α =
	// 1/(C·n) on its coefficients (0 for none).
	GraphL2       float64 `json:"graph_l2"`
	BaselineAlpha float64 `json:"baseline_alpha"`
	// Kernels is how many kernel matrices the graph's term covers (every
	// layer's: hidden layers + 1); Bias is whether any bias is penalised
	// (never, on either side).
	Kernels int  `json:"kernels"`
	Bias    bool `json:"bias"`
	// Summary says the same in words.
	Summary string `json:"summary"`
}

// OptimumReport is the finite optimum of the shared objective (see
// NewtonOptimum) and each side's distance to it.
type OptimumReport struct {
	// Coef (d values) and Intercept are the minimiser, Objective its value.
	Coef      []float64 `json:"coef"`
	Intercept float64   `json:"intercept"`
	Objective float64   `json:"objective"`
	// L2 is the penalty of the objective minimised (the baseline's α).
	L2 float64 `json:"l2"`
	// GraphGap and BaselineGap are each side's objective minus the
	// optimum's, each on its own objective (graph: its l2; baseline: α);
	// nil when that side's objective has no finite minimum or (graph) it
	// has hidden layers.
	GraphGap    *float64 `json:"graph_gap"`
	BaselineGap *float64 `json:"baseline_gap"`
	// GraphDistance and BaselineDistance are ‖(w, b) − (w*, b*)‖₂ to the
	// side's own optimum (without a penalty and with rank-deficient
	// [X, 1]: the distance to the set of minimisers, within the span).
	GraphDistance    *float64 `json:"graph_distance"`
	BaselineDistance *float64 `json:"baseline_distance"`
}

// Tolerances of the verdict and of not_at_optimum.
const (
	// OptimumTol is the objective gap, relative to max(1, |F*|), within
	// which a side counts as at the optimum.
	OptimumTol = 1e-6
	// GradShare is the share of its starting ‖∇F‖∞ above which a side's
	// final gradient counts as still large.
	GradShare = 1e-3
	// BothShare: when both sides lag, the one whose gap (or angle to the
	// max margin) is below BothShare of the other's counts as not lagging;
	// otherwise both lag.
	BothShare = 0.5
	// AgreeProbabilityGap is the largest mean |p − p*| over the training
	// rows between a side's predicted probabilities and its own finite
	// optimum's (1 percentage point, as the 1 % offset share) for the
	// boundaries' agreement (within Criterion) to clear both sides
	// (verdict "neither"): a boundary at the optimum's with the logits'
	// scale still off (a stopping rule met early) is not agreement.
	AgreeProbabilityGap = 0.01
	// The graph is at the noise floor of constant-step mini-batch training
	// (batch size < n) when its ‖∇F‖∞ fell less than NoiseFloorDecrease-fold
	// over the last tenth of the epochs and rose at least NoiseFloorRises
	// times between NoiseFloorSamples + 1 evenly spaced epochs of that
	// tenth (a solver still converging decreases it at every sample). Its
	// remedies are then a smaller learning rate or the full batch: the
	// stationary spread of SGD grows with learning rate / batch size
	// (Mandt, Hoffman and Blei 2017), so more epochs or a larger rate do
	// not lower it.
	NoiseFloorDecrease = 2.0
	NoiseFloorRises    = 2
	NoiseFloorSamples  = 10
)

// settingSide is the side a setting acts on.
func settingSide(s string) string {
	switch s {
	case SettingSAGMaxIter, SettingSAGTol:
		return SideBaseline
	case SettingC, SettingStandardize:
		return SideBoth
	}
	return SideGraph
}

// num formats a value for a Remedy.
func num(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// roundUp2 rounds v up to two significant digits.
func roundUp2(v float64) float64 {
	if v <= 0 {
		return v
	}
	p := math.Pow(10, math.Floor(math.Log10(v))-1)
	return math.Ceil(v/p) * p
}

// iterations converts a suggested number of epochs or iterations to
// text, capped at 1e9.
func iterations(v float64) string {
	return strconv.Itoa(int(math.Min(roundUp2(v), 1e9)))
}

// roundDown2 rounds v down to two significant digits.
func roundDown2(v float64) float64 {
	if v <= 0 {
		return v
	}
	p := math.Pow(10, math.Floor(math.Log10(v))-1)
	return math.Floor(v/p) * p
}

// kerasOptimizer names the Keras optimizer class of a solver.
func kerasOptimizer(solver string) string {
	switch solver {
	case "adam":
		return "Adam"
	case "adamw":
		return "AdamW"
	case "rmsprop":
		return "RMSprop"
	case "adagrad":
		return "Adagrad"
	}
	return "SGD"
}

// remedy builds a Remedy with its Keras and scikit-learn forms; n is the
// number of samples (for the C ↔ l2 conversion) and solver the graph's.
func remedy(setting, value string, n int, solver string) Remedy {
	r := Remedy{Setting: setting, Value: value}
	switch setting {
	case SettingEpochs:
		r.Keras = fmt.Sprintf("model.fit(..., epochs=%s)", value)
	case SettingLearningRate:
		r.Keras = fmt.Sprintf("optimizer=%s(learning_rate=%s)", kerasOptimizer(solver), value)
	case SettingBatchSize:
		r.Keras = fmt.Sprintf("model.fit(..., batch_size=%s)", value)
	case SettingInit:
		r.Keras = fmt.Sprintf("Dense(1, activation=\"sigmoid\", kernel_initializer=%q)", value)
	case SettingSolver:
		r.Keras = fmt.Sprintf("optimizer=%s(...)", kerasOptimizer(value))
	case SettingC:
		c, err := strconv.ParseFloat(value, 64)
		if err == nil && c > 0 {
			// Keras's l2(λ) adds λ·‖w‖² to the loss; the shared objective
			// adds ‖w‖²/(2·C·n).
			r.Keras = fmt.Sprintf("Dense(1, activation=\"sigmoid\", kernel_regularizer=l2(%s))", num(1/(2*c*float64(n))))
		}
		r.Sklearn = fmt.Sprintf("LogisticRegression(C=%s)", value)
	case SettingStandardize:
		r.Keras = "x = StandardScaler().fit_transform(x) before model.fit"
		r.Sklearn = "make_pipeline(StandardScaler(), LogisticRegression(...))"
	case SettingSAGMaxIter:
		r.Sklearn = fmt.Sprintf("LogisticRegression(solver=\"sag\", max_iter=%s)", value)
	case SettingSAGTol:
		r.Sklearn = fmt.Sprintf("LogisticRegression(solver=\"sag\", tol=%s)", value)
	}
	return r
}

// inForce reports whether the remedy's setting already has its value in in.
func inForce(r Remedy, in Inputs) bool {
	switch r.Setting {
	case SettingInit:
		return r.Value == in.Init
	case SettingSolver:
		return r.Value == in.Solver
	case SettingStandardize:
		return r.Value == "true" && in.Standardized
	case SettingC:
		c, err := strconv.ParseFloat(r.Value, 64)
		n, _ := in.X.Dims()
		// C sets both sides' penalty: in force only when both have it.
		same := func(v float64) bool { return math.Abs(1/(c*float64(n))-v) <= 1e-9*v }
		return err == nil && in.Alpha > 0 && same(in.Alpha) && (in.HiddenLayers > 0 || same(in.L2))
	case SettingEpochs:
		return r.Value == strconv.Itoa(in.Epochs)
	case SettingSAGMaxIter:
		return r.Value == strconv.Itoa(in.SAGMaxIter)
	}
	return false
}

// settle filters every item's remedies (none in force, never seed, none
// that any item calls useless), then builds the verdict's deduplicated
// list: the cause's remedies first, then the others in item order, keeping
// those aimed at the lagging side (settings acting on both sides always;
// with SideNeither only the cause's), one per setting.
func settle(items []Item, v Verdict, in Inputs) []Remedy {
	useless := map[string]bool{SettingSeed: true}
	for _, it := range items {
		for _, s := range it.NotHelpful {
			useless[s] = true
		}
	}
	for k := range items {
		kept := items[k].Remedies[:0]
		for _, r := range items[k].Remedies {
			if !useless[r.Setting] && !inForce(r, in) {
				kept = append(kept, r)
			}
		}
		items[k].Remedies = kept
	}
	order := make([]int, 0, len(items))
	for k, it := range items {
		if it.Kind == v.Cause {
			order = append(order, k)
		}
	}
	for k, it := range items {
		if it.Kind != v.Cause {
			order = append(order, k)
		}
	}
	seen := map[string]bool{}
	out := []Remedy{}
	for _, k := range order {
		for _, r := range items[k].Remedies {
			side := settingSide(r.Setting)
			switch {
			case seen[r.Setting]:
				continue
			case v.Lagging == SideNeither && items[k].Kind != v.Cause:
				continue
			case v.Lagging == SideGraph && side == SideBaseline, v.Lagging == SideBaseline && side == SideGraph:
				continue
			}
			seen[r.Setting] = true
			out = append(out, r)
		}
	}
	return out
}

// settingList joins settings for a summary: "init or C".
func settingList(rs []Remedy) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = fmt.Sprintf("%s = %s", r.Setting, r.Value)
	}
	return strings.Join(names, " or ")
}

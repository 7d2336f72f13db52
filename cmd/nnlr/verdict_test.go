package main

import (
	"encoding/json"
	"strings"
	"testing"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/explain"
)

// Every setting a remedy can name has its flag, and each flag exists on
// nnlr compare.
func TestRemedyFlagsCoverEverySetting(t *testing.T) {
	t.Parallel()
	cmd := newCompareCmd(nil)
	for _, s := range []string{explain.SettingEpochs, explain.SettingLearningRate, explain.SettingBatchSize, explain.SettingInit,
		explain.SettingSeed, explain.SettingSolver, explain.SettingC, explain.SettingStandardize,
		explain.SettingSAGMaxIter, explain.SettingSAGTol} {
		f := settingFlag(s)
		if f == "" || cmd.Flags().Lookup(strings.TrimPrefix(f, "--")) == nil {
			t.Errorf("setting %s: flag %q is not a flag of nnlr compare", s, f)
		}
	}
}

// --baseline sklearn-default compares against LogisticRegression()'s
// defaults (L-BFGS, C = 1): the text names it, the JSON's baseline is
// lbfgs with C 1, every remedy carries its flag, and the penalty finding
// is made.
func TestCompareBaselineSklearnDefault(t *testing.T) {
	t.Parallel()
	cfg, _, err := parseCompare(t, dataset.Seed(), "--baseline", "sklearn-default")
	if err != nil || cfg.Baseline != experiment.BaselineSklearnDefault {
		t.Fatalf("--baseline sklearn-default: %v, baseline %q", err, cfg.Baseline)
	}
	if _, _, err := parseCompare(t, dataset.Seed(), "--baseline", "lbfgs"); err == nil || !strings.Contains(err.Error(), "--baseline") {
		t.Errorf("--baseline lbfgs: error %v, want one naming --baseline", err)
	}
	_, stdout, _ := nnlr(t, "compare", "--baseline", "sklearn-default", "--json", "--out", t.TempDir())
	var rep struct {
		Baseline struct {
			Solver string
			C      *float64
		}
		Diagnosis struct {
			Items []struct {
				Kind     string
				Values   map[string]float64
				Remedies []explain.Remedy
			}
			Verdict  explain.Verdict
			Remedies []explain.Remedy
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Baseline.Solver != "lbfgs" || rep.Baseline.C == nil || *rep.Baseline.C != 1 {
		t.Errorf("baseline %+v, want lbfgs with C 1", rep.Baseline)
	}
	// On the seed rows C = 1 shrinks the coefficients along (1, 1), the
	// max margin's direction: the penalty is reported, but the tilt of the
	// null space, not the penalty, explains the angle.
	penalty := false
	for _, it := range rep.Diagnosis.Items {
		if it.Kind == explain.KindPenalty && it.Values["baseline_alpha"] == 0.5 && it.Values["graph_l2"] == 0 {
			penalty = true
		}
	}
	if !penalty || rep.Diagnosis.Verdict.Cause != explain.KindNullSpace {
		t.Errorf("items %+v, verdict %+v: want a penalty item (α = 1/(1·2)) and the null space as cause", rep.Diagnosis.Items, rep.Diagnosis.Verdict)
	}
	if len(rep.Diagnosis.Remedies) == 0 {
		t.Fatal("no remedies")
	}
	for _, r := range rep.Diagnosis.Remedies {
		if r.Flag != settingFlag(r.Setting)+" "+r.Value {
			t.Errorf("remedy %+v: flag not filled from the setting", r)
		}
	}
}

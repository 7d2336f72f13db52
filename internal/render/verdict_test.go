package render

import (
	"bytes"
	"strings"
	"testing"

	"nnlr/experiment"
	"nnlr/internal/explain"
)

// The text renderer reads the verdict, the items and the remedies from the
// report and computes nothing: a hand-made diagnosis is rendered as given
// (the footer from its verdict and remedies, no step budget of its own).
func TestTextRendersTheDiagnosisAsGiven(t *testing.T) {
	rep := &report{Data: experiment.DataReport{Name: "made", Samples: 2, Features: []string{"x1", "x2"}},
		Graph: experiment.GraphReport{Solver: "sgd", Epochs: 100, BatchSize: 1, LearningRate: 0.01,
			Kernel: []float64{1, 2}, InitialKernel: []float64{0, 0}, Init: "zeros"},
		Baseline: experiment.BaselineReport{Solver: "sag", Coef: []float64{3, 3}, NIter: 7, StepSize: 0.5}}
	rem := explain.Remedy{Setting: explain.SettingSAGMaxIter, Value: "3000", Flag: "--sag-max-iter 3000"}
	rep.Diagnosis = &explain.Diagnosis{
		Items: []explain.Item{{Kind: explain.KindNotAtOptimum, Side: explain.SideBaseline, Summary: "Made up: SAG stops short.",
			Remedies: []explain.Remedy{rem}}},
		Verdict:      explain.Verdict{Lagging: explain.SideBaseline, Cause: explain.KindNotAtOptimum, Summary: "The baseline lags (made up)."},
		Remedies:     []explain.Remedy{rem},
		PenaltyScope: explain.PenaltyScope{Summary: "every kernel, no bias"},
	}
	var out bytes.Buffer
	if err := Text(&out, rep); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	lines := strings.Split(text, "\n")
	for _, want := range []string{
		"  1. [baseline] Made up: SAG stops short.\n",
		"  Penalty scope: every kernel, no bias.\n",
		"  --sag-max-iter 3000  from: not at optimum\n",
		"The baseline lags (main cause: not at optimum): try --sag-max-iter 3000.\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if lines[1] != "Verdict: The baseline lags (made up)." {
		t.Errorf("second line %q, want the verdict", lines[1])
	}
	if strings.Contains(text, "steps of learning rate") || strings.Contains(text, "--epochs") {
		t.Errorf("the renderer recomputed advice:\n%s", text)
	}
	rep.Diagnosis.Remedies, rep.Diagnosis.Verdict = []explain.Remedy{}, explain.Verdict{Lagging: explain.SideNeither, Summary: "Neither side lags."}
	out.Reset()
	if err := Text(&out, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Neither side lags: no change of settings is suggested.\n") {
		t.Errorf("footer without remedies:\n%s", out.String())
	}
}

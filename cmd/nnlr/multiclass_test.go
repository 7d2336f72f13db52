package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// classJSON is the part of compare's k-class JSON the tests read.
type classJSON struct {
	Data struct {
		Classes     []string `json:"classes"`
		ClassCounts []int    `json:"class_counts"`
	} `json:"data"`
	Graph struct {
		Output string      `json:"output"`
		Kernel [][]float64 `json:"kernel"`
		Bias   []float64   `json:"bias"`
	} `json:"graph"`
	Baseline struct {
		Coef      [][]float64 `json:"coef"`
		Intercept []float64   `json:"intercept"`
	} `json:"baseline"`
	Agreement struct {
		TrainAgreement float64 `json:"train_agreement"`
		PerClass       []struct {
			Class string `json:"class"`
		} `json:"per_class"`
	} `json:"agreement"`
	Diagnosis *struct {
		Items []struct {
			Kind string `json:"kind"`
		} `json:"items"`
		Remedies []struct {
			Flag string `json:"flag"`
		} `json:"remedies"`
	} `json:"diagnosis"`
	Figures []string `json:"figures"`
}

func runClassJSON(t *testing.T, args ...string) classJSON {
	t.Helper()
	args = append([]string{"compare", "--json", "--quiet", "--out", t.TempDir()}, args...)
	code, stdout, stderr := nnlr(t, args...)
	if code != 0 {
		t.Fatalf("nnlr %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	var rep classJSON
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("decode: %v\n%s", err, stdout)
	}
	return rep
}

func checkMatrix(t *testing.T, what string, m [][]float64, rows, cols int) {
	t.Helper()
	if len(m) != rows {
		t.Fatalf("%s: %d rows, want %d", what, len(m), rows)
	}
	for _, r := range m {
		if len(r) != cols {
			t.Fatalf("%s: a row of %d values, want %d", what, len(r), cols)
		}
	}
}

// nnlr compare --dataset iris and --dataset wine run three classes: the
// kernel d × k, coef k × d, the classes in order, four figures, a
// diagnosis with flags for its remedies.
func TestCompareIrisWineMulticlass(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		d       int
		classes string
	}{{"iris", 4, "setosa,versicolor,virginica"}, {"wine", 13, "class_0,class_1,class_2"}} {
		t.Run(c.name, func(t *testing.T) {
			rep := runClassJSON(t, "--dataset", c.name, "--epochs", "3", "--sag-max-iter", "5")
			if got := strings.Join(rep.Data.Classes, ","); got != c.classes {
				t.Errorf("classes %s, want %s", got, c.classes)
			}
			checkMatrix(t, "graph.kernel", rep.Graph.Kernel, c.d, 3)
			checkMatrix(t, "baseline.coef", rep.Baseline.Coef, 3, c.d)
			if len(rep.Graph.Bias) != 3 || len(rep.Baseline.Intercept) != 3 || len(rep.Agreement.PerClass) != 3 || rep.Graph.Output != "softmax" {
				t.Errorf("bias %v, intercept %v, per class %d, output %q", rep.Graph.Bias, rep.Baseline.Intercept, len(rep.Agreement.PerClass), rep.Graph.Output)
			}
			if len(rep.Figures) != 4 {
				t.Errorf("figures %v, want classes, loss, evolution, angle", rep.Figures)
			}
			for _, f := range rep.Figures {
				if st, err := os.Stat(f); err != nil || st.Size() == 0 {
					t.Errorf("figure %s: %v", f, err)
				}
			}
			if rep.Diagnosis == nil || len(rep.Diagnosis.Items) == 0 {
				t.Fatal("no diagnosis items")
			}
			for _, r := range rep.Diagnosis.Remedies {
				if !strings.HasPrefix(r.Flag, "--") {
					t.Errorf("remedy flag %q", r.Flag)
				}
			}
		})
	}
}

// Standardised wine with --C: the network trained long enough predicts
// SAG's class on every training point (CLI end to end).
func TestCompareWineStandardisedAgrees(t *testing.T) {
	t.Parallel()
	rep := runClassJSON(t, "--dataset", "wine", "--standardize", "--C", "1", "--epochs", "300", "--lr", "0.1")
	if rep.Agreement.TrainAgreement != 1 {
		t.Errorf("train agreement %v, want 1", rep.Agreement.TrainAgreement)
	}
}

// --classes A,B still picks two classes: the binary report's flat kernel.
func TestCompareClassesFlagStaysBinary(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := nnlr(t, "compare", "--json", "--quiet", "--out", t.TempDir(), "--dataset", "iris",
		"--classes", "versicolor,virginica", "--epochs", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Data struct {
			Classes [2]string `json:"classes"`
		} `json:"data"`
		Graph struct {
			Kernel []float64 `json:"kernel"`
			Bias   float64   `json:"bias"`
		} `json:"graph"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("binary layout: %v", err)
	}
	if len(rep.Graph.Kernel) != 4 || rep.Data.Classes != [2]string{"versicolor", "virginica"} {
		t.Errorf("kernel %v, classes %v", rep.Graph.Kernel, rep.Data.Classes)
	}
}

// A CSV file whose label has three values runs multi-class without
// --classes; text output names the classes and the per-class agreement.
func TestCompareCSVThreeClasses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := writeFile(t, dir, "three.csv", "a,b,y\n0,0,r\n0.2,0.1,r\n1,0,g\n1.1,0.2,g\n0,1,b\n0.1,1.2,b\n")
	code, stdout, stderr := nnlr(t, "compare", "--quiet", "--out", filepath.Join(dir, "out"), "--data", data, "--epochs", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"3 classes", `"b" (2 rows), "g" (2 rows), "r" (2 rows)`, "Agreement per class", "Diagnosis:", "Wrote "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// --output softmax on binary data trains Dense(2, softmax); from zeros
// with full-batch SGD at learning rate η its w₁ − w₀ equals Dense(1,
// sigmoid)'s kernel at 2η (the logit difference z₁ − z₀ follows the
// sigmoid's logit).
func TestOutputSoftmaxBinary(t *testing.T) {
	t.Parallel()
	args := []string{"--dataset", "iris", "--classes", "versicolor,virginica", "--standardize", "--init", "zeros",
		"--batch-size", "100", "--epochs", "50"}
	soft := runClassJSON(t, append(args, "--output", "softmax", "--lr", "0.05")...)
	checkMatrix(t, "graph.kernel", soft.Graph.Kernel, 4, 2)
	checkMatrix(t, "baseline.coef", soft.Baseline.Coef, 2, 4)
	var sig struct {
		Graph struct {
			Kernel []float64 `json:"kernel"`
			Bias   float64   `json:"bias"`
		} `json:"graph"`
	}
	code, stdout, stderr := nnlr(t, append([]string{"compare", "--json", "--quiet", "--out", t.TempDir()}, append(args, "--lr", "0.1")...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := json.Unmarshal([]byte(stdout), &sig); err != nil {
		t.Fatal(err)
	}
	for j, w := range sig.Graph.Kernel {
		if d := soft.Graph.Kernel[j][1] - soft.Graph.Kernel[j][0]; math.Abs(d-w) > 1e-10 {
			t.Errorf("feature %d: w₁ − w₀ = %.12g, sigmoid kernel %.12g", j, d, w)
		}
	}
	if d := soft.Graph.Bias[1] - soft.Graph.Bias[0]; math.Abs(d-sig.Graph.Bias) > 1e-10 {
		t.Errorf("b₁ − b₀ = %.12g, sigmoid bias %.12g", d, sig.Graph.Bias)
	}
}

// Usage errors: --output sigmoid on three classes, an unknown --output;
// nnlr sweep stays binary with a clear error.
func TestMulticlassErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"compare", "--dataset", "iris", "--output", "sigmoid"}, 2, "--output sigmoid: the label has 3 classes"},
		{[]string{"compare", "--dataset", "iris", "--output", "relu"}, 2, "--output: output \"relu\": want sigmoid or softmax"},
		{[]string{"compare", "--dataset", "iris", "--runs", "2"}, 2, "--runs 2: a comparison of k classes trains one network"},
		{[]string{"sweep", "--dataset", "iris"}, 1, "nnlr sweep compares two classes"},
		{[]string{"compare", "--dataset", "wine", "--baseline", "sklearn-default"}, 2, "--baseline sklearn-default: with k classes the baseline is multinomial SAG"},
	} {
		code, _, stderr := nnlr(t, append(c.args, "--quiet", "--out", t.TempDir())...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("nnlr %s: exit %d, %q; want exit %d and %q", strings.Join(c.args, " "), code, stderr, c.code, c.want)
		}
	}
}

// A k-class run keeps every epoch's series, so 1e12 epochs on iris are
// refused before training with the memory needed and the flags to lower.
func TestCompareClassesRefusesWhatWillNotFit(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := nnlr(t, "compare", "--dataset", "iris", "--epochs", "1e12", "--out", t.TempDir())
	if code != 1 || stdout != "" || !strings.Contains(stderr, "of memory (15 parameters per network)") || !strings.Contains(stderr, "use fewer --epochs") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

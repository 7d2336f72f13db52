package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"nnlr/dataset"
	"nnlr/internal/explain"
)

// loadClasses returns a built-in data set with all its classes,
// standardised.
func loadClasses(t *testing.T, name string) *dataset.Dataset {
	t.Helper()
	b, err := dataset.LookupBuiltin(name)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := b.Load(dataset.Options{Multiclass: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return dataset.Standardize(ds)
}

// On standardised iris and wine with C = 1, SAG reaches the penalised
// optimum (Newton, explain.ClassNewtonOptimum) and the network trained long
// enough predicts the same class as SAG on every training point.
func TestCompareClassesIrisWine(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"iris", "wine"} {
		t.Run(name, func(t *testing.T) {
			ds := loadClasses(t, name)
			cfg := DefaultCompareConfig()
			cfg.C = 1
			cfg.Fit.Epochs, cfg.Fit.LearningRate = 500, 0.5
			cfg.SAG.MaxIter = 1000
			rep, err := CompareClasses(context.Background(), ds, cfg)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := ds.X.Dims()
			opt, err := explain.ClassNewtonOptimum(ds.X, ds.Y, 3, 1/float64(n))
			if err != nil {
				t.Fatal(err)
			}
			if gap := rep.Baseline.Objective - opt.Objective; math.Abs(gap) > 1e-6 {
				t.Errorf("SAG objective %.12g, Newton %.12g (gap %.3g)", rep.Baseline.Objective, opt.Objective, gap)
			}
			for c, row := range rep.Baseline.Coef {
				for j, v := range row {
					if math.Abs(v-opt.Kernel[j][c]) > 1e-4 {
						t.Errorf("coef[%d][%d] = %.8g, Newton %.8g", c, j, v, opt.Kernel[j][c])
					}
				}
			}
			if rep.Agreement.TrainAgreement != 1 {
				t.Errorf("train agreement %v, want 1 (confusion %v)", rep.Agreement.TrainAgreement, rep.Agreement.Confusion)
			}
			if g := rep.Agreement.ObjectiveGap; !(g >= -1e-9 && g < 1e-3) {
				t.Errorf("objective gap %v, want in [0, 1e-3)", g)
			}
			t.Logf("%s: graph loss %.6g, SAG %.6g, gap %.3g, grid agreement %.4g, SAG n_iter %d", name, rep.Graph.Loss, rep.Baseline.Loss, rep.Agreement.ObjectiveGap, rep.Agreement.GridAgreement, rep.Baseline.NIter)
			if rep.Diagnosis == nil {
				t.Fatal("no diagnosis")
			}
			t.Logf("verdict: %s", rep.Diagnosis.Verdict.Summary)
			for _, f := range rep.Diagnosis.Findings {
				t.Log(f)
			}
		})
	}
}

// The JSON layout for k = 3: kernels d × k (nested), biases k values,
// coefficients k × d, intercepts k values, classes in data.classes order.
func TestCompareClassesJSONLayout(t *testing.T) {
	t.Parallel()
	ds := loadClasses(t, "iris")
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 3
	cfg.SAG.MaxIter = 5
	rep, err := CompareClasses(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Data struct {
			Classes     []string `json:"classes"`
			ClassCounts []int    `json:"class_counts"`
		} `json:"data"`
		Graph struct {
			Output        string            `json:"output"`
			Kernel        [][]float64       `json:"kernel"`
			InitialKernel [][]float64       `json:"initial_kernel"`
			Bias          []float64         `json:"bias"`
			InitialBias   []float64         `json:"initial_bias"`
			Layers        []json.RawMessage `json:"layers"`
		} `json:"graph"`
		Baseline struct {
			Coef      [][]float64 `json:"coef"`
			Intercept []float64   `json:"intercept"`
		} `json:"baseline"`
		Agreement struct {
			TrainAgreement *float64 `json:"train_agreement"`
			ObjectiveGap   *float64 `json:"objective_gap"`
			PerClass       []struct {
				Class    string   `json:"class"`
				AngleDeg *float64 `json:"angle_deg"`
			} `json:"per_class"`
		} `json:"agreement"`
		Diagnosis struct {
			Items   []explain.Item  `json:"items"`
			Verdict explain.Verdict `json:"verdict"`
		} `json:"diagnosis"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	want := []string{"setosa", "versicolor", "virginica"}
	if len(v.Data.Classes) != 3 || len(v.Data.ClassCounts) != 3 {
		t.Fatalf("classes %v, counts %v", v.Data.Classes, v.Data.ClassCounts)
	}
	for c, name := range want {
		if v.Data.Classes[c] != name || v.Agreement.PerClass[c].Class != name {
			t.Errorf("class %d: %q, per class %q, want %q", c, v.Data.Classes[c], v.Agreement.PerClass[c].Class, name)
		}
	}
	if v.Graph.Output != "softmax" {
		t.Errorf("output %q", v.Graph.Output)
	}
	check := func(what string, m [][]float64, rows, cols int) {
		if len(m) != rows {
			t.Errorf("%s: %d rows, want %d", what, len(m), rows)
		}
		for _, r := range m {
			if len(r) != cols {
				t.Errorf("%s: a row of %d, want %d", what, len(r), cols)
			}
		}
	}
	check("graph.kernel", v.Graph.Kernel, 4, 3)
	check("graph.initial_kernel", v.Graph.InitialKernel, 4, 3)
	check("baseline.coef", v.Baseline.Coef, 3, 4)
	if len(v.Graph.Bias) != 3 || len(v.Graph.InitialBias) != 3 || len(v.Baseline.Intercept) != 3 {
		t.Errorf("bias %v, initial %v, intercept %v: want 3 values each", v.Graph.Bias, v.Graph.InitialBias, v.Baseline.Intercept)
	}
	// The kernel's layout: kernel[j][c] is column c of the network's output
	// kernel, as the report's Go value has it, and coef[c][j] SAG's row c.
	for j := range v.Graph.Kernel {
		for c := range v.Graph.Kernel[j] {
			if v.Graph.Kernel[j][c] != rep.Graph.Kernel[j][c] || v.Baseline.Coef[c][j] != rep.Baseline.Coef[c][j] {
				t.Fatalf("layout differs at feature %d, class %d", j, c)
			}
		}
	}
	if v.Agreement.TrainAgreement == nil || v.Agreement.ObjectiveGap == nil {
		t.Error("agreement.train_agreement or objective_gap missing")
	}
	if len(v.Diagnosis.Items) == 0 || v.Diagnosis.Verdict.Lagging == "" {
		t.Errorf("diagnosis items %d, verdict %+v", len(v.Diagnosis.Items), v.Diagnosis.Verdict)
	}
}

// Compare and Sweep compare two classes: k-class data is an error naming
// the count, and CompareClasses refuses runs > 1 and an explicit kernel by
// setting.
func TestTwoClassEntryPointsRefuseK(t *testing.T) {
	t.Parallel()
	ds := loadClasses(t, "iris")
	if _, err := Compare(context.Background(), ds, DefaultCompareConfig()); err == nil || !strings.Contains(err.Error(), "3 classes") {
		t.Errorf("Compare: %v", err)
	}
	if _, err := Sweep(context.Background(), ds, DefaultSweepConfig()); err == nil || !strings.Contains(err.Error(), "3 classes") {
		t.Errorf("Sweep: %v", err)
	}
	for setting, change := range map[string]func(*CompareConfig){
		"runs": func(c *CompareConfig) { c.Runs = 2 },
		"init": func(c *CompareConfig) { c.Init, c.InitialKernel = InitExplicit, []float64{1, 2, 3, 4} },
	} {
		cfg := DefaultCompareConfig()
		change(&cfg)
		var se *SettingError
		if _, err := CompareClasses(context.Background(), ds, cfg); !errors.As(err, &se) || se.Setting != setting {
			t.Errorf("%s: %v", setting, err)
		}
	}
}

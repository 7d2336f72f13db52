package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"nnlr/train"
)

// graphJSON is the part of the JSON report these tests read.
type graphJSON struct {
	Solver        string             `json:"solver"`
	LearningRate  float64            `json:"learning_rate"`
	Dtype         string             `json:"dtype"`
	InitialKernel []float64          `json:"initial_kernel"`
	InitialBias   float64            `json:"initial_bias"`
	Kernel        []float64          `json:"kernel"`
	Bias          float64            `json:"bias"`
	SolverParams  map[string]float64 `json:"solver_params"`
	Clip          *float64           `json:"clip"`
	L2            *float64           `json:"l2"`
	Init          string             `json:"init"`
}

type reportJSON struct {
	Graph     graphJSON `json:"graph"`
	Baseline  struct{ Coef []float64 }
	Agreement struct {
		AngleDeg *float64 `json:"angle_deg"`
	} `json:"agreement"`
}

// runCompareJSON runs nnlr compare --json with args and returns the parsed
// report; it fails the test unless the exit code is 0.
func runCompareJSON(t *testing.T, args ...string) reportJSON {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args = append([]string{"compare", "--json", "--out", t.TempDir()}, args...)
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("nnlr %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr.String())
	}
	var rep reportJSON
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("nnlr %s: stdout is not JSON: %v", strings.Join(args, " "), err)
	}
	return rep
}

// runUsage runs nnlr with args, requires exit code 2 and returns stderr.
func runUsage(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args = append(args, "--out", t.TempDir())
	if code := run(args, &stdout, &stderr); code != 2 {
		t.Fatalf("nnlr %s: exit %d, want 2 (stderr %q)", strings.Join(args, " "), code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("nnlr %s: wrote %q to stdout on a usage error", strings.Join(args, " "), stdout.String())
	}
	if n := strings.Count(strings.TrimSpace(stderr.String()), "\n"); n != 0 {
		t.Errorf("nnlr %s: error is %d lines, want one: %q", strings.Join(args, " "), n+1, stderr.String())
	}
	return stderr.String()
}

// TestCompareSwitchingSolvers runs the seed experiment from one explicit
// start with every solver: each reports its own name and Keras's default
// hyper-parameters, and each ends at different parameters from sgd's.
func TestCompareSwitchingSolvers(t *testing.T) {
	t.Parallel()
	sgd := runCompareJSON(t, "--init", "0.5,-0.3,0.1")
	for _, info := range train.Solvers() {
		rep := runCompareJSON(t, "--init", "0.5,-0.3,0.1", "--solver", info.Name)
		g := rep.Graph
		if g.Solver != info.Name {
			t.Errorf("--solver %s: report names solver %q", info.Name, g.Solver)
		}
		if len(g.SolverParams) != len(info.Hyperparameters) {
			t.Errorf("--solver %s: solver_params %v, want exactly %d", info.Name, g.SolverParams, len(info.Hyperparameters))
		}
		for _, h := range info.Hyperparameters {
			if v, ok := g.SolverParams[h.Name]; !ok || v != h.Default {
				t.Errorf("--solver %s: solver_params[%s] = %v, want the default %v", info.Name, h.Name, v, h.Default)
			}
		}
		if g.LearningRate != g.SolverParams["learning_rate"] {
			t.Errorf("--solver %s: learning_rate %v, solver_params %v", info.Name, g.LearningRate, g.SolverParams["learning_rate"])
		}
		if info.Name == "sgd" {
			continue
		}
		if g.Kernel[0] == sgd.Graph.Kernel[0] && g.Kernel[1] == sgd.Graph.Kernel[1] && g.Bias == sgd.Graph.Bias {
			t.Errorf("--solver %s ends where sgd does: kernel %v, bias %v", info.Name, g.Kernel, g.Bias)
		}
	}
}

// TestCompareLearningRateDefault: --lr defaults to the solver's default
// (0.01 for sgd, 0.001 for adam) and, when given, overrides it.
func TestCompareLearningRateDefault(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want float64
	}{
		{nil, 0.01},
		{[]string{"--solver", "adam"}, 0.001},
		{[]string{"--solver", "adam", "--lr", "0.05"}, 0.05},
		{[]string{"--solver", "momentum", "--momentum", "0.5", "--lr", "0.02"}, 0.02},
	} {
		g := runCompareJSON(t, append(tc.args, "--epochs", "2")...).Graph
		if g.LearningRate != tc.want {
			t.Errorf("%v: learning_rate %v, want %v", tc.args, g.LearningRate, tc.want)
		}
	}
	g := runCompareJSON(t, "--solver", "momentum", "--momentum", "0.5", "--clip", "0.2", "--l2", "0.01", "--epochs", "2").Graph
	if g.SolverParams["momentum"] != 0.5 || g.Clip == nil || *g.Clip != 0.2 || g.L2 == nil || *g.L2 != 0.01 {
		t.Errorf("momentum 0.5, clip 0.2, l2 0.01: report has %v, clip %v, l2 %v", g.SolverParams, g.Clip, g.L2)
	}
	if g := runCompareJSON(t, "--epochs", "2").Graph; g.Clip != nil || g.L2 == nil || *g.L2 != 0 || g.Init != "glorot_uniform" {
		t.Errorf("defaults: clip %v (want null), l2 %v (want 0), init %q", g.Clip, g.L2, g.Init)
	}
}

func TestCompareUnknownSolverExits2(t *testing.T) {
	t.Parallel()
	msg := runUsage(t, "compare", "--solver", "lbfgs")
	for _, want := range append([]string{"--solver", "lbfgs"}, train.SolverNames()...) {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
}

// TestCompareUnusedFlagExits2: a hyper-parameter flag the solver does not
// read is an error naming the flag and the solver, for every such pair.
func TestCompareUnusedFlagExits2(t *testing.T) {
	t.Parallel()
	for _, info := range train.Solvers() {
		for _, h := range hyperFlags {
			if info.Uses(h.param) {
				continue
			}
			msg := runUsage(t, "compare", "--solver", info.Name, "--"+h.flag, "0.5")
			if !strings.Contains(msg, "--"+h.flag) || !strings.Contains(msg, info.Name) {
				t.Errorf("--solver %s --%s: error %q does not name the flag and the solver", info.Name, h.flag, msg)
			}
		}
	}
}

func TestCompareBadSolverValuesExit2(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"--lr", "0"}, "--lr"},
		{[]string{"--lr", "-0.1"}, "--lr"},
		{[]string{"--solver", "adam", "--beta1", "1"}, "--beta1"},
		{[]string{"--solver", "adam", "--epsilon", "0"}, "--epsilon"},
		{[]string{"--solver", "rmsprop", "--rho", "-0.5"}, "--rho"},
		{[]string{"--solver", "nesterov", "--momentum", "1.5"}, "--momentum"},
		{[]string{"--solver", "adamw", "--weight-decay", "-1"}, "--weight-decay"},
		{[]string{"--solver", "adagrad", "--initial-accumulator", "-1"}, "--initial-accumulator"},
		{[]string{"--clip", "0"}, "--clip"},
		{[]string{"--l2", "-1"}, "--l2"},
		{[]string{"--dtype", "float16"}, "--dtype"},
		{[]string{"--init", "ones"}, "--init"},
		{[]string{"--init", "1,x,2"}, "--init"},
		{[]string{"--init", "1,2"}, "--init"},
		{[]string{"--init", "1,2,3,4"}, "--init"},
	} {
		msg := runUsage(t, append([]string{"compare"}, tc.args...)...)
		if !strings.Contains(msg, tc.flag) {
			t.Errorf("%v: error %q does not name %s", tc.args, msg, tc.flag)
		}
	}
}

// TestCompareInitAndDtype: --init zeros starts at zero and, on the seed
// problem whose points lie on x1 = x2, keeps the two kernel entries equal,
// so the boundary normal is exactly parallel to the regression's (angle
// 0°); an explicit --init is the initial kernel and bias; --dtype float32
// agrees with float64 to 1e-5.
func TestCompareInitAndDtype(t *testing.T) {
	t.Parallel()
	for _, solver := range []string{"sgd", "adam"} {
		rep := runCompareJSON(t, "--init", "zeros", "--solver", solver)
		g := rep.Graph
		if g.Init != "zeros" || g.InitialKernel[0] != 0 || g.InitialKernel[1] != 0 || g.InitialBias != 0 {
			t.Errorf("%s --init zeros: init %q, initial kernel %v, bias %v", solver, g.Init, g.InitialKernel, g.InitialBias)
		}
		if g.Kernel[0] != g.Kernel[1] || g.Kernel[0] == 0 {
			t.Errorf("%s --init zeros: kernel %v, want two equal nonzero entries", solver, g.Kernel)
		}
		if a := rep.Agreement.AngleDeg; a == nil || *a != 0 {
			t.Errorf("%s --init zeros: angle %v, want 0", solver, a)
		}
	}
	f64 := runCompareJSON(t, "--init", "0.5,-0.3,0.1").Graph
	if f64.Init != "explicit" || f64.InitialKernel[0] != 0.5 || f64.InitialKernel[1] != -0.3 || f64.InitialBias != 0.1 || f64.Dtype != "float64" {
		t.Errorf("--init 0.5,-0.3,0.1: init %q, initial kernel %v, bias %v, dtype %s", f64.Init, f64.InitialKernel, f64.InitialBias, f64.Dtype)
	}
	f32 := runCompareJSON(t, "--init", "0.5,-0.3,0.1", "--dtype", "float32").Graph
	if f32.Dtype != "float32" {
		t.Errorf("--dtype float32: report says %q", f32.Dtype)
	}
	got, want := append(f32.Kernel, f32.Bias), append(f64.Kernel, f64.Bias)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-5*math.Max(1, math.Abs(want[i])) {
			t.Errorf("float32 %v, float64 %v: differ by more than 1e-5", got, want)
			break
		}
	}
}

// TestSolversCommand: nnlr solvers lists every solver with its rule, its
// hyper-parameter flags and their defaults.
func TestSolversCommand(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"solvers"}, &stdout, &stderr); code != 0 {
		t.Fatalf("nnlr solvers: exit %d, stderr %q", code, stderr.String())
	}
	out := stdout.String()
	for _, info := range train.Solvers() {
		i := strings.Index(out, "\n"+info.Name+"   (")
		if i < 0 {
			t.Errorf("no entry for %s", info.Name)
			continue
		}
		entry := out[i+1:]
		if j := strings.Index(entry, "\n\n"); j >= 0 {
			entry = entry[:j]
		}
		for _, line := range info.Rule {
			if !strings.Contains(entry, line) {
				t.Errorf("%s: rule line %q missing", info.Name, line)
			}
		}
		for _, h := range info.Hyperparameters {
			if !strings.Contains(entry, "--"+flagName(h.Name)+" ") || !strings.Contains(entry, h.Symbol) {
				t.Errorf("%s: hyper-parameter --%s (%s) missing:\n%s", info.Name, flagName(h.Name), h.Symbol, entry)
			}
		}
		if !strings.Contains(entry, info.Implementation) {
			t.Errorf("%s: implementation note missing", info.Name)
		}
	}
	if strings.Contains(out, "\nadam ") && !strings.Contains(out, "--lr 0.001") {
		t.Errorf("adam's default learning rate 0.001 not listed")
	}
}

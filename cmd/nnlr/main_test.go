package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nnlr runs the command in-process and returns its exit code, stdout and stderr.
func nnlr(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCompareJSONEndToEnd(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := nnlr(t, "compare", "--json", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	rep := map[string]map[string]any{}
	for k, v := range raw {
		if obj, ok := v.(map[string]any); ok {
			rep[k] = obj
		}
	}
	for _, key := range []string{"graph.kernel", "graph.bias", "graph.loss", "graph.accuracy", "graph.auc",
		"graph.epochs", "baseline.coef", "baseline.intercept", "baseline.loss", "baseline.n_iter",
		"baseline.converged", "agreement.angle_deg"} {
		obj, field, _ := strings.Cut(key, ".")
		if _, ok := rep[obj][field]; !ok {
			t.Errorf("JSON lacks %s", key)
		}
	}
	if k, ok := rep["graph"]["kernel"].([]any); !ok || len(k) != 2 {
		t.Errorf("graph.kernel = %v, want 2 values", rep["graph"]["kernel"])
	}
	if n := rep["baseline"]["n_iter"]; n != float64(300) {
		t.Errorf("baseline.n_iter = %v, want 300", n)
	}
	if rep["graph"]["epochs"] != float64(100) {
		t.Errorf("graph.epochs = %v, want 100", rep["graph"]["epochs"])
	}
	f, err := os.Open(filepath.Join(dir, "boundary.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("boundary.png is not a PNG: %v", err)
	}
	if cfg.Height < 480 || cfg.Height > 700 || cfg.Width < 400 || cfg.Width > 560 {
		t.Errorf("boundary.png is %d × %d, want 480 high (more with the legend below) and about as wide", cfg.Width, cfg.Height)
	}
}

func TestCompareSameSeedSameJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, a, _ := nnlr(t, "compare", "--json", "--out", dir, "--seed", "4")
	_, b, _ := nnlr(t, "compare", "--json", "--out", dir, "--seed", "4")
	_, c, _ := nnlr(t, "compare", "--json", "--out", dir, "--seed", "5")
	if a != b {
		t.Error("same seed, different reports")
	}
	if a == c {
		t.Error("seeds 4 and 5 gave the same report")
	}
}

func TestCompareTextReport(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := nnlr(t, "compare", "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"kernel / coef", "baseline:", "Angle between", "did not converge", "boundary.png"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
}

func TestUsageErrorsExit2NamingTheFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "--epochs", "-1"}, "--epochs"},
		{[]string{"compare", "--lr", "0"}, "--lr"},
		{[]string{"compare", "--lr", "abc"}, "--lr"},
		{[]string{"compare", "--batch-size", "0"}, "--batch-size"},
		{[]string{"compare", "--sag-max-iter", "0"}, "--sag-max-iter"},
		{[]string{"compare", "--sag-tol", "-1"}, "--sag-tol"},
		{[]string{"compare", "--no-such-flag"}, "--no-such-flag"},
		{[]string{"compare", "extra"}, "extra"},
		{[]string{"no-such-command"}, "no-such-command"},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		code, stdout, stderr := nnlr(t, append(tc.args, "--out", dir)...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: stderr %q should be one line naming %s", tc.args, stderr, tc.want)
		}
		if stdout != "" {
			t.Errorf("%v: stdout %q, want nothing", tc.args, stdout)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%v: --out folder created despite the error", tc.args)
		}
	}
}

func TestIgnoredFlagsAreUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"compare", "--activation", "tanh"},
		{"compare", "--data", ""},
		{"sweep", "--data", ""},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		code, _, stderr := nnlr(t, append(args, "--out", dir)...)
		if code != 2 || !strings.Contains(stderr, args[1]) {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming %s", args, code, stderr, args[1])
		}
	}
}

// Every command has its long help (help/<command>.txt), printed by --help
// without a trailing blank line.
func TestLongHelp(t *testing.T) {
	t.Parallel()
	root := newRootCmd(io.Discard, io.Discard)
	for _, c := range append(root.Commands(), root) {
		if c.Name() == "completion" || c.Name() == "help" || c.Name() == "solvers" {
			continue
		}
		if c.Long == "" || strings.HasSuffix(c.Long, "\n") || !strings.HasPrefix(c.Long, c.Name()+" ") {
			t.Errorf("%s: long help %.60q", c.Name(), c.Long)
		}
	}
}

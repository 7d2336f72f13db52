package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runNNLR runs the CLI in-process and returns the exit code, stdout and
// stderr.
func runNNLR(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// writeFile writes content to name in dir and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCompareBadInput runs nnlr compare end to end on every bad input of
// issue 4: one line on stderr naming the file, line and column (or the
// flag), exit code 1 (2 for flag misuse), nothing on stdout and no output
// folder created.
func TestCompareBadInput(t *testing.T) {
	t.Parallel()
	const good = "a,b,y\n1,1,0\n2,2,1\n"
	cases := []struct {
		name  string
		file  string // content of data.csv; "-" for no file
		args  []string
		code  int
		where string // regexp the stderr line must match
	}{
		{"missing file", "-", nil, 1, `data\.csv: cannot read the file: no such file`},
		{"empty file", "", nil, 1, `data\.csv:1:1: empty file`},
		{"header only", "a,b,y\n", nil, 1, `data\.csv:2:1: no data rows`},
		{"too many fields", "a,b,y\n1,1,0\n2,2,1,7\n", nil, 1, `data\.csv:3:7: wrong number of fields`},
		{"too few fields", "a,b,y\n1,1,0\n2,1\n", nil, 1, `data\.csv:3:3: wrong number of fields`},
		{"non-numeric feature", "a,b,y\n1,1,0\n2,two,1\n", nil, 1, `data\.csv:3:3: not a number: column "b": "two"`},
		{"NaN", "a,b,y\n1,nan,0\n2,2,1\n", nil, 1, `data\.csv:2:3: not a finite number`},
		{"Inf", "a,b,y\n1,1,0\n-Inf,2,1\n", nil, 1, `data\.csv:3:1: not a finite number`},
		{"missing label column", good, []string{"--label", "class"}, 1, `data\.csv:1: --label: no such label column: "class"`},
		{"feature named twice in the header", "a,b,a,y\n1,1,1,0\n2,2,2,1\n", nil, 1, `data\.csv:1:5: column named twice`},
		{"feature named twice in --features", good, []string{"--features", "a,a"}, 2, `--features: column named twice`},
		{"unknown --features name", good, []string{"--features", "a,c"}, 1, `data\.csv:1: --features: no such column: "c"`},
		{"only one class", "a,b,y\n1,1,0\n2,2,0\n", nil, 1, `data\.csv:1:5: only one class present`},
		{"--positive with more than two classes", "a,b,y\n1,1,0\n2,2,1\n3,3,2\n", []string{"--positive", "0"}, 1, `data\.csv:1:5: --positive: .*needs two classes, the label has 3`},
		{"--classes names an absent class", "a,b,y\n1,1,0\n2,2,1\n3,3,2\n", []string{"--classes", "0,7"}, 1, `data\.csv:1:5: --classes: class not present: .*"7"`},
		{"unclosed quote", "a,b,y\n1,1,0\n\"2,2,1\n", nil, 1, `data\.csv:3:8: bad quoting`},
		{"overflowing values", "a,b,y\n1e308,1e308,0\n-1e308,1e308,1\n", nil, 1, `graph: fit: epoch 1: training diverged`},
		{"divergent learning rate", "-", []string{"--dataset", "seed", "--lr", "1e6", "--C", "1"}, 1, `graph: fit: epoch \d+: training diverged`},
		{"--classes with one name", good, []string{"--classes", "0"}, 2, `--classes: invalid option`},
		{"--C 0", good, []string{"--C", "0"}, 2, `--C 0: must be positive`},
		{"--C subnormal", good, []string{"--C", "1e-320"}, 2, `--C 1e-320: too small`},
		{"--l2 and --C", good, []string{"--C", "1", "--l2", "0.1"}, 2, `--l2 and --C`},
		{"--C NaN", good, []string{"--C", "NaN"}, 2, `--C NaN: must be positive`},
		{"--C not a number", good, []string{"--C", "one"}, 2, `--C "one": invalid syntax`},
		{"--data and --dataset", good, []string{"--dataset", "iris"}, 2, `--data and --dataset`},
		{"unknown --dataset", "-", []string{"--dataset", "mnist"}, 2, `--dataset: invalid option: unknown data set "mnist" \(built in: .*iris`},
		{"--plot-features with one name", good, []string{"--plot-features", "a"}, 2, `--plot-features "a": want two`},
		{"unknown --plot-features name", good, []string{"--plot-features", "a,z"}, 1, `data\.csv: --plot-features: no such column: "z"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			args := []string{"compare", "--out", out}
			data := filepath.Join(dir, "data.csv")
			if c.file != "-" {
				writeFile(t, dir, "data.csv", c.file)
			}
			if c.file != "-" || c.name == "missing file" {
				args = append(args, "--data", data)
			}
			args = append(args, c.args...)
			code, stdout, stderr := runNNLR(t, args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, c.code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "nnlr: ") {
				t.Errorf("stderr %q: want one line starting nnlr:", stderr)
			}
			if !regexp.MustCompile(c.where).MatchString(stderr) {
				t.Errorf("stderr %q does not match %q", stderr, c.where)
			}
			if strings.Contains(stderr, "NaN,") || strings.Contains(stderr, "[NaN") {
				t.Errorf("stderr %q prints NaN weights", stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("--out %s exists after a failed run (%v)", out, err)
			}
		})
	}
}

// TestCompareFailureKeepsOutput: a failed run leaves an existing figure
// untouched.
func TestCompareFailureKeepsOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	png := writeFile(t, out, "boundary.png", "earlier figure")
	data := writeFile(t, dir, "data.csv", "a,b,y\n1e308,1e308,0\n-1e308,1e308,1\n")
	if code, _, _ := runNNLR(t, "compare", "--out", out, "--data", data); code != 1 {
		t.Fatalf("exit code %d, want 1", code)
	}
	got, err := os.ReadFile(png)
	if err != nil || string(got) != "earlier figure" {
		t.Errorf("boundary.png now %q (%v), want it untouched", got, err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		t.Errorf("%s holds %d files, want only boundary.png", out, len(entries))
	}
}

// TestCompareAcceptsBOMAndCRLF: a file saved by a Windows spreadsheet
// program (UTF-8 BOM, CRLF line endings, text labels) works.
func TestCompareAcceptsBOMAndCRLF(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := writeFile(t, dir, "win.csv", "\xEF\xBB\xBFx1,x2,outcome\r\n1,1,no\r\n2,2,yes\r\n")
	code, stdout, stderr := runNNLR(t, "compare", "--out", filepath.Join(dir, "out"), "--data", data, "--json")
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Data.Features[0] != "x1" || rep.Data.Label != "outcome" || rep.Data.Classes != [2]string{"no", "yes"} {
		t.Errorf("data %+v", rep.Data)
	}
	// The same points as the seed problem: the same SAG result.
	code, seedOut, _ := runNNLR(t, "compare", "--out", filepath.Join(dir, "out2"), "--json")
	var seed report
	if code != 0 || json.Unmarshal([]byte(seedOut), &seed) != nil {
		t.Fatal("seed run failed")
	}
	if rep.Baseline.Coef[0] != seed.Baseline.Coef[0] || rep.Baseline.Intercept != seed.Baseline.Intercept {
		t.Errorf("baseline %v %v, seed %v %v", rep.Baseline.Coef, rep.Baseline.Intercept, seed.Baseline.Coef, seed.Baseline.Intercept)
	}
}

// TestCompareBuiltinIris: --dataset with --classes, --standardize, --C and
// --plot-features end to end, as JSON.
func TestCompareBuiltinIris(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, stdout, stderr := runNNLR(t, "compare", "--out", dir, "--json", "--dataset", "iris",
		"--classes", "virginica,versicolor", "--positive", "versicolor", "--standardize", "--C", "1",
		"--plot-features", "petal_length_cm,petal_width_cm")
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	d := rep.Data
	if d.Name != "iris" || d.Source != "built-in" || d.Samples != 100 || d.DroppedRows != 50 || !d.Standardized ||
		d.Classes != [2]string{"virginica", "versicolor"} || d.ClassCounts != [2]int{50, 50} ||
		d.PlotFeatures != [2]string{"petal_length_cm", "petal_width_cm"} || len(d.ConstantFeatures) != 0 {
		t.Errorf("data %+v", d)
	}
	if rep.Baseline.C == nil || *rep.Baseline.C != 1 || rep.Graph.C == nil || *rep.Graph.C != 1 {
		t.Errorf("C: baseline %v graph %v, want 1 and 1", rep.Baseline.C, rep.Graph.C)
	}
	if _, err := os.Stat(filepath.Join(dir, "boundary.png")); err != nil {
		t.Error(err)
	}
}

// TestCompareReportsConstantFeature: a constant column stays 0 when
// standardised and is reported.
func TestCompareReportsConstantFeature(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := writeFile(t, dir, "c.csv", "a,k,y\n1,5,0\n2,5,1\n3,5,0\n4,5,1\n")
	code, stdout, stderr := runNNLR(t, "compare", "--out", filepath.Join(dir, "out"), "--data", data, "--standardize")
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Constant features (left at 0): k.") {
		t.Errorf("stdout does not report the constant feature k:\n%s", stdout)
	}
}

func TestDatasetsCommand(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runNNLR(t, "datasets")
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^breast-cancer +569 +30 +diagnosis +benign \(357\), malignant \(212\)`),
		regexp.MustCompile(`(?m)^iris +150 +4 +species +setosa \(50\), versicolor \(50\), virginica \(50\)`),
		regexp.MustCompile(`(?m)^seed +2 +2 +y `),
		regexp.MustCompile(`(?m)^wine +178 +13 +cultivar +class_0 \(59\), class_1 \(71\), class_2 \(48\)`),
	} {
		if !want.MatchString(stdout) {
			t.Errorf("output does not match %s:\n%s", want, stdout)
		}
	}
}

package render

import (
	"strings"
	"testing"

	"nnlr/dataset"
	"nnlr/train"
)

// Every solver has its block, its hyper-parameters named by the front
// end's names for them with their defaults, and clipping.
func TestSolvers(t *testing.T) {
	var sb strings.Builder
	if err := Solvers(&sb, func(s string) string { return "<" + s + ">" }); err != nil {
		t.Fatal(err)
	}
	out := sb.String()
	for _, s := range train.Solvers() {
		i := strings.Index(out, "\n"+s.Name+"   (")
		if i < 0 {
			t.Fatalf("no block for %s:\n%s", s.Name, out)
		}
		block := out[i+1:]
		if j := strings.Index(block, "\n\n"); j >= 0 {
			block = block[:j]
		}
		for _, h := range s.Hyperparameters {
			if !strings.Contains(block, "<"+h.Name+"> ") || !strings.Contains(block, h.Symbol+", "+h.Range) {
				t.Errorf("%s: %s missing:\n%s", s.Name, h.Name, block)
			}
		}
		if !strings.Contains(block, "<clip> c (off by default)") || !strings.Contains(block, "runs:     "+s.Implementation) {
			t.Errorf("%s: clipping or implementation missing:\n%s", s.Name, block)
		}
	}
}

// The data-set table has a header and a line per built-in set with its
// rows, features, label and classes.
func TestDatasets(t *testing.T) {
	var sb strings.Builder
	if err := Datasets(&sb); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(sb.String(), "\n"), "\n")
	if len(lines) != len(dataset.Builtins())+1 || !strings.HasPrefix(lines[0], "NAME ") {
		t.Fatalf("table:\n%s", sb.String())
	}
	for i, b := range dataset.Builtins() {
		if f := strings.Fields(lines[i+1]); len(f) < 4 || f[0] != b.Name {
			t.Errorf("line %d %q, want %s", i+1, lines[i+1], b.Name)
		}
	}
	if !strings.Contains(sb.String(), "iris           150   4         species    setosa (50), versicolor (50), virginica (50)") {
		t.Errorf("iris's line:\n%s", sb.String())
	}
}

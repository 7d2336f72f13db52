package render

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
)

// names lists the figures' names in order.
func names(figs []NamedFigure) []string {
	var out []string
	for _, f := range figs {
		out = append(out, f.Name)
	}
	return out
}

// snapshot is rep as JSON, to see that rendering leaves it as it was.
func snapshot(t *testing.T, rep any) string {
	t.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The binary comparison's figures come in the CLI's order, each renders,
// and neither the figures nor the text write into the report.
func TestFiguresOfTheSeedRun(t *testing.T) {
	ds := dataset.Seed()
	rep, err := experiment.Compare(context.Background(), ds, experiment.DefaultCompareConfig())
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, rep)
	figs := Figures(ds, rep)
	if got, want := names(figs), []string{"boundary", "loss", "evolution", "angle"}; !slices.Equal(got, want) {
		t.Fatalf("figures %v, want %v", got, want)
	}
	for _, f := range figs {
		var buf bytes.Buffer
		if err := f.Figure.Render(&buf, "svg"); err != nil || buf.Len() == 0 {
			t.Errorf("%s: %d bytes, error %v", f.Name, buf.Len(), err)
		}
	}
	var text bytes.Buffer
	if err := Text(&text, rep); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, rep); after != before || rep.Figures != nil {
		t.Errorf("rendering changed the report (figures %v)", rep.Figures)
	}
	if ds.Features[0] != "x1" || ds.Classes != [2]string{"0", "1"} {
		t.Errorf("rendering changed the data set: features %v, classes %v", ds.Features, ds.Classes)
	}
}

// A network with hidden layers has no trajectory: boundary and loss only.
func TestFiguresWithHiddenLayers(t *testing.T) {
	ds := dataset.Seed()
	cfg := experiment.DefaultCompareConfig()
	cfg.Hidden = []graph.Dense{{Units: 3, Activation: graph.Tanh}}
	rep, err := experiment.Compare(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(Figures(ds, rep)), []string{"boundary", "loss"}; !slices.Equal(got, want) {
		t.Errorf("figures %v, want %v", got, want)
	}
}

// The sweep's figure is named sweep, and there is none before a run has
// finished.
func TestSweepFigures(t *testing.T) {
	ds := dataset.Seed()
	cfg := experiment.DefaultSweepConfig()
	cfg.Solvers, cfg.LearningRates, cfg.Seeds, cfg.MaxEpochs = []string{"sgd"}, []float64{0.1}, 1, 20
	rep, err := experiment.Sweep(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(SweepFigures(rep)); !slices.Equal(got, []string{"sweep"}) {
		t.Errorf("figures %v, want [sweep]", got)
	}
	rep.FinishedRuns = 0
	if figs := SweepFigures(rep); figs != nil {
		t.Errorf("no finished run: figures %v, want none", names(figs))
	}
}

// The k-class figures come in the CLI's order and leave the report as it
// was.
func TestClassFiguresOfIris(t *testing.T) {
	b, err := dataset.LookupBuiltin("iris")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := b.Load(dataset.Options{Multiclass: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := experiment.DefaultCompareConfig()
	cfg.Fit.Epochs = 5
	rep, err := experiment.CompareClasses(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, rep)
	if got, want := names(ClassFigures(ds, rep)), []string{"classes", "loss", "evolution", "angle"}; !slices.Equal(got, want) {
		t.Errorf("figures %v, want %v", got, want)
	}
	var text bytes.Buffer
	if err := ClassText(&text, rep); err != nil {
		t.Fatal(err)
	}
	if snapshot(t, rep) != before {
		t.Error("rendering changed the report")
	}
}

package graph

import (
	"errors"
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestExecutorRejectsStatements builds a graph holding a Read statement,
// which only a machine can run: NewExecutor must fail with ErrUnsupportedOp.
func TestExecutorRejectsStatements(t *testing.T) {
	g := G.NewGraph()
	x := G.NewVector(g, tensor.Float64, G.WithShape(2), G.WithName("x"), G.WithValue(tensor.New(tensor.WithBacking([]float64{1, 2}))))
	sq, err := G.Square(x)
	if err != nil {
		t.Fatal(err)
	}
	var out G.Value
	r := G.Read(sq, &out)
	if _, err := NewExecutor(g, G.Nodes{r}, nil); !errors.Is(err, ErrUnsupportedOp) {
		t.Fatalf("error %v, want ErrUnsupportedOp", err)
	}
	// Without the statement the same graph runs.
	g = G.NewGraph()
	x = G.NewVector(g, tensor.Float64, G.WithShape(2), G.WithName("x"), G.WithValue(tensor.New(tensor.WithBacking([]float64{1, 2}))))
	if sq, err = G.Square(x); err != nil {
		t.Fatal(err)
	}
	e, err := NewExecutor(g, G.Nodes{sq}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 2; run++ { // the second run reuses the buffer
		if err := e.Run(); err != nil {
			t.Fatal(err)
		}
		got := e.Value(sq).Data().([]float64)
		if want := []float64{1, float64(4 + 5*run)}; got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("run %d: square = %v, want %v", run+1, got, want)
		}
		x.Value().Data().([]float64)[1] = 3
	}
}

// TestExecutorGradientsAreTheTapes runs one batch of a hidden-layer model on
// each machine and compares the loss and every layer's gradient (1e-12),
// and checks that Logits agree.
func TestExecutorGradientsAreTheTapes(t *testing.T) {
	x := []float64{0.5, -1, 2, 0.3, -0.7, 1.1, 0, 1, 1.5, -2}
	y := []float64{1, 0, 1, 0, 1}
	var losses []float64
	var grads [][]Layer
	var logits [][]float64
	for _, mc := range Machines() {
		m, err := New(Config{Features: 2, BatchRows: 4, Seed: 3, L2: 0.1, Machine: mc, Hidden: []Dense{{Units: 3, Activation: Sigmoid}}})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		if m.Machine() != mc {
			t.Fatalf("machine %q, want %q", m.Machine(), mc)
		}
		l, err := m.RunBatch(x, y, []int{4, 0, 2}) // padded
		if err != nil {
			t.Fatal(err)
		}
		g, err := m.LayerGradients()
		if err != nil {
			t.Fatal(err)
		}
		z, err := m.Logits(x)
		if err != nil {
			t.Fatal(err)
		}
		losses, grads, logits = append(losses, l), append(grads, g), append(logits, z)
	}
	if math.Abs(losses[0]-losses[1]) > 1e-12 {
		t.Errorf("loss %v on the executor, %v on the tape", losses[0], losses[1])
	}
	for l := range grads[0] {
		a := append(flat(grads[0][l].Kernel), grads[0][l].Bias...)
		b := append(flat(grads[1][l].Kernel), grads[1][l].Bias...)
		nonzero := false
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-12 {
				t.Errorf("layer %d gradient %d: %v on the executor, %v on the tape", l+1, i, a[i], b[i])
			}
			nonzero = nonzero || a[i] != 0
		}
		if !nonzero {
			t.Errorf("layer %d: zero gradient", l+1)
		}
	}
	if len(logits[0]) != 5 {
		t.Fatalf("%d logits, want 5", len(logits[0]))
	}
	for i := range logits[0] {
		if math.Abs(logits[0][i]-logits[1][i]) > 1e-12 {
			t.Errorf("logit %d: %v on the executor, %v on the tape", i, logits[0][i], logits[1][i])
		}
	}
}

// TestExecutorViews checks the values kept for view ops (Reshape of a leaf):
// they follow in-place changes of the leaf and are recomputed when the leaf
// is bound to another value; and viewOf accepts only a value that is its
// input's memory.
func TestExecutorViews(t *testing.T) {
	g := G.NewGraph()
	x := G.NewVector(g, tensor.Float64, G.WithShape(2), G.WithName("x"), G.WithValue(tensor.New(tensor.WithBacking([]float64{1, 2}))))
	r, err := G.Reshape(x, tensor.Shape{2, 1})
	if err != nil {
		t.Fatal(err)
	}
	sq, err := G.Square(r)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewExecutor(g, G.Nodes{sq}, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(want ...float64) {
		t.Helper()
		if err := e.Run(); err != nil {
			t.Fatal(err)
		}
		got := e.Value(sq).Data().([]float64)
		if got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("square = %v, want %v", got, want)
		}
	}
	check(1, 4)
	check(1, 4)
	x.Value().Data().([]float64)[0] = 3 // in place
	check(9, 4)
	if err := G.Let(x, tensor.New(tensor.WithBacking([]float64{5, 6}))); err != nil {
		t.Fatal(err)
	}
	check(25, 36)

	a := tensor.New(tensor.WithBacking([]float64{1, 2}))
	if k := viewOf(a.ShallowClone(), []G.Value{tensor.New(tensor.WithBacking([]float64{1, 2})), a}); k != 1 {
		t.Errorf("viewOf(shallow clone of input 1) = %d", k)
	}
	if k := viewOf(a.Clone().(*tensor.Dense), []G.Value{a}); k != -1 {
		t.Errorf("viewOf(copy of input 0) = %d, want -1", k)
	}
}

package dataset

import (
	"errors"
	"strings"
	"testing"
)

// Options.Multiclass keeps every class of a k-class label, as class indices
// in LabelEncoder order.
func TestSelectMulticlass(t *testing.T) {
	tab, err := ReadTable(strings.NewReader("a,y\n1,c\n2,a\n3,b\n4,c\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := tab.Select(Options{Multiclass: true})
	if err != nil {
		t.Fatal(err)
	}
	if !ds.Multiclass() || ds.K() != 3 {
		t.Fatalf("Multiclass %v, K %d, want true, 3", ds.Multiclass(), ds.K())
	}
	if got := strings.Join(ds.Names(), ","); got != "a,b,c" {
		t.Errorf("names %s, want a,b,c", got)
	}
	want := []float64{2, 0, 1, 2}
	for i, y := range ds.Y {
		if y != want[i] {
			t.Errorf("y[%d] = %v, want %v", i, y, want[i])
		}
	}
	if c := ds.CountsByClass(); c[0] != 1 || c[1] != 1 || c[2] != 2 {
		t.Errorf("counts %v, want [1 1 2]", c)
	}
	if r, _ := ds.X.Dims(); r != 4 || ds.X.At(3, 0) != 4 {
		t.Errorf("X has %d rows, last %v", r, ds.X.At(3, 0))
	}
	// --classes still picks two; Positive is refused with k ≥ 3.
	two, err := tab.Select(Options{Multiclass: true, Classes: []string{"c", "a"}})
	if err != nil || two.Multiclass() || two.Classes != [2]string{"a", "c"} || two.Dropped != 1 {
		t.Errorf("two classes: %+v, %v", two, err)
	}
	if _, err := tab.Select(Options{Multiclass: true, Positive: "a"}); !errors.Is(err, ErrOptions) {
		t.Errorf("positive with 3 classes: %v, want ErrOptions", err)
	}
	// A binary label is unchanged by Multiclass.
	bin, _ := ReadTable(strings.NewReader("a,y\n1,u\n2,v\n"), "b.csv")
	ds, err = bin.Select(Options{Multiclass: true})
	if err != nil || ds.Multiclass() || ds.ClassNames != nil || ds.K() != 2 {
		t.Errorf("binary: %+v, %v", ds, err)
	}
}

// Iris and wine load with all three classes.
func TestBuiltinMulticlass(t *testing.T) {
	for name, counts := range map[string][]int{"iris": {50, 50, 50}, "wine": {59, 71, 48}} {
		b, err := LookupBuiltin(name)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := b.Load(Options{Multiclass: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := ds.CountsByClass()
		for c := range counts {
			if got[c] != counts[c] {
				t.Errorf("%s: counts %v, want %v", name, got, counts)
			}
		}
		if !ds.BuiltIn || ds.Name != name {
			t.Errorf("%s: BuiltIn %v, name %q", name, ds.BuiltIn, ds.Name)
		}
	}
}

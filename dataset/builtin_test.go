package dataset

import (
	"errors"
	"testing"
)

// TestBuiltinShapes: the embedded data sets load with the documented rows,
// features and class counts (data/README.md).
func TestBuiltinShapes(t *testing.T) {
	cases := []struct {
		name      string
		rows, d   int
		label     string
		classes   []Class
		firstRow  []float64
		firstName string
	}{
		{"breast-cancer", 569, 30, "diagnosis", []Class{{"benign", 357}, {"malignant", 212}}, []float64{17.99, 10.38, 122.8}, "mean_radius"},
		{"iris", 150, 4, "species", []Class{{"setosa", 50}, {"versicolor", 50}, {"virginica", 50}}, []float64{5.1, 3.5, 1.4, 0.2}, "sepal_length_cm"},
		{"wine", 178, 13, "cultivar", []Class{{"class_0", 59}, {"class_1", 71}, {"class_2", 48}}, []float64{14.23, 1.71, 2.43}, "alcohol"},
		{"seed", 2, 2, "y", []Class{{"0", 1}, {"1", 1}}, []float64{1, 1}, "x1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := LookupBuiltin(c.name)
			if err != nil {
				t.Fatal(err)
			}
			tb, err := b.Table(0)
			if err != nil {
				t.Fatal(err)
			}
			if tb.Rows() != c.rows || len(tb.Header)-1 != c.d || tb.Header[len(tb.Header)-1] != c.label || tb.Header[0] != c.firstName {
				t.Errorf("%d rows × %d features, label %q, first column %q; want %d × %d, %q, %q",
					tb.Rows(), len(tb.Header)-1, tb.Header[len(tb.Header)-1], tb.Header[0], c.rows, c.d, c.label, c.firstName)
			}
			classes, err := tb.LabelClasses("")
			if err != nil {
				t.Fatal(err)
			}
			if len(classes) != len(c.classes) {
				t.Fatalf("classes %v, want %v", classes, c.classes)
			}
			for i := range classes {
				if classes[i] != c.classes[i] {
					t.Errorf("classes %v, want %v", classes, c.classes)
				}
			}
			o := Options{}
			if len(c.classes) > 2 {
				if _, err := b.Load(o, 0); !errors.Is(err, ErrTooManyClasses) {
					t.Errorf("without --classes: %v, want ErrTooManyClasses", err)
				}
				o.Classes = []string{c.classes[2].Name, c.classes[1].Name}
			}
			ds, err := b.Load(o, 0)
			if err != nil {
				t.Fatal(err)
			}
			n, d := ds.X.Dims()
			want := c.rows
			if len(c.classes) > 2 {
				want -= c.classes[0].Count
			}
			counts := ds.ClassCounts()
			if n != want || d != c.d || ds.Name != c.name || n+ds.Dropped != c.rows {
				t.Errorf("loaded %d × %d (%d dropped) named %q, want %d × %d named %q", n, d, ds.Dropped, ds.Name, want, c.d, c.name)
			}
			last := len(c.classes) - 1
			if ds.Classes[1] != c.classes[last].Name || counts[1] != c.classes[last].Count {
				t.Errorf("positive class %q (%d rows), want %q (%d)", ds.Classes[1], counts[1], c.classes[last].Name, c.classes[last].Count)
			}
			if len(c.classes) == 2 {
				for j, v := range c.firstRow {
					if ds.X.At(0, j) != v {
						t.Errorf("x[0][%d] = %v, want %v", j, ds.X.At(0, j), v)
					}
				}
			}
		})
	}
}

// TestSeedBuiltinIsSeed: the built-in seed set round-trips Seed() exactly.
func TestSeedBuiltinIsSeed(t *testing.T) {
	b, err := LookupBuiltin("seed")
	if err != nil {
		t.Fatal(err)
	}
	got, err := b.Load(Options{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := Seed()
	if got.Classes != want.Classes || got.File != "" || got.X.At(0, 0) != 1 || got.X.At(1, 1) != 2 || got.Y[0] != 0 || got.Y[1] != 1 {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestUnknownBuiltin(t *testing.T) {
	_, err := LookupBuiltin("mnist")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Field != "dataset" || pe.Kind != ErrOptions {
		t.Fatalf("error %v, want ErrOptions naming --dataset", err)
	}
}

package explain

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/dataset"
)

// TestSeparableClassesByConstruction: three clusters around the corners of
// a triangle are separable (class c's logit x·u_c, u_c the corner's
// direction, wins on its cluster); a point of class 0 placed at the
// centroid of three class-1 points is not: any W, b under which class 1
// beats class 0 at those three points does at their convex combination too.
func TestSeparableClassesByConstruction(t *testing.T) {
	t.Parallel()
	var rows []float64
	var y []float64
	corners := [][2]float64{{0, 3}, {2.6, -1.5}, {-2.6, -1.5}}
	for c, p := range corners {
		for _, o := range [][2]float64{{0, 0}, {0.3, 0.1}, {-0.2, 0.3}, {0.1, -0.3}} {
			rows = append(rows, p[0]+o[0], p[1]+o[1])
			y = append(y, float64(c))
		}
	}
	x := mat.NewDense(len(y), 2, rows)
	sep, err := SeparableClasses(x, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !sep {
		t.Error("triangle clusters: not separable, want separable")
	}
	ovr, err := SeparableOneVsRest(x, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ovr, []bool{true, true, true}) {
		t.Errorf("one-vs-rest %v, want all true", ovr)
	}
	// Class 0 at the centroid of class 1's first three points.
	var cx, cy float64
	for i := 4; i < 7; i++ {
		cx += rows[2*i] / 3
		cy += rows[2*i+1] / 3
	}
	x2 := mat.NewDense(len(y)+1, 2, append(append([]float64(nil), rows...), cx, cy))
	y2 := append(append([]float64(nil), y...), 0)
	sep, err = SeparableClasses(x2, y2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if sep {
		t.Error("a class-0 point inside class 1's hull: separable, want not")
	}
	ovr, err = SeparableOneVsRest(x2, y2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ovr, []bool{false, false, true}) {
		t.Errorf("one-vs-rest %v, want [false false true]", ovr)
	}
}

// TestSeparableClassesTwoClassesIsSeparable: with k = 2 the Kesler
// construction decides what Separable decides, on random data sets of
// which some are separable and some not.
func TestSeparableClassesTwoClassesIsSeparable(t *testing.T) {
	t.Parallel()
	seen := map[bool]int{}
	for seed := uint64(0); seed < 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 17))
		n, d := 6+int(seed%5), 1+int(seed%3)
		x := mat.NewDense(n, d, nil)
		y := make([]float64, n)
		for i := 0; i < n; i++ {
			y[i] = float64(i % 2)
			for j := 0; j < d; j++ {
				x.Set(i, j, rng.NormFloat64()+1.5*y[i])
			}
		}
		want, err := Separable(x, y)
		if err != nil {
			t.Fatal(err)
		}
		got, err := SeparableClasses(x, y, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("seed %d: SeparableClasses %v, Separable %v", seed, got, want)
		}
		seen[want]++
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Errorf("cases: %v; want both separable and non-separable data", seen)
	}
}

// TestSeparableClassesIris: setosa is linearly separable from the other
// two species, versicolor is not, and the three classes together are not
// (versicolor and virginica overlap).
func TestSeparableClassesIris(t *testing.T) {
	t.Parallel()
	b, err := dataset.LookupBuiltin("iris")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := b.Table(0)
	if err != nil {
		t.Fatal(err)
	}
	n, d := len(tab.Records), len(tab.Header)-1
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	names := map[string]float64{"setosa": 0, "versicolor": 1, "virginica": 2}
	for i, rec := range tab.Records {
		for j := 0; j < d; j++ {
			v, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				t.Fatal(err)
			}
			x.Set(i, j, v)
		}
		c, ok := names[rec[d]]
		if !ok {
			t.Fatalf("unknown species %q", rec[d])
		}
		y[i] = c
	}
	sep, err := SeparableClasses(x, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	if sep {
		t.Error("iris: three classes separable, want not")
	}
	ovr, err := SeparableOneVsRest(x, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !ovr[0] || ovr[1] {
		t.Errorf("iris one-vs-rest %v, want setosa true and versicolor false", ovr)
	}
	if _, err := SeparableClasses(x, make([]float64, n), 3); !errors.Is(err, ErrOneClass) {
		t.Errorf("one class: error %v, want ErrOneClass", err)
	}
	if _, err := SeparableClasses(x, y, 2); err == nil {
		t.Error("label 2 with k = 2: no error")
	}
}

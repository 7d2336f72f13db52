package experiment

import (
	"strings"
	"testing"

	"nnlr/dataset"
)

// TestPlaneHoldsOtherFeaturesAtTheirMean: the figure's boundary in the
// plane of features 0 and 2 is w0·x0 + w2·x2 + (b + w1·mean(x1)) = 0, and
// the box covers the data.
func TestPlaneHoldsOtherFeaturesAtTheirMean(t *testing.T) {
	t.Parallel()
	tab, err := dataset.ReadTable(strings.NewReader("a,b,c,y\n0,1,10,0\n2,3,20,1\n"), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := tab.Select(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := resolvePlane(ds, []string{"a", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if p.I != 0 || p.J != 2 || p.Names != [2]string{"a", "c"} || p.Others() != 1 {
		t.Fatalf("plane %+v", p)
	}
	normal, offset := p.Line([]float64{1, 2, 3}, 4)
	if normal != [2]float64{1, 3} || offset != 4+2*2 {
		t.Errorf("line %v, %v; want [1 3], 8", normal, offset)
	}
	if p.Box[0] >= 0 || p.Box[1] <= 2 || p.Box[2] >= 10 || p.Box[3] <= 20 {
		t.Errorf("box %v does not cover the data", p.Box)
	}
	seed, err := resolvePlane(dataset.Seed(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if seed.Box != [4]float64{0, 3, 0, 3} {
		t.Errorf("seed box %v, want [0 3 0 3]", seed.Box)
	}
}

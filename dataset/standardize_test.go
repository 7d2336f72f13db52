package dataset

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestStandardize checks z-scores against the population standard
// deviation (ddof 0) written out: column 0 = [1, 2, 3, 6] has mean 3 and
// variance (4 + 1 + 0 + 9)/4 = 3.5; a constant column becomes 0 and is
// reported.
func TestStandardize(t *testing.T) {
	ds := &Dataset{
		Features: []string{"a", "const", "b"},
		X:        mat.NewDense(4, 3, []float64{1, 0.1, -2, 2, 0.1, 0, 3, 0.1, 0, 6, 0.1, 2}),
		Y:        []float64{0, 1, 0, 1},
	}
	z := Standardize(ds)
	s := z.Scaler
	if s.Mean[0] != 3 || math.Abs(s.Scale[0]-math.Sqrt(3.5)) > 1e-15 {
		t.Errorf("column a: mean %v scale %v, want 3 and √3.5", s.Mean[0], s.Scale[0])
	}
	if s.Mean[2] != 0 || math.Abs(s.Scale[2]-math.Sqrt(2)) > 1e-15 {
		t.Errorf("column b: mean %v scale %v, want 0 and √2", s.Mean[2], s.Scale[2])
	}
	if len(s.Constant) != 1 || s.Constant[0] != 1 || s.Scale[1] != 1 {
		t.Errorf("constant columns %v (scale %v), want [1] with scale 1", s.Constant, s.Scale[1])
	}
	for i, x := range []float64{1, 2, 3, 6} {
		if got, want := z.X.At(i, 0), (x-3)/math.Sqrt(3.5); math.Abs(got-want) > 1e-15 {
			t.Errorf("z[%d][a] = %v, want %v", i, got, want)
		}
		if z.X.At(i, 1) != 0 {
			t.Errorf("z[%d][const] = %v, want 0", i, z.X.At(i, 1))
		}
	}
	// Every standardised column has mean 0 and population variance 1.
	col := make([]float64, 4)
	for _, j := range []int{0, 2} {
		mat.Col(col, j, z.X)
		var m, v float64
		for _, x := range col {
			m += x / 4
		}
		for _, x := range col {
			v += (x - m) * (x - m) / 4
		}
		if math.Abs(m) > 1e-15 || math.Abs(v-1) > 1e-15 {
			t.Errorf("column %d: mean %v variance %v, want 0 and 1", j, m, v)
		}
	}
	if ds.X.At(0, 0) != 1 {
		t.Error("Standardize changed its input")
	}
}

// TestStandardizeHugeValues: values near MaxFloat64 standardise without
// overflow, to the z-scores of the same column scaled down.
func TestStandardizeHugeValues(t *testing.T) {
	big := mat.NewDense(3, 1, []float64{1e308, -1e308, 5e307})
	small := mat.NewDense(3, 1, []float64{1, -1, 0.5})
	zb := FitScaler(big).Transform(big)
	zs := FitScaler(small).Transform(small)
	for i := 0; i < 3; i++ {
		if math.Abs(zb.At(i, 0)-zs.At(i, 0)) > 1e-14 {
			t.Errorf("row %d: %v, want %v", i, zb.At(i, 0), zs.At(i, 0))
		}
	}
}

package explain

import "testing"

func TestSpread(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in          []float64
		med, lo, hi float64
	}{
		{[]float64{3}, 3, 3, 3},
		{[]float64{5, 1, 3}, 3, 1, 5},
		{[]float64{4, 1, 3, 10}, 3.5, 1, 10},
	}
	for _, c := range cases {
		in := append([]float64(nil), c.in...)
		med, lo, hi, err := Spread(in)
		if err != nil || med != c.med || lo != c.lo || hi != c.hi {
			t.Errorf("Spread(%v) = %v, %v, %v, %v; want %v, %v, %v", c.in, med, lo, hi, err, c.med, c.lo, c.hi)
		}
		for i := range in {
			if in[i] != c.in[i] {
				t.Errorf("Spread reordered its input: %v", in)
			}
		}
	}
	if _, _, _, err := Spread(nil); err == nil {
		t.Error("Spread(nil): no error")
	}
}

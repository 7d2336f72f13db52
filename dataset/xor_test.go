package dataset

import (
	"math"
	"testing"
)

func TestXOR(t *testing.T) {
	cfg := DefaultXORConfig()
	ds, err := XOR(cfg)
	if err != nil {
		t.Fatal(err)
	}
	n, d := ds.X.Dims()
	if n != 200 || d != 2 || len(ds.Y) != 200 || len(ds.Features) != 2 || ds.Name != "xor" {
		t.Fatalf("xor: %d × %d, %d labels, features %v, name %q", n, d, len(ds.Y), ds.Features, ds.Name)
	}
	// Balanced classes; labels are the XOR of the point's signs but for
	// the rare point pushed across an axis.
	var ones, agree int
	for i := 0; i < n; i++ {
		if ds.Y[i] == 1 {
			ones++
		}
		opposite := (ds.X.At(i, 0) > 0) != (ds.X.At(i, 1) > 0)
		if opposite == (ds.Y[i] == 1) {
			agree++
		}
	}
	if ones != 100 {
		t.Errorf("%d positives of 200, want 100", ones)
	}
	if agree < 198 {
		t.Errorf("only %d of 200 labels are the XOR of the signs", agree)
	}

	// Same seed, same data; another seed, other data.
	again, _ := XOR(cfg)
	cfg.Seed = 1
	other, _ := XOR(cfg)
	if !equalData(ds, again) {
		t.Error("seed 0 twice gave different data")
	}
	if equalData(ds, other) {
		t.Error("seeds 0 and 1 gave the same data")
	}

	// Noise 0: the points are the centres; the noise's standard deviation
	// is Noise.
	exact, err := XOR(XORConfig{Samples: 8})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		x1, x2 := exact.X.At(i, 0), exact.X.At(i, 1)
		if math.Abs(x1) != 1 || math.Abs(x2) != 1 || (x1 != x2) != (exact.Y[i] == 1) {
			t.Errorf("noise 0, point %d: (%g, %g) label %g", i, x1, x2, exact.Y[i])
		}
	}
	big, err := XOR(XORConfig{Samples: 20000, Noise: 0.5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var ss float64
	for i := 0; i < 20000; i++ {
		for j := 0; j < 2; j++ {
			v := big.X.At(i, j)
			dev := v - math.Copysign(1, exact.X.At(i%8, j))
			ss += dev * dev
		}
	}
	// The standard error of the sample variance of 40000 normal draws is
	// σ²·sqrt(2/40000) ≈ 0.0018 here; allow four of them.
	if v := ss / 40000; math.Abs(v-0.25) > 4*0.25*math.Sqrt(2.0/40000) {
		t.Errorf("noise variance %.4f, want 0.25", v)
	}

	for _, bad := range []XORConfig{{Samples: 3}, {Samples: 10, Noise: -1}, {Samples: 10, Noise: math.NaN()}} {
		if _, err := XOR(bad); err == nil {
			t.Errorf("XOR(%+v): no error", bad)
		}
	}
}

func equalData(a, b *Dataset) bool {
	n, d := a.X.Dims()
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			if a.X.At(i, j) != b.X.At(i, j) {
				return false
			}
		}
		if a.Y[i] != b.Y[i] {
			return false
		}
	}
	return true
}

package graph

import (
	"math"
	"math/rand/v2"
	"testing"
)

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// closedForm returns ∂L/∂W = Xᵀ(σ(z) − y)/n and ∂L/∂b = mean(σ(z) − y) for the
// rows idx of x (row-major, d columns), with L2·W added to the kernel's.
func closedForm(x, y []float64, d int, idx []int, w []float64, b, l2 float64) ([]float64, float64) {
	gw := make([]float64, d)
	var gb float64
	for _, i := range idx {
		z := b
		for j := 0; j < d; j++ {
			z += x[i*d+j] * w[j]
		}
		r := sigmoid(z) - y[i]
		for j := 0; j < d; j++ {
			gw[j] += x[i*d+j] * r
		}
		gb += r
	}
	n := float64(len(idx))
	for j := range gw {
		gw[j] = gw[j]/n + l2*w[j]
	}
	return gw, gb / n
}

func TestGradientsMatchClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, tc := range []struct{ n, d, rows, batch int }{
		{2, 2, 2, 2}, {5, 3, 5, 5}, {10, 1, 4, 4}, {10, 4, 4, 2}, {33, 7, 32, 32}, {33, 7, 32, 1},
	} {
		x := make([]float64, tc.n*tc.d)
		y := make([]float64, tc.n)
		for i := range x {
			x[i] = rng.NormFloat64() * 2
		}
		for i := range y {
			y[i] = float64(rng.IntN(2))
		}
		for _, l2 := range []float64{0, 0.3} {
			m, err := New(Config{Features: tc.d, BatchRows: tc.rows, Seed: 3, Bias: 0.25, L2: l2})
			if err != nil {
				t.Fatal(err)
			}
			idx := rng.Perm(tc.n)[:tc.batch]
			if _, err := m.RunBatch(x, y, idx); err != nil {
				t.Fatal(err)
			}
			gw, gb, err := m.Gradients()
			if err != nil {
				t.Fatal(err)
			}
			wantW, wantB := closedForm(x, y, tc.d, idx, m.Kernel(), m.Bias(), l2)
			for j := range wantW {
				if math.Abs(gw[j]-wantW[j]) > 1e-12 {
					t.Errorf("%+v l2=%v: ∂L/∂W[%d] = %.17g, closed form %.17g", tc, l2, j, gw[j], wantW[j])
				}
			}
			if math.Abs(gb-wantB) > 1e-12 {
				t.Errorf("%+v l2=%v: ∂L/∂b = %.17g, closed form %.17g", tc, l2, gb, wantB)
			}
			m.Close()
		}
	}
}

func TestLossMatchesDefinition(t *testing.T) {
	x := []float64{1, 1, 2, 2, -1, 3}
	y := []float64{0, 1, 1}
	m, err := New(Config{Features: 2, BatchRows: 4, Kernel: []float64{0.5, -0.3}, Bias: 0.1, L2: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	loss, err := m.RunBatch(x, y, []int{2, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	// −y·log σ(z) − (1 − y)·log(1 − σ(z)), averaged, plus (0.2/2)·‖W‖².
	var want float64
	for i := 0; i < 3; i++ {
		z := 0.5*x[2*i] - 0.3*x[2*i+1] + 0.1
		p := sigmoid(z)
		want -= y[i]*math.Log(p) + (1-y[i])*math.Log(1-p)
	}
	want = want/3 + 0.1*(0.25+0.09)
	if math.Abs(loss-want) > 1e-14 {
		t.Errorf("loss %.17g, want %.17g", loss, want)
	}
}

func TestLossFiniteAtExtremeLogits(t *testing.T) {
	for _, dt := range []Dtype{Float64, Float32} {
		m, err := New(Config{Features: 1, BatchRows: 2, Kernel: []float64{700}, Dtype: dt})
		if err != nil {
			t.Fatal(err)
		}
		// Logits +700 and −700; each label is wrong, so each loss is 700.
		loss, err := m.RunBatch([]float64{1, -1}, []float64{0, 1}, []int{0, 1})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(loss-700) > 1e-4 {
			t.Errorf("%s: wrong-side loss at |z| = 700 is %v, want 700", dt, loss)
		}
		gw, gb, err := m.Gradients()
		if err != nil {
			t.Fatal(err)
		}
		// σ(700) − 0 = 1 at x = 1, σ(−700) − 1 = −1 at x = −1: ∂L/∂W = 1, ∂L/∂b = 0.
		if math.Abs(gw[0]-1) > 1e-6 || math.Abs(gb) > 1e-6 {
			t.Errorf("%s: gradients at |z| = 700: W %v, b %v; want 1, 0", dt, gw[0], gb)
		}
		// Right-side labels: the loss is (almost) 0, not NaN.
		loss, err = m.RunBatch([]float64{1, -1}, []float64{1, 0}, []int{0, 1})
		if err != nil {
			t.Fatal(err)
		}
		if math.IsNaN(loss) || loss < 0 || loss > 1e-12 {
			t.Errorf("%s: right-side loss at |z| = 700 is %v, want ~0", dt, loss)
		}
		m.Close()
	}
}

func TestLogitsInChunks(t *testing.T) {
	m, err := New(Config{Features: 3, BatchRows: 2, Kernel: []float64{1, -2, 0.5}, Bias: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x := []float64{1, 2, 3, 0, 0, 0, -1, 1, 4, 2, 2, 2, 5, 0, -2}
	z, err := m.Logits(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(z) != 5 {
		t.Fatalf("%d logits for 5 rows", len(z))
	}
	for i := range z {
		want := x[3*i] - 2*x[3*i+1] + 0.5*x[3*i+2] - 1
		if math.Abs(z[i]-want) > 1e-15 {
			t.Errorf("row %d: logit %v, want %v", i, z[i], want)
		}
	}
	if _, err := m.Logits(x[:4]); err == nil {
		t.Error("Logits accepted 4 values for rows of 3 features")
	}
}

func TestRunBatchRejectsBadBatches(t *testing.T) {
	m, err := New(Config{Features: 1, BatchRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for _, idx := range [][]int{{}, {0, 1, 2}} {
		if _, err := m.RunBatch([]float64{1, 2, 3}, []float64{0, 1, 0}, idx); err == nil {
			t.Errorf("RunBatch accepted a batch of %d rows into 2", len(idx))
		}
	}
}

func TestGlorotUniform(t *testing.T) {
	k1, err := GlorotUniform(30, 1, NewRand(5, 0))
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := GlorotUniform(30, 1, NewRand(5, 0))
	k3, _ := GlorotUniform(30, 1, NewRand(6, 0))
	limit := math.Sqrt(6.0 / 31)
	var lo, hi float64
	for i, v := range k1 {
		if math.Abs(v) > limit {
			t.Errorf("value %v outside ±%v", v, limit)
		}
		if v != k2[i] {
			t.Fatal("same seed gave different draws")
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo > -limit/2 || hi < limit/2 {
		t.Errorf("30 draws span [%v, %v], not the range ±%v", lo, hi, limit)
	}
	same := true
	for i := range k1 {
		same = same && k1[i] == k3[i]
	}
	if same {
		t.Error("different seeds gave the same draws")
	}
	if _, err := GlorotUniform(0, 1, NewRand(1, 0)); err == nil {
		t.Error("fan_in 0 accepted")
	}
}

func TestNewValidates(t *testing.T) {
	for _, cfg := range []Config{
		{Features: 0},
		{Features: 2, BatchRows: -1},
		{Features: 2, Kernel: []float64{1}},
		{Features: 2, Dtype: "float16"},
		{Features: 2, L2: -1},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted an invalid configuration", cfg)
		}
	}
}

// TestGradientOfWellClassifiedPointIsNotSaturated checks the gradient far on
// the right side of the boundary, where Gorgonia's Sigmoid returns exactly 1
// (z > 19): ∂ℓ/∂z must still be −σ(−z) for y = 1 and σ(z) for y = 0, to full
// relative precision, or long runs on separable data would stall.
func TestGradientOfWellClassifiedPointIsNotSaturated(t *testing.T) {
	for _, z := range []float64{25, 40, 300} {
		m, err := New(Config{Features: 1, BatchRows: 2, Kernel: []float64{z}})
		if err != nil {
			t.Fatal(err)
		}
		// x = 1 with y = 1 (logit z), x = −1 with y = 0 (logit −z).
		if _, err := m.RunBatch([]float64{1, -1}, []float64{1, 0}, []int{0, 1}); err != nil {
			t.Fatal(err)
		}
		gw, gb, err := m.Gradients()
		if err != nil {
			t.Fatal(err)
		}
		// ∂L/∂W = ½(−σ(−z)·1 + σ(−z)·(−1)) = −σ(−z); ∂L/∂b = ½(−σ(−z) + σ(−z)) = 0.
		want := -1 / (1 + math.Exp(z))
		if math.Abs(gw[0]-want) > 1e-12*math.Abs(want) || gb != 0 {
			t.Errorf("z = %v: ∂L/∂W = %g, ∂L/∂b = %g; want %g and 0", z, gw[0], gb, want)
		}
		m.Close()
	}
}

// TestRunBatchGradientsAreThisBatchOnly runs two batches without a solver
// step in between: the second gradients must be the second batch's alone
// (Gorgonia's tape machine would otherwise add them up).
func TestRunBatchGradientsAreThisBatchOnly(t *testing.T) {
	m, err := New(Config{Features: 1, BatchRows: 1, Kernel: []float64{0}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x, y := []float64{1, 3}, []float64{1, 0}
	for _, i := range []int{0, 1, 1} {
		if _, err := m.RunBatch(x, y, []int{i}); err != nil {
			t.Fatal(err)
		}
		gw, gb, err := m.Gradients()
		if err != nil {
			t.Fatal(err)
		}
		// At W = 0, b = 0: σ(0) − y = ½ − y.
		r := 0.5 - y[i]
		if gw[0] != r*x[i] || gb != r {
			t.Errorf("batch {%d}: gradients %v %v, want %v %v", i, gw[0], gb, r*x[i], r)
		}
	}
}

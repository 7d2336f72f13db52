package graph

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gorgonia.org/tensor"
)

// softmaxClosedForm returns the loss (1/n) Σ −log p_{i,y_i} + (l2/2)‖W‖²,
// ∂L/∂W = Xᵀ(P − Y)/n + l2·W (d × k) and ∂L/∂b = colmeans(P − Y) (k) over
// the rows idx of x (row-major, d columns) with class labels y, written out
// in float64 with the row maximum subtracted.
func softmaxClosedForm(x, y []float64, d, k int, idx []int, w [][]float64, b []float64, l2 float64) (float64, [][]float64, []float64) {
	gw := make([][]float64, d)
	for j := range gw {
		gw[j] = make([]float64, k)
	}
	gb := make([]float64, k)
	var loss float64
	z := make([]float64, k)
	for _, i := range idx {
		zmax := math.Inf(-1)
		for c := 0; c < k; c++ {
			z[c] = b[c]
			for j := 0; j < d; j++ {
				z[c] += x[i*d+j] * w[j][c]
			}
			zmax = math.Max(zmax, z[c])
		}
		var se float64
		for c := range z {
			se += math.Exp(z[c] - zmax)
		}
		loss += math.Log(se) - (z[int(y[i])] - zmax)
		for c := 0; c < k; c++ {
			r := math.Exp(z[c]-zmax) / se
			if c == int(y[i]) {
				r--
			}
			for j := 0; j < d; j++ {
				gw[j][c] += x[i*d+j] * r
			}
			gb[c] += r
		}
	}
	n := float64(len(idx))
	var sq float64
	for j := range gw {
		for c := range gw[j] {
			gw[j][c] = gw[j][c]/n + l2*w[j][c]
			sq += w[j][c] * w[j][c]
		}
	}
	for c := range gb {
		gb[c] /= n
	}
	return loss/n + l2/2*sq, gw, gb
}

func maxAbsDiff(a, b [][]float64) float64 {
	var m float64
	for i := range a {
		for j := range a[i] {
			m = math.Max(m, math.Abs(a[i][j]-b[i][j]))
		}
	}
	return m
}

func randomMatrix(rng interface{ Float64() float64 }, rows, cols int, scale float64) [][]float64 {
	out := make([][]float64, rows)
	for i := range out {
		out[i] = make([]float64, cols)
		for j := range out[i] {
			out[i][j] = scale * (2*rng.Float64() - 1)
		}
	}
	return out
}

// TestSoftmaxGradientsMatchClosedForm: for k = 3 and 5 the graph's loss and
// its gradients with respect to the d × k kernel and the k biases equal the
// closed forms Xᵀ(P − Y)/n + L2·W and colmeans(P − Y) to 1e-12 on random
// data, with and without L2, on a full batch, a padded last batch (fewer
// rows than the placeholder, after a full one) and a batch of one row.
func TestSoftmaxGradientsMatchClosedForm(t *testing.T) {
	for _, k := range []int{3, 5} {
		for _, shape := range []struct{ n, d, rows, batch int }{
			{6, 2, 6, 6}, {20, 4, 8, 5}, {33, 7, 32, 32}, {9, 3, 4, 1},
		} {
			for _, l2 := range []float64{0, 0.3} {
				name := fmt.Sprintf("k=%d/%dx%d/rows=%d/batch=%d/l2=%g", k, shape.n, shape.d, shape.rows, shape.batch, l2)
				t.Run(name, func(t *testing.T) {
					rng := NewRand(uint64(100*k+shape.n), 5)
					x := make([]float64, shape.n*shape.d)
					for i := range x {
						x[i] = 6*rng.Float64() - 3
					}
					y := make([]float64, shape.n)
					for i := range y {
						y[i] = float64(rng.IntN(k))
					}
					m, err := New(Config{Features: shape.d, BatchRows: shape.rows, Output: Softmax, Classes: k, Seed: 4, L2: l2})
					if err != nil {
						t.Fatal(err)
					}
					w := randomMatrix(rng, shape.d, k, 2)
					b := randomMatrix(rng, 1, k, 1)[0]
					if err := m.SetOutput(w, b); err != nil {
						t.Fatal(err)
					}
					// A full batch first leaves every row of the label input
					// set, so that a smaller batch must clear its padding.
					if _, err := m.RunBatch(x, y, rng.Perm(shape.n)[:min(shape.rows, shape.n)]); err != nil {
						t.Fatal(err)
					}
					idx := rng.Perm(shape.n)[:shape.batch]
					loss, err := m.RunBatch(x, y, idx)
					if err != nil {
						t.Fatal(err)
					}
					gw, gb, err := m.OutputGradients()
					if err != nil {
						t.Fatal(err)
					}
					wantLoss, wantW, wantB := softmaxClosedForm(x, y, shape.d, k, idx, w, b, l2)
					if e := math.Abs(loss - wantLoss); !(e <= 1e-12*math.Max(1, wantLoss)) {
						t.Errorf("loss %v, closed form %v (error %.3g)", loss, wantLoss, e)
					}
					if e := maxAbsDiff(gw, wantW); !(e <= 1e-12) {
						t.Errorf("kernel gradient off by %.3g:\n got %v\nwant %v", e, gw, wantW)
					}
					if e := maxAbsDiff([][]float64{gb}, [][]float64{wantB}); !(e <= 1e-12) {
						t.Errorf("bias gradient off by %.3g:\n got %v\nwant %v", e, gb, wantB)
					}
				})
			}
		}
	}
}

// TestSoftmaxGradientsFloat32: the float32 graph's gradients match the
// closed form (in float64 on the float32-rounded inputs) to 1e-5 relative
// to the largest element.
func TestSoftmaxGradientsFloat32(t *testing.T) {
	const n, d, k, rows = 10, 3, 4, 16
	rng := NewRand(11, 5)
	r32 := func(v float64) float64 { return float64(float32(v)) }
	x := make([]float64, n*d)
	for i := range x {
		x[i] = r32(4*rng.Float64() - 2)
	}
	y := make([]float64, n)
	idx := make([]int, n)
	for i := range y {
		y[i], idx[i] = float64(rng.IntN(k)), i
	}
	w := randomMatrix(rng, d, k, 1)
	b := randomMatrix(rng, 1, k, 1)[0]
	for _, row := range append(w, b) {
		for j := range row {
			row[j] = r32(row[j])
		}
	}
	m, err := New(Config{Features: d, BatchRows: rows, Dtype: Float32, Output: Softmax, Classes: k})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetOutput(w, b); err != nil {
		t.Fatal(err)
	}
	if _, err := m.RunBatch(x, y, idx); err != nil {
		t.Fatal(err)
	}
	gw, gb, err := m.OutputGradients()
	if err != nil {
		t.Fatal(err)
	}
	_, wantW, wantB := softmaxClosedForm(x, y, d, k, idx, w, b, 0)
	scale := 0.0
	for _, row := range append(wantW, wantB) {
		for _, v := range row {
			scale = math.Max(scale, math.Abs(v))
		}
	}
	if e := math.Max(maxAbsDiff(gw, wantW), maxAbsDiff([][]float64{gb}, [][]float64{wantB})); !(e <= 1e-5*scale) {
		t.Errorf("float32 gradients off by %.3g (scale %.3g)", e, scale)
	}
}

// TestSoftmaxLossExtremeLogits: with logits up to ±1000 (float64) or ±80
// (float32) the loss is finite and equals the cross-entropy worked out by
// hand; so are the gradients. One feature x = 1 and a zero bias make the
// logits of a row the kernel's row itself.
func TestSoftmaxLossExtremeLogits(t *testing.T) {
	for _, tc := range []struct {
		dt Dtype
		z  float64
	}{{Float64, 1000}, {Float32, 80}} {
		t.Run(string(tc.dt), func(t *testing.T) {
			z := tc.z
			// Rows: logits (z, −z, z − 1); each label once. By hand, with the
			// row maximum z: lse = z + log(1 + e^(−2z) + e^(−1)).
			lse := z + math.Log1p(math.Exp(-2*z)+math.Exp(-1))
			want := ((lse - z) + (lse + z) + (lse - (z - 1))) / 3
			x := []float64{1, 1, 1}
			y := []float64{0, 1, 2}
			m, err := New(Config{Features: 1, BatchRows: 4, Dtype: tc.dt, Output: Softmax, Classes: 3})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.SetOutput([][]float64{{z, -z, z - 1}}, []float64{0, 0, 0}); err != nil {
				t.Fatal(err)
			}
			loss, err := m.RunBatch(x, y, []int{0, 1, 2})
			if err != nil {
				t.Fatal(err)
			}
			tol := 1e-15 * want
			if tc.dt == Float32 {
				tol = 1e-6 * want
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) || math.Abs(loss-want) > tol {
				t.Errorf("loss %v, want %v (tolerance %.3g)", loss, want, tol)
			}
			gw, gb, err := m.OutputGradients()
			if err != nil {
				t.Fatal(err)
			}
			// ∂L/∂z_c = mean_i (p_c − Y_ic) with p the same for each row.
			e := math.Exp(-1) / (1 + math.Exp(-1) + math.Exp(-2*z))
			p := []float64{1 - e - math.Exp(-2*z)/(1+math.Exp(-1)+math.Exp(-2*z)), math.Exp(-2*z) / (1 + math.Exp(-1) + math.Exp(-2*z)), e}
			for c := 0; c < 3; c++ {
				g := p[c] - 1.0/3
				if d := math.Abs(gw[0][c] - g); math.IsNaN(gw[0][c]) || d > 1e-6 {
					t.Errorf("kernel gradient %d: %v, want %v", c, gw[0][c], g)
				}
				if d := math.Abs(gb[c] - g); math.IsNaN(gb[c]) || d > 1e-6 {
					t.Errorf("bias gradient %d: %v, want %v", c, gb[c], g)
				}
			}
		})
	}
}

// TestGorgoniaSoftMaxOverflows pins the bug that keeps nnlr off
// Gorgonia's SoftMax: tensor v0.9.24's SoftMax (what gorgonia v0.9.18's
// SoftMax node calls) subtracts the first element of the whole tensor, not
// each row's maximum, so the row [1000, 0] overflows to NaN. When this test
// fails after an upgrade, the upgrade has fixed the bug and Gorgonia's
// SoftMax may be reconsidered.
func TestGorgoniaSoftMaxOverflows(t *testing.T) {
	in := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0, 0, 1000, 0}))
	out, err := tensor.SoftMax(in, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := out.Data().([]float64)
	if got[0] != 0.5 || got[1] != 0.5 {
		t.Errorf("first row %v, want [0.5 0.5]", got[:2])
	}
	if !math.IsNaN(got[2]) {
		t.Errorf("tensor.SoftMax([[0,0],[1000,0]]) second row is %v, no longer NaN: the row-maximum bug looks fixed; "+
			"Gorgonia's SoftMax may now be usable", got[2:])
	}
	// The graph's loss on the same logits is finite: row 2's cross-entropy
	// for label 0 is log(1 + e^(−1000)) = 0.
	m, err := New(Config{Features: 2, BatchRows: 2, Output: Softmax, Classes: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetOutput([][]float64{{1, 0}, {0, 1}}, []float64{0, 0}); err != nil {
		t.Fatal(err)
	}
	z, err := m.Logits([]float64{0, 0, 1000, 0})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(z) != "[0 0 1000 0]" {
		t.Fatalf("logits %v, want [0 0 1000 0]", z)
	}
	loss, err := m.RunBatch([]float64{0, 0, 1000, 0}, []float64{1, 0}, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Ln2 / 2; math.Abs(loss-want) > 1e-16 {
		t.Errorf("loss %v, want log(2)/2 = %v", loss, want)
	}
}

// TestSoftmaxInitAndShapes: glorot_uniform with limit √(6/(d + k)) from the
// seeded source (the same draws as GlorotUniform(d, k)), zero biases, and
// the shapes of Layers, Logits, OutputKernel and OutputBias.
func TestSoftmaxInitAndShapes(t *testing.T) {
	const d, k = 4, 3
	m, err := New(Config{Features: d, BatchRows: 5, Output: Softmax, Classes: k, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := GlorotUniform(d, k, NewRand(9, 0))
	limit := math.Sqrt(6.0 / (d + k))
	w := m.OutputKernel()
	if len(w) != d {
		t.Fatalf("kernel has %d rows, want %d", len(w), d)
	}
	for j := range w {
		if len(w[j]) != k {
			t.Fatalf("kernel row %d has %d values, want %d", j, len(w[j]), k)
		}
		for c := range w[j] {
			if w[j][c] != want[j*k+c] || math.Abs(w[j][c]) > limit {
				t.Errorf("kernel[%d][%d] = %v, want %v within ±%v", j, c, w[j][c], want[j*k+c], limit)
			}
		}
	}
	if b := m.OutputBias(); fmt.Sprint(b) != "[0 0 0]" {
		t.Errorf("biases %v, want [0 0 0]", b)
	}
	if m.Classes() != k || m.Outputs() != k || m.Output() != Softmax {
		t.Errorf("Classes %d, Outputs %d, Output %s", m.Classes(), m.Outputs(), m.Output())
	}
	layers := m.Layers()
	if len(layers) != 1 || layers[0].Rows() != d || layers[0].Cols() != k || layers[0].Activation != Softmax {
		t.Errorf("layers %+v", layers)
	}
	// 7 rows through a 5-row placeholder: two chunks, n × k logits.
	x := make([]float64, 7*d)
	for i := range x {
		x[i] = float64(i%5) - 2
	}
	b := []float64{0.1, -0.2, 0.3}
	if err := m.SetOutput(w, b); err != nil {
		t.Fatal(err)
	}
	z, err := m.Logits(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(z) != 7*k {
		t.Fatalf("%d logits, want %d", len(z), 7*k)
	}
	for i := 0; i < 7; i++ {
		for c := 0; c < k; c++ {
			want := b[c]
			for j := 0; j < d; j++ {
				want += x[i*d+j] * w[j][c]
			}
			if math.Abs(z[i*k+c]-want) > 1e-14 {
				t.Errorf("logit [%d][%d] = %v, want %v", i, c, z[i*k+c], want)
			}
		}
	}
}

// TestSoftmaxConfigErrors: invalid outputs, class counts and labels are
// errors, not panics; the binary model is unchanged.
func TestSoftmaxConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Features: 2, Output: Softmax},
		{Features: 2, Output: Softmax, Classes: 1},
		{Features: 2, Output: Softmax, Classes: 3, Bias: 1},
		{Features: 2, Output: Softmax, Classes: 3, Kernel: []float64{1, 2}},
		{Features: 2, Classes: 3},
		{Features: 2, Output: "tanh", Classes: 3},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
	m, err := New(Config{Features: 1, BatchRows: 2, Output: Softmax, Classes: 3, Kernel: []float64{1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(m.OutputKernel()) != "[[1 2 3]]" {
		t.Errorf("explicit kernel %v, want [[1 2 3]]", m.OutputKernel())
	}
	for _, bad := range []float64{3, -1, 0.5, math.NaN()} {
		if _, err := m.RunBatch([]float64{1, 2}, []float64{0, bad}, []int{0, 1}); !errors.Is(err, ErrLabel) {
			t.Errorf("label %v: error %v, want ErrLabel", bad, err)
		}
	}
	if _, _, err := m.Gradients(); err == nil {
		t.Error("Gradients on a softmax output: no error")
	}
	if err := m.SetParams([]float64{1, 2, 3}, 0); err == nil {
		t.Error("SetParams on a softmax output: no error")
	}
	if err := m.SetOutput([][]float64{{1, 2}}, []float64{0, 0, 0}); err == nil {
		t.Error("SetOutput with a 1 × 2 kernel: no error")
	}
	bin, err := New(Config{Features: 2, Classes: 2})
	if err != nil {
		t.Fatal(err)
	}
	if bin.Output() != Sigmoid || bin.Classes() != 2 || bin.Outputs() != 1 || len(bin.OutputKernel()) != 2 || len(bin.OutputBias()) != 1 {
		t.Errorf("binary model: output %s, classes %d, outputs %d", bin.Output(), bin.Classes(), bin.Outputs())
	}
}

// TestSoftmaxBehindHiddenLayers: with a linear hidden layer in front, the
// graph's output gradients equal the closed form on the hidden layer's
// outputs H = X·W₁ + b₁, and EndToEndOutput composes the two layers.
func TestSoftmaxBehindHiddenLayers(t *testing.T) {
	const n, d, h, k = 12, 3, 4, 3
	rng := NewRand(21, 5)
	x := make([]float64, n*d)
	for i := range x {
		x[i] = 2*rng.Float64() - 1
	}
	y := make([]float64, n)
	idx := make([]int, n)
	for i := range y {
		y[i], idx[i] = float64(i%k), i
	}
	m, err := New(Config{Features: d, BatchRows: n, Output: Softmax, Classes: k, Seed: 2,
		Hidden: []Dense{{Units: h, Activation: Linear}}})
	if err != nil {
		t.Fatal(err)
	}
	layers := m.Layers()
	hid, out := layers[0], layers[1]
	hx := make([]float64, n*h)
	for i := 0; i < n; i++ {
		for u := 0; u < h; u++ {
			v := hid.Bias[u]
			for j := 0; j < d; j++ {
				v += x[i*d+j] * hid.Kernel[j][u]
			}
			hx[i*h+u] = v
		}
	}
	if _, err := m.RunBatch(x, y, idx); err != nil {
		t.Fatal(err)
	}
	gw, gb, err := m.OutputGradients()
	if err != nil {
		t.Fatal(err)
	}
	_, wantW, wantB := softmaxClosedForm(hx, y, h, k, idx, out.Kernel, out.Bias, 0)
	if e := math.Max(maxAbsDiff(gw, wantW), maxAbsDiff([][]float64{gb}, [][]float64{wantB})); !(e <= 1e-12) {
		t.Errorf("output gradients behind a hidden layer off by %.3g", e)
	}
	kernel, bias, err := m.EndToEndOutput()
	if err != nil {
		t.Fatal(err)
	}
	z, err := m.Logits(x)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		for c := 0; c < k; c++ {
			v := bias[c]
			for j := 0; j < d; j++ {
				v += x[i*d+j] * kernel[j][c]
			}
			if math.Abs(v-z[i*k+c]) > 1e-12 {
				t.Errorf("end-to-end logit [%d][%d] = %v, graph %v", i, c, v, z[i*k+c])
			}
		}
	}
}

func TestParseOutput(t *testing.T) {
	for s, want := range map[string]Activation{"softmax": Softmax, " Sigmoid ": Sigmoid, "SOFTMAX": Softmax} {
		if got, err := ParseOutput(s); err != nil || got != want {
			t.Errorf("ParseOutput(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
	for _, s := range []string{"", "relu", "soft max"} {
		if _, err := ParseOutput(s); err == nil {
			t.Errorf("ParseOutput(%q): no error", s)
		}
	}
}

package graph

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// randomLayers returns parameters for a network of the given widths
// (widths[0] = d, last = 1) drawn from N(0, scale²).
func randomLayers(rng *rand.Rand, widths []int, acts []Activation, scale float64) []Layer {
	out := make([]Layer, len(widths)-1)
	for k := range out {
		in, units := widths[k], widths[k+1]
		l := Layer{Activation: acts[k], Kernel: make([][]float64, in), Bias: make([]float64, units)}
		for i := range l.Kernel {
			l.Kernel[i] = make([]float64, units)
			for j := range l.Kernel[i] {
				l.Kernel[i][j] = scale * rng.NormFloat64()
			}
		}
		for j := range l.Bias {
			l.Bias[j] = scale * rng.NormFloat64()
		}
		out[k] = l
	}
	return out
}

// handLogits is the forward pass written out in plain Go: for each row x,
// h ← act(h·W + b) through the hidden layers, then z = h·W + b.
func handLogits(layers []Layer, x []float64, d int) []float64 {
	n := len(x) / d
	z := make([]float64, n)
	for r := 0; r < n; r++ {
		h := x[r*d : (r+1)*d]
		for k, l := range layers {
			next := make([]float64, l.Cols())
			for j := range next {
				s := l.Bias[j]
				for i := range h {
					s += h[i] * l.Kernel[i][j]
				}
				if k < len(layers)-1 {
					switch l.Activation {
					case Tanh:
						s = math.Tanh(s)
					case ReLU:
						s = math.Max(s, 0)
					case Sigmoid:
						s = 1 / (1 + math.Exp(-s))
					}
				}
				next[j] = s
			}
			h = next
		}
		z[r] = h[0]
	}
	return z
}

func randomData(rng *rand.Rand, n, d int) (x, y []float64) {
	x = make([]float64, n*d)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	y = make([]float64, n)
	for i := range y {
		if rng.Float64() < 0.5 {
			y[i] = 1
		}
	}
	return x, y
}

func seq(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// TestHiddenGradientsFiniteDifferences compares the graph's gradients of
// the mean BCE (and L2) of a 2-hidden-layer network with central finite
// differences (L(θ+h) − L(θ−h)) / 2h, h = 1e-5, of the graph's own loss, to
// 1e-6, on a batch smaller than the placeholder (so padding rows are
// present).
func TestHiddenGradientsFiniteDifferences(t *testing.T) {
	for _, tc := range []struct {
		name string
		act  Activation
		l2   float64
	}{
		{"tanh", Tanh, 0},
		{"tanh+L2", Tanh, 0.3},
		{"sigmoid", Sigmoid, 0},
		{"relu", ReLU, 0},
		{"linear", Linear, 0.1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const d, n, rows, h = 3, 7, 9, 1e-5
			rng := rand.New(rand.NewPCG(11, 12))
			m, err := New(Config{Features: d, BatchRows: rows, L2: tc.l2,
				Hidden: []Dense{{5, tc.act}, {4, tc.act}}})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			params := randomLayers(rng, []int{d, 5, 4, 1}, []Activation{tc.act, tc.act, Sigmoid}, 0.8)
			if err := m.SetLayers(params); err != nil {
				t.Fatal(err)
			}
			x, y := randomData(rng, n, d)
			idx := seq(n)
			if _, err := m.RunBatch(x, y, idx); err != nil {
				t.Fatal(err)
			}
			grads, err := m.LayerGradients()
			if err != nil {
				t.Fatal(err)
			}
			loss := func() float64 {
				if err := m.SetLayers(params); err != nil {
					t.Fatal(err)
				}
				l, err := m.RunBatch(x, y, idx)
				if err != nil {
					t.Fatal(err)
				}
				return l
			}
			central := func(p *float64) float64 {
				v := *p
				*p = v + h
				up := loss()
				*p = v - h
				down := loss()
				*p = v
				return (up - down) / (2 * h)
			}
			checked, worst := 0, 0.0
			for k := range params {
				for i := range params[k].Kernel {
					for j := range params[k].Kernel[i] {
						fd := central(&params[k].Kernel[i][j])
						diff := math.Abs(fd - grads[k].Kernel[i][j])
						worst = math.Max(worst, diff)
						if diff > 1e-6 {
							t.Errorf("layer %d kernel[%d][%d]: graph %.12g, finite differences %.12g", k+1, i, j, grads[k].Kernel[i][j], fd)
						}
						checked++
					}
				}
				for j := range params[k].Bias {
					fd := central(&params[k].Bias[j])
					diff := math.Abs(fd - grads[k].Bias[j])
					worst = math.Max(worst, diff)
					if diff > 1e-6 {
						t.Errorf("layer %d bias[%d]: graph %.12g, finite differences %.12g", k+1, j, grads[k].Bias[j], fd)
					}
					checked++
				}
			}
			if want := 3*5 + 5 + 5*4 + 4 + 4 + 1; checked != want {
				t.Fatalf("checked %d parameters, want %d", checked, want)
			}
			t.Logf("%d parameters, largest |graph − finite differences| = %.3g", checked, worst)
		})
	}
}

// TestHiddenL2OnEveryKernel checks that L2 adds L2·W_k to every kernel's
// gradient and nothing to the biases'.
func TestHiddenL2OnEveryKernel(t *testing.T) {
	const d, n, l2 = 2, 5, 0.7
	rng := rand.New(rand.NewPCG(3, 4))
	params := randomLayers(rng, []int{d, 3, 2, 1}, []Activation{Tanh, Tanh, Sigmoid}, 1)
	x, y := randomData(rng, n, d)
	grads := func(l2 float64) []Layer {
		m, err := New(Config{Features: d, BatchRows: n, L2: l2, Hidden: []Dense{{3, Tanh}, {2, Tanh}}})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		if err := m.SetLayers(params); err != nil {
			t.Fatal(err)
		}
		if _, err := m.RunBatch(x, y, seq(n)); err != nil {
			t.Fatal(err)
		}
		g, err := m.LayerGradients()
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	plain, pen := grads(0), grads(l2)
	for k := range params {
		for i := range params[k].Kernel {
			for j, w := range params[k].Kernel[i] {
				if got, want := pen[k].Kernel[i][j]-plain[k].Kernel[i][j], l2*w; math.Abs(got-want) > 1e-12 {
					t.Errorf("layer %d kernel[%d][%d]: penalty gradient %.15g, want L2·W = %.15g", k+1, i, j, got, want)
				}
			}
		}
		for j := range params[k].Bias {
			if pen[k].Bias[j] != plain[k].Bias[j] {
				t.Errorf("layer %d bias[%d]: L2 changed the gradient from %g to %g", k+1, j, plain[k].Bias[j], pen[k].Bias[j])
			}
		}
	}
}

// TestHiddenLogitsMatchHandForward checks Logits, over more rows than the
// placeholder holds (several chunks and a partial one), against the forward
// pass written in plain Go, for every activation.
func TestHiddenLogitsMatchHandForward(t *testing.T) {
	for _, act := range Activations() {
		t.Run(string(act), func(t *testing.T) {
			const d, n, rows = 3, 23, 8
			rng := rand.New(rand.NewPCG(5, 6))
			m, err := New(Config{Features: d, BatchRows: rows, Hidden: []Dense{{4, act}, {3, act}}})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			params := randomLayers(rng, []int{d, 4, 3, 1}, []Activation{act, act, Sigmoid}, 1)
			if err := m.SetLayers(params); err != nil {
				t.Fatal(err)
			}
			x, _ := randomData(rng, n, d)
			got, err := m.Logits(x)
			if err != nil {
				t.Fatal(err)
			}
			want := handLogits(params, x, d)
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12 {
					t.Errorf("row %d: logit %.15g, want %.15g", i, got[i], want[i])
				}
			}
		})
	}
}

// TestHiddenLayerShapes checks every layer's documented shape, the order of
// the learnables and the output-layer meaning of Kernel and Bias.
func TestHiddenLayerShapes(t *testing.T) {
	m, err := NewBuilder(3).Dense(5, ReLU).Dense(4, Tanh).Seed(9).BatchRows(6).Build()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	want := []struct {
		rows, cols int
		act        Activation
	}{{3, 5, ReLU}, {5, 4, Tanh}, {4, 1, Sigmoid}}
	layers := m.Layers()
	if len(layers) != len(want) {
		t.Fatalf("%d layers, want %d", len(layers), len(want))
	}
	for k, w := range want {
		l := layers[k]
		if l.Rows() != w.rows || l.Cols() != w.cols || l.Activation != w.act {
			t.Errorf("layer %d: %d × %d %s, want %d × %d %s", k+1, l.Rows(), l.Cols(), l.Activation, w.rows, w.cols, w.act)
		}
		for i, row := range l.Kernel {
			if len(row) != w.cols {
				t.Errorf("layer %d kernel row %d has %d values, want %d", k+1, i, len(row), w.cols)
			}
		}
		// Learnables: kernel in × units, bias 1 × units; the output layer's
		// as vectors of in and 1 values.
		ks, bs := m.Learnables()[2*k].Shape(), m.Learnables()[2*k+1].Shape()
		if k == len(want)-1 {
			if len(ks) != 1 || ks[0] != w.rows || len(bs) != 1 || bs[0] != 1 {
				t.Errorf("output layer learnables: kernel %v, bias %v; want (%d), (1)", ks, bs, w.rows)
			}
		} else if len(ks) != 2 || ks[0] != w.rows || ks[1] != w.cols || len(bs) != 2 || bs[0] != 1 || bs[1] != w.cols {
			t.Errorf("layer %d learnables: kernel %v, bias %v; want (%d, %d), (1, %d)", k+1, ks, bs, w.rows, w.cols, w.cols)
		}
	}
	if len(m.Learnables()) != 6 || len(m.ValueGrads()) != 6 {
		t.Errorf("%d learnables, %d value-grads; want 6", len(m.Learnables()), len(m.ValueGrads()))
	}
	// Kernel and Bias are the output layer's.
	out := layers[2]
	k := m.Kernel()
	if len(k) != 4 {
		t.Fatalf("Kernel has %d values, want 4 (the output layer's, one per unit of the last hidden layer)", len(k))
	}
	for i := range k {
		if k[i] != out.Kernel[i][0] {
			t.Errorf("Kernel[%d] = %g, output layer's kernel %g", i, k[i], out.Kernel[i][0])
		}
	}
	if m.Bias() != out.Bias[0] {
		t.Errorf("Bias = %g, output layer's %g", m.Bias(), out.Bias[0])
	}
	if err := m.SetParams([]float64{1, 2, 3}, 0); err == nil {
		t.Error("SetParams accepted 3 values for a 4-unit output kernel")
	}
	if err := m.SetParams([]float64{1, 2, 3, 4}, 0.5); err != nil {
		t.Errorf("SetParams: %v", err)
	} else if l := m.Layers()[2]; l.Kernel[3][0] != 4 || l.Bias[0] != 0.5 {
		t.Errorf("SetParams did not set the output layer: %v", l)
	}
	if h := m.Hidden(); len(h) != 2 || h[0] != (Dense{5, ReLU}) || h[1] != (Dense{4, Tanh}) {
		t.Errorf("Hidden() = %v", h)
	}
	if m.Linear() {
		t.Error("Linear() = true for a relu/tanh network")
	}
	// A bad shape is rejected before any layer changes.
	before := m.Layers()
	bad := m.Layers()
	bad[0].Kernel[0][0] = 42
	bad[2].Bias = []float64{1, 2}
	if err := m.SetLayers(bad); err == nil {
		t.Error("SetLayers accepted a 2-value bias for the output layer")
	}
	if m.Layers()[0].Kernel[0][0] != before[0].Kernel[0][0] {
		t.Error("a failed SetLayers changed layer 1")
	}
}

// TestHiddenInitialisation checks that the kernels are glorot_uniform draws
// from one seeded source in layer order, the biases zero, and that the
// no-hidden-layer kernel is unchanged by the generalisation.
func TestHiddenInitialisation(t *testing.T) {
	const seed = 42
	m, err := New(Config{Features: 3, Seed: seed, Hidden: []Dense{{5, Tanh}, {2, ReLU}}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	rng := NewRand(seed, 0)
	for k, l := range m.Layers() {
		want, err := GlorotUniform(l.Rows(), l.Cols(), rng)
		if err != nil {
			t.Fatal(err)
		}
		limit := math.Sqrt(6 / float64(l.Rows()+l.Cols()))
		for i, row := range l.Kernel {
			for j, w := range row {
				if w != want[i*l.Cols()+j] {
					t.Errorf("layer %d kernel[%d][%d] = %g, want the draw %g", k+1, i, j, w, want[i*l.Cols()+j])
				}
				if math.Abs(w) > limit {
					t.Errorf("layer %d kernel[%d][%d] = %g outside ±%g", k+1, i, j, w, limit)
				}
			}
		}
		for j, b := range l.Bias {
			if b != 0 {
				t.Errorf("layer %d bias[%d] = %g, want 0", k+1, j, b)
			}
		}
	}
	plain, err := New(Config{Features: 3, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	want, _ := GlorotUniform(3, 1, NewRand(seed, 0))
	for i, w := range plain.Kernel() {
		if w != want[i] {
			t.Errorf("no-hidden kernel[%d] = %g, want %g", i, w, want[i])
		}
	}

	// Same seed, same network; another seed, another.
	again, err := New(Config{Features: 3, Seed: seed, Hidden: []Dense{{5, Tanh}, {2, ReLU}}})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	other, err := New(Config{Features: 3, Seed: seed + 1, Hidden: []Dense{{5, Tanh}, {2, ReLU}}})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	a, b, c := m.Layers(), again.Layers(), other.Layers()
	same := true
	for k := range a {
		for i := range a[k].Kernel {
			for j := range a[k].Kernel[i] {
				if a[k].Kernel[i][j] != b[k].Kernel[i][j] {
					t.Fatalf("seed %d twice: layer %d kernel[%d][%d] %g vs %g", seed, k+1, i, j, a[k].Kernel[i][j], b[k].Kernel[i][j])
				}
				same = same && a[k].Kernel[i][j] == c[k].Kernel[i][j]
			}
		}
	}
	if same {
		t.Error("seeds 42 and 43 drew the same kernels")
	}
}

// TestHiddenLinearEndToEnd checks that a network with linear hidden layers
// is the linear model of its end-to-end kernel and bias, and that a
// non-linear one has none.
func TestHiddenLinearEndToEnd(t *testing.T) {
	const d, n = 3, 17
	rng := rand.New(rand.NewPCG(7, 8))
	m, err := NewBuilder(d).Dense(4, Linear).Dense(2, Linear).BatchRows(8).Build()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	params := randomLayers(rng, []int{d, 4, 2, 1}, []Activation{Linear, Linear, Sigmoid}, 1)
	if err := m.SetLayers(params); err != nil {
		t.Fatal(err)
	}
	if !m.Linear() {
		t.Fatal("Linear() = false for linear hidden layers")
	}
	k, b, err := m.EndToEnd()
	if err != nil {
		t.Fatal(err)
	}
	if len(k) != d {
		t.Fatalf("end-to-end kernel has %d values, want %d", len(k), d)
	}
	// Independent: the kernel's column i is the logit change for unit input
	// e_i, the bias the logit at 0, both from the plain-Go forward pass.
	zero := handLogits(params, make([]float64, d), d)[0]
	if math.Abs(b-zero) > 1e-12 {
		t.Errorf("end-to-end bias %.15g, logit at the origin %.15g", b, zero)
	}
	for i := 0; i < d; i++ {
		e := make([]float64, d)
		e[i] = 1
		if got := handLogits(params, e, d)[0] - zero; math.Abs(k[i]-got) > 1e-12 {
			t.Errorf("end-to-end kernel[%d] %.15g, logit change %.15g", i, k[i], got)
		}
	}
	x, _ := randomData(rng, n, d)
	z, err := m.Logits(x)
	if err != nil {
		t.Fatal(err)
	}
	for r := 0; r < n; r++ {
		want := b
		for i := 0; i < d; i++ {
			want += k[i] * x[r*d+i]
		}
		if math.Abs(z[r]-want) > 1e-12 {
			t.Errorf("row %d: logit %.15g, end-to-end %.15g", r, z[r], want)
		}
	}

	nl, err := NewBuilder(d).Dense(4, Linear).Dense(2, Tanh).Build()
	if err != nil {
		t.Fatal(err)
	}
	defer nl.Close()
	if _, _, err := nl.EndToEnd(); !errors.Is(err, ErrNonLinear) {
		t.Errorf("EndToEnd of a tanh network: %v, want ErrNonLinear", err)
	}
	plain, err := New(Config{Features: d, Kernel: []float64{1, -2, 3}, Bias: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if k, b, err := plain.EndToEnd(); err != nil || k[0] != 1 || k[1] != -2 || k[2] != 3 || b != 0.5 {
		t.Errorf("EndToEnd without hidden layers = %v, %v, %v; want the kernel and bias", k, b, err)
	}
	if _, _, err := ComposeLinear(params[:2]); err == nil {
		t.Error("ComposeLinear accepted a last layer of 2 units")
	}
	if _, _, err := ComposeLinear([]Layer{params[0], params[2]}); err == nil {
		t.Error("ComposeLinear accepted layers whose shapes do not chain")
	}
}

// TestHiddenReLUGradientAtZero checks TensorFlow's convention relu'(0) = 0:
// with zero hidden parameters every pre-activation is 0 and no gradient
// reaches the hidden layer.
func TestHiddenReLUGradientAtZero(t *testing.T) {
	m, err := NewBuilder(2).Dense(3, ReLU).BatchRows(4).Build()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	p := m.Layers()
	for i := range p[0].Kernel {
		clear(p[0].Kernel[i])
	}
	for i := range p[1].Kernel {
		p[1].Kernel[i][0] = 1
	}
	if err := m.SetLayers(p); err != nil {
		t.Fatal(err)
	}
	if _, err := m.RunBatch([]float64{1, 2, -1, 0.5, 3, -2}, []float64{1, 0, 1}, []int{0, 1, 2}); err != nil {
		t.Fatal(err)
	}
	g, err := m.LayerGradients()
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range g[0].Kernel {
		for j, v := range row {
			if v != 0 {
				t.Errorf("hidden kernel gradient [%d][%d] = %g, want 0 (relu'(0) = 0)", i, j, v)
			}
		}
	}
	for j, v := range g[0].Bias {
		if v != 0 {
			t.Errorf("hidden bias gradient [%d] = %g, want 0", j, v)
		}
	}
	if g[1].Bias[0] == 0 {
		t.Error("output bias gradient is 0: the test does not exercise the backward pass")
	}
}

// TestHiddenFloat32 checks that a float32 network computes the float64
// network's loss and gradients to float32 accuracy.
func TestHiddenFloat32(t *testing.T) {
	const d, n = 2, 6
	rng := rand.New(rand.NewPCG(1, 2))
	params := randomLayers(rng, []int{d, 4, 3, 1}, []Activation{Tanh, Tanh, Sigmoid}, 1)
	x, y := randomData(rng, n, d)
	run := func(dt Dtype) (float64, []Layer) {
		m, err := NewBuilder(d).Dense(4, Tanh).Dense(3, Tanh).Dtype(dt).L2(0.01).BatchRows(n).Build()
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		if err := m.SetLayers(params); err != nil {
			t.Fatal(err)
		}
		loss, err := m.RunBatch(x, y, seq(n))
		if err != nil {
			t.Fatal(err)
		}
		g, err := m.LayerGradients()
		if err != nil {
			t.Fatal(err)
		}
		return loss, g
	}
	l64, g64 := run(Float64)
	l32, g32 := run(Float32)
	if math.Abs(l64-l32) > 1e-5 {
		t.Errorf("loss float32 %.9g, float64 %.9g", l32, l64)
	}
	for k := range g64 {
		for i := range g64[k].Kernel {
			for j := range g64[k].Kernel[i] {
				if math.Abs(g64[k].Kernel[i][j]-g32[k].Kernel[i][j]) > 1e-5 {
					t.Errorf("layer %d kernel gradient [%d][%d]: float32 %.9g, float64 %.9g", k+1, i, j, g32[k].Kernel[i][j], g64[k].Kernel[i][j])
				}
			}
		}
	}
}

// TestHiddenConfigErrors checks that bad hidden layers are errors, not
// panics.
func TestHiddenConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"zero units", Config{Features: 2, Hidden: []Dense{{0, ReLU}}}},
		{"no activation", Config{Features: 2, Hidden: []Dense{{3, ""}}}},
		{"unknown activation", Config{Features: 2, Hidden: []Dense{{3, "softmax"}}}},
		{"output kernel length", Config{Features: 2, Hidden: []Dense{{3, ReLU}}, Kernel: []float64{1, 2}}},
	} {
		if m, err := New(tc.cfg); err == nil {
			m.Close()
			t.Errorf("%s: no error", tc.name)
		}
	}
	m, err := New(Config{Features: 2, Hidden: []Dense{{3, ReLU}}, Kernel: []float64{1, 2, 3}, Bias: 0.25})
	if err != nil {
		t.Fatalf("explicit output kernel: %v", err)
	}
	defer m.Close()
	if k := m.Kernel(); k[2] != 3 || m.Bias() != 0.25 {
		t.Errorf("explicit output kernel and bias: %v, %g", k, m.Bias())
	}
	if a, err := ParseActivation(" TanH "); err != nil || a != Tanh {
		t.Errorf("ParseActivation(TanH) = %q, %v", a, err)
	}
	if _, err := ParseActivation("elu"); err == nil {
		t.Error("ParseActivation accepted elu")
	}
}

// TestRunBatchGradientsDoNotAccumulate: Gorgonia adds every backward pass
// to the dual values; RunBatch must leave the gradients of its own batch,
// however many batches ran since the last solver step.
func TestRunBatchGradientsDoNotAccumulate(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	x, y := randomData(rng, 4, 2)
	for _, hidden := range [][]Dense{nil, {{3, Tanh}}} {
		m, err := New(Config{Features: 2, BatchRows: 4, Hidden: hidden})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.RunBatch(x, y, []int{0, 1, 2, 3}); err != nil {
			t.Fatal(err)
		}
		once, err := m.LayerGradients()
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if _, err := m.RunBatch(x, y, []int{2, 0, 3, 1}); err != nil {
				t.Fatal(err)
			}
		}
		again, err := m.LayerGradients()
		if err != nil {
			t.Fatal(err)
		}
		for k := range once {
			for j := range once[k].Bias {
				if math.Abs(once[k].Bias[j]-again[k].Bias[j]) > 1e-15 {
					t.Errorf("%d hidden layers: layer %d bias gradient %g after one batch, %g after three", len(hidden), k+1, once[k].Bias[j], again[k].Bias[j])
				}
			}
			for i := range once[k].Kernel {
				for j := range once[k].Kernel[i] {
					if math.Abs(once[k].Kernel[i][j]-again[k].Kernel[i][j]) > 1e-15 {
						t.Errorf("%d hidden layers: layer %d kernel gradient [%d][%d] %g after one batch, %g after three", len(hidden), k+1, i, j, once[k].Kernel[i][j], again[k].Kernel[i][j])
					}
				}
			}
		}
		m.Close()
	}
}

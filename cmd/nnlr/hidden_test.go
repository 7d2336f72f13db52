package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"nnlr/dataset"
)

// hiddenJSON is the part of nnlr compare --json these tests read.
type hiddenJSON struct {
	Data struct {
		Features []string `json:"features"`
	} `json:"data"`
	Graph struct {
		Kernel         []float64 `json:"kernel"`
		Bias           float64   `json:"bias"`
		Accuracy       float64   `json:"accuracy"`
		AUC            *float64  `json:"auc"`
		Solver         string    `json:"solver"`
		Dtype          string    `json:"dtype"`
		L2             float64   `json:"l2"`
		Hidden         []int     `json:"hidden"`
		Activation     string    `json:"activation"`
		Linear         bool      `json:"linear"`
		EndToEndKernel []float64 `json:"end_to_end_kernel"`
		EndToEndBias   *float64  `json:"end_to_end_bias"`
		Layers         []struct {
			Activation string      `json:"activation"`
			Kernel     [][]float64 `json:"kernel"`
			Bias       []float64   `json:"bias"`
		} `json:"layers"`
		InitialLayers []json.RawMessage `json:"initial_layers"`
	} `json:"graph"`
	Baseline struct {
		Coef      []float64 `json:"coef"`
		Intercept float64   `json:"intercept"`
		Accuracy  float64   `json:"accuracy"`
		AUC       *float64  `json:"auc"`
	} `json:"baseline"`
	Agreement struct {
		AngleDeg       *float64 `json:"angle_deg"`
		TrainAgreement *float64 `json:"train_agreement"`
		GridAgreement  *float64 `json:"grid_agreement"`
		Grid           *struct {
			Features [2]string  `json:"features"`
			XRange   [2]float64 `json:"x_range"`
			YRange   [2]float64 `json:"y_range"`
			Cols     int        `json:"cols"`
			Rows     int        `json:"rows"`
		} `json:"grid"`
	} `json:"agreement"`
	Figures []string `json:"figures"`
}

// runJSON runs nnlr compare --json with args into a fresh --out folder and
// decodes the report; it fails the test unless the exit code is 0.
func runJSON(t *testing.T, args ...string) (hiddenJSON, []byte) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args = append([]string{"compare", "--json", "--out", t.TempDir()}, args...)
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("nnlr %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr.String())
	}
	var rep hiddenJSON
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, stdout.String())
	}
	return rep, stdout.Bytes()
}

// handForward computes a network's logit at x from its JSON layers in plain
// Go: h ← act(h·W + b) through the hidden layers, then z = h·W + b.
func handForward(rep hiddenJSON, x []float64) float64 {
	h := x
	for k, l := range rep.Graph.Layers {
		next := make([]float64, len(l.Bias))
		for j := range next {
			s := l.Bias[j]
			for i := range h {
				s += h[i] * l.Kernel[i][j]
			}
			if k < len(rep.Graph.Layers)-1 {
				switch l.Activation {
				case "tanh":
					s = math.Tanh(s)
				case "relu":
					s = math.Max(s, 0)
				case "sigmoid":
					s = 1 / (1 + math.Exp(-s))
				case "linear":
				default:
					panic("unknown activation " + l.Activation)
				}
			}
			next[j] = s
		}
		h = next
	}
	return h[0]
}

// checkAgreement recomputes the prediction agreement on the training points
// and on the grid (in the plane of the grid's features, the others at their
// mean) from the JSON layers and coefficients, independently of the tool's
// code, and compares.
func checkAgreement(t *testing.T, rep hiddenJSON, ds *dataset.Dataset) {
	t.Helper()
	a := rep.Agreement
	if a.TrainAgreement == nil || a.GridAgreement == nil || a.Grid == nil {
		t.Fatalf("agreement fields missing: %+v", a)
	}
	baseLogit := func(x []float64) float64 {
		z := rep.Baseline.Intercept
		for i, c := range rep.Baseline.Coef {
			z += c * x[i]
		}
		return z
	}
	n, d := ds.X.Dims()
	same := 0
	for i := 0; i < n; i++ {
		x := ds.X.RawRowView(i)
		if (handForward(rep, x) > 0) == (baseLogit(x) > 0) {
			same++
		}
	}
	if want := float64(same) / float64(n); math.Abs(*a.TrainAgreement-want) > 1e-12 {
		t.Errorf("train agreement %g, recomputed %g", *a.TrainAgreement, want)
	}
	g := a.Grid
	if g.Cols < 10 || g.Rows < 10 {
		t.Fatalf("grid %d × %d", g.Cols, g.Rows)
	}
	fx, fy := -1, -1
	for j, name := range rep.Data.Features {
		if name == g.Features[0] {
			fx = j
		}
		if name == g.Features[1] {
			fy = j
		}
	}
	if fx < 0 || fy < 0 {
		t.Fatalf("grid features %v not among %v", g.Features, rep.Data.Features)
	}
	mean := make([]float64, d)
	for j := range mean {
		for i := 0; i < n; i++ {
			mean[j] += ds.X.At(i, j) / float64(n)
		}
	}
	same = 0
	for r := 0; r < g.Rows; r++ {
		for c := 0; c < g.Cols; c++ {
			x := append([]float64(nil), mean...)
			x[fx] = g.XRange[0] + (float64(c)+0.5)*(g.XRange[1]-g.XRange[0])/float64(g.Cols)
			x[fy] = g.YRange[0] + (float64(r)+0.5)*(g.YRange[1]-g.YRange[0])/float64(g.Rows)
			if (handForward(rep, x) > 0) == (baseLogit(x) > 0) {
				same++
			}
		}
	}
	// One cell may fall on either side of a boundary by rounding.
	if want := float64(same) / float64(g.Cols*g.Rows); math.Abs(*a.GridAgreement-want) > 1.5/float64(g.Cols*g.Rows) {
		t.Errorf("grid agreement %g, recomputed %g", *a.GridAgreement, want)
	}
	// The grid covers every training point.
	for i := 0; i < n; i++ {
		x1, x2 := ds.X.At(i, fx), ds.X.At(i, fy)
		if x1 < g.XRange[0] || x1 > g.XRange[1] || x2 < g.YRange[0] || x2 > g.YRange[1] {
			t.Fatalf("point %d (%g, %g) outside the grid %v × %v", i, x1, x2, g.XRange, g.YRange)
		}
	}
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < 200 || b.Dy() < 200 {
		t.Errorf("%s is %d × %d pixels", path, b.Dx(), b.Dy())
	}
}

// TestCompareXORHiddenBeatsRegression: on the XOR-like set the regression's
// accuracy stays below 0.75, while a network with one hidden layer of 8
// tanh units, trained by sgd with learning rate 0.1 for 100 epochs (batch
// size 32), reaches at least 0.95 — for two initialisation seeds.
func TestCompareXORHiddenBeatsRegression(t *testing.T) {
	t.Parallel()
	ds, err := dataset.XOR(dataset.DefaultXORConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []string{"0", "1"} {
		rep, _ := runJSON(t, "--dataset", "xor", "--hidden", "8", "--activation", "tanh",
			"--lr", "0.1", "--epochs", "100", "--seed", seed)
		g, b := rep.Graph, rep.Baseline
		t.Logf("seed %s: graph accuracy %.3f, baseline accuracy %.3f, same class on %.3f of the points, %.3f of the grid",
			seed, g.Accuracy, b.Accuracy, *rep.Agreement.TrainAgreement, *rep.Agreement.GridAgreement)
		if b.Accuracy >= 0.75 {
			t.Errorf("seed %s: regression accuracy %.3f on XOR, want < 0.75", seed, b.Accuracy)
		}
		if g.Accuracy < 0.95 {
			t.Errorf("seed %s: --hidden 8 --activation tanh accuracy %.3f, want ≥ 0.95", seed, g.Accuracy)
		}
		if g.AUC == nil || b.AUC == nil {
			t.Errorf("seed %s: AUC missing: graph %v, baseline %v", seed, g.AUC, b.AUC)
		}
		if rep.Agreement.AngleDeg != nil {
			t.Errorf("seed %s: angle %g reported for a tanh network, want null", seed, *rep.Agreement.AngleDeg)
		}
		if g.Linear || g.EndToEndKernel != nil || g.EndToEndBias != nil {
			t.Errorf("seed %s: tanh network reported linear (%v, %v)", seed, g.Linear, g.EndToEndKernel)
		}
		if !reflect.DeepEqual(g.Hidden, []int{8}) || g.Activation != "tanh" {
			t.Errorf("seed %s: hidden %v %q", seed, g.Hidden, g.Activation)
		}
		// The graph's accuracy recomputed from its JSON layers.
		n, _ := ds.X.Dims()
		hits := 0
		for i := 0; i < n; i++ {
			if (handForward(rep, ds.X.RawRowView(i)) > 0) == (ds.Y[i] == 1) {
				hits++
			}
		}
		if acc := float64(hits) / float64(n); acc != g.Accuracy {
			t.Errorf("seed %s: accuracy %g, recomputed from the layers %g", seed, g.Accuracy, acc)
		}
		checkAgreement(t, rep, ds)
		// boundary.png, then loss.png (no evolution or angle figure: the
		// network has no single boundary normal).
		if len(rep.Figures) != 2 || filepath.Base(rep.Figures[0]) != "boundary.png" || filepath.Base(rep.Figures[1]) != "loss.png" {
			t.Fatalf("figures %v", rep.Figures)
		}
		checkPNG(t, rep.Figures[0])
		checkPNG(t, rep.Figures[1])
	}
}

// TestCompareHiddenLayerShapes checks graph.layers and graph.initial_layers
// for --hidden 16,8 on the seed problem, and the Kernel/Bias convention
// (the output layer's).
func TestCompareHiddenLayerShapes(t *testing.T) {
	t.Parallel()
	rep, _ := runJSON(t, "--hidden", "16,8")
	g := rep.Graph
	want := [][3]any{{2, 16, "relu"}, {16, 8, "relu"}, {8, 1, "sigmoid"}}
	if len(g.Layers) != len(want) || len(g.InitialLayers) != len(want) {
		t.Fatalf("%d layers (%d initial), want %d", len(g.Layers), len(g.InitialLayers), len(want))
	}
	for k, w := range want {
		l := g.Layers[k]
		if len(l.Kernel) != w[0].(int) || len(l.Bias) != w[1].(int) || l.Activation != w[2].(string) {
			t.Errorf("layer %d: kernel %d rows, bias %d, %s; want %v", k+1, len(l.Kernel), len(l.Bias), l.Activation, w)
		}
		for i, row := range l.Kernel {
			if len(row) != w[1].(int) {
				t.Errorf("layer %d kernel row %d has %d values, want %d", k+1, i, len(row), w[1])
			}
		}
	}
	out := g.Layers[2]
	if len(g.Kernel) != 8 || g.Kernel[5] != out.Kernel[5][0] || g.Bias != out.Bias[0] {
		t.Errorf("graph.kernel %v, bias %g: want the output layer's", g.Kernel, g.Bias)
	}
	if g.Activation != "relu" || rep.Agreement.AngleDeg != nil {
		t.Errorf("activation %q (want relu, the default), angle %v (want null)", g.Activation, rep.Agreement.AngleDeg)
	}
}

// TestCompareLinearActivationIsLinear: with --activation linear the
// network is a linear model: the reported end-to-end kernel is the product
// of the layer kernels, its boundary is a straight line, and the angle to
// the regression is reported again.
func TestCompareLinearActivationIsLinear(t *testing.T) {
	t.Parallel()
	ds, err := dataset.XOR(dataset.DefaultXORConfig())
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := runJSON(t, "--dataset", "xor", "--hidden", "4,3", "--activation", "linear", "--lr", "0.1")
	g := rep.Graph
	if !g.Linear || g.EndToEndKernel == nil || g.EndToEndBias == nil {
		t.Fatalf("linear network not reported linear: linear %v, end-to-end %v, %v", g.Linear, g.EndToEndKernel, g.EndToEndBias)
	}
	// Product of the kernels, written out: (2 × 4)·(4 × 3)·(3 × 1).
	l := g.Layers
	var k [2]float64
	for i := 0; i < 2; i++ {
		for a := 0; a < 4; a++ {
			for b := 0; b < 3; b++ {
				k[i] += l[0].Kernel[i][a] * l[1].Kernel[a][b] * l[2].Kernel[b][0]
			}
		}
	}
	bias := l[2].Bias[0]
	for b := 0; b < 3; b++ {
		bias += l[1].Bias[b] * l[2].Kernel[b][0]
		for a := 0; a < 4; a++ {
			bias += l[0].Bias[a] * l[1].Kernel[a][b] * l[2].Kernel[b][0]
		}
	}
	for i := range k {
		if math.Abs(g.EndToEndKernel[i]-k[i]) > 1e-12 {
			t.Errorf("end-to-end kernel[%d] %.15g, product of the kernels %.15g", i, g.EndToEndKernel[i], k[i])
		}
	}
	if math.Abs(*g.EndToEndBias-bias) > 1e-12 {
		t.Errorf("end-to-end bias %.15g, want %.15g", *g.EndToEndBias, bias)
	}
	// A straight boundary: the network's logit is k·x + bias everywhere
	// (checked at the data and at far points).
	pts := [][]float64{{0, 0}, {100, -50}, {-3e3, 7e2}}
	for i := 0; i < 20; i++ {
		pts = append(pts, ds.X.RawRowView(i))
	}
	for _, x := range pts {
		want := k[0]*x[0] + k[1]*x[1] + bias
		if got := handForward(rep, x); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("logit at %v: %.12g, end-to-end %.12g", x, got, want)
		}
	}
	// The angle is back, between the end-to-end kernel and the coefficients.
	if rep.Agreement.AngleDeg == nil {
		t.Fatal("angle_deg null for a linear network")
	}
	c := rep.Baseline.Coef
	cos := (k[0]*c[0] + k[1]*c[1]) / (math.Hypot(k[0], k[1]) * math.Hypot(c[0], c[1]))
	if want := math.Acos(cos) * 180 / math.Pi; math.Abs(*rep.Agreement.AngleDeg-want) > 1e-6 {
		t.Errorf("angle %.9g°, want %.9g°", *rep.Agreement.AngleDeg, want)
	}
	checkAgreement(t, rep, ds)
	checkPNG(t, rep.Figures[0])
}

// TestCompareHiddenSameSeed: the same seed gives the same report; another
// seed another network.
func TestCompareHiddenSameSeed(t *testing.T) {
	t.Parallel()
	args := []string{"--dataset", "xor", "--hidden", "6,4", "--activation", "sigmoid", "--epochs", "20", "--lr", "0.1", "--seed", "5"}
	a, _ := runJSON(t, args...)
	b, _ := runJSON(t, args...)
	a.Figures, b.Figures = nil, nil
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with seed 5 differ")
	}
	args[len(args)-1] = "6"
	c, _ := runJSON(t, args...)
	if reflect.DeepEqual(a.Graph.Layers, c.Graph.Layers) {
		t.Error("seeds 5 and 6 trained the same layers")
	}
}

// TestCompareNoHiddenLayers: without --hidden the report holds the single
// output layer, equal to graph.kernel and graph.bias, linear, with the
// angle.
func TestCompareNoHiddenLayers(t *testing.T) {
	t.Parallel()
	rep, _ := runJSON(t)
	g := rep.Graph
	if g.Hidden == nil || len(g.Hidden) != 0 || g.Activation != "" {
		t.Errorf("hidden %v, activation %q; want [] and none", g.Hidden, g.Activation)
	}
	if len(g.Layers) != 1 || len(g.Layers[0].Kernel) != 2 || len(g.Layers[0].Bias) != 1 {
		t.Fatalf("layers %+v, want one 2 × 1 layer", g.Layers)
	}
	for i, row := range g.Layers[0].Kernel {
		if row[0] != g.Kernel[i] || g.EndToEndKernel[i] != g.Kernel[i] {
			t.Errorf("kernel[%d]: layer %g, graph.kernel %g, end-to-end %g", i, row[0], g.Kernel[i], g.EndToEndKernel[i])
		}
	}
	if !g.Linear || rep.Agreement.AngleDeg == nil || *g.EndToEndBias != g.Bias {
		t.Errorf("linear %v, angle %v, end-to-end bias %v (bias %g)", g.Linear, rep.Agreement.AngleDeg, g.EndToEndBias, g.Bias)
	}
	checkAgreement(t, rep, dataset.Seed())
}

// TestCompareHiddenText checks the text report of a non-linear graph.
func TestCompareHiddenText(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	dir := t.TempDir()
	code := run([]string{"compare", "--dataset", "xor", "--hidden", "8", "--activation", "tanh", "--epochs", "5", "--out", dir}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"2 → 8 tanh → 1 sigmoid", "kernels 2×8, 8×1", "the p = 0.5 contour", "not a line", "Same predicted class:", filepath.Join(dir, "boundary.png")} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Angle between the boundaries' normals") {
		t.Errorf("text report gives an angle for a tanh network:\n%s", out)
	}
}

// TestCompareHiddenFlagErrors checks that bad --hidden, --activation and
// --dataset values exit 2 with one line naming the flag, and write nothing.
func TestCompareHiddenFlagErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"--hidden", "8,0"}, "--hidden"},
		{[]string{"--hidden", "8,x"}, "--hidden"},
		{[]string{"--hidden", "-3"}, "--hidden"},
		{[]string{"--hidden", "8", "--activation", "elu"}, "--activation"},
		{[]string{"--dataset", "moons"}, "--dataset"},
	} {
		var stdout, stderr bytes.Buffer
		dir := filepath.Join(t.TempDir(), "out")
		code := run(append([]string{"compare", "--out", dir}, tc.args...), &stdout, &stderr)
		msg := stderr.String()
		if code != 2 || !strings.Contains(msg, tc.flag) || strings.Count(msg, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line naming %s", tc.args, code, msg, tc.flag)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%v: --out folder created on a usage error", tc.args)
		}
	}
	// An empty --hidden is the no-hidden-layer model.
	rep, _ := runJSON(t, "--hidden", "")
	if len(rep.Graph.Layers) != 1 {
		t.Errorf(`--hidden "": %d layers, want 1`, len(rep.Graph.Layers))
	}
}

// TestCompareHiddenWithOtherOptions: hidden layers work with another
// solver, float32, --C (its L2 on every kernel is graph.l2 = 1/(C·n)), and
// data with more features (the grid in the --plot-features plane, the
// others at their mean) or one feature; --init other than glorot_uniform is
// a usage error with --hidden.
func TestCompareHiddenWithOtherOptions(t *testing.T) {
	t.Parallel()
	xor, err := dataset.XOR(dataset.DefaultXORConfig())
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := runJSON(t, "--dataset", "xor", "--hidden", "8", "--activation", "tanh", "--solver", "adam", "--lr", "0.01", "--dtype", "float32", "--C", "2")
	g := rep.Graph
	if g.Solver != "adam" || g.Dtype != "float32" || math.Abs(g.L2-1/(2.0*200)) > 1e-15 || len(g.Layers) != 2 {
		t.Errorf("solver %q, dtype %q, l2 %g, %d layers; want adam, float32, 1/(C·n) = 0.0025, 2", g.Solver, g.Dtype, g.L2, len(g.Layers))
	}
	if g.Accuracy < 0.95 {
		t.Errorf("adam, float32, C = 2: accuracy %.3f on XOR, want ≥ 0.95", g.Accuracy)
	}
	checkAgreement(t, rep, xor)

	// Four features, the plane of two of them.
	b, err := dataset.LookupBuiltin("iris")
	if err != nil {
		t.Fatal(err)
	}
	iris, err := b.Load(dataset.Options{Classes: []string{"versicolor", "virginica"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	rep, _ = runJSON(t, "--dataset", "iris", "--classes", "versicolor,virginica", "--plot-features", "petal_length_cm,petal_width_cm",
		"--hidden", "3", "--activation", "sigmoid", "--epochs", "5")
	if g := rep.Agreement.Grid; g == nil || g.Features != [2]string{"petal_length_cm", "petal_width_cm"} {
		t.Fatalf("grid %+v, want the --plot-features plane", g)
	}
	checkAgreement(t, rep, iris)

	// One feature: a row of points.
	rep, _ = runJSON(t, "--dataset", "iris", "--classes", "versicolor,virginica", "--features", "petal_length_cm",
		"--hidden", "3", "--epochs", "5")
	if g := rep.Agreement.Grid; g == nil || g.Rows != 1 || g.Features[1] != "" || rep.Agreement.GridAgreement == nil {
		t.Errorf("one feature: grid %+v", g)
	}
	checkPNG(t, rep.Figures[0])

	var stdout, stderr bytes.Buffer
	if code := run([]string{"compare", "--hidden", "4", "--init", "zeros", "--out", t.TempDir()}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--init") {
		t.Errorf("--hidden 4 --init zeros: exit %d, stderr %q; want 2 naming --init", code, stderr.String())
	}
}

package explain

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/internal/metrics"
)

// TestCentreKeepsPredictions: centring removes exactly the class mean (the
// columns of the result sum to zero) and leaves every softmax probability
// unchanged.
func TestCentreKeepsPredictions(t *testing.T) {
	t.Parallel()
	kernel := [][]float64{{1, 2, 6}, {-3, 0, 0}}
	bias := []float64{0.5, 1, 3}
	mean, bm, err := ClassMean(kernel, bias)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(mean, []float64{3, -1}) || bm != 1.5 {
		t.Errorf("class mean %v, bias mean %v; want [3 -1] and 1.5", mean, bm)
	}
	cw, cb, err := Centre(kernel, bias)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{-2, -1, 3}, {-2, 1, 1}}
	for j := range want {
		if !slices.Equal(cw[j], want[j]) {
			t.Errorf("centred row %d = %v, want %v", j, cw[j], want[j])
		}
	}
	if !slices.Equal(cb, []float64{-1, -0.5, 1.5}) {
		t.Errorf("centred biases %v", cb)
	}
	for _, x := range [][]float64{{0, 0}, {1, -2}, {0.3, 4}} {
		logits := func(w [][]float64, b []float64) []float64 {
			z := append([]float64(nil), b...)
			for j, v := range x {
				for c := range z {
					z[c] += v * w[j][c]
				}
			}
			return metrics.Softmax(z, z)
		}
		p, q := logits(kernel, bias), logits(cw, cb)
		for c := range p {
			if math.Abs(p[c]-q[c]) > 1e-15 {
				t.Errorf("x = %v: probabilities %v before centring, %v after", x, p, q)
			}
		}
	}
	if _, _, err := ClassMean([][]float64{{1}, {2}}, nil); err == nil {
		t.Error("one class: no error")
	}
	if _, _, err := ClassMean(kernel, []float64{1}); err == nil {
		t.Error("one bias for three classes: no error")
	}
}

// TestOverparametrisationAndAngles: a kernel that is the regression's
// coefficients (transposed) plus a class-mean vector v has centred angles
// of 0 for every class, raw angles equal to the angle between the class's
// coefficients and coefficients + v (all of it the class mean's share),
// and a class-mean drift of ‖v_final − v_initial‖.
func TestOverparametrisationAndAngles(t *testing.T) {
	t.Parallel()
	coef := [][]float64{{1, -2, 0.5}, {-0.25, 1, 1}, {-0.75, 1, -1.5}} // columns sum to 0
	v0 := []float64{0.2, -0.1, 0.4}
	v1 := []float64{0.2, -0.1, 0.1}
	plus := func(v []float64, scale float64) [][]float64 {
		out := make([][]float64, 3)
		for j := range out {
			out[j] = make([]float64, 3)
			for c := range out[j] {
				out[j][c] = scale*coef[c][j] + v[j]
			}
		}
		return out
	}
	initial, trained := plus(v0, 0.1), plus(v1, 3)
	o, err := AnalyseOverparametrisation(initial, trained, coef)
	if err != nil {
		t.Fatal(err)
	}
	if o.Classes != 3 || math.Abs(o.Drift-0.3) > 1e-15 || math.Abs(o.FinalNorm-math.Sqrt(0.06)) > 1e-15 ||
		math.Abs(o.InitialNorm-math.Sqrt(0.21)) > 1e-15 || o.RegressionNorm > 1e-16 {
		t.Errorf("over-parametrisation %+v", o)
	}
	angles, err := ClassAngles(trained, coef)
	if err != nil {
		t.Fatal(err)
	}
	for c, a := range angles {
		raw := column(trained, c)
		want, _ := AngleDeg(raw, coef[c])
		if a.Class != c || a.CentredDeg == nil || *a.CentredDeg > 1e-6 || a.RawDeg == nil ||
			math.Abs(*a.RawDeg-want) > 1e-12 || math.Abs(*a.ShareDeg-*a.RawDeg+*a.CentredDeg) > 1e-15 || want < 1 {
			t.Errorf("class %d: %+v, raw angle %v", c, a, want)
		}
	}
	if _, err := ClassAngles(trained[:2], coef); err == nil {
		t.Error("2 × 3 kernel against 3 × 3 coefficients: no error")
	}
}

// TestClassPredictionAgreement on hand-made logits: the confusion matrix,
// the overall share and the one-vs-rest share of each class.
func TestClassPredictionAgreement(t *testing.T) {
	t.Parallel()
	a := []float64{
		3, 0, 0, // 0
		0, 3, 0, // 1
		0, 0, 3, // 2
		1, 1, 0, // 0 (tie: first)
	}
	b := []float64{
		5, 1, 1, // 0
		0, 0, 2, // 2
		0, 0, 9, // 2
		0, 1, 0, // 1
	}
	r, err := ClassPredictionAgreement(a, b, 3)
	if err != nil {
		t.Fatal(err)
	}
	if r.Overall != 0.5 {
		t.Errorf("overall %v, want 0.5", r.Overall)
	}
	// Class 0: points 1–3 agree (4th: a says 0, b says 1) → 3/4; class 1:
	// points 2 and 4 disagree → 2/4; class 2: point 2 disagrees → 3/4.
	if !slices.Equal(r.PerClass, []float64{0.75, 0.5, 0.75}) {
		t.Errorf("per class %v, want [0.75 0.5 0.75]", r.PerClass)
	}
	want := [][]int{{1, 1, 0}, {0, 0, 1}, {0, 0, 1}}
	for c := range want {
		if !slices.Equal(r.Confusion[c], want[c]) {
			t.Errorf("confusion row %d = %v, want %v", c, r.Confusion[c], want[c])
		}
	}
	if _, err := ClassPredictionAgreement(a[:9], b, 3); err == nil {
		t.Error("lengths differ: no error")
	}
	nan := append([]float64(nil), a...)
	nan[4] = math.NaN()
	if _, err := ClassPredictionAgreement(nan, b, 3); err == nil {
		t.Error("NaN logit: no error")
	}
}

// TestClassObjective: the shared objective by hand on two points.
func TestClassObjective(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 1, []float64{1, -2})
	kernel := [][]float64{{1, 0, -1}}
	bias := []float64{0, 0.5, 0}
	y := []float64{0, 2}
	// Logits (1, 0.5, −1) and (−2, 0.5, 2).
	ce := (math.Log(math.E+math.Exp(0.5)+math.Exp(-1)) - 1 + math.Log(math.Exp(-2)+math.Exp(0.5)+math.Exp(2)) - 2) / 2
	got, err := ClassObjective(kernel, bias, x, y, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	if want := ce + 0.1*2; math.Abs(got-want) > 1e-15 {
		t.Errorf("objective %v, want %v", got, want)
	}
	if _, err := ClassObjective(kernel, bias, x, []float64{0, 3}, 0); err == nil {
		t.Error("label 3 of 3 classes: no error")
	}
}

// TestClassGradientDescent: two steps match the rule written out with
// plain loops, W ← W − η·(Xᵀ(P − Y)/n + l2·W), b ← b − η·colmeans(P − Y);
// without a penalty the class mean of the kernel does not move.
func TestClassGradientDescent(t *testing.T) {
	t.Parallel()
	rows := [][]float64{{1, 2}, {-1, 0.5}, {0.3, -2}, {2, 1}}
	x := mat.NewDense(4, 2, []float64{1, 2, -1, 0.5, 0.3, -2, 2, 1})
	y := []float64{2, 0, 1, 2}
	w0 := [][]float64{{0.1, -0.2, 0.3}, {0.5, 0, -0.4}}
	b0 := []float64{0.2, 0, -0.1}
	const eta, l2 = 0.3, 0.1
	w := [][]float64{append([]float64(nil), w0[0]...), append([]float64(nil), w0[1]...)}
	b := append([]float64(nil), b0...)
	for step := 0; step < 2; step++ {
		gw := [][]float64{make([]float64, 3), make([]float64, 3)}
		gb := make([]float64, 3)
		for i, r := range rows {
			z := make([]float64, 3)
			var den float64
			for c := range z {
				z[c] = b[c] + r[0]*w[0][c] + r[1]*w[1][c]
				den += math.Exp(z[c])
			}
			for c := range z {
				e := math.Exp(z[c]) / den
				if c == int(y[i]) {
					e--
				}
				gw[0][c] += r[0] * e / 4
				gw[1][c] += r[1] * e / 4
				gb[c] += e / 4
			}
		}
		for c := 0; c < 3; c++ {
			for j := 0; j < 2; j++ {
				w[j][c] -= eta * (gw[j][c] + l2*w[j][c])
			}
			b[c] -= eta * gb[c]
		}
	}
	gotW, gotB, err := ClassGradientDescent(x, y, w0, b0, eta, 2, l2)
	if err != nil {
		t.Fatal(err)
	}
	for j := range w {
		for c := range w[j] {
			if math.Abs(gotW[j][c]-w[j][c]) > 1e-15 {
				t.Errorf("kernel [%d][%d] = %v, rule %v", j, c, gotW[j][c], w[j][c])
			}
		}
	}
	for c := range b {
		if math.Abs(gotB[c]-b[c]) > 1e-15 {
			t.Errorf("bias %d = %v, rule %v", c, gotB[c], b[c])
		}
	}
	free, _, err := ClassGradientDescent(x, y, w0, b0, eta, 500, 0)
	if err != nil {
		t.Fatal(err)
	}
	m0, _, _ := ClassMean(w0, nil)
	m1, _, _ := ClassMean(free, nil)
	for j := range m0 {
		if math.Abs(m1[j]-m0[j]) > 1e-12 {
			t.Errorf("class mean of row %d moved from %v to %v without a penalty", j, m0[j], m1[j])
		}
	}
	if _, _, err := ClassGradientDescent(x, []float64{0, 1, 3, 0}, w0, b0, eta, 1, 0); err == nil {
		t.Error("label 3 of 3 classes: no error")
	}
}

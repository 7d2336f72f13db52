package baseline

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/dataset"
)

// loadClasses reads a built-in CSV data set with every class: the feature
// columns standardised (StandardScaler), the label as the position of its
// name in sorted order.
func loadClasses(t *testing.T, name string) (*mat.Dense, []float64) {
	t.Helper()
	b, err := dataset.LookupBuiltin(name)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := b.Table(0)
	if err != nil {
		t.Fatal(err)
	}
	n, d := len(tab.Records), len(tab.Header)-1
	x := mat.NewDense(n, d, nil)
	names := make([]string, n)
	for i, rec := range tab.Records {
		for j := 0; j < d; j++ {
			v, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				t.Fatal(err)
			}
			x.Set(i, j, v)
		}
		names[i] = rec[d]
	}
	classes := slices.Compact(slices.Sorted(slices.Values(names)))
	y := make([]float64, n)
	for i, s := range names {
		c, _ := slices.BinarySearch(classes, s)
		y[i] = float64(c)
	}
	return dataset.FitScaler(x).Transform(x), y
}

// multinomialNewton minimises the multinomial objective
// (1/n) Σ_i (logsumexp(W·x_i + b) − (W·x_i + b)_{y_i}) + (α/2)‖W‖²_F
// over W (k × d) and b (k) by damped Newton's method with the full Hessian,
// an independent check on SAG. The objective is invariant to adding one
// constant to every intercept, so the Newton system adds (1/2)(Σ_c b_c)²,
// whose minimiser among the optima is the one with Σ_c b_c = 0 (SAG keeps
// Σ_c b_c at its starting 0). It returns W and b.
func multinomialNewton(t *testing.T, x *mat.Dense, y []float64, k int, alpha float64) ([][]float64, []float64) {
	t.Helper()
	n, d := x.Dims()
	q := d + 1    // parameters per class: d coefficients then the intercept
	size := k * q // θ[c*q + j]
	theta := make([]float64, size)
	row := func(i int) []float64 { return append(append([]float64(nil), x.RawRowView(i)...), 1) }
	probs := func(th []float64, xi []float64) []float64 {
		z := make([]float64, k)
		zmax := math.Inf(-1)
		for c := range z {
			for j, v := range xi {
				z[c] += th[c*q+j] * v
			}
			zmax = math.Max(zmax, z[c])
		}
		var s float64
		for c := range z {
			z[c] = math.Exp(z[c] - zmax)
			s += z[c]
		}
		for c := range z {
			z[c] /= s
		}
		return z
	}
	objective := func(th []float64) float64 {
		var f, sb float64
		for i := 0; i < n; i++ {
			f -= math.Log(probs(th, row(i))[int(y[i])])
		}
		f /= float64(n)
		for c := 0; c < k; c++ {
			for j := 0; j < d; j++ {
				f += alpha / 2 * th[c*q+j] * th[c*q+j]
			}
			sb += th[c*q+d]
		}
		return f + sb*sb/2
	}
	for iter := 0; iter < 100; iter++ {
		grad := mat.NewVecDense(size, nil)
		hess := mat.NewSymDense(size, nil)
		for i := 0; i < n; i++ {
			xi := row(i)
			p := probs(theta, xi)
			for c := 0; c < k; c++ {
				r := p[c]
				if c == int(y[i]) {
					r--
				}
				for j := range xi {
					grad.SetVec(c*q+j, grad.AtVec(c*q+j)+r*xi[j]/float64(n))
				}
				for e := c; e < k; e++ {
					h := -p[c] * p[e]
					if e == c {
						h += p[c]
					}
					for j := range xi {
						for l := range xi {
							if c*q+j <= e*q+l {
								hess.SetSym(c*q+j, e*q+l, hess.At(c*q+j, e*q+l)+h*xi[j]*xi[l]/float64(n))
							}
						}
					}
				}
			}
		}
		var sb float64
		for c := 0; c < k; c++ {
			sb += theta[c*q+d]
			for j := 0; j < d; j++ {
				grad.SetVec(c*q+j, grad.AtVec(c*q+j)+alpha*theta[c*q+j])
				hess.SetSym(c*q+j, c*q+j, hess.At(c*q+j, c*q+j)+alpha)
			}
		}
		for c := 0; c < k; c++ {
			grad.SetVec(c*q+d, grad.AtVec(c*q+d)+sb)
			for e := c; e < k; e++ {
				hess.SetSym(c*q+d, e*q+d, hess.At(c*q+d, e*q+d)+1)
			}
		}
		var step mat.VecDense
		if err := step.SolveVec(hess, grad); err != nil {
			t.Fatalf("Newton iteration %d: %v", iter, err)
		}
		f0 := objective(theta)
		next := make([]float64, size)
		for s := 1.0; ; s /= 2 {
			for j := range theta {
				next[j] = theta[j] - s*step.AtVec(j)
			}
			if objective(next) <= f0 || s < 1e-10 {
				break
			}
		}
		copy(theta, next)
		if mat.Norm(&step, math.Inf(1)) < 1e-13 {
			break
		}
	}
	w := make([][]float64, k)
	b := make([]float64, k)
	for c := range w {
		w[c] = theta[c*q : c*q+d]
		b[c] = theta[c*q+d]
	}
	return w, b
}

// TestMultinomialSAGReachesNewtonOptimum: on iris and wine, standardised,
// multinomial SAG with C = 1 and a tolerance of 1e-10 converges to the
// optimum Newton's method finds, to 1e-6 in every coefficient and
// intercept; the coefficients' columns sum to zero over the classes; the
// objective matches Newton's.
func TestMultinomialSAGReachesNewtonOptimum(t *testing.T) {
	for _, name := range []string{"iris", "wine"} {
		t.Run(name, func(t *testing.T) {
			x, y := loadClasses(t, name)
			n, d := x.Dims()
			cfg := DefaultSAGConfig()
			cfg.C, cfg.Tol, cfg.MaxIter, cfg.Seed = 1, 1e-10, 100000, 3
			m, err := FitMultinomialSAG(x, y, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !m.Converged {
				t.Fatalf("SAG did not converge in %d epochs", m.NIter)
			}
			k := len(m.Classes)
			if k != 3 || len(m.Coef) != k || len(m.Coef[0]) != d || len(m.Intercept) != k {
				t.Fatalf("classes %v, coef %d × %d, intercepts %d", m.Classes, len(m.Coef), len(m.Coef[0]), len(m.Intercept))
			}
			if m.Alpha != 1/float64(n) {
				t.Errorf("alpha %v, want 1/(C·n)", m.Alpha)
			}
			var maxSq float64
			for i := 0; i < n; i++ {
				r := x.RawRowView(i)
				maxSq = math.Max(maxSq, dot(r, r))
			}
			if want := 1 / (0.25*(maxSq+1) + m.Alpha); math.Abs(m.StepSize-want) > 1e-15*want {
				t.Errorf("step size %v, want 1/(0.25·(max‖x‖² + 1) + α) = %v", m.StepSize, want)
			}
			wantW, wantB := multinomialNewton(t, x, y, k, m.Alpha)
			var gap float64
			for c := 0; c < k; c++ {
				for j := 0; j < d; j++ {
					gap = math.Max(gap, math.Abs(m.Coef[c][j]-wantW[c][j]))
				}
				gap = math.Max(gap, math.Abs(m.Intercept[c]-wantB[c]))
			}
			t.Logf("%s: n_iter %d, max |SAG − Newton| %.3g", name, m.NIter, gap)
			if !(gap <= 1e-6) {
				t.Errorf("SAG differs from Newton by %.3g > 1e-6\nSAG    %v %v\nNewton %v %v", gap, m.Coef, m.Intercept, wantW, wantB)
			}
			for j := 0; j < d; j++ {
				var s float64
				for c := 0; c < k; c++ {
					s += m.Coef[c][j]
				}
				if math.Abs(s) > 1e-12 {
					t.Errorf("column %d of the coefficients sums to %v, want 0", j, s)
				}
			}
			got, err := m.Objective(x, y)
			if err != nil {
				t.Fatal(err)
			}
			ref := &MultinomialRegression{Classes: m.Classes, Coef: wantW, Intercept: wantB, Alpha: m.Alpha}
			want, err := ref.Objective(x, y)
			if err != nil {
				t.Fatal(err)
			}
			if !(got-want <= 1e-10) || got < want-1e-12 {
				t.Errorf("objective %v, Newton's %v", got, want)
			}
		})
	}
}

// TestMultinomialSAGUpdateRuleStepByStep drives the multinomial update with
// a fixed sequence of draws and checks every iterate against the rule
// written out here with plain arrays: softmax gradient scalars
// g_ic = p_ic − [y_i = c], the gradient memory (n × k), the sums over the
// remembered samples divided by the number seen so far, the (1 − step·α)
// decay of the coefficients and the undecayed intercepts.
func TestMultinomialSAGUpdateRuleStepByStep(t *testing.T) {
	rows := [][]float64{{1, 2}, {-1, 0.5}, {0.3, -2}, {2, 1}}
	y := []int{2, 0, 1, 2}
	const k, step, alpha = 3, 0.2, 0.05
	x := mat.NewDense(4, 2, []float64{1, 2, -1, 0.5, 0.3, -2, 2, 1})
	st := newMultinomialState(x, y, k, step, alpha)

	w := [3][2]float64{} // w[c][j]
	b := [3]float64{}
	mem := [4][3]float64{}
	seen := map[int]bool{}
	for s, i := range []int{0, 2, 0, 1, 3, 1, 2, 0, 3} {
		var z [3]float64
		for c := 0; c < k; c++ {
			z[c] = w[c][0]*rows[i][0] + w[c][1]*rows[i][1] + b[c]
		}
		den := math.Exp(z[0]) + math.Exp(z[1]) + math.Exp(z[2])
		for c := 0; c < k; c++ {
			mem[i][c] = math.Exp(z[c]) / den
			if c == y[i] {
				mem[i][c]--
			}
		}
		seen[i] = true
		nSeen := float64(len(seen))
		for c := 0; c < k; c++ {
			var s0, s1, sb float64
			for r := range rows {
				s0 += mem[r][c] * rows[r][0]
				s1 += mem[r][c] * rows[r][1]
				sb += mem[r][c]
			}
			w[c][0] = (1-step*alpha)*w[c][0] - step*s0/nSeen
			w[c][1] = (1-step*alpha)*w[c][1] - step*s1/nSeen
			b[c] -= step * sb / nSeen
		}

		if !st.update(i) {
			t.Fatalf("draw %d: non-finite logits", s)
		}
		for c := 0; c < k; c++ {
			for j := 0; j < 2; j++ {
				if got := st.w[j*k+c]; math.Abs(got-w[c][j]) > 1e-15 {
					t.Fatalf("draw %d (sample %d): w[%d][%d] = %v, rule gives %v", s, i, c, j, got, w[c][j])
				}
			}
			if math.Abs(st.b[c]-b[c]) > 1e-15 {
				t.Fatalf("draw %d (sample %d): b[%d] = %v, rule gives %v", s, i, c, st.b[c], b[c])
			}
		}
	}
}

// TestMultinomialSAGTwoClassesIsBinarySAG: with two classes the multinomial
// model's w₁ − w₀ and b₁ − b₀ at the penalised optimum equal the binary
// logistic regression's at twice C (the penalty (α/2)(‖w₀‖² + ‖w₁‖²) with
// w₀ = −w₁ is (α/4)‖w₁ − w₀‖²), both fitted by SAG to a tolerance of 1e-12.
func TestMultinomialSAGTwoClassesIsBinarySAG(t *testing.T) {
	x, y := loadClasses(t, "iris")
	n, d := x.Dims()
	// Versicolor (1) against virginica (2), relabelled 0 and 1.
	var keep []int
	for i, v := range y {
		if v > 0 {
			keep = append(keep, i)
		}
	}
	xb := mat.NewDense(len(keep), d, nil)
	yb := make([]float64, len(keep))
	for r, i := range keep {
		xb.SetRow(r, x.RawRowView(i))
		yb[r] = y[i] - 1
	}
	_ = n
	cfg := DefaultSAGConfig()
	cfg.C, cfg.Tol, cfg.MaxIter = 1, 1e-12, 200000
	multi, err := FitMultinomialSAG(xb, yb, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.C = 2
	bin, err := FitSAG(xb, yb, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !multi.Converged || !bin.Converged {
		t.Fatalf("converged: multinomial %v (%d epochs), binary %v (%d epochs)", multi.Converged, multi.NIter, bin.Converged, bin.NIter)
	}
	for j := 0; j < d; j++ {
		if diff := multi.Coef[1][j] - multi.Coef[0][j]; math.Abs(diff-bin.Coef[j]) > 1e-6 {
			t.Errorf("w₁ − w₀ [%d] = %v, binary coef %v", j, diff, bin.Coef[j])
		}
	}
	if diff := multi.Intercept[1] - multi.Intercept[0]; math.Abs(diff-bin.Intercept) > 1e-6 {
		t.Errorf("b₁ − b₀ = %v, binary intercept %v", diff, bin.Intercept)
	}
}

// TestMultinomialLabelsAndPredictions: labels are encoded in sorted order;
// DecisionFunction, PredictProba, Predict, Objective and Evaluate agree with
// hand computations.
func TestMultinomialLabelsAndPredictions(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1})
	m := &MultinomialRegression{
		Classes:   []float64{-1, 4, 7},
		Coef:      [][]float64{{2, -1}, {0, 1}, {-2, 0}},
		Intercept: []float64{0.5, 0, -0.5},
		Alpha:     0.1,
	}
	z := m.DecisionFunction(x)
	want := [][]float64{{2.5, 0, -2.5}, {-0.5, 1, -0.5}, {1.5, 1, -2.5}}
	for i := range want {
		for c := range want[i] {
			if z.At(i, c) != want[i][c] {
				t.Errorf("logit [%d][%d] = %v, want %v", i, c, z.At(i, c), want[i][c])
			}
		}
	}
	p := m.PredictProba(x)
	for i := range want {
		den := math.Exp(want[i][0]) + math.Exp(want[i][1]) + math.Exp(want[i][2])
		for c := range want[i] {
			if math.Abs(p.At(i, c)-math.Exp(want[i][c])/den) > 1e-15 {
				t.Errorf("p[%d][%d] = %v", i, c, p.At(i, c))
			}
		}
	}
	if got := m.Predict(x); !slices.Equal(got, []int{0, 1, 0}) {
		t.Errorf("predicted classes %v, want [0 1 0]", got)
	}
	y := []float64{4, 4, 7} // classes 1, 1, 2
	var ce float64
	for i, c := range []int{1, 1, 2} {
		ce += math.Log(math.Exp(want[i][0])+math.Exp(want[i][1])+math.Exp(want[i][2])) - want[i][c]
	}
	ce /= 3
	r, err := m.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Loss-ce) > 1e-15 || r.Accuracy != 1.0/3 || r.Classes != 3 {
		t.Errorf("evaluate %+v, want loss %v accuracy 1/3", r, ce)
	}
	obj, err := m.Objective(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if wantObj := ce + 0.05*(4+1+0+1+4+0); math.Abs(obj-wantObj) > 1e-15 {
		t.Errorf("objective %v, want %v", obj, wantObj)
	}
	if _, err := m.Evaluate(x, []float64{4, 5, 7}); !errors.Is(err, ErrData) {
		t.Errorf("unknown label: error %v, want ErrData", err)
	}

	// Fitting encodes labels in sorted order: the class whose rows have a
	// large first feature is 10, the largest label, so it is the last row.
	xs := mat.NewDense(6, 1, []float64{-2, -1.5, 0, 0.2, 2, 2.5})
	fit, err := FitMultinomialSAG(xs, []float64{3, 3, -5, -5, 10, 10}, DefaultSAGConfig())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fit.Classes, []float64{-5, 3, 10}) {
		t.Errorf("classes %v, want [-5 3 10]", fit.Classes)
	}
	if !(fit.Coef[2][0] > 0 && fit.Coef[1][0] < 0) {
		t.Errorf("coefficients %v: want class 10 (row 2) increasing and class 3 (row 1) decreasing in x", fit.Coef)
	}
	if got := fit.Predict(xs); !slices.Equal(got, []int{1, 1, 0, 0, 2, 2}) {
		t.Errorf("training predictions %v, want [1 1 0 0 2 2]", got)
	}
}

func TestMultinomialSAGRejectsBadInput(t *testing.T) {
	x := mat.NewDense(2, 1, []float64{1, 2})
	for _, tc := range []struct {
		name string
		x    *mat.Dense
		y    []float64
	}{
		{"one class", x, []float64{1, 1}},
		{"NaN label", x, []float64{0, math.NaN()}},
		{"infinite feature", mat.NewDense(2, 1, []float64{1, math.Inf(-1)}), []float64{0, 1}},
		{"shapes", x, []float64{0, 1, 2}},
	} {
		if _, err := FitMultinomialSAG(tc.x, tc.y, DefaultSAGConfig()); !errors.Is(err, ErrData) {
			t.Errorf("%s: error %v, want ErrData", tc.name, err)
		}
	}
	if _, err := FitMultinomialSAG(x, []float64{0, 1}, SAGConfig{C: -1, MaxIter: 1}); err == nil {
		t.Error("C = −1 accepted")
	}
	big := mat.NewDense(2, 1, []float64{1e200, -1e200})
	if _, err := FitMultinomialSAG(big, []float64{0, 1}, DefaultSAGConfig()); !errors.Is(err, ErrNotFinite) {
		t.Errorf("overflowing data: error %v, want ErrNotFinite", err)
	}
}

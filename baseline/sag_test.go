package baseline

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// seed_sag.json from ../shared/reference: scikit-learn 1.2.1,
// LogisticRegression(penalty="none", solver="sag", max_iter=300, tol=1e-100,
// random_state=r) for r = 0..9 on the seed problem: the range of the runs.
const (
	refWMin, refWMax = 3.133792199897727, 3.1412333620220445
	refBMin, refBMax = -9.131474541050288, -9.109050760498473
)

func TestSAGSeedMatchesScikitLearnRange(t *testing.T) {
	x := mat.NewDense(2, 2, []float64{1, 1, 2, 2})
	y := []float64{0, 1}
	for seed := uint64(0); seed < 5; seed++ {
		cfg := DefaultSAGConfig()
		cfg.Seed = seed
		m, err := FitSAG(x, y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if m.Coef[0] != m.Coef[1] {
			t.Errorf("seed %d: coefficients %v are not exactly equal", seed, m.Coef)
		}
		if m.Coef[0] < refWMin-0.005 || m.Coef[0] > refWMax+0.005 {
			t.Errorf("seed %d: coef %v outside scikit-learn's [%v, %v] ± 0.005", seed, m.Coef[0], refWMin, refWMax)
		}
		if m.Intercept < refBMin-0.005 || m.Intercept > refBMax+0.005 {
			t.Errorf("seed %d: intercept %v outside scikit-learn's [%v, %v] ± 0.005", seed, m.Intercept, refBMin, refBMax)
		}
		if m.NIter != 300 || m.Converged {
			t.Errorf("seed %d: n_iter %d converged %v, want 300 and false", seed, m.NIter, m.Converged)
		}
		// L = 0.25·(max ‖x‖² + 1) = 0.25·9.
		if math.Abs(m.StepSize-1/2.25) > 1e-15 {
			t.Errorf("step size %v, want 1/2.25", m.StepSize)
		}
	}
}

// newton minimises (1/n) Σ log(1 + exp(−ỹ_i(w·x_i + b))) + (α/2)‖w‖² by
// Newton's method on θ = (w, b), an independent check on SAG.
func newton(x *mat.Dense, y []float64, alpha float64) []float64 {
	n, d := x.Dims()
	theta := make([]float64, d+1)
	for iter := 0; iter < 50; iter++ {
		grad := mat.NewVecDense(d+1, nil)
		hess := mat.NewSymDense(d+1, nil)
		for i := 0; i < n; i++ {
			row := append(append([]float64(nil), x.RawRowView(i)...), 1)
			z := 0.0
			for j := range row {
				z += theta[j] * row[j]
			}
			p := 1 / (1 + math.Exp(-z))
			for j := range row {
				grad.SetVec(j, grad.AtVec(j)+(p-y[i])*row[j]/float64(n))
				for k := j; k < len(row); k++ {
					hess.SetSym(j, k, hess.At(j, k)+p*(1-p)*row[j]*row[k]/float64(n))
				}
			}
		}
		for j := 0; j < d; j++ {
			grad.SetVec(j, grad.AtVec(j)+alpha*theta[j])
			hess.SetSym(j, j, hess.At(j, j)+alpha)
		}
		var step mat.VecDense
		if err := step.SolveVec(hess, grad); err != nil {
			panic(err)
		}
		for j := range theta {
			theta[j] -= step.AtVec(j)
		}
	}
	return theta
}

func TestSAGReachesNewtonOptimumWithL2(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	const n, d = 200, 4
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	trueW := []float64{1.5, -2, 0.5, 0}
	for i := 0; i < n; i++ {
		z := 0.3
		for j := 0; j < d; j++ {
			v := rng.NormFloat64()
			x.Set(i, j, v)
			z += trueW[j] * v
		}
		// Labels drawn from the model itself: overlapping classes, not separable.
		if rng.Float64() < 1/(1+math.Exp(-z)) {
			y[i] = 1
		}
	}
	cfg := DefaultSAGConfig()
	cfg.C, cfg.Tol, cfg.MaxIter = 0.5, 1e-10, 100000
	m, err := FitSAG(x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Converged {
		t.Fatalf("SAG did not converge in %d epochs", m.NIter)
	}
	want := newton(x, y, 1/(cfg.C*n))
	for j := 0; j < d; j++ {
		if math.Abs(m.Coef[j]-want[j]) > 1e-6 {
			t.Errorf("coef[%d] = %.10g, Newton %.10g", j, m.Coef[j], want[j])
		}
	}
	if math.Abs(m.Intercept-want[d]) > 1e-6 {
		t.Errorf("intercept = %.10g, Newton %.10g", m.Intercept, want[d])
	}
	if m.Alpha != 1/(0.5*n) {
		t.Errorf("alpha %v, want 1/(C·n)", m.Alpha)
	}
}

func TestSAGObjectiveAndPredictions(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1})
	m := &LogisticRegression{Coef: []float64{2, -1}, Intercept: 0.5, Alpha: 0.1}
	z := m.DecisionFunction(x)
	wantZ := []float64{2.5, -0.5, 1.5}
	for i := range z {
		if z[i] != wantZ[i] {
			t.Errorf("logit %d = %v, want %v", i, z[i], wantZ[i])
		}
	}
	p := m.PredictProba(x)
	if math.Abs(p[1]-1/(1+math.Exp(0.5))) > 1e-15 {
		t.Errorf("p[1] = %v", p[1])
	}
	y := []float64{1, 0, 0}
	want := (math.Log1p(math.Exp(-2.5)) + math.Log1p(math.Exp(-0.5)) + math.Log1p(math.Exp(1.5))) / 3
	want += 0.05 * 5
	if got := m.Objective(x, y); math.Abs(got-want) > 1e-15 {
		t.Errorf("objective %v, want %v", got, want)
	}
}

func TestSAGRejectsBadInput(t *testing.T) {
	x := mat.NewDense(2, 1, []float64{1, math.Inf(1)})
	if _, err := FitSAG(x, []float64{0, 1}, DefaultSAGConfig()); !errors.Is(err, ErrData) {
		t.Errorf("infinite feature: err = %v, want ErrData", err)
	}
	x = mat.NewDense(2, 1, []float64{1, 2})
	if _, err := FitSAG(x, []float64{0, 2}, DefaultSAGConfig()); !errors.Is(err, ErrData) {
		t.Errorf("label 2: err = %v, want ErrData", err)
	}
	for _, cfg := range []SAGConfig{{C: 0, MaxIter: 1}, {C: 1, MaxIter: 0}, {C: 1, MaxIter: 1, Tol: -1}} {
		if _, err := FitSAG(x, []float64{0, 1}, cfg); err == nil {
			t.Errorf("config %+v accepted", cfg)
		}
	}
}

// TestSAGUpdateRuleStepByStep drives SAG's update with a fixed sequence of
// draws and checks every iterate against the rule of Schmidt, Le Roux and
// Bach (2017) as scikit-learn 1.2 implements it, written out here with plain
// arrays: the gradient memory, the sums over remembered samples divided by
// the number of samples seen so far, and the (1 − step·α) decay.
func TestSAGUpdateRuleStepByStep(t *testing.T) {
	rows := [][]float64{{1, 2}, {-1, 0.5}, {0.3, -2}}
	y := []float64{1, 0, 1}
	x := mat.NewDense(3, 2, []float64{1, 2, -1, 0.5, 0.3, -2})
	const step, alpha = 0.2, 0.05
	st := newSAGState(x, y, step, alpha)

	w, b := []float64{0, 0}, 0.0
	mem := []float64{0, 0, 0}
	seen := map[int]bool{}
	draws := []int{0, 2, 0, 1, 1, 2, 0}
	for k, i := range draws {
		yt := 2*y[i] - 1
		g := -yt / (1 + math.Exp(yt*(w[0]*rows[i][0]+w[1]*rows[i][1]+b)))
		mem[i] = g
		seen[i] = true
		var s0, s1, sb float64
		for j := range rows {
			s0 += mem[j] * rows[j][0]
			s1 += mem[j] * rows[j][1]
			sb += mem[j]
		}
		nSeen := float64(len(seen))
		w = []float64{(1-step*alpha)*w[0] - step*s0/nSeen, (1-step*alpha)*w[1] - step*s1/nSeen}
		b -= step * sb / nSeen

		// Half the steps compute the next logit in their pass (as FitSAG
		// does), half leave it to the next step.
		next := -1
		if k%2 == 0 && k+1 < len(draws) {
			next = draws[k+1]
		}
		st.update(i, next)
		if math.Abs(st.w[0]-w[0]) > 1e-15 || math.Abs(st.w[1]-w[1]) > 1e-15 || math.Abs(st.b-b) > 1e-15 {
			t.Fatalf("draw %d (sample %d): w %v b %v, rule gives %v %v", k, i, st.w, st.b, w, b)
		}
	}
}

// TestSAGRecordCoef: recording the coefficients does not change the fit,
// and the last record is the result.
func TestSAGRecordCoef(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{1, 2, 2, 1, 3, 3, 0, 1})
	y := []float64{0, 1, 1, 0}
	cfg := DefaultSAGConfig()
	cfg.MaxIter = 50
	plain, err := FitSAG(x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RecordCoef = true
	rec, err := FitSAG(x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.CoefHistory) != rec.NIter || len(rec.InterceptHistory) != rec.NIter || plain.CoefHistory != nil {
		t.Fatalf("%d coefficient and %d intercept records for %d epochs (plain %d)", len(rec.CoefHistory), len(rec.InterceptHistory), rec.NIter, len(plain.CoefHistory))
	}
	last := rec.CoefHistory[rec.NIter-1]
	for j := range plain.Coef {
		if rec.Coef[j] != plain.Coef[j] || last[j] != plain.Coef[j] {
			t.Errorf("coef[%d]: plain %v, recorded fit %v, last record %v", j, plain.Coef[j], rec.Coef[j], last[j])
		}
	}
	if rec.InterceptHistory[rec.NIter-1] != plain.Intercept || rec.CoefHistory[0][0] == last[0] {
		t.Errorf("intercept records %v…%v, fit %v", rec.InterceptHistory[0], rec.InterceptHistory[rec.NIter-1], plain.Intercept)
	}
}

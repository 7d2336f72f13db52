package explain

import (
	"math"
	"nnlr/dataset"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// ClassNewtonOptimum's minimiser has a zero gradient by central
// differences of ClassObjective (an independent evaluation of the
// objective), its columns sum to zero with a penalty, and no small step
// lowers the objective.
func TestClassNewtonOptimum(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(8, 2, []float64{0, 0, 1, 0.5, 0.2, 1.4, 2, 1, -1, 0.3, 0.5, -1, 1.5, 2, -0.5, -0.5})
	y := []float64{0, 1, 2, 1, 0, 2, 2, 0}
	for _, l2 := range []float64{0.1, 0} {
		opt, err := ClassNewtonOptimum(x, y, 3, l2)
		if err != nil {
			t.Fatalf("l2 %g: %v", l2, err)
		}
		f0, err := ClassObjective(opt.Kernel, opt.Bias, x, y, l2)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(f0-opt.Objective) > 1e-12 {
			t.Errorf("l2 %g: objective %v, ClassObjective %v", l2, opt.Objective, f0)
		}
		const h = 1e-5
		for j := 0; j <= 2; j++ {
			for c := 0; c < 3; c++ {
				at := func(delta float64) float64 {
					w := [][]float64{append([]float64(nil), opt.Kernel[0]...), append([]float64(nil), opt.Kernel[1]...)}
					b := append([]float64(nil), opt.Bias...)
					if j < 2 {
						w[j][c] += delta
					} else {
						b[c] += delta
					}
					f, _ := ClassObjective(w, b, x, y, l2)
					return f
				}
				if g := (at(h) - at(-h)) / (2 * h); math.Abs(g) > 1e-8 {
					t.Errorf("l2 %g: ∂F/∂θ[%d][%d] = %.3g at the optimum", l2, j, c, g)
				}
			}
		}
		if l2 > 0 {
			for j, row := range opt.Kernel {
				if s := row[0] + row[1] + row[2]; math.Abs(s) > 1e-10 {
					t.Errorf("column sum of feature %d: %v, want 0", j, s)
				}
			}
		}
	}
}

// Separable classes without a penalty have no finite optimum: Newton
// reports it.
func TestClassNewtonOptimumSeparable(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(6, 1, []float64{0, 0.1, 1, 1.1, 2, 2.1})
	if _, err := ClassNewtonOptimum(x, []float64{0, 0, 1, 1, 2, 2}, 3, 0); err == nil {
		t.Error("separable data without a penalty: no error")
	}
	// With a penalty the minimum is finite, however well it separates.
	if _, err := ClassNewtonOptimum(x, []float64{0, 0, 1, 1, 2, 2}, 3, 0.01); err != nil {
		t.Errorf("separable data with a penalty: %v", err)
	}
}

// irisClasses returns standardised iris with its three classes.
func irisClasses(t *testing.T) (*mat.Dense, []float64, []string) {
	t.Helper()
	b, err := dataset.LookupBuiltin("iris")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := b.Load(dataset.Options{Multiclass: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	ds = dataset.Standardize(ds)
	return ds.X, ds.Y, ds.Features
}

func findItem(dg *ClassDiagnosis, kind, side string) *Item {
	for i := range dg.Items {
		if dg.Items[i].Kind == kind && (side == "" || dg.Items[i].Side == side) {
			return &dg.Items[i]
		}
	}
	return nil
}

// DiagnoseClasses on standardised iris with C = 1 (α = 1/150): a network
// at the penalised optimum (Newton's) is not lagging and gets no
// not_at_optimum item; the same network moved off the optimum lags, with
// not_at_optimum naming the graph; a class mean added to the kernel
// changes no prediction and shows as the null_space component and as the
// raw angles' share, not in the centred angles.
func TestDiagnoseClassesIris(t *testing.T) {
	t.Parallel()
	x, y, features := irisClasses(t)
	n, d := x.Dims()
	alpha := 1 / float64(n)
	opt, err := ClassNewtonOptimum(x, y, 3, alpha)
	if err != nil {
		t.Fatal(err)
	}
	coef := make([][]float64, 3)
	for c := range coef {
		coef[c] = column(opt.Kernel, c)
	}
	in := ClassInputs{X: x, Y: y, Features: features, Classes: []string{"setosa", "versicolor", "virginica"},
		Kernel: opt.Kernel, Bias: opt.Bias, InitialKernel: zeros(d, 3), InitialBias: make([]float64, 3),
		Coef: coef, Intercept: opt.Bias, L2: alpha, Alpha: alpha,
		Solver: "sgd", Epochs: 100, UpdatesPerEpoch: 5, LearningRate: 0.1, BatchSize: 32, Init: "zeros",
		SAGEpochs: 100, StepSize: 0.29, SAGConverged: true, SAGMaxIter: 300, SAGTol: 1e-100, Standardized: true}
	dg, err := DiagnoseClasses(in)
	if err != nil {
		t.Fatal(err)
	}
	if dg.Verdict.Lagging != SideNeither || findItem(dg, KindNotAtOptimum, "") != nil {
		t.Errorf("at the optimum: verdict %+v, items %v", dg.Verdict, dg.Findings)
	}
	if dg.Optimum == nil || dg.Optimum.GraphGap == nil || math.Abs(*dg.Optimum.GraphGap) > 1e-12 {
		t.Errorf("optimum report %+v", dg.Optimum)
	}
	if !slicesEqual(dg.SeparableOneVsRest, []bool{true, false, false}) || dg.Separable {
		t.Errorf("separable %v, one vs rest %v; want setosa alone", dg.Separable, dg.SeparableOneVsRest)
	}
	if sb := dg.StepBudget; sb.ControlMaxAngleDeg == nil || *sb.ControlMaxAngleDeg > 0.01 {
		t.Errorf("control run %+v: want within 0.01° of the optimum", sb.ControlMaxAngleDeg)
	}

	// Off the optimum, with a class mean v added to every column.
	off := make([][]float64, d)
	v := []float64{0.5, -0.2, 0.3, 0.1}
	for j := range off {
		off[j] = make([]float64, 3)
		for c := range off[j] {
			off[j][c] = 0.6*opt.Kernel[j][c] + v[j]
		}
	}
	in.Kernel, in.InitialKernel = off, off
	dg, err = DiagnoseClasses(in)
	if err != nil {
		t.Fatal(err)
	}
	if dg.Verdict.Lagging != SideGraph || findItem(dg, KindNotAtOptimum, SideGraph) == nil {
		t.Errorf("off the optimum: verdict %+v, items %v", dg.Verdict, dg.Findings)
	}
	ns := findItem(dg, KindNullSpace, SideGraph)
	if ns == nil {
		t.Fatal("no null_space item")
	}
	want := math.Sqrt(0.25 + 0.04 + 0.09 + 0.01)
	if got := ns.Values["class_mean_final_norm"]; math.Abs(got-want) > 1e-12 || ns.Values["class_mean_drift"] != 0 {
		t.Errorf("class mean norm %v (drift %v), want %v (0)", got, ns.Values["class_mean_drift"], want)
	}
	if ns.Values["max_share_deg"] <= 0 {
		t.Errorf("the class mean accounts for %v° of the raw angles, want > 0", ns.Values["max_share_deg"])
	}

	// Without a penalty and from a random start, the class mean still
	// changes no prediction: no init remedy anywhere (the comparison
	// removes it; it is cosmetic).
	in.L2, in.Alpha, in.Init = 0, 0, "glorot_uniform"
	dg, err = DiagnoseClasses(in)
	if err != nil {
		t.Fatal(err)
	}
	ns = findItem(dg, KindNullSpace, SideGraph)
	if ns == nil || ns.Values["max_share_deg"] <= AngleTolDeg {
		t.Fatalf("no null_space item with a share above 1°: %+v", ns)
	}
	for _, r := range append(slices.Clone(dg.Remedies), ns.Remedies...) {
		if r.Setting == SettingInit {
			t.Errorf("init remedy %+v for the softmax class mean", r)
		}
	}
}

func slicesEqual(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestDiagnoseClassesUnscaled: iris in centimetres × 100 with the learning
// rate 0.1 far above the stable bound: standardize is the remedy, not the
// raw data's stable learning rate.
func TestDiagnoseClassesUnscaled(t *testing.T) {
	t.Parallel()
	x, y, features := irisClasses(t)
	x.Scale(100, x)
	n, d := x.Dims()
	coef := [][]float64{make([]float64, d), make([]float64, d), make([]float64, d)}
	in := ClassInputs{X: x, Y: y, Features: features, Classes: []string{"setosa", "versicolor", "virginica"},
		Kernel: zeros(d, 3), Bias: make([]float64, 3), InitialKernel: zeros(d, 3), InitialBias: make([]float64, 3),
		Coef: coef, Intercept: make([]float64, 3), L2: 1 / float64(n), Alpha: 1 / float64(n),
		Solver: "sgd", Epochs: 100, UpdatesPerEpoch: 5, LearningRate: 0.1, BatchSize: 32, Init: "zeros",
		SAGEpochs: 100, StepSize: 1e-6, SAGMaxIter: 100, SAGTol: 1e-100}
	dg, err := DiagnoseClasses(in)
	if err != nil {
		t.Fatal(err)
	}
	fs := findItem(dg, KindFeatureScale, "")
	if fs == nil || !(fs.Values["stable_learning_rate"] < in.LearningRate) {
		t.Fatalf("feature scale item %+v", fs)
	}
	var settings []string
	for _, r := range append(slices.Clone(dg.Remedies), fs.Remedies...) {
		settings = append(settings, r.Setting)
	}
	if !slices.Contains(settings, SettingStandardize) || slices.Contains(settings, SettingLearningRate) {
		t.Errorf("remedies %v, want standardize and no learning_rate", settings)
	}
}

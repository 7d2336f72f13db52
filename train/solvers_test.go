package train

import (
	"fmt"
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// kerasRule is one solver's update rule written out by hand from Keras
// 2.x's source (or, for bb, Gorgonia's), in float64, on all parameters
// (kernel then bias) as one vector, independently of the code under test.
type kerasRule struct {
	name string               // the rule the test checks
	step func(w, g []float64) // one update, in place
}

// newKerasRule returns the reference rule for cfg's solver on n parameters.
// Clipping (Keras's clipvalue) comes first for every rule.
func newKerasRule(t *testing.T, cfg Config, n int) kerasRule {
	t.Helper()
	lr := cfg.LearningRate
	clip := func(g []float64) {
		if cfg.Clip > 0 {
			for i := range g {
				g[i] = math.Max(-cfg.Clip, math.Min(cfg.Clip, g[i]))
			}
		}
	}
	var r kerasRule
	switch cfg.Solver {
	case "sgd":
		r.name = "Keras SGD(momentum=0): w ← w − η·g"
		r.step = func(w, g []float64) {
			for i := range w {
				w[i] -= lr * g[i]
			}
		}
	case "momentum":
		r.name = "Keras SGD(momentum=μ): v ← μ·v − η·g; w ← w + v"
		v := make([]float64, n)
		r.step = func(w, g []float64) {
			for i := range w {
				v[i] = cfg.Momentum*v[i] - lr*g[i]
				w[i] += v[i]
			}
		}
	case "nesterov":
		r.name = "Keras SGD(momentum=μ, nesterov=True): v ← μ·v − η·g; w ← w + μ·v − η·g"
		v := make([]float64, n)
		r.step = func(w, g []float64) {
			for i := range w {
				v[i] = cfg.Momentum*v[i] - lr*g[i]
				w[i] += cfg.Momentum*v[i] - lr*g[i]
			}
		}
	case "adam", "adamw":
		r.name = "Keras Adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − η√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε̂)"
		if cfg.Solver == "adamw" {
			r.name = "Keras AdamW: w ← w − ηλw, then " + r.name
		}
		m, v, step := make([]float64, n), make([]float64, n), 0
		r.step = func(w, g []float64) {
			step++
			b1t, b2t := math.Pow(cfg.Beta1, float64(step)), math.Pow(cfg.Beta2, float64(step))
			for i := range w {
				w[i] -= lr * cfg.WeightDecay * w[i]
				m[i] = cfg.Beta1*m[i] + (1-cfg.Beta1)*g[i]
				v[i] = cfg.Beta2*v[i] + (1-cfg.Beta2)*g[i]*g[i]
				w[i] -= lr * math.Sqrt(1-b2t) / (1 - b1t) * m[i] / (math.Sqrt(v[i]) + cfg.Epsilon)
			}
		}
	case "rmsprop":
		r.name = "Keras RMSprop(momentum=0, centered=False): s ← ρs + (1−ρ)g²; w ← w − η·g/√(s + ε)"
		s := make([]float64, n)
		r.step = func(w, g []float64) {
			for i := range w {
				s[i] = cfg.Rho*s[i] + (1-cfg.Rho)*g[i]*g[i]
				w[i] -= lr * g[i] / math.Sqrt(s[i]+cfg.Epsilon)
			}
		}
	case "adagrad":
		r.name = "Keras Adagrad: a ← a + g² (a₀ = initial_accumulator_value); w ← w − η·g/√(a + ε)"
		a := make([]float64, n)
		for i := range a {
			a[i] = cfg.InitialAccumulator
		}
		r.step = func(w, g []float64) {
			for i := range w {
				a[i] += g[i] * g[i]
				w[i] -= lr * g[i] / math.Sqrt(a[i]+cfg.Epsilon)
			}
		}
	case "bb":
		r.name = "Barzilai–Borwein (Gorgonia's rule): η ← ⟨Δw, Δg⟩/‖Δg‖²; w ← w − η·g"
		var pw, pg []float64
		eta := lr
		r.step = func(w, g []float64) {
			if pw != nil {
				var num, den float64
				for i := range w {
					num += (w[i] - pw[i]) * (g[i] - pg[i])
					den += (g[i] - pg[i]) * (g[i] - pg[i])
				}
				if den > 0 {
					eta = num / den
				}
			}
			pw, pg = append(pw[:0], w...), append(pg[:0], g...)
			for i := range w {
				w[i] -= eta * g[i]
			}
		}
	default:
		t.Fatalf("no reference rule for solver %q", cfg.Solver)
	}
	inner := r.step
	r.step = func(w, g []float64) {
		g = append([]float64(nil), g...)
		clip(g)
		inner(w, g)
	}
	return r
}

// fakeLearnable is a gorgonia.ValueGrad whose gradient the test sets.
type fakeLearnable struct{ w, g *tensor.Dense }

func (f fakeLearnable) Value() G.Value         { return f.w }
func (f fakeLearnable) Grad() (G.Value, error) { return f.g, nil }
func (f fakeLearnable) Name() string           { return "fake" }
func newFake(dt tensor.Dtype, shape ...int) fakeLearnable {
	return fakeLearnable{
		w: tensor.New(tensor.Of(dt), tensor.WithShape(shape...)),
		g: tensor.New(tensor.Of(dt), tensor.WithShape(shape...)),
	}
}

func setDense(t *tensor.Dense, v []float64) {
	switch d := t.Data().(type) {
	case []float64:
		copy(d, v)
	case []float32:
		for i := range d {
			d[i] = float32(v[i])
		}
	}
}

func getDense(t *tensor.Dense) []float64 {
	switch d := t.Data().(type) {
	case []float64:
		return append([]float64(nil), d...)
	case []float32:
		out := make([]float64, len(d))
		for i, f := range d {
			out[i] = float64(f)
		}
		return out
	}
	return nil
}

// gradSequence is a fixed sequence of gradients for n parameters: mixed
// signs and magnitudes from about 0.01 to 2, some beyond the clip bound
// used below.
func gradSequence(step, n int) []float64 {
	g := make([]float64, n)
	for j := range g {
		g[j] = 1.5*math.Sin(0.7*float64(step)+1.3*float64(j)) + 0.4*math.Cos(0.31*float64(step*(j+1)))
	}
	return g
}

// roundTo rounds v to the precision of dt (float32 or float64).
func roundTo(dt tensor.Dtype, v []float64) []float64 {
	out := append([]float64(nil), v...)
	if dt == tensor.Float32 {
		for i := range out {
			out[i] = float64(float32(out[i]))
		}
	}
	return out
}

// relErr returns ‖got − want‖∞ / max(‖want‖∞, 1e-300).
func relErr(got, want []float64) float64 {
	var diff, scale float64
	for i := range want {
		diff = math.Max(diff, math.Abs(got[i]-want[i]))
		scale = math.Max(scale, math.Abs(want[i]))
	}
	if math.IsNaN(diff) || len(got) != len(want) {
		return math.Inf(1)
	}
	return diff / math.Max(scale, 1e-300)
}

// tolerance is the normwise relative tolerance of a precision: 1e-12 for
// float64; float32 carries 24 bits (about 6e-8), so 1e-5 allows the
// rounding of a hundred steps.
func tolerance(dt tensor.Dtype) float64 {
	if dt == tensor.Float32 {
		return 1e-5
	}
	return 1e-12
}

func solverConfig(t *testing.T, name string, clip float64) Config {
	t.Helper()
	cfg := DefaultConfig()
	if err := cfg.SetSolver(name); err != nil {
		t.Fatal(err)
	}
	cfg.Clip = clip
	if name == "bb" {
		// The first step of bb on this sequence is plain gradient descent;
		// a larger η makes its later step sizes less trivial.
		cfg.LearningRate = 0.05
	}
	return cfg
}

// TestSolverRules runs every solver, in both precisions, on a d × 1 kernel
// (d = 3) and a 1 × 1 bias with a fixed sequence of gradients, for 3 and
// then 100 steps, with and without clipping, and compares the parameters
// with the Keras rule written out in newKerasRule: to 1e-12 (relative) in
// float64 and 1e-5 in float32.
func TestSolverRules(t *testing.T) {
	t.Parallel()
	kernel0, bias0 := []float64{0.5, -0.3, 0.2}, 0.1
	for _, info := range Solvers() {
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			for _, clip := range []float64{0, 0.8} {
				for _, steps := range []int{3, 100} {
					name := fmt.Sprintf("%s/%v/clip=%g/steps=%d", info.Name, dt, clip, steps)
					t.Run(name, func(t *testing.T) {
						cfg := solverConfig(t, info.Name, clip)
						solver, err := NewSolver(cfg)
						if err != nil {
							t.Fatal(err)
						}
						k, b := newFake(dt, 3, 1), newFake(dt, 1, 1)
						setDense(k.w, kernel0)
						setDense(b.w, []float64{bias0})
						model := []G.ValueGrad{k, b}

						ref := newKerasRule(t, cfg, 4)
						want := roundTo(dt, append(append([]float64(nil), kernel0...), bias0))
						for s := 1; s <= steps; s++ {
							g := roundTo(dt, gradSequence(s, 4))
							setDense(k.g, g[:3])
							setDense(b.g, g[3:])
							if err := solver.Step(model); err != nil {
								t.Fatalf("step %d: %v", s, err)
							}
							ref.step(want, g)
						}
						got := append(getDense(k.w), getDense(b.w)...)
						if e := relErr(got, want); !(e <= tolerance(dt)) {
							t.Errorf("rule %s\nafter %d steps: got %v\nwant %v (relative error %.3g > %g)", ref.name, steps, got, want, e, tolerance(dt))
						}
						if g := append(getDense(k.g), getDense(b.g)...); relErr(g, make([]float64, 4)) != 0 && maxAbs(g) != 0 {
							t.Errorf("gradients not zeroed after the step: %v", g)
						}
					})
				}
			}
		}
	}
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// TestSetSolverKerasDefaults checks the defaults SetSolver installs against
// Keras 2.x's constructor defaults, written out here.
func TestSetSolverKerasDefaults(t *testing.T) {
	t.Parallel()
	want := map[string]map[string]float64{
		"sgd":      {"learning_rate": 0.01},
		"momentum": {"learning_rate": 0.01, "momentum": 0.9},
		"nesterov": {"learning_rate": 0.01, "momentum": 0.9},
		"adam":     {"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7},
		"adamw":    {"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7, "weight_decay": 0.004},
		"rmsprop":  {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7},
		"adagrad":  {"learning_rate": 0.001, "initial_accumulator": 0.1, "epsilon": 1e-7},
		"bb":       {"learning_rate": 0.001},
	}
	if len(want) != len(Solvers()) {
		t.Fatalf("%d solvers registered, %d expected", len(Solvers()), len(want))
	}
	for name, w := range want {
		cfg := DefaultConfig()
		cfg.Momentum = 0.5 // must be reset
		if err := cfg.SetSolver(name); err != nil {
			t.Fatal(err)
		}
		got, err := cfg.Hyperparameters()
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("%s: defaults %v, want %v", name, got, w)
		}
		if err := cfg.Validate(); err != nil {
			t.Errorf("%s: defaults do not validate: %v", name, err)
		}
	}
}

func TestSolverValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"unknown", func(c *Config) { c.Solver = "lbfgs" }, "valid: adagrad, adam, adamw, bb, momentum, nesterov, rmsprop, sgd"},
		{"unused momentum", func(c *Config) { c.Momentum = 0.9 }, "Momentum = 0.9: solver sgd does not use it"},
		{"unused beta1", func(c *Config) { _ = c.SetSolver("rmsprop"); c.Beta1 = 0.9 }, "Beta1 = 0.9: solver rmsprop does not use it"},
		{"bad lr", func(c *Config) { c.LearningRate = -1 }, "LearningRate = -1: must be positive"},
		{"bad beta2", func(c *Config) { _ = c.SetSolver("adam"); c.Beta2 = 1 }, "Beta2 = 1: must be in [0, 1)"},
		{"no epsilon", func(c *Config) { c.Solver = "adam"; c.Beta1, c.Beta2 = 0.9, 0.999 }, "Epsilon = 0: must be positive"},
		{"bad momentum", func(c *Config) { _ = c.SetSolver("nesterov"); c.Momentum = 1.5 }, "Momentum = 1.5: must be in [0, 1]"},
		{"bad clip", func(c *Config) { c.Clip = -1 }, "Clip = -1"},
		{"NaN rho", func(c *Config) { _ = c.SetSolver("rmsprop"); c.Rho = math.NaN() }, "Rho = NaN"},
	} {
		cfg := DefaultConfig()
		tc.edit(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
		if _, err := NewSolver(cfg); err == nil {
			t.Errorf("%s: NewSolver accepted the configuration", tc.name)
		}
	}
	cfg := DefaultConfig()
	if err := cfg.SetSolver("nope"); err == nil || cfg.Solver != "sgd" {
		t.Errorf("SetSolver(nope): error %v, solver %q; want an error and no change", err, cfg.Solver)
	}
}

// TestBBMatchesGorgonia checks train.BarzilaiBorwein against Gorgonia's own
// BarzilaiBorweinSolver in float64, where Gorgonia's works, over steps whose
// gradient keeps changing.
func TestBBMatchesGorgonia(t *testing.T) {
	t.Parallel()
	ours, theirs := &BarzilaiBorwein{LearningRate: 0.05}, G.NewBarzilaiBorweinSolver(G.WithLearnRate(0.05))
	a := []fakeLearnable{newFake(tensor.Float64, 3, 1), newFake(tensor.Float64, 1, 1)}
	b := []fakeLearnable{newFake(tensor.Float64, 3, 1), newFake(tensor.Float64, 1, 1)}
	for _, m := range [][]fakeLearnable{a, b} {
		setDense(m[0].w, []float64{0.5, -0.3, 0.2})
		setDense(m[1].w, []float64{0.1})
	}
	for s := 1; s <= 20; s++ {
		g := gradSequence(s, 4)
		for _, m := range [][]fakeLearnable{a, b} {
			setDense(m[0].g, g[:3])
			setDense(m[1].g, g[3:])
		}
		if err := ours.Step([]G.ValueGrad{a[0], a[1]}); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Step([]G.ValueGrad{b[0], b[1]}); err != nil {
			t.Fatal(err)
		}
		got, want := append(getDense(a[0].w), getDense(a[1].w)...), append(getDense(b[0].w), getDense(b[1].w)...)
		if e := relErr(got, want); e > 1e-13 {
			t.Fatalf("step %d: ours %v, Gorgonia's %v (relative error %.3g)", s, got, want, e)
		}
	}
}

// TestGorgoniaRulesDifferFromKeras pins the differences that make nnlr
// implement adam, adamw, adagrad and bb itself: if a Gorgonia upgrade fixes
// them, this test fails and the registry should switch back to Gorgonia's
// solvers.
func TestGorgoniaRulesDifferFromKeras(t *testing.T) {
	t.Parallel()
	run := func(s G.Solver, steps int) []float64 {
		k := newFake(tensor.Float64, 2, 1)
		setDense(k.w, []float64{0.5, -0.3})
		for i := 1; i <= steps; i++ {
			setDense(k.g, []float64{1e-7, -0.6})
			if err := s.Step([]G.ValueGrad{k}); err != nil {
				t.Fatal(err)
			}
		}
		return getDense(k.w)
	}
	// AdamW: Gorgonia's leaves the weights where they were. It only takes
	// *gorgonia.Node learnables: use a graph whose gradient is constant.
	{
		g := G.NewGraph()
		k := G.NewMatrix(g, tensor.Float64, G.WithShape(2, 1), G.WithName("kernel"),
			G.WithValue(tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{0.5, -0.3}))))
		c := G.NewConstant(tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{1e-7, -0.6})))
		loss := G.Must(G.Sum(G.Must(G.HadamardProd(k, c))))
		if _, err := G.Grad(loss, k); err != nil {
			t.Fatal(err)
		}
		vm := G.NewTapeMachine(g, G.BindDualValues(k))
		defer vm.Close()
		s := G.NewAdamW(G.WithLearnRate(0.001))
		for i := 0; i < 3; i++ {
			vm.Reset()
			if err := vm.RunAll(); err != nil {
				t.Fatal(err)
			}
			if err := s.Step(G.NodesToValueGrads(G.Nodes{k})); err != nil {
				t.Fatal(err)
			}
		}
		if w := getDense(k.Value().(*tensor.Dense)); w[0] != 0.5 || w[1] != -0.3 {
			t.Errorf("gorgonia.AdamW now updates the weights (%v): check its rule against Keras's", w)
		}
	}
	// Barzilai–Borwein: Gorgonia's fails on float32 learnables, and a
	// gradient that does not change (‖Δg‖ = 0) makes its step size 0/0 and
	// the weights NaN; ours keeps the previous step size.
	{
		k := newFake(tensor.Float32, 2, 1)
		setDense(k.w, []float64{0.5, -0.3})
		setDense(k.g, []float64{1e-7, -0.6})
		if err := G.NewBarzilaiBorweinSolver(G.WithLearnRate(0.001)).Step([]G.ValueGrad{k}); err == nil {
			t.Errorf("gorgonia.BarzilaiBorweinSolver now steps float32 learnables: consider it for bb")
		}
		theirs, ours := run(G.NewBarzilaiBorweinSolver(G.WithLearnRate(0.001)), 2), run(&BarzilaiBorwein{LearningRate: 0.001}, 2)
		if !math.IsNaN(theirs[0]) {
			t.Errorf("gorgonia.BarzilaiBorweinSolver with a constant gradient now gives %v, not NaN", theirs)
		}
		if math.Abs(ours[1]-(-0.3+2*0.001*0.6)) > 1e-15 {
			t.Errorf("BarzilaiBorwein with a constant gradient: %v, want two steps of η = 0.001", ours)
		}
	}
	// Adagrad: Gorgonia's accumulator starts at 0, Keras's at 0.1: the first
	// step is η·g/√(g² + ε) ≈ η instead of η·g/√(0.1 + g² + ε).
	if w := run(G.NewAdaGradSolver(G.WithLearnRate(0.001), G.WithEps(1e-7)), 1); math.Abs(w[1]-(-0.3+0.001)) > 1e-9 {
		t.Errorf("gorgonia.AdaGradSolver's first step is now %v: check its accumulator start", w[1]+0.3)
	}
	// Adam: for a gradient element of 1e-7, ε = 1e-7 inside the bias
	// correction halves the first step; Keras's ε̂ reduces it by √(1−β₂)·ε
	// relative to √v, so the first step is about η·1e-7·√0.001/(1e-7·√0.001 + 1e-7).
	g := run(G.NewAdamSolver(G.WithLearnRate(0.001), G.WithEps(1e-7)), 1)
	k := run(&Adam{LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}, 1)
	if math.Abs((0.5-g[0])-0.001/2) > 1e-9 || math.Abs((0.5-k[0])-0.001*math.Sqrt(0.001)/(math.Sqrt(0.001)+1)) > 1e-9 {
		t.Errorf("first Adam steps: Gorgonia's %v, Keras's %v: want 5e-4 and %.6g", 0.5-g[0], 0.5-k[0], 0.001*math.Sqrt(0.001)/(math.Sqrt(0.001)+1))
	}
}

// TestSolverStateMismatch: a solver keeps per-learnable state, so a model
// whose learnables change in number, precision or size after the first step
// is an error, as is a value that is not a *tensor.Dense; never a panic.
func TestSolverStateMismatch(t *testing.T) {
	t.Parallel()
	step := func(s G.Solver, model ...fakeLearnable) error {
		vg := make([]G.ValueGrad, len(model))
		for i := range model {
			vg[i] = model[i]
		}
		return s.Step(vg)
	}
	for _, name := range []string{"nesterov", "adam", "adagrad", "bb"} {
		for _, tc := range []struct {
			what   string
			second []fakeLearnable
		}{
			{"count", []fakeLearnable{newFake(tensor.Float64, 2, 1)}},
			{"precision", []fakeLearnable{newFake(tensor.Float32, 2, 1), newFake(tensor.Float64, 1, 1)}},
			{"size", []fakeLearnable{newFake(tensor.Float64, 3, 1), newFake(tensor.Float64, 1, 1)}},
		} {
			cfg := solverConfig(t, name, 0)
			s, err := NewSolver(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := step(s, newFake(tensor.Float64, 2, 1), newFake(tensor.Float64, 1, 1)); err != nil {
				t.Fatalf("%s: first step: %v", name, err)
			}
			if err := step(s, tc.second...); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s: learnables changed in %s: error %v, want one naming the solver", name, tc.what, err)
			}
		}
	}
	bad := fakeLearnable{w: tensor.New(tensor.Of(tensor.Int), tensor.WithShape(2, 1)), g: tensor.New(tensor.Of(tensor.Int), tensor.WithShape(2, 1))}
	for _, info := range Solvers() {
		if info.Name == "sgd" || info.Name == "momentum" || info.Name == "rmsprop" {
			continue // Gorgonia's own solvers
		}
		for _, clip := range []float64{0, 0.5} {
			s, err := NewSolver(solverConfig(t, info.Name, clip))
			if err != nil {
				t.Fatal(err)
			}
			if err := step(s, bad); err == nil {
				t.Errorf("%s (clip %g): an int learnable stepped without error", info.Name, clip)
			}
		}
	}
}

package train

import (
	"context"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gorgonia.org/tensor"

	"nnlr/graph"
)

// seedData is the seed problem: X = [[1, 1], [2, 2]], y = [0, 1].
func seedData() (*mat.Dense, []float64) {
	return mat.NewDense(2, 2, []float64{1, 1, 2, 2}), []float64{0, 1}
}

// seedGradient is the closed-form gradient of the seed problem's mean binary
// cross-entropy plus (l2/2)·‖W‖² at p = (w1, w2, b): ∂L/∂W = Xᵀ(σ(z) − y)/n
// + l2·W, ∂L/∂b = mean(σ(z) − y), with z = X·W + b.
func seedGradient(p []float64, l2 float64) []float64 {
	x, y := seedData()
	g := make([]float64, 3)
	for i := range 2 {
		z := x.At(i, 0)*p[0] + x.At(i, 1)*p[1] + p[2]
		r := (1/(1+math.Exp(-z)) - y[i]) / 2
		g[0] += r * x.At(i, 0)
		g[1] += r * x.At(i, 1)
		g[2] += r
	}
	g[0] += l2 * p[0]
	g[1] += l2 * p[1]
	return g
}

func dtypeOf(dt tensor.Dtype) graph.Dtype {
	if dt == tensor.Float32 {
		return graph.Float32
	}
	return graph.Float64
}

// TestSolversOnSeedProblem trains the seed problem's graph with every
// solver, full batch, from kernel [0.5, −0.3] and bias 0.1, for 3 and then
// 100 epochs through Fit (real gradients from Gorgonia's autodiff), and
// compares the parameters with the solver's Keras rule (newKerasRule)
// stepped on the closed-form gradients: to 1e-12 in float64 and 1e-5 in
// float32.
//
// bb runs on the L2-penalised problem (L2 = 0.1): without a penalty its
// growing step sizes drive a logit past 19 within 100 epochs, where
// Gorgonia's sigmoid (the derivative of its Softplus) returns exactly 1, so
// the graph's gradient differs from the closed form and BB's quotient
// ⟨Δw, Δg⟩/‖Δg‖² magnifies the difference. In float32 the same quotient
// magnifies the rounding of the gradients (Δg is a difference of nearly
// equal float32 numbers) past 1e-5, so bb/float32 is checked step by step:
// each of its steps must match the rule applied to that step's own float32
// parameters and gradients (checkSteps).
func TestSolversOnSeedProblem(t *testing.T) {
	t.Parallel()
	x, y := seedData()
	for _, info := range Solvers() {
		l2 := 0.0
		if info.Name == "bb" {
			l2 = 0.1
		}
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			for _, steps := range []int{3, 100} {
				t.Run(fmt.Sprintf("%s/%v/epochs=%d", info.Name, dt, steps), func(t *testing.T) {
					m, err := graph.New(graph.Config{Features: 2, BatchRows: 2, Dtype: dtypeOf(dt), Kernel: []float64{0.5, -0.3}, Bias: 0.1, L2: l2})
					if err != nil {
						t.Fatal(err)
					}
					defer m.Close()
					cfg := DefaultConfig()
					if err := cfg.SetSolver(info.Name); err != nil {
						t.Fatal(err)
					}
					cfg.Epochs, cfg.Shuffle = steps, false
					if info.Name == "bb" && dt == tensor.Float32 {
						checkSteps(t, m, cfg, steps)
						return
					}
					if _, err := Fit(context.Background(), m, x, y, cfg); err != nil {
						t.Fatal(err)
					}
					got := append(m.Kernel(), m.Bias())

					ref := newKerasRule(t, cfg, 3)
					want := roundTo(dt, []float64{0.5, -0.3, 0.1})
					for range steps {
						ref.step(want, seedGradient(want, l2))
					}
					if e := relErr(got, want); !(e <= tolerance(dt)) {
						t.Errorf("rule %s\nafter %d epochs: got %v\nwant %v (relative error %.3g > %g)", ref.name, steps, got, want, e, tolerance(dt))
					}
				})
			}
		}
	}
}

// checkSteps takes steps full-batch steps of cfg's solver on the seed
// problem and requires each to match the rule (newKerasRule, in float64)
// applied to the same parameters and gradients, to 1e-5 relative.
func checkSteps(t *testing.T, m *graph.Model, cfg Config, steps int) {
	t.Helper()
	x, y := seedData()
	data := []float64{x.At(0, 0), x.At(0, 1), x.At(1, 0), x.At(1, 1)}
	solver, err := NewSolver(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ref := newKerasRule(t, cfg, 3)
	for s := 1; s <= steps; s++ {
		if _, err := m.RunBatch(data, y, []int{0, 1}); err != nil {
			t.Fatal(err)
		}
		gk, gb, err := m.Gradients()
		if err != nil {
			t.Fatal(err)
		}
		want := append(m.Kernel(), m.Bias())
		ref.step(want, append(gk, gb))
		if err := solver.Step(m.ValueGrads()); err != nil {
			t.Fatal(err)
		}
		if got := append(m.Kernel(), m.Bias()); !(relErr(got, want) <= 1e-5) {
			t.Fatalf("rule %s\nstep %d: got %v, want %v (relative error %.3g)", ref.name, s, got, want, relErr(got, want))
		}
	}
}

// TestFloat32MatchesFloat64SGD runs 100 epochs of SGD(0.01) on the seed
// problem in both precisions, from the seeded glorot_uniform draw with
// shuffling and from the reference start (kernel [0.5, −0.3], bias 0.1),
// and requires the two precisions to agree to 1e-5, and the reference start
// to land on PyTorch 1.13's float64 result (../shared/reference/
// seed_sgd.json, copied here) to 1e-5 in float32.
func TestFloat32MatchesFloat64SGD(t *testing.T) {
	t.Parallel()
	x, y := seedData()
	fit := func(dt graph.Dtype, kernel []float64, bias float64) []float64 {
		m, err := graph.New(graph.Config{Features: 2, BatchRows: 2, Dtype: dt, Seed: 7, Kernel: kernel, Bias: bias})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		cfg := DefaultConfig()
		cfg.Seed = 7
		if _, err := Fit(context.Background(), m, x, y, cfg); err != nil {
			t.Fatal(err)
		}
		return append(m.Kernel(), m.Bias())
	}
	for _, start := range []struct {
		name   string
		kernel []float64
		bias   float64
	}{{"glorot_uniform", nil, 0}, {"reference", []float64{0.5, -0.3}, 0.1}} {
		f64, f32 := fit(graph.Float64, start.kernel, start.bias), fit(graph.Float32, start.kernel, start.bias)
		if e := relErr(f32, f64); !(e <= 1e-5) {
			t.Errorf("%s start: float32 %v, float64 %v (relative difference %.3g > 1e-5)", start.name, f32, f64, e)
		}
		if start.name == "reference" {
			want := []float64{0.566835350626195, -0.2331646493738056, -0.011351447243243334}
			if e := relErr(f32, want); !(e <= 1e-5) {
				t.Errorf("float32 from the reference start: %v, PyTorch float64 %v (relative difference %.3g)", f32, want, e)
			}
		}
	}
}

package train

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
)

// machineData is n × d standard normal features with labels from a noisy
// linear rule, seeded.
func machineData(n, d int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 77))
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		s := 0.0
		for j := 0; j < d; j++ {
			v := rng.NormFloat64()
			x.Set(i, j, v)
			s += v * float64(j+1)
		}
		if s+rng.NormFloat64() > 0 {
			y[i] = 1
		}
	}
	return x, y
}

// TestExecutorMatchesTapeMachine trains every model shape (no hidden layer,
// one hidden layer of each activation, two mixed hidden layers; a sigmoid
// output, and a softmax output over 3 classes without and with one or two
// hidden layers; float64 and float32; with and without L2; mini-batches of 16 of 50 samples,
// shuffled, so that every epoch ends with a padded batch of 2 rows; and a
// full unshuffled batch, where X is bound to the caller's data) with every
// solver, with and without clipping, for 100 steps, once on Gorgonia's
// TapeMachine and once on the Executor: the epoch losses and every
// parameter must agree to 1e-12.
func TestExecutorMatchesTapeMachine(t *testing.T) {
	t.Parallel()
	const n, d = 50, 3
	x, y := machineData(n, d, 5)
	y3 := machineClasses(x, 3)
	counts := map[float64]int{}
	for _, c := range y3 {
		counts[c]++
	}
	if len(counts) != 3 || counts[0] < 5 || counts[1] < 5 || counts[2] < 5 {
		t.Fatalf("class counts %v: want each of 3 classes at least 5 times", counts)
	}
	type shape struct {
		name    string
		hidden  []graph.Dense
		classes int // 0: sigmoid output; k: softmax over k classes
	}
	shapes := []shape{{name: "no hidden layer"}}
	for _, a := range graph.Activations() {
		shapes = append(shapes, shape{name: "hidden " + string(a), hidden: []graph.Dense{{Units: 4, Activation: a}}})
	}
	shapes = append(shapes, shape{name: "hidden relu+tanh", hidden: []graph.Dense{{Units: 4, Activation: graph.ReLU}, {Units: 3, Activation: graph.Tanh}}},
		shape{name: "softmax 3", classes: 3},
		shape{name: "softmax 3 hidden tanh", hidden: []graph.Dense{{Units: 4, Activation: graph.Tanh}}, classes: 3},
		shape{name: "softmax 3 hidden relu+sigmoid", hidden: []graph.Dense{{Units: 4, Activation: graph.ReLU}, {Units: 3, Activation: graph.Sigmoid}}, classes: 3})
	softmax := len(shapes) - 3
	type variant struct {
		dt    graph.Dtype
		l2    float64
		batch int // 16: 4 steps an epoch, 25 epochs; n: one step, 100 epochs
	}
	variants := []variant{{graph.Float64, 0, 16}, {graph.Float64, 0.01, 16}, {graph.Float32, 0.01, 16}}
	type tcase struct {
		shape
		variant
	}
	var cases []tcase
	for _, s := range shapes {
		for _, v := range variants {
			cases = append(cases, tcase{s, v})
		}
	}
	cases = append(cases, tcase{shapes[0], variant{graph.Float64, 0.01, n}}, tcase{shapes[2], variant{graph.Float64, 0, n}},
		tcase{shapes[softmax], variant{graph.Float64, 0.01, n}}, tcase{shapes[softmax+1], variant{graph.Float32, 0, n}})
	for _, tc := range cases {
		for _, solver := range SolverNames() {
			for _, clip := range []float64{0, 0.05} {
				name := fmt.Sprintf("%s/%s/l2=%g/batch=%d/%s/clip=%g", tc.name, tc.dt, tc.l2, tc.batch, solver, clip)
				labels, out := y, graph.Activation("")
				if tc.classes > 0 {
					labels, out = y3, graph.Softmax
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel() // each case builds its own models; x and y are only read
					cfg := DefaultConfig()
					if err := cfg.SetSolver(solver); err != nil {
						t.Fatal(err)
					}
					cfg.Clip, cfg.BatchSize, cfg.Seed = clip, tc.batch, 3
					cfg.Epochs = 100 / ((n + tc.batch - 1) / tc.batch) // 100 steps
					if tc.batch == n {
						cfg.Shuffle = false
					}
					var layers [2][]graph.Layer
					var losses [2][]float64
					var start []graph.Layer
					for k, mc := range []graph.Machine{graph.MachineTape, graph.MachineExecutor} {
						m, err := graph.New(graph.Config{Features: d, BatchRows: tc.batch, Dtype: tc.dt, Hidden: tc.hidden, Seed: 7, L2: tc.l2, Machine: mc,
							Output: out, Classes: tc.classes})
						if err != nil {
							t.Fatal(err)
						}
						if m.Machine() != mc {
							t.Fatalf("model runs on %q, want %q", m.Machine(), mc)
						}
						start = m.Layers()
						if m.Output() != out && out != "" {
							t.Fatalf("model's output is %q, want %q", m.Output(), out)
						}
						h, err := Fit(context.Background(), m, x, labels, cfg)
						if err != nil {
							t.Fatal(err)
						}
						layers[k], losses[k] = m.Layers(), h.Loss
						if err := m.Close(); err != nil {
							t.Fatal(err)
						}
					}
					if len(losses[0]) != cfg.Epochs || len(losses[1]) != cfg.Epochs {
						t.Fatalf("%d and %d epoch losses, want %d", len(losses[0]), len(losses[1]), cfg.Epochs)
					}
					for e := range losses[0] {
						if diff := math.Abs(losses[0][e] - losses[1][e]); !(diff <= 1e-12) {
							t.Fatalf("epoch %d: loss %.17g on the tape, %.17g on the executor", e+1, losses[0][e], losses[1][e])
						}
					}
					moved := 0
					for l := range layers[0] {
						a, b, s := flatLayer(layers[0][l]), flatLayer(layers[1][l]), flatLayer(start[l])
						for i := range a {
							if diff := math.Abs(a[i] - b[i]); !(diff <= 1e-12) {
								t.Errorf("layer %d parameter %d: %.17g on the tape, %.17g on the executor", l+1, i, a[i], b[i])
							}
							if a[i] != s[i] {
								moved++
							}
						}
					}
					if moved == 0 {
						t.Error("no parameter moved")
					}
				})
			}
		}
	}
}

// machineClasses labels the rows of x (n × d) with k classes: the class
// whose direction (1, 0, …), (0, 1, …), … has the largest product with the
// row, the first column shifted so that every class occurs.
func machineClasses(x *mat.Dense, k int) []float64 {
	n, d := x.Dims()
	y := make([]float64, n)
	for i := range y {
		best, arg := math.Inf(-1), 0
		for c := 0; c < k; c++ {
			v := x.At(i, c%d) * float64(1+c/d)
			if c == 0 {
				v += 0.3
			}
			if v > best {
				best, arg = v, c
			}
		}
		y[i] = float64(arg)
	}
	return y
}

// flatLayer lists a layer's kernel (row-major) then its bias.
func flatLayer(l graph.Layer) []float64 {
	var out []float64
	for _, row := range l.Kernel {
		out = append(out, row...)
	}
	return append(out, l.Bias...)
}

// TestLargerPlaceholderSameFit trains with batches of 10 on models whose
// placeholder holds 10 rows and 32 rows (every batch then padded), on both
// machines: the parameters must agree to 1e-12, so that a caller sets the
// batch size in one place (train.Config) and builds the graph with any
// placeholder at least that large.
func TestLargerPlaceholderSameFit(t *testing.T) {
	t.Parallel()
	const n, d = 45, 3
	x, y := machineData(n, d, 6)
	cfg := DefaultConfig()
	cfg.BatchSize, cfg.Epochs = 10, 20
	var ref []graph.Layer
	for _, mc := range graph.Machines() {
		for _, rows := range []int{10, 32} {
			m, err := graph.New(graph.Config{Features: d, BatchRows: rows, Seed: 2, Machine: mc, Hidden: []graph.Dense{{Units: 3, Activation: graph.Tanh}}})
			if err != nil {
				t.Fatal(err)
			}
			start := m.Layers()
			if _, err := Fit(context.Background(), m, x, y, cfg); err != nil {
				t.Fatal(err)
			}
			got := m.Layers()
			m.Close()
			if ref == nil {
				ref = got
				compareLayers(t, 0, ref, ref, start)
				continue
			}
			for l := range ref {
				a, b := flatLayer(ref[l]), flatLayer(got[l])
				for i := range a {
					if math.Abs(a[i]-b[i]) > 1e-12 {
						t.Errorf("%s, %d rows: layer %d parameter %d: %.17g, want %.17g", mc, rows, l+1, i, b[i], a[i])
					}
				}
			}
		}
	}
}

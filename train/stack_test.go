package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"nnlr/graph"
)

// TestFitStackMatchesSingleModels trains stacks of 3 models (no hidden
// layer, a tanh hidden layer, relu + tanh hidden layers with L2, and a
// float32 sigmoid hidden layer with L2; batches of 16 of 50 samples, each
// model shuffling its own order, the last batch padded) with every solver,
// with and without clipping, for 100 steps: every model's parameters and
// epoch losses must equal those of Fit on a single model of the same seed
// bit for bit: the stack's output layer calls the same BLAS gemv as a
// single model's (graph/stackop.go), its hidden layers the same gemm per
// model, and its sums run in the same order. (In float32 this holds for
// these shapes; see graph.Stack for the alignment caveat.)
func TestFitStackMatchesSingleModels(t *testing.T) {
	t.Parallel()
	const n, d, batch = 50, 3, 16
	x, y := machineData(n, d, 9)
	seeds := []uint64{4, 11, 12}
	shapes := []struct {
		name string
		cfg  graph.Config
	}{
		{"no hidden layer", graph.Config{Features: d, BatchRows: batch}},
		{"hidden tanh", graph.Config{Features: d, BatchRows: batch, Hidden: []graph.Dense{{Units: 4, Activation: graph.Tanh}}}},
		{"hidden relu+tanh l2", graph.Config{Features: d, BatchRows: batch, L2: 0.01, Hidden: []graph.Dense{{Units: 4, Activation: graph.ReLU}, {Units: 3, Activation: graph.Tanh}}}},
		{"float32 hidden sigmoid l2", graph.Config{Features: d, BatchRows: batch, L2: 0.01, Dtype: graph.Float32, Hidden: []graph.Dense{{Units: 3, Activation: graph.Sigmoid}}}},
	}
	for _, sh := range shapes {
		for _, solver := range SolverNames() {
			for _, clip := range []float64{0, 0.05} {
				t.Run(fmt.Sprintf("%s/%s/clip=%g", sh.name, solver, clip), func(t *testing.T) {
					cfg := DefaultConfig()
					if err := cfg.SetSolver(solver); err != nil {
						t.Fatal(err)
					}
					cfg.Clip, cfg.BatchSize, cfg.Epochs = clip, batch, 25 // 4 steps an epoch
					st, err := graph.NewStack(sh.cfg, seeds)
					if err != nil {
						t.Fatal(err)
					}
					defer st.Close()
					if st.Machine() != graph.MachineExecutor {
						t.Fatalf("stack runs on %q", st.Machine())
					}
					epochs := 0
					sh2, err := FitStack(context.Background(), st, x, y, cfg, func(int, []float64) error { epochs++; return nil })
					if err != nil {
						t.Fatal(err)
					}
					if epochs != cfg.Epochs {
						t.Errorf("onEpoch called %d times, want %d", epochs, cfg.Epochs)
					}
					for k, seed := range seeds {
						if sh2.Err[k] != nil {
							t.Fatalf("model %d: %v", k, sh2.Err[k])
						}
						mc := sh.cfg
						mc.Seed = seed
						m, err := graph.New(mc)
						if err != nil {
							t.Fatal(err)
						}
						start := m.Layers()
						fc := cfg
						fc.Seed = seed
						h, err := Fit(context.Background(), m, x, y, fc)
						if err != nil {
							t.Fatal(err)
						}
						const tol = 0 // bit for bit
						compareLayersTol(t, k, m.Layers(), mustLayers(t, st, k), start, tol)
						if len(h.Loss) != len(sh2.Loss[k]) {
							t.Fatalf("model %d: %d epoch losses, single %d", k, len(sh2.Loss[k]), len(h.Loss))
						}
						for e := range h.Loss {
							if !near(h.Loss[e], sh2.Loss[k][e], tol) {
								t.Fatalf("model %d epoch %d: loss %.17g stacked, %.17g alone", k, e+1, sh2.Loss[k][e], h.Loss[e])
							}
						}
						m.Close()
					}
				})
			}
		}
	}
}

func mustLayers(t *testing.T, st *graph.Stack, k int) []graph.Layer {
	t.Helper()
	l, err := st.Layers(k)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// compareLayers requires stacked model k's layers to equal the single
// model's to 1e-12, and the single model to have moved from start.
func compareLayers(t *testing.T, k int, single, stacked, start []graph.Layer) {
	t.Helper()
	compareLayersTol(t, k, single, stacked, start, 1e-12)
}

// near reports whether |a − b| ≤ tol, relative to max(1, |a|) for the
// float32 tolerance (tol > 1e-12).
func near(a, b, tol float64) bool {
	if tol > 1e-12 {
		tol *= math.Max(1, math.Abs(a))
	}
	return math.Abs(a-b) <= tol
}

// compareLayersTol is compareLayers with near's tolerance tol.
func compareLayersTol(t *testing.T, k int, single, stacked, start []graph.Layer, tol float64) {
	t.Helper()
	moved := 0
	for l := range single {
		a, b, s := flatLayer(single[l]), flatLayer(stacked[l]), flatLayer(start[l])
		if len(a) != len(b) {
			t.Fatalf("model %d layer %d: %d parameters stacked, %d alone", k, l+1, len(b), len(a))
		}
		for i := range a {
			if !near(a[i], b[i], tol) {
				t.Errorf("model %d layer %d parameter %d: %.17g stacked, %.17g alone", k, l+1, i, b[i], a[i])
			}
			if a[i] != s[i] {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Errorf("model %d: no parameter moved", k)
	}
}

// TestFitStackDivergedModelStopsAlone starts the middle model of three with
// an infinite kernel, so that its first batch loss is not finite: it must
// stop with
// ErrDiverged at epoch 1 and keep its parameters, while the other two train
// exactly as alone.
func TestFitStackDivergedModelStopsAlone(t *testing.T) {
	t.Parallel()
	const n, d, batch = 50, 3, 16
	x, y := machineData(n, d, 9)
	seeds := []uint64{4, 11, 12}
	gc := graph.Config{Features: d, BatchRows: batch}
	for _, solver := range []string{"sgd", "adam", "bb"} {
		t.Run(solver, func(t *testing.T) {
			st, err := graph.NewStack(gc, seeds)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			huge := mustLayers(t, st, 1)
			for i := range huge[0].Kernel {
				huge[0].Kernel[i][0] = math.Inf(1)
			}
			if err := st.SetLayers(1, huge); err != nil {
				t.Fatal(err)
			}
			cfg := DefaultConfig()
			if err := cfg.SetSolver(solver); err != nil {
				t.Fatal(err)
			}
			cfg.BatchSize, cfg.Epochs = batch, 25
			h, err := FitStack(context.Background(), st, x, y, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !errors.Is(h.Err[1], ErrDiverged) || len(h.Loss[1]) != 0 {
				t.Fatalf("model 1: error %v after %d epochs, want ErrDiverged in epoch 1", h.Err[1], len(h.Loss[1]))
			}
			if got := mustLayers(t, st, 1); !math.IsInf(got[0].Kernel[0][0], 1) || flatLayer(got[0])[d] != huge[0].Bias[0] {
				t.Errorf("model 1's parameters changed after it stopped: %v", got[0])
			}
			for _, k := range []int{0, 2} {
				if h.Err[k] != nil || len(h.Loss[k]) != cfg.Epochs {
					t.Fatalf("model %d: error %v after %d epochs", k, h.Err[k], len(h.Loss[k]))
				}
				mc := gc
				mc.Seed = seeds[k]
				m, err := graph.New(mc)
				if err != nil {
					t.Fatal(err)
				}
				start := m.Layers()
				fc := cfg
				fc.Seed = seeds[k]
				if _, err := Fit(context.Background(), m, x, y, fc); err != nil {
					t.Fatal(err)
				}
				compareLayers(t, k, m.Layers(), mustLayers(t, st, k), start)
				m.Close()
			}
		})
	}
}

// TestFitStackOnTheTape trains the same stack on the TapeMachine and on the
// executor (sgd, adam and the per-model bb, with a hidden layer): the
// parameters must agree to 1e-12.
func TestFitStackOnTheTape(t *testing.T) {
	t.Parallel()
	const n, d, batch = 50, 3, 16
	x, y := machineData(n, d, 9)
	seeds := []uint64{4, 11}
	for _, solver := range []string{"sgd", "adam", "bb"} {
		t.Run(solver, func(t *testing.T) {
			cfg := DefaultConfig()
			if err := cfg.SetSolver(solver); err != nil {
				t.Fatal(err)
			}
			cfg.BatchSize, cfg.Epochs = batch, 25
			var layers [2][][]graph.Layer
			var start [][]graph.Layer
			for i, mc := range []graph.Machine{graph.MachineTape, graph.MachineExecutor} {
				st, err := graph.NewStack(graph.Config{Features: d, BatchRows: batch, Machine: mc, Hidden: []graph.Dense{{Units: 3, Activation: graph.Tanh}}}, seeds)
				if err != nil {
					t.Fatal(err)
				}
				if st.Machine() != mc {
					t.Fatalf("stack runs on %q, want %q", st.Machine(), mc)
				}
				start = start[:0]
				for k := range seeds {
					start = append(start, mustLayers(t, st, k))
				}
				if _, err := FitStack(context.Background(), st, x, y, cfg, nil); err != nil {
					t.Fatal(err)
				}
				for k := range seeds {
					layers[i] = append(layers[i], mustLayers(t, st, k))
				}
				st.Close()
			}
			for k := range seeds {
				compareLayers(t, k, layers[0][k], layers[1][k], start[k])
			}
		})
	}
}

// TestFitStackStopModels stops model 1 of three after epoch 5 through
// onEpoch's StopModels: it must keep its parameters of epoch 5 (those of
// Fit for 5 epochs) with a history of 5 epochs and Stopped set, while the
// others train all 25 epochs exactly as alone.
func TestFitStackStopModels(t *testing.T) {
	t.Parallel()
	const n, d, batch = 50, 3, 16
	x, y := machineData(n, d, 9)
	seeds := []uint64{4, 11, 12}
	gc := graph.Config{Features: d, BatchRows: batch}
	for _, solver := range []string{"adam", "bb"} {
		t.Run(solver, func(t *testing.T) {
			st, err := graph.NewStack(gc, seeds)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			cfg := DefaultConfig()
			if err := cfg.SetSolver(solver); err != nil {
				t.Fatal(err)
			}
			cfg.BatchSize, cfg.Epochs = batch, 25
			h, err := FitStack(context.Background(), st, x, y, cfg, func(epoch int, loss []float64) error {
				if epoch > 5 && !math.IsNaN(loss[1]) {
					t.Errorf("epoch %d: model 1 still trains (loss %v)", epoch, loss[1])
				}
				if epoch == 5 {
					return StopModels{1}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for k, seed := range seeds {
				epochs := cfg.Epochs
				if k == 1 {
					epochs = 5
				}
				if h.Err[k] != nil || len(h.Loss[k]) != epochs || h.Stopped[k] != (k == 1) {
					t.Fatalf("model %d: error %v, %d epochs, stopped %v", k, h.Err[k], len(h.Loss[k]), h.Stopped[k])
				}
				mc := gc
				mc.Seed = seed
				m, err := graph.New(mc)
				if err != nil {
					t.Fatal(err)
				}
				start := m.Layers()
				fc := cfg
				fc.Seed, fc.Epochs = seed, epochs
				if _, err := Fit(context.Background(), m, x, y, fc); err != nil {
					t.Fatal(err)
				}
				compareLayers(t, k, m.Layers(), mustLayers(t, st, k), start)
				m.Close()
			}
		})
	}
	st, err := graph.NewStack(gc, seeds)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := FitStack(context.Background(), st, x, y, DefaultConfig(), func(int, []float64) error { return StopModels{3} }); err == nil {
		t.Error("stopping model 3 of 3 is not an error")
	}
}

package train

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"

	"nnlr/graph"
)

// StackHistory is the record of FitStack, one entry per model of the stack.
type StackHistory struct {
	// Loss[k] is model k's mean training loss of each epoch it completed (as
	// History.Loss; empty with Config.DiscardLoss).
	Loss [][]float64
	// Err[k] is nil when model k trained every epoch, else the reason it
	// stopped: an error wrapping ErrDiverged that names the model, its seed
	// and the epoch (its parameters are then those before the batch whose
	// loss was not finite, as Fit leaves them, and are not to be used).
	Err []error
	// Stopped[k] is set when onEpoch stopped model k (StopModels): its
	// parameters are those after its last epoch in Loss[k].
	Stopped []bool
}

// StopModels is an error FitStack's onEpoch returns to stop some models
// (indices 0 … K−1) after the epoch just finished while the others go on:
// each keeps its parameters of that epoch, its history ends there and
// StackHistory.Stopped is set for it, as Fit stops when Config.OnEpoch
// returns an error. An index out of range is an error that stops FitStack.
type StopModels []int

// Error lists the models to stop.
func (s StopModels) Error() string { return fmt.Sprintf("stop models %v", []int(s)) }

// FitStack trains the K models of st at once, each exactly as Fit trains a
// Model of the same graph.Config with Config.Seed = st.Seeds()[k] and cfg
// with Seed = st.Seeds()[k]: model k shuffles its own sample order before
// every epoch from graph.NewRand(seed, 2) (cfg.Seed is ignored), and one
// run of the stacked graph computes every model's batch loss and gradients.
// Element-wise solvers (every solver but "bb", with or without Clip) step
// the stacked learnables once; "bb", whose step size couples all of a
// model's parameters, steps each model alone. A model whose batch loss is
// not finite stops there (StackHistory.Err[k] wraps ErrDiverged) and its
// parameters are held while the others go on. onEpoch, when not nil, is
// called after every epoch (counted from 1) with the K epoch losses (NaN for
// a model that has stopped); it may return StopModels to stop some models
// there; any other non-nil error stops FitStack, which returns it wrapped, as it does ctx's error (checked before every epoch) and
// errors in the configuration, the shapes or a solver step. cfg.OnEpoch
// must be nil. The stack's batch placeholder must hold min(cfg.BatchSize,
// n) rows.
func FitStack(ctx context.Context, st *graph.Stack, x *mat.Dense, y []float64, cfg Config, onEpoch func(epoch int, loss []float64) error) (*StackHistory, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("fit stack: %w", err)
	}
	if cfg.OnEpoch != nil {
		return nil, fmt.Errorf("fit stack: Config.OnEpoch is not used: pass onEpoch")
	}
	n, d := x.Dims()
	if n != len(y) {
		return nil, fmt.Errorf("fit stack: %d rows but %d labels", n, len(y))
	}
	if d != st.Features() {
		return nil, fmt.Errorf("fit stack: data has %d features, models %d", d, st.Features())
	}
	batch := min(cfg.BatchSize, n)
	if st.Rows() < batch {
		return nil, fmt.Errorf("fit stack: models hold batches of %d rows, batch size is %d", st.Rows(), batch)
	}
	K := st.Models()
	seeds := st.Seeds()
	perModel := cfg.Solver == "bb"
	solvers := make([]G.Solver, 1)
	if perModel {
		solvers = make([]G.Solver, K)
	}
	for i := range solvers {
		s, err := NewSolver(cfg)
		if err != nil {
			return nil, fmt.Errorf("fit stack: %w", err)
		}
		solvers[i] = s
	}
	data := rowMajor(x)
	orders := make([][]int, K)
	rngs := make([]interface{ Shuffle(int, func(int, int)) }, K)
	for k := range orders {
		orders[k] = make([]int, n)
		for i := range orders[k] {
			orders[k][i] = i
		}
		rngs[k] = graph.NewRand(seeds[k], 2)
	}
	h := &StackHistory{Loss: make([][]float64, K), Err: make([]error, K), Stopped: make([]bool, K)}
	frozen := make([][]graph.Layer, K) // parameters of the models that stopped
	active := K
	idx := make([][]int, K)
	sums := make([]float64, K)
	epochLoss := make([]float64, K)
	for epoch := 1; epoch <= cfg.Epochs && active > 0; epoch++ {
		if err := ctx.Err(); err != nil {
			return h, fmt.Errorf("fit stack: epoch %d: %w", epoch, err)
		}
		for k := range orders {
			if cfg.Shuffle {
				o := orders[k]
				rngs[k].Shuffle(n, func(i, j int) { o[i], o[j] = o[j], o[i] })
			}
			sums[k] = 0
		}
		for start := 0; start < n; start += batch {
			for k := range idx {
				idx[k] = orders[k][start:min(start+batch, n)]
			}
			losses, err := st.RunBatch(data, y, idx)
			if err != nil {
				return h, fmt.Errorf("fit stack: epoch %d: %w", epoch, err)
			}
			for k, loss := range losses {
				if frozen[k] != nil {
					continue
				}
				if math.IsNaN(loss) || math.IsInf(loss, 0) {
					if frozen[k], err = st.Layers(k); err != nil {
						return h, fmt.Errorf("fit stack: %w", err)
					}
					h.Err[k] = fmt.Errorf("fit stack: model %d (seed %d): epoch %d: %w (batch loss %v); lower the learning rate or scale the data", k, seeds[k], epoch, ErrDiverged, loss)
					active--
					continue
				}
				sums[k] += loss * float64(len(idx[k]))
			}
			if err := stepStack(st, solvers, frozen); err != nil {
				return h, fmt.Errorf("fit stack: epoch %d: solver step: %w", epoch, err)
			}
		}
		for k := range epochLoss {
			epochLoss[k] = math.NaN()
			if frozen[k] == nil {
				epochLoss[k] = sums[k] / float64(n)
				if !cfg.DiscardLoss {
					h.Loss[k] = append(h.Loss[k], epochLoss[k])
				}
			}
		}
		if onEpoch != nil {
			err := onEpoch(epoch, epochLoss)
			var stop StopModels
			if err != nil && !errors.As(err, &stop) {
				return h, fmt.Errorf("fit stack: epoch %d: %w", epoch, err)
			}
			for _, k := range stop {
				if k < 0 || k >= K {
					return h, fmt.Errorf("fit stack: epoch %d: %w: no model %d", epoch, err, k)
				}
				if frozen[k] != nil {
					continue
				}
				if frozen[k], err = st.Layers(k); err != nil {
					return h, fmt.Errorf("fit stack: %w", err)
				}
				h.Stopped[k] = true
				active--
			}
		}
	}
	return h, nil
}

// stepStack applies the solvers (one for the whole stack, or one per model)
// and restores the parameters of the models that stopped.
func stepStack(st *graph.Stack, solvers []G.Solver, frozen [][]graph.Layer) error {
	if len(solvers) == 1 {
		if err := solvers[0].Step(st.ValueGrads()); err != nil {
			return err
		}
	} else {
		for k, s := range solvers {
			vg, err := st.ModelValueGrads(k)
			if err != nil {
				return err
			}
			if frozen[k] != nil {
				for _, v := range vg {
					if g, err := v.Grad(); err == nil {
						if t, ok := g.(interface{ Zero() }); ok {
							t.Zero()
						}
					}
				}
				continue
			}
			if err := s.Step(vg); err != nil {
				return fmt.Errorf("model %d: %w", k, err)
			}
		}
	}
	for k, l := range frozen {
		if l != nil {
			if err := st.SetLayers(k, l); err != nil {
				return err
			}
		}
	}
	return nil
}

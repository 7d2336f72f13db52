// Package train fits nnlr's graph models the way Keras's Model.fit does:
// epochs of shuffled mini-batches, a last partial batch, one solver step per
// batch, and a history of the mean training loss of every epoch.
package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
	"nnlr/internal/metrics"
)

// Config configures Fit. Build it from DefaultConfig.
type Config struct {
	// Epochs is the number of passes over the data. Default 100.
	Epochs int
	// BatchSize is the number of samples per update. Default 32 (Keras's);
	// the last batch of an epoch holds the n mod BatchSize samples left.
	BatchSize int
	// Shuffle reshuffles the sample order before every epoch, as Keras's
	// fit(shuffle=True). Default true.
	Shuffle bool
	// Seed seeds the shuffling.
	Seed uint64
	// Solver names the update rule (see SolverNames and Solvers). Default
	// "sgd". SetSolver switches to another solver with Keras's defaults.
	Solver string
	// LearningRate is the solver's learning rate η (the first step size of
	// "bb"). Default 0.01 (Keras SGD's); 0.001 for the adaptive solvers.
	LearningRate float64
	// Momentum is μ of "momentum" and "nesterov" (Keras SGD's momentum).
	// Default 0.9 for those; must be 0 for the other solvers.
	Momentum float64
	// Beta1 and Beta2 are the decay rates β₁, β₂ of Adam's first and second
	// moment estimates ("adam", "adamw"). Defaults 0.9 and 0.999; must be 0
	// for the other solvers.
	Beta1, Beta2 float64
	// Epsilon is ε of "adam", "adamw", "rmsprop" and "adagrad" (where it
	// enters each rule is written out in Solvers()). Default 1e-7 (Keras's);
	// must be 0 for the other solvers.
	Epsilon float64
	// Rho is the decay rate ρ of RMSprop's mean square ("rmsprop"). Default
	// 0.9 (Keras's); must be 0 for the other solvers.
	Rho float64
	// WeightDecay is AdamW's decoupled weight decay λ ("adamw"): every step
	// starts with w ← w − η·λ·w. Default 0.004 (Keras's); must be 0 for the
	// other solvers.
	WeightDecay float64
	// InitialAccumulator is the starting value of Adagrad's accumulator of
	// squared gradients ("adagrad"). Default 0.1 (Keras's); must be 0 for
	// the other solvers.
	InitialAccumulator float64
	// Clip, when positive, clips every gradient element to [−Clip, Clip]
	// before the solver's step, as Keras's clipvalue; any solver. Default 0
	// (no clipping).
	Clip float64
	// OnEpoch, when not nil, is called after every epoch (epochs counted from
	// 1) with that epoch's mean training loss; a non-nil error stops Fit,
	// which returns it wrapped, with History.Status StoppedByCallback.
	OnEpoch func(epoch int, loss float64) error
	// DiscardLoss leaves History.Loss empty (OnEpoch still receives every
	// epoch's loss), so that memory does not grow with Epochs: a caller that
	// keeps the loss at a bounded resolution records it from OnEpoch.
	DiscardLoss bool
}

// DefaultConfig returns Keras's defaults for the seed question:
// fit(epochs=100) with SGD(learning_rate=0.01), batch size 32, shuffled.
func DefaultConfig() Config {
	return Config{Epochs: 100, BatchSize: 32, Shuffle: true, Solver: "sgd", LearningRate: 0.01}
}

// Validate returns an error naming the first invalid field: epochs, batch
// size, an unknown solver, a hyper-parameter out of its range, or a
// hyper-parameter set (non-zero) that the solver does not use.
func (c Config) Validate() error {
	switch {
	case c.Epochs < 0:
		return fmt.Errorf("Epochs = %d: must not be negative", c.Epochs)
	case c.BatchSize < 1:
		return fmt.Errorf("BatchSize = %d: must be at least 1", c.BatchSize)
	}
	return c.validateSolver()
}

// Status says why a fit stopped, in the manner of gonum/optimize's Status
// (gonum v0.16).
type Status int

const (
	// NotTerminated: the fit has not run (its configuration or the shapes
	// were invalid) or failed in a graph or solver step.
	NotTerminated Status = iota
	// Completed: every configured epoch ran.
	Completed
	// Cancelled: the context was cancelled; Fit stops before the next epoch,
	// so within one epoch of the cancellation.
	Cancelled
	// Diverged: a batch's loss became NaN or ±Inf (the error wraps
	// ErrDiverged).
	Diverged
	// StoppedByCallback: Config.OnEpoch returned an error.
	StoppedByCallback
)

// String returns the status's name: "not_terminated", "completed",
// "cancelled", "diverged" or "stopped_by_callback".
func (s Status) String() string {
	switch s {
	case Completed:
		return "completed"
	case Cancelled:
		return "cancelled"
	case Diverged:
		return "diverged"
	case StoppedByCallback:
		return "stopped_by_callback"
	}
	return "not_terminated"
}

// History is the record of a fit, as Keras's History.history["loss"].
type History struct {
	// Loss is the mean training loss of each epoch (one value per epoch run):
	// the batch losses, each at the parameters before its update, weighted by
	// batch size, as Keras's progress bar reports it.
	// The slice grows as the epochs finish (nothing is allocated up front
	// for Config.Epochs); it stays empty with Config.DiscardLoss.
	Loss []float64
	// Epochs is the number of epochs completed (len(Loss) unless
	// Config.DiscardLoss).
	Epochs int
	// Status says why the fit stopped.
	Status Status
}

// ErrDiverged is returned (wrapped, with the epoch named) when a batch's loss
// is NaN or ±Inf: the fit stops there and the parameters are not to be used.
var ErrDiverged = errors.New("training diverged: loss is not finite")

// Fit trains m on x (n × d) with labels y (n values in {0, 1}; for a
// softmax output, class indices 0 … k − 1) for
// cfg.Epochs epochs: per epoch it orders the samples (a fresh shuffle from a
// source seeded by cfg.Seed when cfg.Shuffle), runs the graph on each batch
// of up to cfg.BatchSize samples and applies one step of the solver. It
// returns the history of the epochs completed, with an error naming the
// epoch when the loss becomes non-finite (wrapping ErrDiverged), when
// OnEpoch fails, or when the configuration or the shapes are invalid. The
// model's batch placeholder must hold min(cfg.BatchSize, n) rows.
//
// ctx is checked before every epoch, so training stops within one epoch of
// its cancellation; the history then holds the epochs completed, its Status
// is Cancelled and the error wraps ctx.Err(). The history's Status says why
// the fit stopped (Completed when every epoch ran and the error is nil), in
// the manner of gonum/optimize's Status.
func Fit(ctx context.Context, m *graph.Model, x *mat.Dense, y []float64, cfg Config) (*History, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	n, d := x.Dims()
	if n != len(y) {
		return nil, fmt.Errorf("fit: %d rows but %d labels", n, len(y))
	}
	if d != m.Features() {
		return nil, fmt.Errorf("fit: data has %d features, model %d", d, m.Features())
	}
	batch := min(cfg.BatchSize, n)
	if m.Rows() < batch {
		return nil, fmt.Errorf("fit: model holds batches of %d rows, batch size is %d", m.Rows(), batch)
	}
	solver, err := NewSolver(cfg)
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	data := rowMajor(x)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng := graph.NewRand(cfg.Seed, 2)
	var gather *gatherer
	if cfg.Shuffle && n*d > gatherMinValues {
		// The gatherer shuffles order with rng, epoch after epoch, from here on.
		gather = startGatherer(data, y, d, batch, order, rng, cfg.Epochs)
		defer gather.stop()
	}
	h := &History{} // Loss grows as the epochs finish: Epochs may be huge
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			h.Status = Cancelled
			return h, fmt.Errorf("fit: before epoch %d: %w", epoch, err)
		}
		if cfg.Shuffle && gather == nil {
			rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		gather.nextEpoch()
		var sum float64
		for start := 0; start < n; start += batch {
			xs, ys, idx := data, y, order[start:min(start+batch, n)]
			if gather != nil {
				xs, ys, idx = gather.batch(m, start, batch)
			}
			loss, err := m.RunBatch(xs, ys, idx)
			if err != nil {
				return h, fmt.Errorf("fit: epoch %d: %w", epoch, err)
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				h.Status = Diverged
				return h, fmt.Errorf("fit: epoch %d: %w (batch loss %v); lower the learning rate or scale the data", epoch, ErrDiverged, loss)
			}
			if err := solver.Step(m.ValueGrads()); err != nil {
				return h, fmt.Errorf("fit: epoch %d: solver step: %w", epoch, err)
			}
			sum += loss * float64(len(idx))
		}
		loss := sum / float64(n)
		h.Epochs = epoch
		if !cfg.DiscardLoss {
			h.Loss = append(h.Loss, loss)
		}
		if cfg.OnEpoch != nil {
			if err := cfg.OnEpoch(epoch, loss); err != nil {
				h.Status = StoppedByCallback
				return h, fmt.Errorf("fit: epoch %d: %w", epoch, err)
			}
		}
	}
	h.Status = Completed
	return h, nil
}

// Metrics is the evaluation of a model on a data set: loss, accuracy and ROC
// AUC (see Evaluate).
type Metrics = metrics.Report

// Evaluate returns the mean binary cross-entropy, the accuracy at threshold
// 0.5 and the exact ROC AUC (AUCDefined false when y holds one class) of m on
// x (n × d) and y (n labels in {0, 1}), from logits computed by the graph.
// It returns an error for a softmax output (use EvaluateClasses).
func Evaluate(m *graph.Model, x *mat.Dense, y []float64) (Metrics, error) {
	if m.Output() == graph.Softmax {
		return Metrics{}, errors.New("evaluate: a softmax output has k logits per row; use EvaluateClasses")
	}
	z, err := m.Logits(rowMajor(x))
	if err != nil {
		return Metrics{}, fmt.Errorf("evaluate: %w", err)
	}
	r, err := metrics.Evaluate(z, y)
	if err != nil {
		return r, fmt.Errorf("evaluate: %w", err)
	}
	return r, nil
}

// rowMajor returns x's values row by row, without copying when x is
// contiguous.
func rowMajor(x *mat.Dense) []float64 {
	raw := x.RawMatrix()
	if raw.Stride == raw.Cols {
		return raw.Data[:raw.Rows*raw.Cols]
	}
	out := make([]float64, 0, raw.Rows*raw.Cols)
	for i := 0; i < raw.Rows; i++ {
		out = append(out, x.RawRowView(i)...)
	}
	return out
}

// gatherMinValues is the size of data (values) above which Fit gathers the
// shuffled rows of many batches at once, in a goroutine of its own
// (gatherer): 32,768 values (256 KiB in float64) fit a core's L2 cache,
// where reading rows in shuffled order costs little; above it, each row
// read waits for memory (about 0.1–0.3 µs a row of 20 values here).
var gatherMinValues = 1 << 15 // a variable for tests

// gatherChunkValues is the size (values) of each of a gatherer's two
// buffers: about 256 KiB in float64, enough batches that a hand-over costs
// nothing next to them, few enough to stay in the L2 cache.
var gatherChunkValues = 1 << 15 // a variable for tests

// gatherer shuffles the sample order and copies the rows of each epoch's
// batches, in that order, into contiguous buffers in a goroutine of its own,
// up to two buffers ahead of the training (across the end of an epoch
// too), which then reads each batch as a run of consecutive rows of a
// buffer (in place in float64). The shuffles draw from the same source in
// the same sequence as Fit's own loop, and the batches, their rows and
// their order are the same, so the arithmetic is unchanged; the shuffling
// and the waits for memory move off the training's goroutine (onto a
// second core, when there is one).
type gatherer struct {
	data, y []float64
	d       int
	rows    int            // rows per buffer: a whole number of batches
	idx     []int          // 0, 1, … : the rows of a batch within its window
	free    chan *gathered // buffers ready to be filled
	full    chan *gathered // buffers filled, in order
	done    chan struct{}  // closed by stop
	wg      sync.WaitGroup // the gathering goroutine
	cur     *gathered      // the buffer being trained on (nil: none)
}

// gathered is one buffer of a gatherer: the rows at positions lo to hi − 1
// of an epoch's order, row-major, and their labels.
type gathered struct {
	x, y   []float64
	lo, hi int
}

// startGatherer starts gathering epochs epochs of batches of batch rows of
// data (row-major, d values per row) and labels y: before each epoch it
// shuffles order with rng (which it then owns, as it owns order). Call stop
// when done.
func startGatherer(data, y []float64, d, batch int, order []int, rng *rand.Rand, epochs int) *gatherer {
	rows := max(1, gatherChunkValues/(d*batch)) * batch
	idx := make([]int, batch)
	for i := range idx {
		idx[i] = i
	}
	g := &gatherer{data: data, y: y, d: d, rows: rows, idx: idx,
		free: make(chan *gathered, 2), full: make(chan *gathered, 2), done: make(chan struct{})}
	for range 2 {
		g.free <- &gathered{x: make([]float64, rows*d), y: make([]float64, rows)}
	}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		n := len(order)
		for range epochs {
			rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
			for lo := 0; lo < n; lo += rows {
				var b *gathered
				select {
				case b = <-g.free:
				case <-g.done:
					return
				}
				b.lo, b.hi = lo, min(lo+rows, n)
				for k, i := range order[b.lo:b.hi] {
					copy(b.x[k*d:(k+1)*d], data[i*d:(i+1)*d])
					b.y[k] = y[i]
				}
				g.full <- b // room for both buffers: never blocks
			}
		}
	}()
	return g
}

// nextEpoch hands back the buffer of the epoch before (a nil g does
// nothing): call it before an epoch's first batch.
func (g *gatherer) nextEpoch() {
	if g != nil && g.cur != nil {
		g.free <- g.cur
		g.cur = nil
	}
}

// batch returns the batch that starts at position start of the epoch's
// order (batch rows, fewer at the end) as a window of a buffer, its labels
// and its rows' indices within the window, waiting for the buffer when it
// is not yet gathered (and telling m that its input changed in place).
// Batches must be taken in order.
func (g *gatherer) batch(m *graph.Model, start, batch int) ([]float64, []float64, []int) {
	if g.cur == nil || start >= g.cur.hi {
		if g.cur != nil {
			g.free <- g.cur
		}
		g.cur = <-g.full
		m.Unload()
	}
	c := g.cur
	end := min(start+batch, c.hi)
	return c.x[(start-c.lo)*g.d : (end-c.lo)*g.d], c.y[start-c.lo : end-c.lo], g.idx[:end-start]
}

// stop ends the gathering goroutine, if it is still running, and waits for
// it (a nil g does nothing). Fit defers it, so that nothing reads the
// caller's data after a fit stopped mid-epoch returns.
func (g *gatherer) stop() {
	if g != nil {
		close(g.done)
		g.wg.Wait()
	}
}

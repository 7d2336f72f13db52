package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"

	"golang.org/x/sync/errgroup"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/train"
)

// backgroundRuns trains the extra graphs of CompareConfig.Runs concurrently
// with the first one, in an errgroup (golang.org/x/sync v0.25.0) whose
// context stops them all when one fails or Compare returns.
type backgroundRuns struct {
	results []RunReport
	group   *errgroup.Group
	stop    context.CancelFunc
	// slots holds one token per worker: a training takes one while it runs,
	// the first run included (acquire, release).
	slots chan struct{}
}

// startRuns starts the graphs for seeds seed+1 … seed+count−1 of gcfg and
// fit (their Seed fields replaced, seed = fit.Seed), at most o.workers
// trainings at a time counting the first run (which holds a slot between
// acquire and release). The runs are split into stacks (graph.Stack, see
// stackPlan), one goroutine each (a graph is not safe for concurrent use):
// a stack trains its models in one graph, each exactly as alone (its own
// shuffling, train.FitStack); a stack of one model is a plain graph. Each
// result lands in its own slot of the result slice, so the results do not
// depend on the scheduling.
func startRuns(ctx context.Context, ds *dataset.Dataset, gcfg graph.Config, fit train.Config, count int, o options) *backgroundRuns {
	ctx, stop := context.WithCancelCause(ctx)
	g, ctx := errgroup.WithContext(ctx)
	br := &backgroundRuns{results: make([]RunReport, max(0, count-1)), group: g,
		stop: func() { stop(errStopped) }, slots: make(chan struct{}, max(1, o.workers))}
	for _, part := range stackPlan(gcfg, len(br.results), o.workers) {
		g.Go(func() error {
			br.acquire()
			defer br.release()
			if len(part) == 1 {
				k := part[0]
				var err error
				br.results[k], err = trainRun(ctx, ds, gcfg, fit, fit.Seed+uint64(k)+1, o)
				return err
			}
			seeds := make([]uint64, len(part))
			for i, k := range part {
				seeds[i] = fit.Seed + uint64(k) + 1
			}
			reps, err := trainStack(ctx, ds, gcfg, fit, seeds, o)
			for i, k := range part {
				br.results[k] = reps[i]
			}
			return err
		})
	}
	return br
}

// stackBudget is the most input values (models × batch rows × features) a
// stack of runs holds: a stack copies every model's batch, where a single
// model of a full batch reads the caller's data in place, so large batches
// are not stacked (their step costs far more than the per-step overhead
// stacking saves).
const stackBudget = 1 << 20

// stackPlan splits the runs 0 … count−1 into at most max(1, workers−1)
// contiguous parts of near-equal size (the first run, trained apart, holds
// the other worker), each of at most stackBudget / (batch rows × features)
// runs, and returns them. Only float64 sigmoid models are stacked (every
// part holds one run otherwise): a stacked float64 run's arithmetic is a
// single graph's, bit for bit (graph.Stack), so the report is the same; in
// float32 gonum's dot product rounds by the alignment of its operands, which
// differs between a model's slice of the stack and a graph of its own (one
// kernel value in two off by a few float32 units in the last place after 30
// epochs on the breast-cancer data), and graph.Stack has no softmax output.
func stackPlan(gcfg graph.Config, count, workers int) [][]int {
	per := max(1, stackBudget/max(1, gcfg.BatchRows*gcfg.Features))
	if (gcfg.Output != "" && gcfg.Output != graph.Sigmoid) || (gcfg.Dtype != "" && gcfg.Dtype != graph.Float64) {
		per = 1
	}
	parts := max(1, workers-1)
	parts = max(parts, (count+per-1)/per)
	parts = min(parts, count)
	out := make([][]int, 0, parts)
	for p, start := 0, 0; p < parts; p++ {
		size := (count - start) / (parts - p)
		part := make([]int, size)
		for i := range part {
			part[i] = start + i
		}
		out = append(out, part)
		start += size
	}
	return out
}

// trainStack trains the runs with the given seeds in one graph.Stack
// (train.FitStack) and returns their reports, in the order of seeds, each
// as trainRun reports a single graph of its seed. A run whose loss stops
// being finite stops them all with its error, as trainRun's error would.
func trainStack(ctx context.Context, ds *dataset.Dataset, gcfg graph.Config, fit train.Config, seeds []uint64, o options) ([]RunReport, error) {
	reps := make([]RunReport, len(seeds))
	if err := ctx.Err(); err != nil {
		return reps, err
	}
	st, err := graph.NewStack(gcfg, seeds)
	if err != nil {
		return reps, fmt.Errorf("runs with seeds %d to %d: %w", seeds[0], seeds[len(seeds)-1], err)
	}
	defer st.Close()
	onEpoch := func(_ int, loss []float64) error {
		for _, l := range loss {
			if math.IsNaN(l) { // a run that diverged: stop them all
				return errRunDiverged
			}
		}
		o.add(len(loss))
		return nil
	}
	h, err := train.FitStack(ctx, st, ds.X, ds.Y, fit, onEpoch)
	if h == nil {
		return reps, fmt.Errorf("runs with seeds %d to %d: %w", seeds[0], seeds[len(seeds)-1], err)
	}
	for k, e := range h.Err {
		if e != nil {
			return reps, fmt.Errorf("run with seed %d: %w", seeds[k], e)
		}
	}
	if err != nil {
		return reps, fmt.Errorf("runs with seeds %d to %d: %w", seeds[0], seeds[len(seeds)-1], err)
	}
	for k, s := range seeds {
		m, err := st.Model(k)
		if err != nil {
			return reps, fmt.Errorf("run with seed %d: %w", s, err)
		}
		reps[k], err = runReport(m, ds, s)
		m.Close()
		if err != nil {
			return reps, err
		}
	}
	return reps, nil
}

// errRunDiverged stops a stack of runs when one of them diverged (FitStack
// records which).
var errRunDiverged = errors.New("a run diverged")

// trainRun builds and trains one graph with seed s.
func trainRun(ctx context.Context, ds *dataset.Dataset, gcfg graph.Config, fit train.Config, s uint64, o options) (RunReport, error) {
	if err := ctx.Err(); err != nil {
		return RunReport{}, err
	}
	gcfg.Seed, fit.Seed = s, s
	m, err := graph.New(gcfg)
	if err != nil {
		return RunReport{}, fmt.Errorf("run with seed %d: %w", s, err)
	}
	defer m.Close()
	fit.OnEpoch = func(int, float64) error {
		o.add(1)
		return nil
	}
	if _, err := train.Fit(ctx, m, ds.X, ds.Y, fit); err != nil {
		return RunReport{}, fmt.Errorf("run with seed %d: %w", s, err)
	}
	return runReport(m, ds, s)
}

// runReport evaluates the trained graph m of seed s on ds.
func runReport(m *graph.Model, ds *dataset.Dataset, s uint64) (RunReport, error) {
	ev, err := train.Evaluate(m, ds.X, ds.Y)
	if err != nil {
		return RunReport{}, fmt.Errorf("run with seed %d: %w", s, err)
	}
	r := RunReport{Seed: s, Kernel: m.Kernel(), Bias: m.Bias(), Loss: ev.Loss}
	if k, b, err := m.EndToEnd(); err == nil {
		r.Normal, r.Intercept = k, b
	}
	return r, nil
}

// acquire takes a slot for a training, waiting for one to be free.
func (br *backgroundRuns) acquire() { br.slots <- struct{}{} }

// release gives the slot back.
func (br *backgroundRuns) release() { <-br.slots }

// cancel asks the runs still going to stop, and waits for them.
func (br *backgroundRuns) cancel() {
	br.stop()
	_ = br.group.Wait()
}

// wait waits for the runs and returns the report of all of them, first run
// first, with each run's angle to the baseline coef and their spread.
func (br *backgroundRuns) wait(first RunReport, coef []float64) (*RunsReport, error) {
	if err := br.group.Wait(); err != nil {
		return nil, err
	}
	rr := &RunsReport{Runs: append([]RunReport{first}, br.results...)}
	rr.Count = len(rr.Runs)
	var angles []float64
	for i := range rr.Runs {
		if rr.Runs[i].Normal == nil {
			continue
		}
		if a, err := explain.AngleDeg(rr.Runs[i].Normal, coef); err == nil {
			rr.Runs[i].AngleDeg = &a
			angles = append(angles, a)
		}
	}
	if med, lo, hi, err := explain.Spread(angles); err == nil {
		rr.AngleDeg = &SpreadReport{Median: med, Min: lo, Max: hi}
	}
	return rr, nil
}

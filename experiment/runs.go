package experiment

import (
	"context"
	"fmt"

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
// fit (their Seed fields replaced, seed = fit.Seed), one graph per goroutine
// (a graph is not safe for concurrent use), at most o.workers at a time
// counting the first run (which holds a slot between acquire and release).
// Each result lands in its own slot of the result slice, so the results do
// not depend on the scheduling.
func startRuns(ctx context.Context, ds *dataset.Dataset, gcfg graph.Config, fit train.Config, count int, o options) *backgroundRuns {
	ctx, stop := context.WithCancelCause(ctx)
	g, ctx := errgroup.WithContext(ctx)
	br := &backgroundRuns{results: make([]RunReport, max(0, count-1)), group: g,
		stop: func() { stop(errStopped) }, slots: make(chan struct{}, max(1, o.workers))}
	for k := range br.results {
		g.Go(func() error {
			br.acquire()
			defer br.release()
			var err error
			br.results[k], err = trainRun(ctx, ds, gcfg, fit, fit.Seed+uint64(k)+1, o)
			return err
		})
	}
	return br
}

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
	if _, err := train.FitContext(ctx, m, ds.X, ds.Y, fit); err != nil {
		return RunReport{}, fmt.Errorf("run with seed %d: %w", s, err)
	}
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

package main

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/train"
)

// runReport is one independent training of the graph (JSON runs.runs[]):
// its output layer's kernel and bias, its loss on the data, and the angle
// between its boundary's normal and the baseline's coef (null when the
// network is not linear end to end or a normal is zero).
type runReport struct {
	Seed     uint64    `json:"seed"`
	Kernel   []float64 `json:"kernel"`
	Bias     float64   `json:"bias"`
	Loss     float64   `json:"loss"`
	AngleDeg *float64  `json:"angle_deg"`

	// normal is the boundary's normal in feature space (the kernel, or
	// the end-to-end kernel of a linear network); nil when the network is
	// not linear.
	normal []float64
	// intercept goes with normal.
	intercept float64
}

// spreadReport summarises the runs' angles to the baseline, degrees, over
// the runs whose angle is defined.
type spreadReport struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// runsReport is the JSON object runs: --runs N trainings of the graph with
// seeds seed, seed+1, …, seed+N−1 (the first is the graph of the report).
type runsReport struct {
	Count    int           `json:"count"`
	AngleDeg *spreadReport `json:"angle_deg"`
	Runs     []runReport   `json:"runs"`
}

// errStopped stops background runs when the command fails.
var errStopped = errors.New("stopped")

// backgroundRuns trains the extra graphs of --runs concurrently with the
// main one.
type backgroundRuns struct {
	results []runReport
	errs    []error
	wg      sync.WaitGroup
	stop    atomic.Bool
	// slots holds one token per core: a training takes one while it runs,
	// the main run included (acquire, release).
	slots chan struct{}
}

// startRuns starts the graphs for seeds seed+1 … seed+count−1 of gcfg and
// fit (their Seed fields replaced), one graph per goroutine (a graph is not
// safe for concurrent use), at most GOMAXPROCS at a time counting the main
// run (which holds a core between acquire and release). Each result lands
// in its own slot of the result slice, so the results do not depend on the
// scheduling.
func startRuns(ds *dataset.Dataset, gcfg graph.Config, fit train.Config, seed uint64, count int, prog *progress) *backgroundRuns {
	br := &backgroundRuns{results: make([]runReport, max(0, count-1)), errs: make([]error, max(0, count-1)),
		slots: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))}
	for k := range br.results {
		br.wg.Add(1)
		go func() {
			defer br.wg.Done()
			br.acquire()
			defer br.release()
			s := seed + uint64(k) + 1
			br.results[k], br.errs[k] = br.train(ds, gcfg, fit, s, prog)
		}()
	}
	return br
}

// train builds and trains one graph with seed s.
func (br *backgroundRuns) train(ds *dataset.Dataset, gcfg graph.Config, fit train.Config, s uint64, prog *progress) (runReport, error) {
	if br.stop.Load() {
		return runReport{}, errStopped
	}
	gcfg.Seed, fit.Seed = s, s
	m, err := graph.New(gcfg)
	if err != nil {
		return runReport{}, fmt.Errorf("run with seed %d: %w", s, err)
	}
	defer m.Close()
	fit.OnEpoch = func(int, float64) error {
		prog.add(1)
		if br.stop.Load() {
			return errStopped
		}
		return nil
	}
	if _, err := train.Fit(m, ds.X, ds.Y, fit); err != nil {
		return runReport{}, fmt.Errorf("run with seed %d: %w", s, err)
	}
	ev, err := train.Evaluate(m, ds.X, ds.Y)
	if err != nil {
		return runReport{}, fmt.Errorf("run with seed %d: %w", s, err)
	}
	r := runReport{Seed: s, Kernel: m.Kernel(), Bias: m.Bias(), Loss: ev.Loss}
	if k, b, err := m.EndToEnd(); err == nil {
		r.normal, r.intercept = k, b
	}
	return r, nil
}

// acquire takes a core for a training, waiting for one to be free.
func (br *backgroundRuns) acquire() { br.slots <- struct{}{} }

// release gives the core back.
func (br *backgroundRuns) release() { <-br.slots }

// cancel asks the runs still going to stop, and waits for them.
func (br *backgroundRuns) cancel() {
	br.stop.Store(true)
	br.wg.Wait()
}

// wait waits for the runs and returns the report of all of them, main run
// first, with each run's angle to the baseline coef and their spread.
func (br *backgroundRuns) wait(main runReport, coef []float64) (*runsReport, error) {
	br.wg.Wait()
	if err := errors.Join(br.errs...); err != nil {
		return nil, err
	}
	rr := &runsReport{Runs: append([]runReport{main}, br.results...)}
	rr.Count = len(rr.Runs)
	var angles []float64
	for i := range rr.Runs {
		if rr.Runs[i].normal == nil {
			continue
		}
		if a, err := explain.AngleDeg(rr.Runs[i].normal, coef); err == nil {
			rr.Runs[i].AngleDeg = &a
			angles = append(angles, a)
		}
	}
	if med, lo, hi, err := explain.Spread(angles); err == nil {
		rr.AngleDeg = &spreadReport{Median: med, Min: lo, Max: hi}
	}
	return rr, nil
}

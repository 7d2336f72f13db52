package experiment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/train"
)

// calibrationEpochs is the number of epochs EpochTime times on each worker.
const calibrationEpochs = 1000

// EpochTime measures how long one epoch of the sweep takes on one worker
// when workers train at once, as Sweep will (so that a busy machine shows in
// the figure): it trains a graph of the sweep's first solver and learning
// rate, batch size and precision on ds for 1000 epochs on each of workers
// goroutines and returns the wall time over 1000. A front end multiplies it
// by runs × max_epochs / workers for the longest a sweep can take (runs that
// agree stop sooner; stacked seeds run faster). It returns the error of an
// invalid solver or learning rate, of building the graph, or ctx's.
func (c SweepConfig) EpochTime(ctx context.Context, ds *dataset.Dataset, workers int) (time.Duration, error) {
	if len(c.Solvers) == 0 || len(c.LearningRates) == 0 {
		return 0, settingError("solvers", "", "name at least one solver and learning rate")
	}
	n, d := ds.X.Dims()
	fit := train.DefaultConfig()
	if err := fit.SetSolver(c.Solvers[0]); err != nil {
		return 0, err
	}
	if err := fit.SetHyperparameter("learning_rate", c.LearningRates[0]); err != nil {
		return 0, err
	}
	fit.Epochs, fit.BatchSize, fit.DiscardLoss = calibrationEpochs, c.BatchSize, true
	var g errgroup.Group
	start := time.Now()
	for range max(1, workers) {
		g.Go(func() error {
			m, err := graph.New(graph.Config{Features: d, BatchRows: min(c.BatchSize, n), Dtype: c.Dtype})
			if err != nil {
				return fmt.Errorf("sweep epoch time: %w", err)
			}
			defer m.Close()
			if _, err := train.Fit(ctx, m, ds.X, ds.Y, fit); err != nil && !errors.Is(err, train.ErrDiverged) {
				return fmt.Errorf("sweep epoch time: %w", err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return time.Since(start) / calibrationEpochs, nil
}

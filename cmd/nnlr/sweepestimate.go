package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
	"nnlr/train"
)

// calibrationEpochs is the number of epochs timed, on each worker, to
// estimate a sweep's length.
const calibrationEpochs = 1000

// epochTime trains one graph of the sweep (its first solver and learning
// rate, batch size and precision) on ds for calibrationEpochs epochs on
// each of workers goroutines at once, as the sweep will (so that a busy
// machine shows in the figure), and returns the wall time of one epoch on
// one worker.
func epochTime(ctx context.Context, ds *dataset.Dataset, cfg experiment.SweepConfig, workers int) (time.Duration, error) {
	n, d := ds.X.Dims()
	fit := train.DefaultConfig()
	if err := fit.SetSolver(cfg.Solvers[0]); err != nil {
		return 0, err
	}
	if err := fit.SetHyperparameter("learning_rate", cfg.LearningRates[0]); err != nil {
		return 0, err
	}
	fit.Epochs, fit.BatchSize, fit.DiscardLoss = calibrationEpochs, cfg.BatchSize, true
	var g errgroup.Group
	start := time.Now()
	for range workers {
		g.Go(func() error {
			m, err := graph.New(graph.Config{Features: d, BatchRows: min(cfg.BatchSize, n), Dtype: cfg.Dtype})
			if err != nil {
				return err
			}
			defer m.Close()
			if _, err := train.Fit(ctx, m, ds.X, ds.Y, fit); err != nil && !errors.Is(err, train.ErrDiverged) {
				return err
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return time.Since(start) / calibrationEpochs, nil
}

// announceSweep writes on stderr, before a sweep that may take more than
// ten seconds, how long it will take at most: runs × max_epochs epochs on
// the workers, at the epoch time measured now on as many workers (runs
// that agree stop sooner; the check of agreement after every epoch adds a
// little).
func announceSweep(ctx context.Context, stderr io.Writer, ds *dataset.Dataset, cfg experiment.SweepConfig, workers int) {
	runs := len(cfg.Solvers) * len(cfg.LearningRates) * cfg.Seeds
	w := min(max(1, workers), runs)
	per, err := epochTime(ctx, ds, cfg, w)
	if err != nil {
		return
	}
	worst := time.Duration(float64(per) * float64(mulSat(runs, cfg.MaxEpochs)) / float64(w))
	if worst < 10*time.Second {
		return
	}
	advice := ""
	if worst > 2*time.Minute {
		advice = "; --max-epochs, --solvers, --lrs or --seeds shorten it"
	}
	fmt.Fprintf(stderr, "nnlr: sweep: %d runs of at most %d epochs on %d workers: up to about %s (%s an epoch; a run stops when it agrees)%s\n",
		runs, cfg.MaxEpochs, w, roundDuration(worst), per.Round(time.Microsecond), advice)
}

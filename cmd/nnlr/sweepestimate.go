package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/progress"
)

// announceSweep writes on stderr, before a sweep that may take more than
// ten seconds, how long it will take at most: runs × max_epochs epochs on
// the workers, at the epoch time measured now on as many workers (runs
// that agree stop sooner; the check of agreement after every epoch adds a
// little).
func announceSweep(ctx context.Context, stderr io.Writer, ds *dataset.Dataset, cfg experiment.SweepConfig, workers int) {
	runs := len(cfg.Solvers) * len(cfg.LearningRates) * cfg.Seeds
	w := min(max(1, workers), runs)
	per, err := cfg.EpochTime(ctx, ds, w)
	if err != nil {
		return
	}
	worst := time.Duration(float64(per) * float64(progress.MulSat(runs, cfg.MaxEpochs)) / float64(w))
	if worst < 10*time.Second {
		return
	}
	advice := ""
	if worst > 2*time.Minute {
		advice = "; --max-epochs, --solvers, --lrs or --seeds shorten it"
	}
	fmt.Fprintf(stderr, "nnlr: sweep: %d runs of at most %d epochs on %d workers: up to about %s (%s an epoch; a run stops when it agrees)%s\n",
		runs, cfg.MaxEpochs, w, progress.RoundDuration(worst), per.Round(time.Microsecond), advice)
}

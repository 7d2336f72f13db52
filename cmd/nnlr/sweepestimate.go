package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/progress"
)

// announceSweep writes on stderr, before a sweep of runs that may take
// more than ten seconds, how long it will take at most: runs × max_epochs
// epochs on the workers (--workers; 0: one per core, GOMAXPROCS), at the
// epoch time measured now on as many workers (runs that agree stop
// sooner; the check of agreement after every epoch adds a little).
func announceSweep(ctx context.Context, stderr io.Writer, ds *dataset.Dataset, cfg experiment.SweepConfig, runs, workers int) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	w := min(workers, runs)
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

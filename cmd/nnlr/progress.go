package main

import (
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressDelay is how long a run works silently before its progress
// appears: short runs never show any.
const progressDelay = 2 * time.Second

// progressEvery is how often a progress line is written when stderr is not
// a terminal.
const progressEvery = 5 * time.Second

// progress counts the training epochs of all runs and reports them on
// stderr once the work has taken longer than progressDelay: on a terminal
// as a progress bar (github.com/schollz/progressbar/v3), elsewhere (a file,
// a pipe, a CI log) as one line every progressEvery, "nnlr: training:
// 12% (1200 of 10000 epochs), 6 s so far, about 44 s left". Sweep also
// reports its finished runs (runFinished). It is safe for concurrent use;
// a nil *progress (--quiet) does nothing.
type progress struct {
	mu       sync.Mutex
	out      io.Writer
	terminal bool
	total    int
	done     int
	start    time.Time
	last     time.Time // the last line written (not on a terminal)
	now      func() time.Time
	bar      *progressbar.ProgressBar
	// runs is the number of sweep runs (0 for compare); runsDone those
	// finished.
	runs, runsDone int
}

// newProgress returns a progress for total epochs on stderr, or nil when
// quiet is set.
func newProgress(stderr io.Writer, total int, quiet bool) *progress {
	if quiet {
		return nil
	}
	f, ok := stderr.(*os.File)
	terminal := ok && term.IsTerminal(int(f.Fd()))
	return &progress{out: stderr, terminal: terminal, total: max(1, total), now: time.Now, start: time.Now()}
}

// mulSat returns the product of counts, or math.MaxInt when it overflows
// (a total of epochs for --epochs 9223372036854775807 and --runs 2).
func mulSat(counts ...int) int {
	p := 1
	for _, c := range counts {
		if c <= 0 {
			return 0
		}
		hi, lo := bits.Mul64(uint64(p), uint64(c))
		if hi != 0 || lo > math.MaxInt {
			return math.MaxInt
		}
		p = int(lo)
	}
	return p
}

// add records n finished epochs.
func (p *progress) add(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done > math.MaxInt-n {
		p.done = math.MaxInt
	} else {
		p.done += n
	}
	now := p.now()
	if now.Sub(p.start) < progressDelay {
		return
	}
	if !p.terminal {
		if now.Sub(p.last) >= progressEvery {
			p.last = now
			p.line(now)
		}
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions(p.total,
			progressbar.OptionSetWriter(p.out),
			progressbar.OptionSetDescription("training"),
			progressbar.OptionSetItsString("epochs"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		_ = p.bar.Set(p.done)
		return
	}
	_ = p.bar.Add(n)
}

// line writes one progress line (p.mu held).
func (p *progress) line(now time.Time) {
	elapsed := now.Sub(p.start)
	share := float64(p.done) / float64(p.total)
	left := "?"
	if share > 0 {
		left = roundDuration(time.Duration(float64(elapsed) * (1 - share) / share))
	}
	what := fmt.Sprintf("%.3g%% (%d of %d epochs)", 100*share, p.done, p.total)
	if p.runs > 0 {
		what += fmt.Sprintf(", %d of %d runs finished", p.runsDone, p.runs)
	}
	fmt.Fprintf(p.out, "nnlr: training: %s, %s so far, about %s left\n", what, roundDuration(elapsed), left)
}

// roundDuration writes d to the second (or to 0.1 s under 10 s).
func roundDuration(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	if d > 1000*time.Hour {
		return "more than 1000h"
	}
	return d.Round(time.Second).String()
}

// sweepRuns makes p count runs too: runFinished then reports each finished
// run of the runs (a line per run when stderr is not a terminal).
func (p *progress) sweepRuns(runs int) {
	if p != nil {
		p.runs = runs
	}
}

// runFinished records that finished runs have finished (experiment's
// WithRunFinished) and, when stderr is not a terminal and the sweep has
// run longer than progressDelay, writes a line.
func (p *progress) runFinished(finished int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runsDone = finished
	if now := p.now(); !p.terminal && now.Sub(p.start) >= progressDelay {
		fmt.Fprintf(p.out, "nnlr: sweep: %d of %d runs finished, %s so far\n", finished, p.runs, roundDuration(now.Sub(p.start)))
		p.last = now
	}
}

// finish completes and clears the bar, if one is shown.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// Package progress reports how far the training epochs of one or more runs
// have come, on the binary's stderr: on a terminal as a progress bar
// (github.com/schollz/progressbar/v3), elsewhere (a file, a pipe, a CI log)
// as a line every few seconds; nothing for work shorter than Delay.
package progress

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

// Delay is how long the work goes on silently before its progress appears:
// short work never shows any.
const Delay = 2 * time.Second

// Every is how often a progress line is written when the writer is not a
// terminal.
const Every = 5 * time.Second

// Reporter counts the training epochs of all runs and reports them once the
// work has taken longer than Delay: on a terminal as a progress bar,
// elsewhere as one line every Every, "<prefix>training: 12% (1200 of 10000
// epochs), 6 s so far, about 44 s left". A sweep also reports its finished
// runs (CountRuns, RunFinished). It is safe for concurrent use; every
// method of a nil *Reporter does nothing (a quiet run).
type Reporter struct {
	mu       sync.Mutex
	out      io.Writer
	prefix   string
	terminal bool
	total    int
	done     int
	start    time.Time
	last     time.Time // the last line written (not on a terminal)
	now      func() time.Time
	bar      *progressbar.ProgressBar
	// runs is the number of runs counted (0: none, compare); runsDone
	// those finished.
	runs, runsDone int
}

// New returns a Reporter of total epochs on w (at least 1 is assumed),
// starting its clock now. It draws a bar when w is an *os.File on a
// terminal and writes lines otherwise, each beginning with prefix (e.g.
// "nnlr: ").
func New(w io.Writer, prefix string, total int) *Reporter {
	f, ok := w.(*os.File)
	terminal := ok && term.IsTerminal(int(f.Fd()))
	return &Reporter{out: w, prefix: prefix, terminal: terminal, total: max(1, total), now: time.Now, start: time.Now()}
}

// MulSat returns the product of counts (0 when any is 0 or negative), or
// math.MaxInt when it overflows: a total of epochs such as 2 runs of
// 9223372036854775807 epochs.
func MulSat(counts ...int) int {
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

// Add records n finished epochs (the callback of experiment.WithProgress).
func (p *Reporter) Add(n int) {
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
	if now.Sub(p.start) < Delay {
		return
	}
	if !p.terminal {
		if now.Sub(p.last) >= Every {
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
func (p *Reporter) line(now time.Time) {
	elapsed := now.Sub(p.start)
	share := float64(p.done) / float64(p.total)
	left := "?"
	if share > 0 {
		left = RoundDuration(time.Duration(float64(elapsed) * (1 - share) / share))
	}
	what := fmt.Sprintf("%.3g%% (%d of %d epochs)", 100*share, p.done, p.total)
	if p.runs > 0 {
		what += fmt.Sprintf(", %d of %d runs finished", p.runsDone, p.runs)
	}
	fmt.Fprintf(p.out, "%straining: %s, %s so far, about %s left\n", p.prefix, what, RoundDuration(elapsed), left)
}

// RoundDuration writes d to the second, to 0.1 s under 10 s, and as "more
// than 1000h" beyond 1000 hours.
func RoundDuration(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	if d > 1000*time.Hour {
		return "more than 1000h"
	}
	return d.Round(time.Second).String()
}

// CountRuns makes p count runs too, runs of them in all: the progress lines
// then say how many have finished, and RunFinished reports each.
func (p *Reporter) CountRuns(runs int) {
	if p != nil {
		p.runs = runs
	}
}

// RunFinished records that finished runs have finished (the callback of
// experiment.WithRunFinished) and, when the writer is not a terminal and
// the work has gone on longer than Delay, writes a line "<prefix>sweep: 3
// of 12 runs finished, 8s so far".
func (p *Reporter) RunFinished(finished int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runsDone = finished
	if now := p.now(); !p.terminal && now.Sub(p.start) >= Delay {
		fmt.Fprintf(p.out, "%ssweep: %d of %d runs finished, %s so far\n", p.prefix, finished, p.runs, RoundDuration(now.Sub(p.start)))
		p.last = now
	}
}

// Finish completes and clears the bar, if one is shown.
func (p *Reporter) Finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

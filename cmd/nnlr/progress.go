package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressDelay is how long a run works silently before its progress bar
// appears: short runs never show one.
const progressDelay = 2 * time.Second

// progress counts the training epochs of all runs and, when its writer is a
// terminal, shows a progress bar there (github.com/schollz/progressbar/v3)
// once the work has taken longer than progressDelay. It is safe for
// concurrent use; a nil *progress does nothing.
type progress struct {
	mu    sync.Mutex
	out   io.Writer
	total int
	done  int
	start time.Time
	bar   *progressbar.ProgressBar
}

// newProgress returns a progress for total epochs, or nil (no bar) when
// quiet is set or stderr is not a terminal.
func newProgress(stderr io.Writer, total int, quiet bool) *progress {
	f, ok := stderr.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{out: stderr, total: total, start: time.Now()}
}

// add records n finished epochs.
func (p *progress) add(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if p.bar == nil {
		if time.Since(p.start) < progressDelay {
			return
		}
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

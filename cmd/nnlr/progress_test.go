package main

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// --quiet turns progress off; a nil progress accepts every call.
func TestProgressQuiet(t *testing.T) {
	if p := newProgress(&bytes.Buffer{}, 100, true); p != nil {
		t.Error("progress with --quiet")
	}
	var p *progress
	p.add(3)
	p.runFinished(1)
	p.sweepRuns(2)
	p.finish()
}

// When stderr is not a terminal (a file, a pipe, a CI log), a long run
// writes a line every few seconds after the first two, none before, and a
// sweep a line per finished run.
func TestProgressLinesWhenNotATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := newProgress(f, 100, false); p == nil || p.terminal {
		t.Fatal("no line progress on a regular file")
	}
	var buf bytes.Buffer
	p := newProgress(&buf, 1000, false)
	clock := p.start
	p.now = func() time.Time { return clock }
	step := func(d time.Duration, epochs int) {
		clock = clock.Add(d)
		p.add(epochs)
	}
	step(time.Second, 100) // within progressDelay: silent
	if buf.Len() != 0 {
		t.Fatalf("a line before %v: %q", progressDelay, buf.String())
	}
	step(2*time.Second, 100) // 3 s: 200 of 1000
	step(time.Second, 100)   // 4 s: too soon for another
	step(5*time.Second, 100) // 9 s: 400
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "20% (200 of 1000 epochs), 3s so far, about 12s left") ||
		!strings.Contains(lines[1], "40% (400 of 1000 epochs)") {
		t.Errorf("lines %q", lines)
	}
	buf.Reset()
	p.sweepRuns(12)
	p.runFinished(1)
	if got := buf.String(); !strings.HasPrefix(got, "nnlr: sweep: 1 of 12 runs finished") {
		t.Errorf("run line %q", got)
	}
}

// The total of epochs saturates instead of overflowing.
func TestMulSat(t *testing.T) {
	if got := mulSat(2, math.MaxInt); got != math.MaxInt {
		t.Errorf("2 × MaxInt = %d", got)
	}
	if got := mulSat(3, 5, 7); got != 105 {
		t.Errorf("3·5·7 = %d", got)
	}
	if got := mulSat(1<<32, 1<<32); got != math.MaxInt {
		t.Errorf("2^64 = %d", got)
	}
}

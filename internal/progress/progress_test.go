package progress

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// Every method of a nil Reporter (a quiet run) does nothing.
func TestNilReporter(t *testing.T) {
	var p *Reporter
	p.Add(3)
	p.RunFinished(1)
	p.CountRuns(2)
	p.Finish()
}

// When the writer is not a terminal (a file, a pipe, a CI log), a long run
// writes a line every few seconds after the first two, none before, and a
// sweep a line per finished run.
func TestLinesWhenNotATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := New(f, "nnlr: ", 100); p.terminal {
		t.Fatal("no line progress on a regular file")
	}
	var buf bytes.Buffer
	p := New(&buf, "nnlr: ", 1000)
	clock := p.start
	p.now = func() time.Time { return clock }
	step := func(d time.Duration, epochs int) {
		clock = clock.Add(d)
		p.Add(epochs)
	}
	step(time.Second, 100) // within Delay: silent
	if buf.Len() != 0 {
		t.Fatalf("a line before %v: %q", Delay, buf.String())
	}
	step(2*time.Second, 100) // 3 s: 200 of 1000
	step(time.Second, 100)   // 4 s: too soon for another
	step(5*time.Second, 100) // 9 s: 400
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || lines[0] != "nnlr: training: 20% (200 of 1000 epochs), 3s so far, about 12s left" ||
		!strings.HasPrefix(lines[1], "nnlr: training: 40% (400 of 1000 epochs)") {
		t.Errorf("lines %q", lines)
	}
	buf.Reset()
	p.CountRuns(12)
	p.RunFinished(1)
	if got := buf.String(); got != "nnlr: sweep: 1 of 12 runs finished, 9s so far\n" {
		t.Errorf("run line %q", got)
	}
	buf.Reset()
	step(5*time.Second, 100) // 14 s: 500, and the runs
	if got := buf.String(); !strings.HasPrefix(got, "nnlr: training: 50% (500 of 1000 epochs), 1 of 12 runs finished, 14s so far") {
		t.Errorf("line with runs %q", got)
	}
}

// The total of epochs saturates instead of overflowing.
func TestMulSat(t *testing.T) {
	if got := MulSat(2, math.MaxInt); got != math.MaxInt {
		t.Errorf("2 × MaxInt = %d", got)
	}
	if got := MulSat(3, 5, 7); got != 105 {
		t.Errorf("3·5·7 = %d", got)
	}
	if got := MulSat(1<<32, 1<<32); got != math.MaxInt {
		t.Errorf("2^64 = %d", got)
	}
	if got := MulSat(4, 0); got != 0 {
		t.Errorf("4·0 = %d", got)
	}
}

// Durations are written to 0.1 s under 10 s, to the second above, and
// capped in words beyond 1000 hours.
func TestRoundDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		1234 * time.Millisecond:      "1.2s",
		83700 * time.Millisecond:     "1m24s",
		2000 * time.Hour:             "more than 1000h",
		time.Duration(math.MaxInt64): "more than 1000h",
	} {
		if got := RoundDuration(d); got != want {
			t.Errorf("RoundDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

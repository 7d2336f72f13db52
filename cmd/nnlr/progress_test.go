package main

import (
	"bytes"
	"os"
	"testing"
)

// The progress bar is off unless stderr is a terminal, and --quiet turns it
// off everywhere; a nil progress accepts every call.
func TestProgressOnlyOnATerminal(t *testing.T) {
	if p := newProgress(&bytes.Buffer{}, 100, false); p != nil {
		t.Error("progress bar on a buffer")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := newProgress(f, 100, false); p != nil {
		t.Error("progress bar on a regular file")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if p := newProgress(tty, 100, true); p != nil {
			t.Error("progress bar with --quiet")
		}
	}
	var p *progress
	p.add(3)
	p.finish()
}

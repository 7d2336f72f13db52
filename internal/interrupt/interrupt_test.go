package interrupt

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"
)

// A SIGTERM to the process cancels the context instead of ending the
// process.
func TestSignalCancels(t *testing.T) {
	ctx, stop := Context(context.Background())
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
}

// Without a signal, stop cancels the context too.
func TestStop(t *testing.T) {
	ctx, stop := Context(context.Background())
	if ctx.Err() != nil {
		t.Fatal("cancelled before any signal")
	}
	stop()
	if ctx.Err() == nil {
		t.Error("stop did not cancel the context")
	}
}

// Package interrupt stops long work on Ctrl-C (SIGINT) or SIGTERM the way a
// command-line tool does: the first signal cancels a context, so that the
// work can stop cleanly and say what it finished; a second one ends the
// process at once.
package interrupt

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// ExitCode is the exit code of a process stopped by a signal: 128 + 2, the
// shell's convention for a process ended by SIGINT.
const ExitCode = 130

// Context returns a copy of ctx cancelled by SIGINT (Ctrl-C) or SIGTERM;
// after the first signal the default handling is restored, so that a
// second one ends the process at once. Calling stop releases the signals
// (as signal.NotifyContext's stop).
func Context(ctx context.Context) (_ context.Context, stop context.CancelFunc) {
	ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

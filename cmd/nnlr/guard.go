package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"nnlr/experiment"
	"nnlr/internal/cliflag"
)

// blankFlags are the flags whose value names something: given but blank
// (--features " ", --label ""), they are refused rather than silently
// ignored, as --data "" is.
var blankFlags = map[string]string{
	"data":          "name a CSV file",
	"dataset":       "name a built-in data set (nnlr datasets lists them)",
	"label":         "name the label column, or leave the flag out for the last column",
	"features":      "name feature columns A,B,…, or leave the flag out for every column but the label",
	"positive":      "name the class that is y = 1, or leave the flag out",
	"classes":       "name two classes A,B, or leave the flag out",
	"plot-features": "name two features A,B, or leave the flag out for the first two",
	"out":           "name a folder",
}

// checkBlankFlags refuses, as a usageError, a flag of blankFlags that was
// given with a value that is empty or only spaces (cliflag.CheckBlank).
func checkBlankFlags(f *pflag.FlagSet) error {
	if err := cliflag.CheckBlank(f, blankFlags); err != nil {
		return usageError{err}
	}
	return nil
}

// signalContext returns ctx cancelled by SIGINT (Ctrl-C) or SIGTERM; after
// the first signal the default handling is restored, so that a second one
// ends the process at once.
func signalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// memoryAdvice words an *experiment.MemoryError with the CLI's flags.
func memoryAdvice(err error) error {
	var me *experiment.MemoryError
	if errors.As(err, &me) {
		return reworded{me.Error() + "; use fewer or narrower --hidden layers, a smaller --batch-size, fewer --runs, or a smaller data set", err}
	}
	return err
}

// existing returns those of paths that already exist (files that writing
// them would replace).
func existing(paths []string) []string {
	var out []string
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			out = append(out, p)
		}
	}
	return out
}

// reportReplaced writes on stderr which existing files a command replaced
// (none: nothing), unless quiet.
func reportReplaced(stderr io.Writer, replaced []string, quiet bool) {
	if quiet || len(replaced) == 0 {
		return
	}
	fmt.Fprintf(stderr, "nnlr: replaced %s\n", strings.Join(replaced, ", "))
}

// tableBytesPerFileByte is how much memory a CSV file takes once read, per
// byte of the file (a table of strings and their positions, then the
// matrix: about 7.5, measured on a 1,000,000 × 20 file).
const tableBytesPerFileByte = 8

// checkDataFits refuses a --data file whose table would not fit in the
// memory available (sysmem.Available; 0: no check), before reading it.
func checkDataFits(path string, avail int64) error {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() || avail <= 0 {
		return nil // the loader reports a missing file
	}
	if need := float64(info.Size()) * tableBytesPerFileByte; need > float64(avail) {
		return fmt.Errorf("--data %s: the file holds %s; reading it needs about %s of memory, more than the %s available",
			path, experiment.Bytes(float64(info.Size())), experiment.Bytes(need), experiment.Bytes(float64(avail)))
	}
	return nil
}

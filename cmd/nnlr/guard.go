package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/signal"
	"strconv"
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

// memoryAvailable returns the bytes of memory a run may use: the system's
// MemAvailable (/proc/meminfo), lowered to the room left under a cgroup's
// limit (v2 memory.max − memory.current, v1 limit − usage) when there is
// one; 0 when none can be read (no check).
func memoryAvailable() int64 {
	avail := int64(0)
	if f, err := os.Open("/proc/meminfo"); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if fields := strings.Fields(s.Text()); len(fields) >= 2 && fields[0] == "MemAvailable:" {
				if kb, err := strconv.ParseInt(fields[1], 10, 64); err == nil {
					avail = kb << 10
				}
			}
		}
		f.Close()
	}
	for _, p := range [][2]string{
		{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
		{"/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"},
	} {
		limit, err1 := readInt(p[0])
		used, err2 := readInt(p[1])
		if err1 == nil && err2 == nil && limit > used && limit < math.MaxInt64/2 {
			if room := limit - used; avail == 0 || room < avail {
				avail = room
			}
		}
	}
	return avail
}

func readInt(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
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
// memory available (memoryAvailable; 0: no check), before reading it.
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

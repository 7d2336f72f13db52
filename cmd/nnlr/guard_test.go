package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain runs the test binary as nnlr itself when NNLR_RUN_MAIN is set,
// so that tests can run the command in a process of its own and send it
// signals.
func TestMain(m *testing.M) {
	if os.Getenv("NNLR_RUN_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// nnlrProcess starts nnlr with args in a process of its own.
func nnlrProcess(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "NNLR_RUN_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// exitCodeOf returns the process's exit code after Wait.
func exitCodeOf(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}

// withoutReplaced drops the "nnlr: replaced …" lines from stderr.
func withoutReplaced(stderr string) string {
	var keep []string
	for _, l := range strings.SplitAfter(stderr, "\n") {
		if l != "" && !strings.HasPrefix(l, "nnlr: replaced ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// A flag that names something, given blank, is refused (exit 2) instead
// of being ignored.
func TestBlankFlagsRefused(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ args []string }{
		{[]string{"compare", "--features", " "}},
		{[]string{"compare", "--label", ""}},
		{[]string{"compare", "--plot-features", ""}},
		{[]string{"compare", "--dataset", ""}},
		{[]string{"sweep", "--classes", "  "}},
	} {
		code, _, stderr := nnlr(t, append(c.args, "--out", t.TempDir())...)
		flag := c.args[1]
		if code != 2 || !strings.HasPrefix(stderr, "nnlr: "+flag+": ") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and one line naming %s", c.args, code, stderr, flag)
		}
	}
}

// --epochs and --sag-max-iter take whole numbers, also as 1e6 (see
// cliflag.ParseCount).
func TestCountFlags(t *testing.T) {
	t.Parallel()
	_, o, err := parseCompare(t, nil, "--epochs", "1e6", "--sag-max-iter", "1e7")
	if err != nil || o.epochs != 1000000 || o.sag.maxIter != 10000000 {
		t.Errorf("--epochs 1e6 --sag-max-iter 1e7: %v, %d, %d", err, o.epochs, o.sag.maxIter)
	}
}

// Existing figures are replaced and the replaced files named on stderr;
// a read-only figure is refused before anything is written, and every
// file is left byte for byte.
func TestExistingFiguresReplacedOrRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if code, _, stderr := nnlr(t, "compare", "--epochs", "5", "--out", dir); code != 0 || stderr != "" {
		t.Fatalf("first run: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr := nnlr(t, "compare", "--epochs", "6", "--out", dir)
	want := "nnlr: replaced " + filepath.Join(dir, "boundary.png") + ", "
	if code != 0 || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "angle.png") {
		t.Errorf("second run: exit %d, stderr %q; want it to name the replaced figures", code, stderr)
	}
	if _, _, stderr := nnlr(t, "compare", "--epochs", "6", "--quiet", "--out", dir); stderr != "" {
		t.Errorf("--quiet: stderr %q", stderr)
	}
	before := map[string][]byte{}
	for _, f := range []string{"boundary.png", "loss.png", "evolution.png", "angle.png"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		before[f] = b
	}
	if err := os.Chmod(filepath.Join(dir, "loss.png"), 0o444); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = nnlr(t, "compare", "--epochs", "7", "--out", dir)
	if code != 1 || !strings.Contains(stderr, "read-only") {
		t.Errorf("read-only loss.png: exit %d, stderr %q", code, stderr)
	}
	for f, b := range before {
		if got, _ := os.ReadFile(filepath.Join(dir, f)); !bytes.Equal(got, b) {
			t.Errorf("%s changed although the run failed", f)
		}
	}
}

// SIGINT or SIGTERM during training stops compare: exit 130, one line on
// stderr, no figure and no temporary file in --out.
func TestCompareSignalDuringTraining(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := t.TempDir()
		cmd, stderr := nnlrProcess(t, "compare", "--epochs", "1e9", "--quiet", "--out", dir)
		time.Sleep(time.Second) // past the start-up, into training
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: still running 20 s after the signal", sig)
		}
		if code := exitCodeOf(t, err); code != 130 || !strings.HasPrefix(stderr.String(), "nnlr: compare interrupted") {
			t.Errorf("%v: exit %d, stderr %q; want 130 and the interruption", sig, code, stderr.String())
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%v: --out holds %d entries, e.g. %s", sig, len(entries), entries[0].Name())
		}
	}
}

// A signal at any moment of a short run, figure writing included, leaves
// either the old set of figures or the new one, never a mix and never a
// temporary file; the exit code is 0 (the signal came after the figures)
// or 130.
func TestCompareSignalDuringFigures(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := nnlr(t, "compare", "--epochs", "5", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	names := []string{"boundary.png", "loss.png", "evolution.png", "angle.png"}
	read := func() map[string][]byte {
		m := map[string][]byte{}
		for _, f := range names {
			m[f], _ = os.ReadFile(filepath.Join(dir, f))
		}
		return m
	}
	old := read()
	args := []string{"compare", "--epochs", "500", "--seed", "3", "--quiet", "--out", dir}
	// The run's length, to send the signals over its second half, where
	// the figures are written.
	start := time.Now()
	cmd, stderr := nnlrProcess(t, args...)
	if code := exitCodeOf(t, cmd.Wait()); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	length := time.Since(start)
	old = read()
	interrupted, duringFigures := 0, 0
	for i := 0; i < 6; i++ {
		delay := time.Duration(float64(length) * (0.5 + 0.1*float64(i)))
		cmd, stderr = nnlrProcess(t, args...)
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGINT)
		code := exitCodeOf(t, cmd.Wait())
		t.Logf("signal after %v of %v: exit %d %s", delay, length, code, stderr)
		if strings.Contains(stderr.String(), ".png: context canceled") {
			duringFigures++
		}
		if code != 0 && code != 130 {
			t.Fatalf("signal after %v: exit %d: %s", delay, code, stderr.String())
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				t.Errorf("signal after %v: temporary file %s left", delay, e.Name())
			}
		}
		now := read()
		same := 0
		for _, f := range names {
			if bytes.Equal(now[f], old[f]) {
				same++
			}
		}
		if same != 0 && same != len(names) {
			t.Errorf("signal after %v (exit %d): a mixed set, %d of %d figures old", delay, code, same, len(names))
		}
		if code == 130 {
			interrupted++
			if same != len(names) {
				t.Errorf("exit 130 but the figures were replaced")
			}
		} else {
			old = now
		}
	}
	t.Logf("%d of 6 runs interrupted, %d while writing figures", interrupted, duringFigures)
}

// nnlr --version prints the module version and the Go version on one line.
func TestVersion(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := nnlr(t, "--version")
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "nnlr ") || !strings.Contains(stdout, "go1.") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// A data file whose table would not fit in the memory available is
// refused before it is read (a sparse file: nothing is written).
func TestDataThatWillNotFit(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 20); err != nil {
		t.Skip(err)
	}
	f.Close()
	err = checkDataFits(p, 4<<20)
	if err == nil || !strings.Contains(err.Error(), "needs about 8 MiB of memory, more than the 4 MiB available") {
		t.Errorf("err = %v", err)
	}
	if err := checkDataFits(p, 1<<30); err != nil {
		t.Errorf("1 MiB file with 1 GiB available: %v", err)
	}
}

// SIGTERM stops a sweep as Ctrl-C does: the finished runs are reported and
// the exit code is 130.
func TestSweepSIGTERM(t *testing.T) {
	cmd, stderr := nnlrProcess(t, "sweep", "--max-epochs", "1e8", "--solvers", "sgd", "--lrs", "0.001", "--seeds", "2", "--quiet", "--out", t.TempDir())
	time.Sleep(time.Second) // past the start-up, into training
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCodeOf(t, cmd.Wait()); code != 130 || !strings.Contains(stderr.String(), "nnlr: sweep interrupted: 0 of 2 runs finished") {
		t.Errorf("exit %d, stderr %q; want 130 and the interruption", code, stderr.String())
	}
}

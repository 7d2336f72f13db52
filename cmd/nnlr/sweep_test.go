package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"nnlr/experiment"
	"nnlr/internal/interrupt"
)

// sweepJSON is the part of sweep's JSON report the tests read.
type sweepJSON struct {
	Rows []struct {
		Solver       string   `json:"solver"`
		LearningRate float64  `json:"learning_rate"`
		Runs         int      `json:"runs"`
		Reached      int      `json:"reached"`
		MedianEpochs *float64 `json:"median_epochs"`
	} `json:"rows"`
	Runs         []sweepRun `json:"runs"`
	TotalRuns    int        `json:"total_runs"`
	FinishedRuns int        `json:"finished_runs"`
	Interrupted  bool       `json:"interrupted"`
	Figures      []string   `json:"figures"`
	Criterion    struct {
		AngleTolDeg float64 `json:"angle_tol_deg"`
		OffsetTol   float64 `json:"offset_tol"`
	} `json:"criterion"`
}

func decodeSweep(t *testing.T, stdout string) sweepJSON {
	t.Helper()
	var rep sweepJSON
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	return rep
}

// Each run stops at the first epoch after which its boundary agrees with
// the baseline's, well before --max-epochs. The runs start from a zero
// kernel (--init zeros): on the seed problem both rows lie on the line
// x1 = x2, so every gradient is a multiple of (1, 1) and the kernel's
// component orthogonal to (1, 1) never changes. From glorot_uniform's
// random kernel that component stays, and the angle to SAG's coef (which
// starts from zero, so it lies along (1, 1)) only shrinks as the kernel
// grows, by which time the boundary has moved past SAG's toward the
// max-margin boundary x1 + x2 = 3: glorot runs seldom meet both tolerances.
// From zero the angle is 0 and the boundary x1 + x2 = s sweeps through
// SAG's s ≈ 2.9 on its way to 3.
//
// The epoch is checked against compare, which trains the whole budget and
// finds the first epoch within the tolerances from the recorded trajectory
// (diagnosis.convergence.epoch_within_1deg), and the stopped run's kernel
// against compare's after exactly that many epochs.
func TestSweepStopsAtAgreement(t *testing.T) {
	t.Parallel()
	const maxEpochs = 3000
	dir := t.TempDir()
	code, stdout, stderr := nnlr(t, "sweep", "--solvers", "sgd,adam", "--lrs", "0.1,1", "--seeds", "2",
		"--max-epochs", strconv.Itoa(maxEpochs), "--init", "zeros", "--json", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep := decodeSweep(t, stdout)
	if rep.TotalRuns != 8 || rep.FinishedRuns != 8 || rep.Interrupted || len(rep.Runs) != 8 {
		t.Fatalf("total %d, finished %d, interrupted %v, %d runs; want 8, 8, false, 8", rep.TotalRuns, rep.FinishedRuns, rep.Interrupted, len(rep.Runs))
	}
	sgdEpochs := 0
	for _, r := range rep.Runs {
		if r.Status != experiment.StatusAgreement || r.EpochsToAgreement == nil {
			t.Fatalf("%s at %g, seed %d: status %s, want agreement", r.Solver, r.LearningRate, r.Seed, r.Status)
		}
		if r.Epochs != *r.EpochsToAgreement || r.Epochs >= maxEpochs {
			t.Errorf("%s at %g: trained %d epochs, agreed after %d; want it stopped there, before %d", r.Solver, r.LearningRate, r.Epochs, *r.EpochsToAgreement, maxEpochs)
		}
		if r.AngleDeg == nil || *r.AngleDeg > rep.Criterion.AngleTolDeg || r.OffsetGap == nil || *r.OffsetGap > rep.Criterion.OffsetTol {
			t.Errorf("%s at %g: stopped at angle %v, gap %v; outside the tolerances", r.Solver, r.LearningRate, r.AngleDeg, r.OffsetGap)
		}
		if r.Solver == "sgd" && r.LearningRate == 0.1 {
			sgdEpochs = r.Epochs
		}
	}
	// Compare trains longer and finds the same first epoch.
	code, stdout, stderr = nnlr(t, "compare", "--lr", "0.1", "--init", "zeros", "--epochs", strconv.Itoa(sgdEpochs+50),
		"--json", "--quiet", "--out", dir)
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	var cmp struct {
		Diagnosis struct {
			Convergence struct {
				EpochWithin *int `json:"epoch_within_1deg"`
			} `json:"convergence"`
		} `json:"diagnosis"`
	}
	if err := json.Unmarshal([]byte(stdout), &cmp); err != nil {
		t.Fatal(err)
	}
	if e := cmp.Diagnosis.Convergence.EpochWithin; e == nil || *e != sgdEpochs {
		t.Errorf("compare finds agreement after epoch %v, sweep stopped sgd at 0.1 after %d", e, sgdEpochs)
	}
	// Compare for exactly that many epochs ends with the sweep run's kernel.
	_, stdout, _ = nnlr(t, "compare", "--lr", "0.1", "--init", "zeros", "--epochs", strconv.Itoa(sgdEpochs), "--json", "--quiet", "--out", dir)
	var exact struct {
		Graph struct {
			Kernel []float64 `json:"kernel"`
			Bias   float64   `json:"bias"`
		} `json:"graph"`
	}
	if err := json.Unmarshal([]byte(stdout), &exact); err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Runs {
		if r.Solver == "sgd" && r.LearningRate == 0.1 && (!slices.Equal(r.Kernel, exact.Graph.Kernel) || r.Bias == nil || *r.Bias != exact.Graph.Bias) {
			t.Errorf("seed %d: kernel %v, bias %v; compare after %d epochs: %v, %v", r.Seed, r.Kernel, r.Bias, sgdEpochs, exact.Graph.Kernel, exact.Graph.Bias)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep.png")); err != nil {
		t.Errorf("no figure: %v", err)
	}
}

// A run that never agrees trains every epoch of the budget and is reported
// as such; with the default glorot_uniform init (a component of the kernel
// orthogonal to the data's span) on a short budget, none agrees.
func TestSweepUnreachedRuns(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := nnlr(t, "sweep", "--solvers", "sgd", "--lrs", "0.001", "--seeds", "2", "--max-epochs", "50",
		"--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "0/2") || !strings.Contains(stdout, "> 50") {
		t.Errorf("table lacks the unreached row (0/2, > 50):\n%s", stdout)
	}
	_, stdout, _ = nnlr(t, "sweep", "--solvers", "sgd", "--lrs", "0.001", "--seeds", "2", "--max-epochs", "50",
		"--json", "--out", t.TempDir())
	for _, r := range decodeSweep(t, stdout).Runs {
		if r.Status != experiment.StatusMaxEpochs || r.Epochs != 50 || r.EpochsToAgreement != nil || r.AngleDeg == nil {
			t.Errorf("seed %d: status %s, %d epochs, agreement %v, angle %v; want max_epochs, 50, null, an angle",
				r.Seed, r.Status, r.Epochs, r.EpochsToAgreement, r.AngleDeg)
		}
	}
}

// sweepArgs is a small grid where seeds matter (glorot_uniform) and most
// runs agree, some not: with --C 1 the L2 penalty shrinks the kernel's
// component orthogonal to the data's span, which glorot_uniform's kernel
// would otherwise keep.
var sweepArgs = []string{"sweep", "--solvers", "sgd,adam", "--lrs", "0.1,1", "--seeds", "3", "--max-epochs", "400", "--C", "1"}

// The same seeds give the same table and JSON whatever the number of
// workers (and so the scheduling); other seeds give other runs.
func TestSweepSameSeedsSameReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var texts, jsons []string
	for _, w := range []string{"1", "2", "3"} {
		code, text, stderr := nnlr(t, append(sweepArgs, "--workers", w, "--out", dir)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if e := withoutReplaced(stderr); e != "" {
			t.Errorf("stderr %q: no progress for a short sweep", e)
		}
		_, js, _ := nnlr(t, append(sweepArgs, "--workers", w, "--out", dir, "--json")...)
		texts, jsons = append(texts, text), append(jsons, js)
	}
	for i := 1; i < len(texts); i++ {
		if texts[i] != texts[0] || jsons[i] != jsons[0] {
			t.Errorf("workers %d: report differs from 1 worker's", i+1)
		}
	}
	_, other, _ := nnlr(t, append(sweepArgs, "--seed", "7", "--out", dir, "--json")...)
	if other == jsons[0] {
		t.Error("seeds 7–9 gave the same report as seeds 0–2")
	}
	if !strings.Contains(texts[0], "median epochs to agreement") || !strings.Contains(texts[0], "baseline (SAG)") {
		t.Errorf("table header or baseline row missing:\n%s", texts[0])
	}
}

// interruptedSweep runs the sweep of args (JSON), calling stop(finished)
// after each finished run, and returns the command's error and stdout.
func interruptedSweep(t *testing.T, ctx context.Context, stop func(int), args ...string) (error, string) {
	t.Helper()
	cmd := newSweepCmd(func(ctx context.Context, o *sweepOptions, stdout, stderr io.Writer) error {
		return runSweep(ctx, o, stdout, stderr, experiment.WithRunFinished(stop))
	})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	return err, out.String()
}

// Cancelling the sweep keeps the finished runs: with one worker and the
// context cancelled after the third run, exactly the first three runs of
// the full sweep are reported, marked interrupted, the figure is written,
// and the exit code is 130.
func TestSweepCancelKeepsFinishedRuns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, full, _ := nnlr(t, append(sweepArgs, "--json", "--out", dir)...)
	all := decodeSweep(t, full)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err, stdout := interruptedSweep(t, ctx, func(n int) {
		if n == 3 {
			cancel()
		}
	}, append(sweepArgs[1:], "--workers", "1", "--json", "--out", dir)...)
	if code := exitCode(err); code != interrupt.ExitCode {
		t.Fatalf("exit code %d (%v), want %d", code, err, interrupt.ExitCode)
	}
	rep := decodeSweep(t, stdout)
	if !rep.Interrupted || rep.FinishedRuns != 3 || rep.TotalRuns != 12 {
		t.Fatalf("interrupted %v, finished %d of %d; want true, 3 of 12", rep.Interrupted, rep.FinishedRuns, rep.TotalRuns)
	}
	got, _ := json.Marshal(rep.Runs)
	want, _ := json.Marshal(all.Runs[:3])
	if string(got) != string(want) {
		t.Errorf("finished runs\n%s\ndiffer from the full sweep's first three\n%s", got, want)
	}
	if r := rep.Rows[0]; r.Runs != 3 || rep.Rows[1].Runs != 0 {
		t.Errorf("rows count %d and %d runs, want 3 and 0", r.Runs, rep.Rows[1].Runs)
	}
	if len(rep.Figures) != 1 {
		t.Errorf("figures %v, want sweep.png", rep.Figures)
	}

	// The text table says so.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	_, text := interruptedSweep(t, ctx2, func(n int) {
		if n == 1 {
			cancel2()
		}
	}, append(sweepArgs[1:], "--workers", "1", "--out", dir)...)
	if !strings.Contains(text, "INTERRUPTED: 1 of 12 runs finished") {
		t.Errorf("text report does not say it was interrupted:\n%s", text)
	}
}

// Ctrl-C: a SIGINT sent to the process while the sweep runs (two workers,
// so a run is in progress) stops it; the runs finished by then are
// reported, each equal to the full sweep's run of the same solver, learning
// rate and seed, and the runs in progress are left out.
func TestSweepSIGINT(t *testing.T) {
	dir := t.TempDir()
	_, full, _ := nnlr(t, append(sweepArgs, "--json", "--out", dir)...)
	want := map[string]string{}
	key := func(r sweepRun) string {
		return r.Solver + strconv.FormatFloat(r.LearningRate, 'g', -1, 64) + "/" + strconv.FormatUint(r.Seed, 10)
	}
	for _, r := range decodeSweep(t, full).Runs {
		b, _ := json.Marshal(r)
		want[key(r)] = string(b)
	}
	err, stdout := interruptedSweep(t, context.Background(), func(n int) {
		if n == 2 {
			if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
				t.Error(err)
			}
		}
	}, append(sweepArgs[1:], "--workers", "2", "--json", "--out", dir)...)
	if code := exitCode(err); code != interrupt.ExitCode {
		t.Fatalf("exit code %d (%v), want %d", code, err, interrupt.ExitCode)
	}
	rep := decodeSweep(t, stdout)
	if !rep.Interrupted || rep.FinishedRuns < 2 || rep.FinishedRuns >= rep.TotalRuns {
		t.Fatalf("interrupted %v, finished %d of %d", rep.Interrupted, rep.FinishedRuns, rep.TotalRuns)
	}
	for _, r := range rep.Runs {
		b, _ := json.Marshal(r)
		if string(b) != want[key(r)] {
			t.Errorf("run %s: %s, full sweep: %s", key(r), b, want[key(r)])
		}
	}
}

// Bad flags exit 2 with one line naming the flag, before anything is
// trained or written.
func TestSweepFlagErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--solvers", "sgd,nope"}, "--solvers"},
		{[]string{"--solvers", "sgd,SGD"}, "--solvers"},
		{[]string{"--solvers", ""}, "--solvers"},
		{[]string{"--lrs", "0"}, "--lrs"},
		{[]string{"--lrs", "0.1,-1"}, "--lrs"},
		{[]string{"--lrs", "abc"}, "--lrs"},
		{[]string{"--lrs", "0.1,0.1"}, "--lrs"},
		{[]string{"--lrs", "NaN"}, "--lrs"},
		{[]string{"--seeds", "0"}, "--seeds"},
		{[]string{"--max-epochs", "0"}, "--max-epochs"},
		{[]string{"--batch-size", "0"}, "--batch-size"},
		{[]string{"--workers", "-1"}, "--workers"},
		{[]string{"--init", "ones"}, "--init"},
		{[]string{"--dtype", "float16"}, "--dtype"},
		{[]string{"--format", "gif"}, "--format"},
		{[]string{"--sag-tol", "-1"}, "--sag-tol"},
		{[]string{"--C", "0"}, "--C"},
		{[]string{"--data", "x.csv", "--dataset", "iris"}, "--data"},
		{[]string{"--plot-features", "x1,x2"}, "--plot-features"},
		{[]string{"--epochs", "5"}, "--epochs"},
		{[]string{"extra"}, "extra"},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		args := append(append([]string{"sweep"}, tc.args...), "--out", dir)
		code, stdout, stderr := nnlr(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", tc.args, code, stderr)
		}
		if !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: stderr %q should be one line naming %s", tc.args, stderr, tc.want)
		}
		if stdout != "" {
			t.Errorf("%v: stdout %q, want nothing", tc.args, stdout)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%v: --out folder created despite the error", tc.args)
		}
	}
}

// The data and graph options of compare apply: two iris classes,
// standardised, penalised (--C), in float32 with batches of 16. The runs
// have a kernel per feature, and with the penalty (a unique optimum) some
// reach agreement.
func TestSweepOtherData(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := nnlr(t, "sweep", "--dataset", "iris", "--classes", "versicolor,virginica", "--standardize", "--C", "1",
		"--dtype", "float32", "--batch-size", "16", "--solvers", "adam", "--lrs", "0.1", "--seeds", "2", "--max-epochs", "300",
		"--json", "--format", "svg", "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Data struct {
			Samples      int  `json:"samples"`
			Standardized bool `json:"standardized"`
		} `json:"data"`
		Graph struct {
			Dtype     string   `json:"dtype"`
			BatchSize int      `json:"batch_size"`
			C         *float64 `json:"C"`
			L2        float64  `json:"l2"`
		} `json:"graph"`
		Runs    []sweepRun `json:"runs"`
		Figures []string   `json:"figures"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Data.Samples != 100 || !rep.Data.Standardized || rep.Graph.Dtype != "float32" || rep.Graph.BatchSize != 16 ||
		rep.Graph.C == nil || *rep.Graph.C != 1 || rep.Graph.L2 != 1.0/100 {
		t.Errorf("data %+v, graph %+v", rep.Data, rep.Graph)
	}
	reached := 0
	for _, r := range rep.Runs {
		if len(r.Kernel) != 4 {
			t.Errorf("seed %d: kernel %v, want 4 values", r.Seed, r.Kernel)
		}
		if r.Status == experiment.StatusAgreement {
			reached++
		}
	}
	if len(rep.Runs) != 2 || reached == 0 {
		t.Errorf("%d runs, %d reached agreement; want 2, some", len(rep.Runs), reached)
	}
	if len(rep.Figures) != 1 || !strings.HasSuffix(rep.Figures[0], "sweep.svg") {
		t.Errorf("figures %v, want sweep.svg", rep.Figures)
	}
}

// A run whose loss becomes non-finite is reported as diverged at the epoch
// compare names when it stops on the same training, and the table counts it.
func TestSweepDivergedRuns(t *testing.T) {
	t.Parallel()
	args := []string{"sweep", "--solvers", "sgd", "--lrs", "1e6", "--C", "1", "--seeds", "1", "--max-epochs", "100", "--out", t.TempDir()}
	code, stdout, stderr := nnlr(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep := decodeSweep(t, stdout)
	if len(rep.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(rep.Runs))
	}
	r := rep.Runs[0]
	if r.Status != experiment.StatusDiverged || r.Kernel != nil || r.Bias != nil || r.Loss != nil || r.EpochsToAgreement != nil {
		t.Errorf("run %+v: want diverged without parameters", r)
	}
	_, _, cmpErr := nnlr(t, "compare", "--lr", "1e6", "--C", "1", "--epochs", "100", "--out", t.TempDir())
	if want := "epoch " + strconv.Itoa(r.Epochs) + ":"; !strings.Contains(cmpErr, want) {
		t.Errorf("sweep: diverged in epoch %d; compare: %q", r.Epochs, cmpErr)
	}
	_, text, _ := nnlr(t, args...)
	if !strings.Contains(text, "0/1 (1 diverged)") {
		t.Errorf("table does not count the diverged run:\n%s", text)
	}
}

package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"nnlr/internal/cliflag"
)

// A flag's bad value is said in one short line naming the flag, with the
// value cut, as a UsageError that still unwraps to pflag's error; other
// flag errors are UsageErrors as they are.
func TestFlagErrorFunc(t *testing.T) {
	f := pflag.NewFlagSet("t", pflag.ContinueOnError)
	f.SetOutput(io.Discard)
	f.Int("runs", 1, "")
	var n int
	cliflag.CountVar(f, &n, "epochs", 1, "")
	for args, want := range map[string]string{
		"--runs=abc":                        `--runs "abc": invalid syntax`,
		"--epochs=1.5":                      `--epochs "1.5": not a whole number`,
		"--runs=" + strings.Repeat("9", 50): `--runs "` + strings.Repeat("9", cliflag.MaxQuoted) + `"… (50 characters): value out of range`,
		"--bogus":                           `unknown flag: --bogus`,
	} {
		got := FlagErrorFunc(nil, f.Parse([]string{args}))
		var ue UsageError
		if got == nil || got.Error() != want || !errors.As(got, &ue) {
			t.Errorf("%s: %v, want the usage error %s", args, got, want)
		}
		var ive *pflag.InvalidValueError
		if !strings.HasPrefix(args, "--bogus") && !errors.As(got, &ive) {
			t.Errorf("%s: %v does not unwrap to pflag's error", args, got)
		}
	}
}

// The error types keep their cause and say what they are given.
func TestErrorTypes(t *testing.T) {
	cause := errors.New("cause")
	var ue UsageError
	if err := Usage(cause); !errors.As(err, &ue) || !errors.Is(err, cause) || err.Error() != "cause" {
		t.Errorf("Usage: %v", err)
	}
	if err := Usagef("--x %d: %w", 3, cause); !errors.As(err, &ue) || !errors.Is(err, cause) || err.Error() != "--x 3: cause" {
		t.Errorf("Usagef: %v", err)
	}
	var ee ExitError
	if err := fmt.Errorf("wrapped: %w", ExitError{Code: 130, Err: cause}); !errors.As(err, &ee) || ee.Code != 130 || !errors.Is(err, cause) {
		t.Errorf("ExitError: %v", err)
	}
	if err := Reword("in other words", cause); err.Error() != "in other words" || !errors.Is(err, cause) {
		t.Errorf("Reword: %v", err)
	}
}

// NoArgs refuses arguments as a usage error.
func TestNoArgs(t *testing.T) {
	c := &cobra.Command{Use: "x"}
	var ue UsageError
	if err := NoArgs(c, []string{"extra"}); !errors.As(err, &ue) {
		t.Errorf("NoArgs with an argument: %v", err)
	}
	if err := NoArgs(c, nil); err != nil {
		t.Errorf("NoArgs without arguments: %v", err)
	}
}

// CompleteValues completes the flags a command has, and skips the others.
func TestCompleteValues(t *testing.T) {
	c := &cobra.Command{Use: "x", Run: func(*cobra.Command, []string) {}}
	c.Flags().String("format", "png", "")
	CompleteValues(c, map[string][]string{"format": {"png", "svg"}, "solver": {"sgd"}})
	fn, ok := c.GetFlagCompletionFunc("format")
	if !ok {
		t.Fatal("--format has no completion")
	}
	if vals, dir := fn(c, nil, ""); strings.Join(vals, ",") != "png,svg" || dir != cobra.ShellCompDirectiveNoFileComp {
		t.Errorf("--format completes %q, %v", vals, dir)
	}
	if _, ok := c.GetFlagCompletionFunc("solver"); ok {
		t.Error("a completion for a flag the command lacks")
	}
}

// Execute runs the command named and marks an unknown command as a usage
// error; a completion request is left to cobra.
func TestExecute(t *testing.T) {
	newRoot := func() (*cobra.Command, *bool) {
		ran := false
		root := &cobra.Command{Use: "app", SilenceErrors: true, SilenceUsage: true}
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		root.AddCommand(&cobra.Command{Use: "go", Args: NoArgs, RunE: func(*cobra.Command, []string) error { ran = true; return nil }})
		return root, &ran
	}
	root, ran := newRoot()
	if err := Execute(root, []string{"go"}); err != nil || !*ran {
		t.Errorf("go: %v, ran %v", err, *ran)
	}
	var ue UsageError
	for _, args := range [][]string{{"nogo"}, {"go", "extra"}} {
		root, ran = newRoot()
		if err := Execute(root, args); !errors.As(err, &ue) || *ran {
			t.Errorf("%q: %v (ran %v), want a usage error", args, err, *ran)
		}
	}
	root, _ = newRoot()
	if err := Execute(root, []string{cobra.ShellCompRequestCmd, "g"}); err != nil {
		t.Errorf("completion request: %v", err)
	}
}

// Package cmdutil holds the typed errors of a cobra command line and the
// glue that produces them, after gh's pkg/cmdutil: a usage error for the
// user's misuse of a command or flag, an error carrying its own exit code,
// an error said in other words, and flag-value completion. The binary maps
// the types to exit codes.
package cmdutil

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"nnlr/internal/cliflag"
)

// UsageError marks an error as the user's misuse of a command or a flag
// (an unknown command or flag, extra arguments, a flag's bad value).
type UsageError struct{ Err error }

// Error returns Err's message.
func (e UsageError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e UsageError) Unwrap() error { return e.Err }

// Usage returns err marked as a UsageError.
func Usage(err error) error { return UsageError{Err: err} }

// Usagef returns a UsageError with the message fmt.Errorf makes (%w wraps
// as there).
func Usagef(format string, args ...any) error {
	return UsageError{Err: fmt.Errorf(format, args...)}
}

// ExitError asks for the exit code Code after Err is printed (e.g. 130,
// interrupt.ExitCode, for a run stopped by Ctrl-C).
type ExitError struct {
	Code int
	Err  error
}

// Error returns Err's message.
func (e ExitError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e ExitError) Unwrap() error { return e.Err }

// Reword returns err said as msg (a library's error in the command line's
// words, e.g. its advice naming flags); the result unwraps to err.
func Reword(msg string, err error) error { return reworded{msg: msg, err: err} }

// reworded is an error said in other words.
type reworded struct {
	msg string
	err error
}

func (e reworded) Error() string { return e.msg }
func (e reworded) Unwrap() error { return e.err }

// Execute runs root with args, as root.Execute does, and returns the
// error of the command run. An unknown command, which cobra reports as a
// plain error, is a UsageError (shell-completion requests, cobra's
// __complete, are left to cobra).
func Execute(root *cobra.Command, args []string) error {
	root.SetArgs(args)
	root.InitDefaultHelpCmd() // as Execute does, so that Find knows them
	root.InitDefaultCompletionCmd(args...)
	if len(args) == 0 || (args[0] != cobra.ShellCompRequestCmd && args[0] != cobra.ShellCompNoDescRequestCmd) {
		if _, _, err := root.Find(args); err != nil {
			return UsageError{Err: err}
		}
	}
	return root.Execute()
}

// NoArgs is cobra.NoArgs with its error a UsageError.
func NoArgs(cmd *cobra.Command, args []string) error {
	if err := cobra.NoArgs(cmd, args); err != nil {
		return UsageError{Err: err}
	}
	return nil
}

// FlagErrorFunc is a cobra FlagErrorFunc: it returns err as a UsageError,
// with a flag's bad value (a *pflag.InvalidValueError) said in one short
// line, "--flag "value": problem": the value cut by cliflag.Quote
// (pflag's own message quotes it whole, and strconv's errors repeat it) and
// a *strconv.NumError reduced to its cause ("invalid syntax"). The result
// unwraps to err.
func FlagErrorFunc(_ *cobra.Command, err error) error {
	var ive *pflag.InvalidValueError
	if !errors.As(err, &ive) {
		return UsageError{Err: err}
	}
	cause := errors.Unwrap(ive)
	var ne *strconv.NumError
	if errors.As(cause, &ne) {
		cause = ne.Err
	}
	return UsageError{Err: Reword(fmt.Sprintf("--%s %s: %v", ive.GetFlag().Name, cliflag.Quote(ive.GetValue()), cause), err)}
}

// CompleteValues registers the shell completion (cobra's flag-value
// completion, no file names) of every flag of values that c has: the
// flag's name to the values it takes.
func CompleteValues(c *cobra.Command, values map[string][]string) {
	for flag, vals := range values {
		if c.Flags().Lookup(flag) != nil {
			_ = c.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(vals, cobra.ShellCompDirectiveNoFileComp))
		}
	}
}

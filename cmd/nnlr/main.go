// Command nnlr answers "a neural network with no hidden layer is a logistic
// regression, so why does mine give a different decision boundary?": it
// trains the network as a Gorgonia graph and the regression by SAG, and
// compares them.
//
// Exit codes: 0 success, 1 failure, 2 bad usage (an unknown command or flag,
// or a flag's bad value), 130 a run stopped by Ctrl-C (SIGINT) or SIGTERM
// (compare writes nothing; sweep prints its finished runs).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
	"nnlr/internal/buildinfo"
	"nnlr/internal/cliflag"
	"nnlr/internal/interrupt"
	"nnlr/train"
)

// usageError marks an error as the user's misuse of a command or a flag: the
// process exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// exitError makes the process exit with code after printing err (an
// interrupted run's interrupt.ExitCode).
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// reworded is an error of a library said in the CLI's words.
type reworded struct {
	msg string
	err error
}

func (e reworded) Error() string { return e.msg }
func (e reworded) Unwrap() error { return e.err }

// settingFlags maps the configuration settings (of package experiment,
// the diagnosis and the train hyper-parameters) to their flags where the
// names differ beyond "_" and "-".
var settingFlags = map[string]string{"max_iter": "sag-max-iter", "tol": "sag-tol", "learning_rates": "lrs", "learning_rate": "lr"}

// flagName returns the name of the flag (without "--") that sets a
// configuration setting: "learning_rate" is set by lr, "sag_max_iter" by
// sag-max-iter.
func flagName(setting string) string {
	if flag, ok := settingFlags[setting]; ok {
		return flag
	}
	return strings.ReplaceAll(setting, "_", "-")
}

// settingFlag returns the flag of a diagnosis setting, "--lr" for
// learning_rate, for the remedies' Flag (experiment.WithSettingNames).
func settingFlag(setting string) string { return "--" + flagName(setting) }

// flagError returns a configuration's validation error as a usageError
// naming the flag: an *experiment.SettingError's setting becomes its flag.
func flagError(err error) error {
	var se *experiment.SettingError
	if !errors.As(err, &se) {
		return usageError{err}
	}
	flag := flagName(se.Setting)
	if se.Value != "" {
		flag += " " + se.Value
	}
	return usagef("--%s: %s", flag, se.Problem)
}

// flagErrorFunc is the commands' cobra FlagErrorFunc: a usageError, with a
// flag's bad value said in one short line (cliflag.Reword).
func flagErrorFunc(_ *cobra.Command, err error) error {
	return usageError{cliflag.Reword(err)}
}

// usagef returns a usageError naming a flag.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "nnlr",
		Short: "Why does a network with no hidden layer disagree with logistic regression?",
		Long: `nnlr trains a one-unit sigmoid network (a Gorgonia graph, Keras defaults) and a
logistic regression (SAG, as scikit-learn) on the same data, and explains where
their decision boundaries differ.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       buildinfo.Version(),
	}
	root.SetVersionTemplate("nnlr {{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagErrorFunc)
	root.AddCommand(newCompareCmd(nil), newSweepCmd(nil), newSolversCmd(), newDatasetsCmd(), newServeCmd())
	for _, c := range root.Commands() {
		completeFlagValues(c)
	}
	return root
}

// completeFlagValues registers the shell completion of the enumerated flag
// values of c (cobra's flag-value completion): --solver, --dataset,
// --format, --activation, --dtype, --init and --baseline.
func completeFlagValues(c *cobra.Command) {
	for flag, values := range map[string][]string{
		"solver": train.SolverNames(), "dataset": dataset.BuiltinNames(), "format": figureFormats,
		"activation": activations(), "dtype": {string(graph.Float64), string(graph.Float32)}, "init": {"glorot_uniform", "zeros"},
		"baseline": {"sag", "sklearn-default"},
	} {
		if c.Flags().Lookup(flag) != nil {
			_ = c.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
		}
	}
}

// runChecked returns the RunE of a command that runs an experiment: it
// refuses flags given but ignored or blank (checkGiven), validates the
// parsed flags with check (a usage error naming the first bad flag), then
// calls run with a context that SIGINT or SIGTERM cancels
// (interrupt.Context).
func runChecked(check func(*pflag.FlagSet) error, run func(ctx context.Context, stdout, stderr io.Writer) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		if err := checkGiven(cmd.Flags()); err != nil {
			return err
		}
		if err := check(cmd.Flags()); err != nil {
			return err
		}
		ctx, stop := interrupt.Context(cmd.Context())
		defer stop()
		return run(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
}

// checkConfig returns the experiment's validation error of the
// configuration cfg that the flags give (or err, when making it failed)
// as a usage error naming the flag (flagError); nil when it is valid.
func checkConfig[C interface{ Validate() error }](cfg C, err error) error {
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		return flagError(err)
	}
	return nil
}

// features returns the number of features of ds, or -1 without data (an
// explicit --init is then left unchecked).
func features(ds *dataset.Dataset) int {
	if ds == nil {
		return -1
	}
	_, d := ds.X.Dims()
	return d
}

// noArgs is cobra.NoArgs as a usageError.
func noArgs(cmd *cobra.Command, args []string) error {
	if err := cobra.NoArgs(cmd, args); err != nil {
		return usageError{err}
	}
	return nil
}

// run executes nnlr with args and returns the process exit code, printing
// any error as one line on stderr.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	root.InitDefaultHelpCmd() // as Execute does, so that Find knows them
	root.InitDefaultCompletionCmd(args...)
	var err error
	if len(args) == 0 || (args[0] != cobra.ShellCompRequestCmd && args[0] != cobra.ShellCompNoDescRequestCmd) {
		_, _, err = root.Find(args) // an unknown command
	}
	if err != nil {
		err = usageError{err}
	} else {
		err = root.Execute()
	}
	if err == nil {
		return 0
	}
	var pe *dataset.ParseError
	if errors.As(err, &pe) && pe.Field != "" {
		pe.Field = "--" + strings.ReplaceAll(pe.Field, "_", "-") // the option's flag
	}
	fmt.Fprintf(stderr, "nnlr: %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
	return exitCode(err)
}

// exitCode is the process's exit code for a command's error: an
// exitError's code, 2 for bad usage, 1 otherwise.
func exitCode(err error) int {
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

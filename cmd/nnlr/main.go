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
	"nnlr/internal/cmdutil"
	"nnlr/internal/interrupt"
	"nnlr/internal/plot"
	"nnlr/train"
)

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

// flagError returns a configuration's validation error as a usage error
// naming the flag: an *experiment.SettingError's setting becomes its flag.
func flagError(err error) error {
	var se *experiment.SettingError
	if !errors.As(err, &se) {
		return cmdutil.Usage(err)
	}
	flag := flagName(se.Setting)
	if se.Value != "" {
		flag += " " + se.Value
	}
	return cmdutil.Usagef("--%s: %s", flag, se.Problem)
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "nnlr",
		Short:         "Why does a network with no hidden layer disagree with logistic regression?",
		Long:          longHelp("nnlr"),
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       buildinfo.Version(),
	}
	root.SetVersionTemplate("nnlr {{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(cmdutil.FlagErrorFunc)
	root.AddCommand(newCompareCmd(nil), newSweepCmd(nil), newSolversCmd(), newDatasetsCmd(), newServeCmd())
	// The enumerated flag values, for shell completion.
	values := map[string][]string{
		"solver": train.SolverNames(), "dataset": dataset.BuiltinNames(), "format": plot.Formats,
		"activation": activations(), "dtype": {string(graph.Float64), string(graph.Float32)}, "init": {"glorot_uniform", "zeros"},
		"baseline": {"sag", "sklearn-default"},
	}
	for _, c := range root.Commands() {
		cmdutil.CompleteValues(c, values)
	}
	return root
}

// runChecked returns the RunE of a command that runs an experiment: it
// refuses flags given but ignored or blank (checkGiven), validates the
// parsed flags with check (a usage error naming the first bad flag), then
// calls run with a context that SIGINT or SIGTERM cancels
// (interrupt.Context).
func runChecked(check func(*pflag.FlagSet) error,
	run func(ctx context.Context, stdout, stderr io.Writer) error) func(*cobra.Command, []string) error {
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

// run executes nnlr with args and returns the process exit code, printing
// any error as one line on stderr.
func run(args []string, stdout, stderr io.Writer) int {
	err := cmdutil.Execute(newRootCmd(stdout, stderr), args)
	if err == nil {
		return 0
	}
	var pe *dataset.ParseError
	if errors.As(err, &pe) && pe.Field != "" {
		pe.Field = settingFlag(pe.Field) // the option's flag
	}
	fmt.Fprintf(stderr, "nnlr: %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
	return exitCode(err)
}

// exitCode is the process's exit code for a command's error: a
// cmdutil.ExitError's code, 2 for bad usage (cmdutil.UsageError), 1
// otherwise.
func exitCode(err error) int {
	var ee cmdutil.ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	var ue cmdutil.UsageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
	"nnlr/internal/cmdutil"
	"nnlr/internal/render"
)

// multiclassRun reports whether compare runs the k-class comparison on ds:
// data with k ≥ 3 classes, or --output softmax.
func (o *compareOptions) multiclassRun(ds *dataset.Dataset) bool {
	return ds.Multiclass() || o.output == string(graph.Softmax)
}

// checkOutput validates --output against the loaded data: sigmoid needs
// two classes.
func (o *compareOptions) checkOutput(ds *dataset.Dataset) error {
	if o.output == string(graph.Sigmoid) && ds.Multiclass() {
		return cmdutil.Usagef("--output sigmoid: the label has %d classes; a sigmoid output has two (use --output softmax, or pick two with --classes A,B)", ds.K())
	}
	return nil
}

// runCompareClasses runs experiment.CompareClasses with cfg on the loaded
// data, writes the figures and prints the report (JSON with --json).
func runCompareClasses(ctx context.Context, o *compareOptions, ds *dataset.Dataset, cfg experiment.CompareConfig,
	stdout, stderr io.Writer) error {
	prog := newProgress(stderr, o.epochs, o.quiet)
	rep, err := experiment.CompareClasses(ctx, ds, cfg, runOptions(prog)...)
	prog.Finish()
	if err != nil {
		var se *experiment.SettingError
		if errors.As(err, &se) {
			return flagError(err)
		}
		var me *experiment.MemoryError
		if errors.As(err, &me) {
			// With k classes the series keep every epoch.
			return cmdutil.Reword(me.Error()+"; with k classes every epoch is kept: use fewer --epochs or --sag-max-iter, fewer or narrower --hidden layers, or a smaller data set", err)
		}
		return interrupted(ctx, inCLIWords(err))
	}
	if _, err := json.Marshal(rep); err != nil {
		return fmt.Errorf("graph: the results are not finite numbers (%v): training blew up; lower --lr or scale the data (--standardize)", err)
	}
	return o.publish(ctx, stdout, stderr, render.ClassFigures(ds, rep), &rep.Figures, rep,
		func(w io.Writer) error { return render.ClassText(w, rep) })
}

// addOutputFlag adds --output, the network's output layer.
func addOutputFlag(f *pflag.FlagSet, output *string) {
	f.StringVar(output, "output", "", "graph: output layer, sigmoid (Dense(1, sigmoid), two classes) or softmax (Dense(k, softmax) against multinomial SAG); default sigmoid for two classes, softmax for more")
}

// validateOutput checks --output's value.
func validateOutput(output string) error {
	if output == "" {
		return nil
	}
	if _, err := graph.ParseOutput(output); err != nil {
		return cmdutil.Usagef("--output: %v", err)
	}
	if output != strings.ToLower(strings.TrimSpace(output)) {
		return cmdutil.Usagef("--output %q: write sigmoid or softmax", output)
	}
	return nil
}

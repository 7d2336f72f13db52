package main

import (
	"io"
	"strings"

	"github.com/spf13/pflag"

	"nnlr/internal/cliflag"
	"nnlr/internal/progress"
)

// explainOptions are the flags of nnlr compare that control the diagnosis,
// the runs and the figures.
type explainOptions struct {
	runs          int
	outputOptions // --format, --quiet
}

// figureFormats are the values --format accepts.
var figureFormats = []string{"png", "svg", "pdf"}

func (e *explainOptions) addFlags(f *pflag.FlagSet) {
	f.IntVar(&e.runs, "runs", 1, "graph: train N independent graphs with seeds seed … seed+N−1 (in parallel) and report the spread of their angles")
	e.outputOptions.addFlags(f)
}

// outputOptions are the figures' format and the progress bar's switch,
// shared by nnlr compare and nnlr sweep.
type outputOptions struct {
	format string
	quiet  bool
}

// addFlags adds --format and --quiet to f.
func (o *outputOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.format, "format", "png", "figure format: "+strings.Join(figureFormats, ", "))
	f.BoolVar(&o.quiet, "quiet", false, "nothing on stderr but errors: no progress (a bar on a terminal, otherwise a line every 5 s) and no list of replaced figures")
}

// newProgress returns the progress of total epochs on stderr (see package
// progress), or nil with --quiet.
func newProgress(stderr io.Writer, total int, quiet bool) *progress.Reporter {
	if quiet {
		return nil
	}
	return progress.New(stderr, "nnlr: ", total)
}

// validate returns a usageError when --format is not one of figureFormats.
func (o *outputOptions) validate() error {
	for _, f := range figureFormats {
		if o.format == f {
			return nil
		}
	}
	return usagef("--format %s: want one of %s", cliflag.Quote(o.format), strings.Join(figureFormats, ", "))
}

// validate checks the flags' values and names the first bad one.
func (e *explainOptions) validate() error {
	return e.outputOptions.validate()
}

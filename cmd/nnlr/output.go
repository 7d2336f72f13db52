package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"nnlr/experiment"
	"nnlr/internal/cliflag"
	"nnlr/internal/cmdutil"
	"nnlr/internal/fileset"
	"nnlr/internal/plot"
	"nnlr/internal/progress"
	"nnlr/internal/render"
)

// The reports of package experiment, by their names in this package.
type (
	report   = experiment.CompareReport
	sweepRun = experiment.SweepRun
)

// outputOptions are where and how a command writes its results: the
// figures' folder and format, the report as JSON or text, and the
// progress on stderr; shared by nnlr compare and nnlr sweep.
type outputOptions struct {
	out    string // --out (declared by each command)
	json   bool   // --json (declared by each command)
	format string
	quiet  bool
}

// addFlags adds --format and --quiet to f.
func (o *outputOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.format, "format", "png", "figure format: "+strings.Join(plot.Formats, ", "))
	f.BoolVar(&o.quiet, "quiet", false, "nothing on stderr but errors: no progress (a bar on a terminal, otherwise a line every 5 s) and no list of replaced figures")
}

// validate returns a usage error when --format is not one of plot.Formats
// or --out is empty.
func (o *outputOptions) validate() error {
	if o.out == "" {
		return cmdutil.Usagef("--out: must name a folder")
	}
	if slices.Contains(plot.Formats, o.format) {
		return nil
	}
	return cmdutil.Usagef("--format %s: want one of %s", cliflag.Quote(o.format), strings.Join(plot.Formats, ", "))
}

// newProgress returns the progress of total epochs on stderr (see package
// progress), or nil with --quiet.
func newProgress(stderr io.Writer, total int, quiet bool) *progress.Reporter {
	if quiet {
		return nil
	}
	return progress.New(stderr, "nnlr: ", total)
}

// publish writes figs into --out (all or nothing; see writeFigureFiles),
// adds their paths to *figures (the report's Figures), names the files it
// replaced on stderr (unless --quiet) and prints the report rep: JSON with
// --json, else text. A cancelled ctx stops the figures before any is
// written (interrupted).
func (o *outputOptions) publish(ctx context.Context, stdout, stderr io.Writer, figs []render.NamedFigure, figures *[]string,
	rep any, text func(io.Writer) error) error {
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("--out %s: %w", o.out, err)
	}
	paths, replaced, err := writeFigureFiles(ctx, figs, o.out, o.format)
	if err != nil {
		return interrupted(ctx, err)
	}
	*figures = append(*figures, paths...)
	if !o.quiet && len(replaced) > 0 {
		fmt.Fprintf(stderr, "nnlr: replaced %s\n", strings.Join(replaced, ", "))
	}
	if o.json {
		return writeJSON(stdout, rep)
	}
	return text(stdout)
}

// writeJSON writes a report (compare's or sweep's) as one indented JSON
// object.
func writeJSON(w io.Writer, rep any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// writeFigureFiles renders figs in format (png, svg or pdf) and writes
// them into out as <name>.<format>, all or nothing (see fileset.Write:
// every figure is rendered before any file is replaced; a cancelled ctx,
// e.g. by SIGINT, leaves every file as it was and no temporary file), and
// returns their paths, for the report's Figures, and those that existed
// before (now replaced).
func writeFigureFiles(ctx context.Context, figs []render.NamedFigure, out, format string) (paths, replaced []string, err error) {
	var files []fileset.File
	for _, f := range figs {
		fig, path := f.Figure, filepath.Join(out, f.Name+"."+format)
		files = append(files, fileset.File{Path: path, Write: func(w io.Writer) error { return fig.Render(w, format) }})
		paths = append(paths, path)
	}
	replaced = fileset.Existing(paths)
	if err := fileset.Write(ctx, files); err != nil {
		return nil, nil, err
	}
	return paths, replaced, nil
}

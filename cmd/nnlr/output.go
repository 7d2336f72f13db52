package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"nnlr/experiment"
	"nnlr/internal/fileset"
	"nnlr/internal/render"
)

// The reports of package experiment, by their names in this package.
type (
	report   = experiment.CompareReport
	sweepRun = experiment.SweepRun
)

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
		fig := f.Figure
		files = append(files, fileset.File{Path: filepath.Join(out, f.Name+"."+format),
			Write: func(w io.Writer) error { return fig.Render(w, format) }})
	}
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	replaced = existing(paths)
	if err := fileset.Write(ctx, files); err != nil {
		return nil, nil, err
	}
	return paths, replaced, nil
}

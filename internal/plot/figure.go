// Package plot draws nnlr's figures with gonum/plot. A figure renders
// itself to an io.Writer in a format (Figure.Render), so that a front end
// can write files (see nnlr/internal/fileset for writing a set of them all
// or nothing) or stream figures to a client.
package plot

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"nnlr/internal/fileset"
)

// Figure is a figure that renders itself.
type Figure interface {
	// Render writes the figure to w in format (one of Formats). It
	// returns an error for an unknown format, a figure it cannot draw
	// (see the figure type), or when writing to w fails; nothing it is
	// given makes it panic.
	Render(w io.Writer, format string) error
}

// Formats are the formats a Figure renders: PNG (96 dots per inch), SVG
// and PDF.
var Formats = []string{"png", "svg", "pdf"}

// CheckFormat returns an error unless format is one of Formats.
func CheckFormat(format string) error {
	if !slices.Contains(Formats, format) {
		return fmt.Errorf("figure format %q: want one of %s", format, strings.Join(Formats, ", "))
	}
	return nil
}

// Save renders fig and writes it to path, atomically (see fileset.Write),
// in the format path's extension names (one of Formats). It returns
// Render's errors and fileset.Write's.
func Save(fig Figure, path string) error {
	format := strings.TrimPrefix(filepath.Ext(path), ".")
	return fileset.Write(context.Background(), []fileset.File{{Path: path, Write: func(w io.Writer) error {
		return fig.Render(w, format)
	}}})
}

// safely runs f, turning a panic (gonum/plot panics on some degenerate
// input, e.g. an axis of zero length) into an error.
func safely(what string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: gonum/plot failed: %v", what, r)
		}
	}()
	return f()
}

package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"
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

// validate returns a usageError when --format is not one of figureFormats.
func (o *outputOptions) validate() error {
	for _, f := range figureFormats {
		if o.format == f {
			return nil
		}
	}
	return usagef("--format %s: want one of %s", quoteShort(o.format), strings.Join(figureFormats, ", "))
}

// validate checks the flags' values and names the first bad one.
func (e *explainOptions) validate() error {
	return e.outputOptions.validate()
}

// writeExplainText writes the agreement, the spread of the runs and the
// diagnosis (findings, penalty scope, remedies, footer) as text.
func writeExplainText(sb *strings.Builder, rep *report) {
	if a := rep.Agreement.Agreement; a != nil {
		fmt.Fprintf(sb, "\nAgreement:\n")
		fmt.Fprintf(sb, "  offset gap along the regression's normal through the centroid: %s (data units)\n", optional(a.OffsetGap, "undefined"))
		fmt.Fprintf(sb, "  |p_graph − p_baseline| over the training samples: max %.4g, mean %.4g\n", a.ProbGapMax, a.ProbGapMean)
		pen := ""
		if a.L2 > 0 {
			pen = fmt.Sprintf(" + (%.3g/2)·‖w‖²", a.L2)
		}
		fmt.Fprintf(sb, "  shared objective (mean log loss%s): graph %.6g, baseline %.6g, difference %.3g\n",
			pen, a.ObjectiveGraph, a.ObjectiveBaseline, a.ObjectiveGap)
	}
	if r := rep.Runs; r != nil && r.Count > 1 {
		if s := r.AngleDeg; s != nil {
			fmt.Fprintf(sb, "\nSpread over %d runs (seeds %d–%d): angle to the regression median %.4g°, min %.4g°, max %.4g°\n",
				r.Count, r.Runs[0].Seed, r.Runs[len(r.Runs)-1].Seed, s.Median, s.Min, s.Max)
		} else {
			fmt.Fprintf(sb, "\nSpread over %d runs (seeds %d–%d): no angle is defined (zero or non-linear normals)\n",
				r.Count, r.Runs[0].Seed, r.Runs[len(r.Runs)-1].Seed)
		}
	}
	if dg := rep.Diagnosis; dg != nil {
		writeDiagnosisText(sb, dg)
	}
	sb.WriteString("\n")
}

// wrap breaks s into lines of at most width runes at spaces, the first
// prefixed by first and the others by rest, each ending in a newline.
func wrap(s string, width int, first, rest string) string {
	var sb strings.Builder
	line := first
	prefixLen := len([]rune(first))
	n := prefixLen
	for i, word := range strings.Fields(s) {
		w := len([]rune(word))
		if i > 0 && n+1+w > width {
			sb.WriteString(line + "\n")
			line, n = rest+word, len([]rune(rest))+w
			continue
		}
		if i > 0 {
			line += " "
			n++
		}
		line += word
		n += w
	}
	sb.WriteString(line + "\n")
	return sb.String()
}

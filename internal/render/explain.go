package render

import (
	"fmt"
	"strings"
)

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

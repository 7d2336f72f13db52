package render

import (
	"fmt"
	"strings"
)

// writeData writes the data lines of the text report: source, classes,
// dropped rows, standardisation, and the penalty shared by both models
// (the graph's C: set only when both share it; --baseline sklearn-default's
// own C = 1 is stated by the table and the diagnosis's penalty scope).
func writeData(sb *strings.Builder, rep *report) { writeDataSection(sb, rep.Data, rep.Graph.C) }

// writeDataSection writes the data lines of a text report for data d and
// the inverse L2 strength c shared by both models (nil: no penalty).
func writeDataSection(sb *strings.Builder, d dataReport, c *float64) {
	fmt.Fprintf(sb, "Data: %s; label %q: y = 0 is %q (%s), y = 1 is %q (%s)",
		d.Source, d.Label, d.Classes[0], rows(d.ClassCounts[0]), d.Classes[1], rows(d.ClassCounts[1]))
	if d.DroppedRows > 0 {
		fmt.Fprintf(sb, "; %s of other classes dropped", rows(d.DroppedRows))
	}
	sb.WriteString(".\n")
	if d.Standardized {
		sb.WriteString("Features standardised (z-scores, population standard deviation); coefficients are in standardised units.\n")
		if len(d.ConstantFeatures) > 0 {
			fmt.Fprintf(sb, "Constant features (left at 0): %s.\n", strings.Join(d.ConstantFeatures, ", "))
		}
	}
	if c != nil {
		fmt.Fprintf(sb, "L2 penalty on both models: C = %g, ‖kernel‖²/(2·C·n) = %.4g·‖kernel‖².\n", *c, 1/(2**c*float64(d.Samples)))
	}
	sb.WriteString("\n")
}

func rows(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

package render

import (
	"fmt"
	"math"
	"strings"
	"text/tabwriter"
)

// wideFeatures is the largest number of features whose parameters the text
// report prints inline; wider data get one row per feature.
const wideFeatures = 4

// featureList names the features, or the first three and a count.
func featureList(names []string) string {
	if len(names) <= wideFeatures {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s, … %d more", strings.Join(names[:3], ", "), len(names)-3)
}

// vecOrBelow is vec(v), or a pointer to the per-feature table for wide data.
func vecOrBelow(v []float64) string {
	if len(v) <= wideFeatures {
		return vec(v)
	}
	return fmt.Sprintf("%d values, by feature below", len(v))
}

// equationOrBelow is equation(w, b, names), or, for wide data, the boundary
// with its coefficients in the per-feature table.
func equationOrBelow(w []float64, b float64, names []string) string {
	if len(w) <= wideFeatures {
		return equation(w, b, names)
	}
	return fmt.Sprintf("w·x %s %.4g = 0, w as in the table above", map[bool]string{true: "−", false: "+"}[b < 0], math.Abs(b))
}

// writeCoefficients writes, for wide data, one row per feature: the
// initial kernel, the graph's kernel and SAG's coefficients.
func writeCoefficients(sb *strings.Builder, rep *report) error {
	g, b := rep.Graph, rep.Baseline
	if len(g.Kernel) <= wideFeatures {
		return nil
	}
	sb.WriteString("\nParameters by feature:\n")
	width := len("bias / intercept")
	for _, name := range rep.Data.Features {
		width = max(width, len(name))
	}
	// Names left-aligned by padding, numbers right-aligned by tabwriter.
	tw := tabwriter.NewWriter(sb, 0, 0, 3, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  %-*s\tinitial kernel\tgraph kernel\tbaseline coef\t\n", width, "feature")
	for j, name := range rep.Data.Features {
		fmt.Fprintf(tw, "  %-*s\t%.6g\t%.6g\t%.6g\t\n", width, name, g.InitialKernel[j], g.Kernel[j], b.Coef[j])
	}
	fmt.Fprintf(tw, "  %-*s\t%.6g\t%.6g\t%.6g\t\n", width, "bias / intercept", g.InitialBias, g.Bias, b.Intercept)
	return tw.Flush()
}

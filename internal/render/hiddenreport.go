package render

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
	"nnlr/internal/plot"
)

// vecInts writes widths as "16, 8".
func vecInts(v []int) string {
	parts := make([]string, len(v))
	for i, w := range v {
		parts[i] = fmt.Sprint(w)
	}
	return strings.Join(parts, ", ")
}

// architecture describes the graph as "2 → 8 tanh → 1 sigmoid".
func architecture(rep *report) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d", len(rep.Data.Features))
	for _, w := range rep.Graph.Hidden {
		fmt.Fprintf(&sb, " → %d %s", w, rep.Graph.Activation)
	}
	sb.WriteString(" → 1 sigmoid")
	return sb.String()
}

// layerShapes describes the layers as "2×8, 8×1".
func layerShapes(layers []graph.Layer) string {
	parts := make([]string, len(layers))
	for i, l := range layers {
		parts[i] = fmt.Sprintf("%d×%d", l.Rows(), l.Cols())
	}
	return strings.Join(parts, ", ")
}

// writeAgreement writes the prediction agreement lines.
func writeAgreement(sb *strings.Builder, rep *report) {
	a := rep.Agreement
	if a.TrainAgreement == nil || a.GridAgreement == nil || a.Grid == nil {
		return
	}
	gr := a.Grid
	others := ""
	if gr.Others == "mean" {
		others = ", other features at their mean"
	}
	if gr.Features[1] == "" {
		fmt.Fprintf(sb, "Same predicted class: %.1f %% of the training points, %.1f %% of %d points evenly spread over [%.3g, %.3g] (%s).\n",
			100**a.TrainAgreement, 100**a.GridAgreement, gr.Cols, gr.XRange[0], gr.XRange[1], gr.Features[0])
		return
	}
	fmt.Fprintf(sb, "Same predicted class: %.1f %% of the training points, %.1f %% of a %d × %d grid over [%.3g, %.3g] × [%.3g, %.3g] (%s, %s%s).\n",
		100**a.TrainAgreement, 100**a.GridAgreement, gr.Cols, gr.Rows, gr.XRange[0], gr.XRange[1], gr.YRange[0], gr.YRange[1],
		gr.Features[0], gr.Features[1], others)
}

// writeHiddenText writes the report of a graph with hidden layers: the
// layers instead of one kernel, the graph's boundary as an equation only
// when it is linear end to end, and prediction agreement in place of the
// findings that hold only for a linear model.
func writeHiddenText(w io.Writer, rep *report) error {
	g, b := rep.Graph, rep.Baseline
	var sb strings.Builder
	fmt.Fprintf(&sb, "nnlr compare: %s data, %s × %s (%s)\n",
		rep.Data.Name, plural(rep.Data.Samples, "sample"), plural(len(rep.Data.Features), "feature"), featureList(rep.Data.Features))
	writeVerdict(&sb, rep)
	writeData(&sb, rep)
	tw := tabwriter.NewWriter(&sb, 0, 0, 3, ' ', 0)
	fmt.Fprintf(tw, "\tgraph: %s, %s\tbaseline: %s\n", architecture(rep), g.Solver, baselineTitle(b))
	fmt.Fprintf(tw, "parameters\tkernels %s (+ biases)\tcoef %s, intercept %.4g\n", layerShapes(g.Layers), vecOrBelow(b.Coef), b.Intercept)
	fmt.Fprintf(tw, "loss (mean BCE)\t%.6g\t%.6g\n", g.Loss, b.Loss)
	fmt.Fprintf(tw, "accuracy\t%.4g\t%.4g\n", g.Accuracy, b.Accuracy)
	fmt.Fprintf(tw, "ROC AUC\t%s\t%s\n", optional(g.AUC, "undefined (one class)"), optional(b.AUC, "undefined (one class)"))
	fmt.Fprintf(tw, "training\t%d epochs, batch size %d, learning rate %g\t%s\n",
		g.Epochs, g.BatchSize, g.LearningRate, baselineTraining(b))
	fmt.Fprintf(tw, "initialisation\tglorot_uniform kernels, zero biases (seed %d)\t0 / 0\n", g.Seed)
	fmt.Fprintf(tw, "solver\t%s\n", solverSummary(g))
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(b.Coef) > wideFeatures {
		sb.WriteString("\nBaseline coefficients by feature:\n")
		width := 0
		for _, name := range rep.Data.Features {
			width = max(width, len(name))
		}
		// Names left-aligned by padding, numbers right-aligned by tabwriter.
		tw = tabwriter.NewWriter(&sb, 0, 0, 3, ' ', tabwriter.AlignRight)
		for j, name := range rep.Data.Features {
			fmt.Fprintf(tw, "  %-*s\t%.6g\t\n", width, name, b.Coef[j])
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(&sb, "\nDecision boundaries (p = 0.5):\n")
	if g.Linear {
		if len(g.EndToEndKernel) > wideFeatures {
			fmt.Fprintf(&sb, "  graph:     linear end to end (kernel W1·W2···, graph.end_to_end_kernel in the JSON report): %s\n", vec(g.EndToEndKernel))
		} else {
			fmt.Fprintf(&sb, "  graph:     %s   (linear end to end: kernel W1·W2···)\n", equation(g.EndToEndKernel, *g.EndToEndBias, rep.Data.Features))
		}
	} else {
		fmt.Fprintf(&sb, "  graph:     a curve (%s hidden layers): the p = 0.5 contour in the figure\n", g.Activation)
	}
	fmt.Fprintf(&sb, "  baseline:  %s\n", equationOrBelow(b.Coef, b.Intercept, rep.Data.Features))
	switch a := rep.Agreement.AngleDeg; {
	case a != nil:
		fmt.Fprintf(&sb, "Angle between the boundaries' normals: %.4g°\n", *a)
	case g.Linear:
		fmt.Fprintf(&sb, "Angle between the boundaries' normals: undefined (a normal is zero)\n")
	default:
		fmt.Fprintf(&sb, "Angle between the boundaries: undefined, the graph's boundary is not a line.\n")
	}
	writeAgreement(&sb, rep)
	sb.WriteString(sagStatus(b))
	writeExplainText(&sb, rep) // the spread of --runs and the data-side and baseline findings
	for _, f := range rep.Figures {
		fmt.Fprintf(&sb, "Wrote %s\n", f)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// hiddenFigure draws the data, the graph's probability heat map with its
// p = 0.5 contour (a straight line for a network linear end to end) and the
// regression's line on top, in the figure's plane, the other features at
// their mean.
func hiddenFigure(ds *dataset.Dataset, rep *report) *plot.Boundary {
	fig := boundaryFigure(ds, &report{Data: rep.Data, Graph: graphReport{Kernel: make([]float64, len(rep.Baseline.Coef))}, Baseline: rep.Baseline, Plane: rep.Plane})
	g, b := rep.Graph, rep.Baseline
	grid, _ := experiment.AgreementGrid(rep.Plane)
	pm := &plot.ProbabilityMap{P: g.GridP, Color: plot.Vermilion, Label: "network: p = 0.5"}
	for c := 0; c < grid.Cols; c++ {
		pm.Xs = append(pm.Xs, grid.X(c))
	}
	for r := 0; r < grid.Rows; r++ {
		pm.Ys = append(pm.Ys, grid.Y(r))
	}
	fig.Map = pm
	// boundaryFigure drew the network's line (from a zero kernel) first and
	// the regression's second: keep the regression's, and for a network
	// linear end to end draw its straight boundary instead of the contour.
	fig.Lines = fig.Lines[1:]
	if g.Linear {
		pm.NoContour = true
		pl := rep.Plane
		normal, offset := pl.Line(g.EndToEndKernel, *g.EndToEndBias)
		k := 2
		if pl.J < 0 {
			k = 1
		}
		fig.Lines = append([]plot.Line{{
			Label:  fmt.Sprintf("network (linear end to end): %s", shortEquation(normal[:k], offset, pl.Names[:k])),
			Normal: normal, Offset: offset, Color: plot.Vermilion,
		}}, fig.Lines...)
	}
	others := ""
	if k := rep.Plane.Others(); k > 0 {
		others = fmt.Sprintf("\nplane %s × %s, the other %s at their mean", rep.Plane.Names[0], rep.Plane.Names[1], plural(k, "feature"))
	}
	fig.Title = fmt.Sprintf("%s data: boundaries (p = 0.5), shading: network's P(y = 1)\nnetwork: hidden %s %s; %s, %d epochs, lr %g\nregression: SAG, %d epochs%s",
		ds.Name, vecInts(g.Hidden), g.Activation, g.Solver, g.Epochs, g.LearningRate, b.NIter, others)
	return fig
}

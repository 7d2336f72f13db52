package render

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/explain"
	"nnlr/internal/plot"
)

// The reports of package experiment, by their names in this package.
type (
	report         = experiment.CompareReport
	graphReport    = experiment.GraphReport
	baselineReport = experiment.BaselineReport
	dataReport     = experiment.DataReport
	sweepReport    = experiment.SweepReport
	sweepRun       = experiment.SweepRun
)

// Text writes the text report of a binary comparison (nnlr compare's
// standard output) to w: the verdict, the data, both models side by side,
// the decision boundaries and their angle, the agreement, the diagnosis
// and a "Wrote" line for each of rep.Figures. It only reads rep; it
// returns the error of writing to w.
func Text(w io.Writer, rep *experiment.CompareReport) error {
	if len(rep.Graph.Hidden) > 0 {
		return writeHiddenText(w, rep)
	}
	g, b := rep.Graph, rep.Baseline
	var sb strings.Builder
	fmt.Fprintf(&sb, "nnlr compare: %s data, %s × %s (%s)\n",
		rep.Data.Name, plural(rep.Data.Samples, "sample"), plural(len(rep.Data.Features), "feature"), featureList(rep.Data.Features))
	writeVerdict(&sb, rep)
	writeData(&sb, rep)
	tw := tabwriter.NewWriter(&sb, 0, 0, 3, ' ', 0)
	fmt.Fprintf(tw, "\tgraph: Dense(1, sigmoid), %s\tbaseline: %s\n", g.Solver, baselineTitle(b))
	fmt.Fprintf(tw, "kernel / coef\t%s\t%s\n", vecOrBelow(g.Kernel), vecOrBelow(b.Coef))
	fmt.Fprintf(tw, "bias / intercept\t%.6g\t%.6g\n", g.Bias, b.Intercept)
	fmt.Fprintf(tw, "loss (mean BCE)\t%.6g\t%.6g\n", g.Loss, b.Loss)
	fmt.Fprintf(tw, "accuracy\t%.4g\t%.4g\n", g.Accuracy, b.Accuracy)
	fmt.Fprintf(tw, "ROC AUC\t%s\t%s\n", optional(g.AUC, "undefined (one class)"), optional(b.AUC, "undefined (one class)"))
	fmt.Fprintf(tw, "training\t%d epochs, batch size %d, learning rate %g\t%s\n",
		g.Epochs, g.BatchSize, g.LearningRate, baselineTraining(b))
	fmt.Fprintf(tw, "initial kernel / bias\t%s / %.6g (%s)\t0 / 0\n", vecOrBelow(g.InitialKernel), g.InitialBias, initSummary(g))
	fmt.Fprintf(tw, "solver\t%s\n", solverSummary(g))
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := writeCoefficients(&sb, rep); err != nil {
		return err
	}
	fmt.Fprintf(&sb, "\nDecision boundaries (p = 0.5):\n")
	fmt.Fprintf(&sb, "  graph:     %s\n", equationOrBelow(g.Kernel, g.Bias, rep.Data.Features))
	fmt.Fprintf(&sb, "  baseline:  %s\n", equationOrBelow(b.Coef, b.Intercept, rep.Data.Features))
	if a := rep.Agreement.AngleDeg; a != nil {
		fmt.Fprintf(&sb, "Angle between the boundaries' normals: %.4g°\n", *a)
	} else {
		fmt.Fprintf(&sb, "Angle between the boundaries' normals: undefined (a normal is zero)\n")
	}
	writeAgreement(&sb, rep)
	sb.WriteString(sagStatus(b))
	writeExplainText(&sb, rep)
	for _, f := range rep.Figures {
		fmt.Fprintf(&sb, "Wrote %s\n", f)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func vec(v []float64) string {
	parts := make([]string, len(v))
	for i, f := range v {
		parts[i] = fmt.Sprintf("%.6g", f)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func optional(v *float64, none string) string {
	if v == nil {
		return none
	}
	return fmt.Sprintf("%.4g", *v)
}

// terms writes w·x, each coefficient to the given significant digits (a
// coefficient that shows as ±1 at those digits is written as the bare name).
func terms(w []float64, names []string, digits int) string {
	var sb strings.Builder
	for i, c := range w {
		switch {
		case i == 0 && c < 0:
			sb.WriteString("−")
		case i > 0 && c < 0:
			sb.WriteString(" − ")
		case i > 0:
			sb.WriteString(" + ")
		}
		if v := fmt.Sprintf("%.*g", digits, math.Abs(c)); v == "1" {
			sb.WriteString(names[i]) // ±1 to the digits shown
		} else {
			fmt.Fprintf(&sb, "%s·%s", v, names[i])
		}
	}
	return sb.String()
}

// linear writes w·x + b = 0 with each number to the given significant digits.
func linear(w []float64, b float64, names []string, digits int) string {
	sign := "+"
	if b < 0 {
		sign = "−"
	}
	return fmt.Sprintf("%s %s %.*g = 0", terms(w, names, digits), sign, digits, math.Abs(b))
}

// equation writes the boundary w·x + b = 0, followed by its form scaled so
// the first nonzero coefficient is 1 (for the seed's baseline: x1 + x2 ≈ 2.9).
func equation(w []float64, b float64, names []string) string {
	for _, c := range w {
		if c != 0 {
			return fmt.Sprintf("%s   i.e. %s", linear(w, b, names, 4), explain.Equation(w, b, names))
		}
	}
	return linear(w, b, names, 4) + "   (no boundary: the kernel is zero)"
}

// boundaryFigure draws the data and both boundaries in the figure's plane
// (see plane): with more than two features, the boundaries are cut by the
// plane in which the other features are at their mean.
func boundaryFigure(ds *dataset.Dataset, rep *report) *plot.Boundary {
	if len(rep.Graph.Hidden) > 0 {
		return hiddenFigure(ds, rep)
	}
	pl := rep.Plane
	n, _ := ds.X.Dims()
	stride := pointStride(n)
	var pts [][2]float64
	var ys []float64
	for i := 0; i < n; i += stride {
		pts = append(pts, pl.Point(ds.X, i))
		ys = append(ys, ds.Y[i])
	}
	g, b := rep.Graph, rep.Baseline
	title := fmt.Sprintf("%s data: decision boundaries (p = 0.5)\nnetwork: %s, %d epochs, lr %g; regression: SAG, %d epochs",
		ds.Name, g.Solver, g.Epochs, g.LearningRate, b.NIter) + thinnedNote(n, stride)
	if k := pl.Others(); k > 0 {
		title += fmt.Sprintf("\nplane %s × %s, the other %s at their mean", pl.Names[0], pl.Names[1], plural(k, "feature"))
	}
	xl, yl := pl.Names[0], pl.Names[1]
	if pl.J < 0 {
		yl = "(one feature)"
	}
	if ds.Scaler != nil {
		xl += " (standardised, z-score)"
		if pl.J >= 0 {
			yl += " (standardised, z-score)"
		}
	}
	k := 2 // terms in the legend's equations
	if pl.J < 0 {
		k = 1
	}
	gn, gOff := pl.Line(g.Kernel, g.Bias)
	bn, bOff := pl.Line(b.Coef, b.Intercept)
	return &plot.Boundary{
		Title:  title,
		XLabel: xl, YLabel: yl,
		X: pts, Y: ys, Classes: ds.Classes,
		XMin: pl.Box[0], XMax: pl.Box[1], YMin: pl.Box[2], YMax: pl.Box[3],
		Lines: []plot.Line{
			{Label: fmt.Sprintf("network: %s", shortEquation(gn[:k], gOff, pl.Names[:k])), Normal: gn, Offset: gOff, Color: plot.Vermilion},
			{Label: fmt.Sprintf("regression: %s", shortEquation(bn[:k], bOff, pl.Names[:k])), Normal: bn, Offset: bOff, Color: plot.Blue, Dashes: dashes},
		},
	}
}

var dashes = plot.Dashes

func shortEquation(w []float64, b float64, names []string) string {
	return linear(w, b, names, 3)
}

// plural writes n and word, with an "s" unless n is 1: "1 feature", "3 features".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// baselineTitle names the baseline's model and solver for the table's
// header: "LogisticRegression, SAG", or "LogisticRegression(), lbfgs, C = 1"
// for --baseline sklearn-default.
func baselineTitle(b baselineReport) string {
	if b.Solver == "lbfgs" {
		return fmt.Sprintf("LogisticRegression(), lbfgs, C = %s", optional(b.C, "inf"))
	}
	return "LogisticRegression, SAG"
}

// baselineTraining describes the baseline's training for the table.
func baselineTraining(b baselineReport) string {
	if b.Solver == "lbfgs" {
		return fmt.Sprintf("%d iterations (n_iter), max_iter %d, tol %g", b.NIter, b.MaxIter, b.Tol)
	}
	return fmt.Sprintf("%d epochs (n_iter), step size %.4g", b.NIter, b.StepSize)
}

// sagStatus is the line saying whether SAG (or L-BFGS) met its tolerance.
func sagStatus(b baselineReport) string {
	if b.Solver == "lbfgs" {
		if b.Converged {
			return fmt.Sprintf("L-BFGS converged after %d iterations (tol %g).\n", b.NIter, b.Tol)
		}
		return fmt.Sprintf("L-BFGS did not converge in %d iterations (tol %g): scikit-learn would warn (ConvergenceWarning).\n", b.NIter, b.Tol)
	}
	if b.Converged {
		return fmt.Sprintf("SAG converged after %d epochs (tol %g).\n", b.NIter, b.Tol)
	}
	return fmt.Sprintf("SAG did not converge in %d epochs (tol %g): scikit-learn would warn (ConvergenceWarning).\n", b.NIter, b.Tol)
}

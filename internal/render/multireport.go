package render

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"nnlr/experiment"
	"nnlr/internal/explain"
)

// classReport is the report of a k-class comparison.
type classReport = experiment.ClassCompareReport

// ClassText writes the text report of a k-class comparison (nnlr
// compare's standard output on k classes) to w: per class agreement, the
// kernel columns (d × k) and coefficient rows (k × d), the diagnosis and a
// "Wrote" line for each of rep.Figures. It only reads rep; it returns the
// error of writing to w.
func ClassText(w io.Writer, rep *experiment.ClassCompareReport) error {
	d, g, b, a := rep.Data, rep.Graph, rep.Baseline, rep.Agreement
	k := len(d.Classes)
	var sb strings.Builder
	fmt.Fprintf(&sb, "nnlr compare: %s data, %s × %s (%s), %d classes\n",
		d.Name, plural(d.Samples, "sample"), plural(len(d.Features), "feature"), featureList(d.Features), k)
	if dg := rep.Diagnosis; dg != nil && dg.Verdict.Summary != "" {
		sb.WriteString(wrap("Verdict: "+dg.Verdict.Summary, 100, "", "  "))
	}
	counts := make([]string, k)
	for c, name := range d.Classes {
		counts[c] = fmt.Sprintf("%q (%s)", name, rows(d.ClassCounts[c]))
	}
	fmt.Fprintf(&sb, "Data: %s; label %q: %s", d.Source, d.Label, strings.Join(counts, ", "))
	if d.DroppedRows > 0 {
		fmt.Fprintf(&sb, "; %s of other classes dropped", rows(d.DroppedRows))
	}
	sb.WriteString(".\n")
	if d.Standardized {
		sb.WriteString("Features standardised (z-scores, population standard deviation); coefficients are in standardised units.\n")
		if len(d.ConstantFeatures) > 0 {
			fmt.Fprintf(&sb, "Constant features (left at 0): %s.\n", strings.Join(d.ConstantFeatures, ", "))
		}
	}
	if b.C != nil {
		fmt.Fprintf(&sb, "L2 penalty on both models: C = %g, ‖kernel‖²/(2·C·n) = %.4g·‖kernel‖².\n", *b.C, 1/(2**b.C*float64(d.Samples)))
	}
	sb.WriteString("\n")

	tw := tabwriter.NewWriter(&sb, 0, 0, 3, ' ', 0)
	arch := classArch(g)
	fmt.Fprintf(tw, "\tgraph: %s, %s\tbaseline: multinomial LogisticRegression, SAG\n", arch, g.Solver)
	fmt.Fprintf(tw, "loss (mean cross-entropy)\t%.6g\t%.6g\n", g.Loss, b.Loss)
	fmt.Fprintf(tw, "accuracy\t%.4g\t%.4g\n", g.Accuracy, b.Accuracy)
	fmt.Fprintf(tw, "training\t%d epochs, batch size %d, learning rate %g\t%d epochs (n_iter), step size %.4g\n",
		g.Epochs, g.BatchSize, g.LearningRate, b.NIter, b.StepSize)
	init := g.Init
	if init == experiment.InitGlorot {
		init = fmt.Sprintf("glorot_uniform, seed %d", g.Seed)
	}
	fmt.Fprintf(tw, "initial kernel / biases\t%s, biases 0\t0 / 0\n", init)
	fmt.Fprintf(tw, "solver\t%s\n", solverSummary(graphReport{Solver: g.Solver, SolverParams: g.SolverParams, Clip: g.Clip, L2: g.L2, Dtype: g.Dtype}))
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(g.Hidden) == 0 || g.EndToEndKernel != nil {
		kernel, bias := g.Kernel, g.Bias
		if g.EndToEndKernel != nil {
			kernel, bias = g.EndToEndKernel, g.EndToEndBias
		}
		writeClassCoefficients(&sb, rep, kernel, bias)
	}

	if g.Linear {
		sb.WriteString("\nAgreement per class (same prediction of whether a point is the class; angles between centred normals):\n")
	} else {
		fmt.Fprintf(&sb, "\nAgreement per class (same prediction of whether a point is the class; no angles: the %s hidden layers make the boundaries curves):\n", g.Activation)
	}
	tw = tabwriter.NewWriter(&sb, 0, 0, 2, ' ', tabwriter.AlignRight)
	if g.Linear {
		fmt.Fprintf(tw, "class\ttraining points\tgrid\tangle\traw angle\tclass mean on the raw angle\t\n")
	} else {
		fmt.Fprintf(tw, "class\ttraining points\tgrid\t\n")
	}
	for _, pc := range a.PerClass {
		if !g.Linear {
			fmt.Fprintf(tw, "%s\t%.4g\t%.4g\t\n", pc.Class, pc.TrainAgreement, pc.GridAgreement)
			continue
		}
		fmt.Fprintf(tw, "%s\t%.4g\t%.4g\t%s\t%s\t%s\t\n", pc.Class, pc.TrainAgreement, pc.GridAgreement,
			degreesOr(pc.AngleDeg), degreesOr(pc.RawAngleDeg), shareWords(pc.ClassMeanShareDeg))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(&sb, "Same class predicted on %.4g%% of the training points and %.4g%% of the %d × %d grid (%s × %s, %s).\n",
		100*a.TrainAgreement, 100*a.GridAgreement, a.Grid.Cols, a.Grid.Rows, a.Grid.Features[0], a.Grid.Features[1], othersWords(a.Grid.Others))
	if off := offDiagonal(a.Confusion); off > 0 {
		fmt.Fprintf(&sb, "Disagreements on training points (graph → baseline): %s.\n", confusionList(a.Confusion, d.Classes))
	}
	if len(g.Hidden) == 0 || g.EndToEndKernel != nil {
		pen := ""
		if a.L2 > 0 {
			pen = fmt.Sprintf(" + (%.3g/2)·‖W‖²", a.L2)
		}
		fmt.Fprintf(&sb, "Shared objective (mean cross-entropy%s): graph %.6g, baseline %.6g, difference %.3g.\n",
			pen, a.ObjectiveGraph, a.ObjectiveBaseline, a.ObjectiveGap)
	}
	if cm := a.ClassMean; cm != nil {
		fmt.Fprintf(&sb, "\nClass mean of the kernel's %d columns (softmax cannot see it: adding a vector to every column changes no probability):\n", k)
		if len(cm.InitialMean) > wideFeatures {
			fmt.Fprintf(&sb, "  norm %.4g initially, %.4g after training, drift %.3g; the regression's norm %.3g.\n",
				cm.InitialNorm, cm.FinalNorm, cm.Drift, cm.RegressionNorm)
		} else {
			fmt.Fprintf(&sb, "  initial %s (norm %.4g), final %s (norm %.4g), drift %.3g; the regression's norm %.3g.\n",
				vec(cm.InitialMean), cm.InitialNorm, vec(cm.FinalMean), cm.FinalNorm, cm.Drift, cm.RegressionNorm)
		}
	}
	sb.WriteString("\n")
	if b.Converged {
		fmt.Fprintf(&sb, "SAG converged after %d epochs (tol %g).\n", b.NIter, b.Tol)
	} else {
		fmt.Fprintf(&sb, "SAG did not converge in %d epochs (tol %g): scikit-learn would warn (ConvergenceWarning).\n", b.NIter, b.Tol)
	}
	if dg := rep.Diagnosis; dg != nil {
		// The binary report's diagnosis layout (verdict.go), on a view of
		// the k-class diagnosis's items, verdict and remedies.
		view := &explain.Diagnosis{Items: dg.Items, Verdict: dg.Verdict, Remedies: dg.Remedies, PenaltyScope: dg.PenaltyScope}
		sb.WriteString("\nDiagnosis:\n")
		for i, it := range dg.Items {
			sb.WriteString(wrap(fmt.Sprintf("%d. [%s] %s", i+1, it.Side, it.Summary), 100, "  ", "     "))
		}
		sb.WriteString(wrap("Penalty scope: "+dg.PenaltyScope.Summary+".", 100, "  ", "  "))
		if len(dg.Remedies) > 0 {
			fmt.Fprintf(&sb, "Remedies (Keras and scikit-learn forms in the JSON report, diagnosis.remedies):\n")
			width := 0
			for _, r := range dg.Remedies {
				width = max(width, len([]rune(remedyText(r))))
			}
			for _, r := range dg.Remedies {
				fmt.Fprintf(&sb, "  %-*s  from: %s\n", width, remedyText(r), strings.Join(remedyKinds(view, r), ", "))
			}
		}
		sb.WriteString(footer(view) + "\n")
	}
	sb.WriteString("\n")
	for _, f := range rep.Figures {
		fmt.Fprintf(&sb, "Wrote %s\n", f)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// classArch names the network: "Dense(3, softmax)", or with hidden layers
// "4 → 8 tanh → 3 softmax".
func classArch(g experiment.ClassGraphReport) string {
	if len(g.Hidden) == 0 {
		return fmt.Sprintf("Dense(%d, softmax)", g.Classes)
	}
	parts := []string{fmt.Sprint(len(g.Layers[0].Kernel))}
	for _, h := range g.Hidden {
		parts = append(parts, fmt.Sprintf("%d %s", h, g.Activation))
	}
	return strings.Join(append(parts, fmt.Sprintf("%d softmax", g.Classes)), " → ")
}

// writeClassCoefficients writes, per class, the graph's kernel column (raw
// and centred) and bias, and the regression's coefficient row and
// intercept, by feature.
func writeClassCoefficients(sb *strings.Builder, rep *classReport, kernel [][]float64, bias []float64) {
	d, b := rep.Data, rep.Baseline
	centred, cb, err := explain.Centre(kernel, bias)
	if err != nil {
		return
	}
	fmt.Fprintf(sb, "\nKernel columns (graph, %d × %d; centred: less the class mean) and coefficient rows (baseline, %d × %d):\n", len(kernel), len(d.Classes), len(d.Classes), len(kernel))
	tw := tabwriter.NewWriter(sb, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(kernel) > wideFeatures {
		// Many features: one row per feature, two columns per class.
		fmt.Fprintf(tw, "feature\t")
		for _, name := range d.Classes {
			fmt.Fprintf(tw, "%s: graph, centred\t%s: baseline\t", name, name)
		}
		fmt.Fprintf(tw, "\n")
		for j, f := range d.Features {
			fmt.Fprintf(tw, "%s\t", f)
			for c := range d.Classes {
				fmt.Fprintf(tw, "%.4g\t%.4g\t", centred[j][c], b.Coef[c][j])
			}
			fmt.Fprintf(tw, "\n")
		}
		fmt.Fprintf(tw, "bias\t")
		for c := range d.Classes {
			fmt.Fprintf(tw, "%.4g\t%.4g\t", cb[c], b.Intercept[c])
		}
		fmt.Fprintf(tw, "\n")
		_ = tw.Flush()
		return
	}
	fmt.Fprintf(tw, "class\tmodel\t%s\tbias\t\n", strings.Join(d.Features, "\t"))
	for c, name := range d.Classes {
		row := func(label string, v []float64, bv float64) {
			parts := make([]string, len(v))
			for j, x := range v {
				parts[j] = fmt.Sprintf("%.4g", x)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.4g\t\n", name, label, strings.Join(parts, "\t"), bv)
			name = ""
		}
		col := make([]float64, len(kernel))
		cc := make([]float64, len(kernel))
		for j := range kernel {
			col[j], cc[j] = kernel[j][c], centred[j][c]
		}
		row("graph", col, bias[c])
		row("graph, centred", cc, cb[c])
		row("baseline", b.Coef[c], b.Intercept[c])
	}
	_ = tw.Flush()
}

func degreesOr(v *float64) string {
	if v == nil {
		return "undefined"
	}
	return fmt.Sprintf("%.4g°", *v)
}

// shareWords writes the class mean's share of a raw angle (raw − centred,
// degrees) as what it does to the raw angle: "widens it 2.1°" when
// positive, "narrows it 6°" when negative (the raw normals happen to be
// nearer than the centred ones), "none" when below 0.0005°.
func shareWords(v *float64) string {
	switch {
	case v == nil:
		return "undefined"
	case *v >= 5e-4:
		return fmt.Sprintf("widens it %.4g°", *v)
	case *v <= -5e-4:
		return fmt.Sprintf("narrows it %.4g°", -*v)
	}
	return "none"
}

func othersWords(others string) string {
	if others == "mean" {
		return "the other features at their mean"
	}
	return "no other features"
}

func offDiagonal(m [][]int) int {
	var s int
	for a, row := range m {
		for b, v := range row {
			if a != b {
				s += v
			}
		}
	}
	return s
}

// confusionList writes the off-diagonal cells of a confusion matrix as
// "2 × versicolor → virginica".
func confusionList(m [][]int, names []string) string {
	var parts []string
	for a, row := range m {
		for b, v := range row {
			if a != b && v > 0 {
				parts = append(parts, fmt.Sprintf("%d × %s → %s", v, names[a], names[b]))
			}
		}
	}
	return strings.Join(parts, ", ")
}

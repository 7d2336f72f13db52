package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
	"nnlr/graph"
	"nnlr/internal/explain"
	"nnlr/internal/metrics"
	"nnlr/internal/plot"
)

// hiddenReport is the part of the graph's report about its layers (JSON
// fields of "graph").
type hiddenReport struct {
	// Hidden lists the hidden layers' widths ([] for none) and Activation
	// their activation (omitted without hidden layers).
	Hidden     []int  `json:"hidden"`
	Activation string `json:"activation,omitempty"`
	// Layers lists every layer, input side first, the output layer last:
	// kernel rows × cols as nested arrays, bias one value per unit.
	Layers        []graph.Layer `json:"layers"`
	InitialLayers []graph.Layer `json:"initial_layers"`
	// Linear is true when the network is a linear model up to its sigmoid
	// (no hidden layer, or all linear); then EndToEndKernel (d values) and
	// EndToEndBias give its boundary, kernel·x + bias = 0.
	Linear         bool      `json:"linear"`
	EndToEndKernel []float64 `json:"end_to_end_kernel,omitempty"`
	EndToEndBias   *float64  `json:"end_to_end_bias,omitempty"`

	gridP []float64 // the graph's P(y = 1) on the agreement grid, for the figure
}

// predictionReport is the agreement measured from predictions, which holds
// for any two models (JSON fields of "agreement").
type predictionReport struct {
	// TrainAgreement is the share of training points on which the two
	// models predict the same class; GridAgreement the share of Grid's cells.
	TrainAgreement *float64    `json:"train_agreement"`
	GridAgreement  *float64    `json:"grid_agreement"`
	Grid           *gridReport `json:"grid"`
}

// gridReport describes the grid of GridAgreement: Cols × Rows cell centres
// over XRange × YRange in the plane of Features, the other features at
// their mean. For data with one feature Features[1] is "", Rows 1 and
// YRange [0, 0]: Cols points along XRange.
type gridReport struct {
	Features [2]string  `json:"features"`
	XRange   [2]float64 `json:"x_range"`
	YRange   [2]float64 `json:"y_range"`
	Cols     int        `json:"cols"`
	Rows     int        `json:"rows"`
	Others   string     `json:"others"`
}

// gridCells is the agreement grid's side in cells.
const gridCells = 100

// graphNormal returns the normal of the graph's decision boundary in
// feature space when it has one: the kernel without hidden layers, the
// end-to-end kernel of a network that is linear end to end; false for a
// non-linear network.
func graphNormal(m *graph.Model) ([]float64, bool) {
	k, _, err := m.EndToEnd()
	return k, err == nil
}

// measureLayers fills the graph's layer report and the prediction
// agreement of the trained model m and the regression lr on the loaded
// data, on its points and on a grid over the figure's plane. initial holds
// m's layers before training.
func measureLayers(rep *report, m *graph.Model, initial []graph.Layer, lr *baseline.LogisticRegression, ld *loaded) error {
	ds := ld.ds
	g := &rep.Graph
	g.Hidden = []int{}
	for _, l := range m.Hidden() {
		g.Hidden = append(g.Hidden, l.Units)
		g.Activation = string(l.Activation)
	}
	g.Layers, g.InitialLayers = m.Layers(), initial
	if k, b, err := m.EndToEnd(); err == nil {
		g.Linear, g.EndToEndKernel, g.EndToEndBias = true, k, &b
	}

	x := rowMajorOf(ds.X)
	z, err := m.Logits(x)
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	a, err := explain.PredictionAgreement(z, lr.DecisionFunction(ds.X))
	if err != nil {
		return err
	}
	rep.Agreement.TrainAgreement = &a

	grid, gr := agreementGrid(ld)
	pts, err := grid.Points()
	if err != nil {
		return fmt.Errorf("agreement grid: %w", err)
	}
	// A copy of the model with a large batch placeholder evaluates the
	// grid in a few forward passes.
	cfg := graph.Config{Features: m.Features(), BatchRows: 1024, Dtype: m.Dtype(), Hidden: m.Hidden()}
	big, err := graph.New(cfg)
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	defer big.Close()
	if err := big.SetLayers(g.Layers); err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	zg, err := big.Logits(pts)
	if err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	_, d := ds.X.Dims()
	zb := lr.DecisionFunction(mat.NewDense(len(pts)/d, d, pts))
	ga, err := explain.PredictionAgreement(zg, zb)
	if err != nil {
		return err
	}
	rep.Agreement.GridAgreement, rep.Agreement.Grid = &ga, gr
	g.gridP = make([]float64, len(zg))
	for i, v := range zg {
		g.gridP[i] = metrics.Sigmoid(v)
	}
	return nil
}

// agreementGrid returns the grid over the figure's plane (--plot-features,
// default the first two features, in the plotted box), the other features
// at their mean.
func agreementGrid(ld *loaded) (explain.PlaneGrid, *gridReport) {
	pl := ld.plane
	g := explain.PlaneGrid{XMin: pl.Box[0], XMax: pl.Box[1], YMin: pl.Box[2], YMax: pl.Box[3],
		Cols: gridCells, Rows: gridCells, FX: pl.I, FY: pl.J, Base: pl.Held}
	others := "mean"
	if pl.others() == 0 {
		others = "none"
	}
	gr := &gridReport{Features: pl.Names,
		XRange: [2]float64{g.XMin, g.XMax}, YRange: [2]float64{g.YMin, g.YMax},
		Cols: gridCells, Rows: gridCells, Others: others}
	if pl.J < 0 {
		// One feature: the rows repeat the same points (the figure still
		// draws them all); the agreement is that of one row.
		gr.Rows, gr.YRange = 1, [2]float64{}
	}
	return g, gr
}

// vecInts writes widths as "16, 8".
func vecInts(v []int) string {
	parts := make([]string, len(v))
	for i, w := range v {
		parts[i] = fmt.Sprint(w)
	}
	return strings.Join(parts, ", ")
}

func rowMajorOf(x *mat.Dense) []float64 {
	n, d := x.Dims()
	out := make([]float64, 0, n*d)
	for i := 0; i < n; i++ {
		out = append(out, x.RawRowView(i)...)
	}
	return out
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
	writeData(&sb, rep)
	tw := tabwriter.NewWriter(&sb, 0, 0, 3, ' ', 0)
	fmt.Fprintf(tw, "\tgraph: %s, %s\tbaseline: LogisticRegression, SAG\n", architecture(rep), g.Solver)
	fmt.Fprintf(tw, "parameters\tkernels %s (+ biases)\tcoef %s, intercept %.4g\n", layerShapes(g.Layers), vecOrBelow(b.Coef), b.Intercept)
	fmt.Fprintf(tw, "loss (mean BCE)\t%.6g\t%.6g\n", g.Loss, b.Loss)
	fmt.Fprintf(tw, "accuracy\t%.4g\t%.4g\n", g.Accuracy, b.Accuracy)
	fmt.Fprintf(tw, "ROC AUC\t%s\t%s\n", optional(g.AUC, "undefined (one class)"), optional(b.AUC, "undefined (one class)"))
	fmt.Fprintf(tw, "training\t%d epochs, batch size %d, learning rate %g\t%d epochs (n_iter), step size %.4g\n",
		g.Epochs, g.BatchSize, g.LearningRate, b.NIter, b.StepSize)
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
			fmt.Fprintf(&sb, "  graph:     linear end to end (kernel W1·W2···, graph.end_to_end_kernel in --json): %s\n", vec(g.EndToEndKernel))
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
	writeExplainText(&sb, rep) // the spread of --runs (no diagnosis for a non-linear model)
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
func hiddenFigure(ld *loaded, rep *report) *plot.Boundary {
	fig := boundaryFigure(ld, &report{Data: rep.Data, Graph: graphReport{Kernel: make([]float64, len(rep.Baseline.Coef))}, Baseline: rep.Baseline})
	g, b := rep.Graph, rep.Baseline
	grid, _ := agreementGrid(ld)
	pm := &plot.ProbabilityMap{P: g.gridP, Color: plot.Vermilion, Label: "network: p = 0.5"}
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
		pl := ld.plane
		normal, offset := pl.line(g.EndToEndKernel, *g.EndToEndBias)
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
	if k := ld.plane.others(); k > 0 {
		others = fmt.Sprintf("\nplane %s × %s, the other %s at their mean", ld.plane.Names[0], ld.plane.Names[1], plural(k, "feature"))
	}
	fig.Title = fmt.Sprintf("%s data: boundaries (p = 0.5), shading: network's P(y = 1)\nnetwork: hidden %s %s; %s, %d epochs, lr %g\nregression: SAG, %d epochs%s",
		ld.ds.Name, vecInts(g.Hidden), g.Activation, g.Solver, g.Epochs, g.LearningRate, b.NIter, others)
	return fig
}

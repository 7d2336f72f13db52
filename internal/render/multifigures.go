package render

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/explain"
	"nnlr/internal/plot"
)

// ClassFigures returns the figures of a k-class comparison, in this
// order: classes (the plane coloured by each model's predicted class, both
// models' class boundaries, the points), loss (training loss and SAG's
// objective per epoch), and for a network without hidden layers evolution
// (the network's class boundaries at epochs 1, 10, 100, … over the
// regression's classes) and angle (each class's centred angle to the
// regression per epoch). ds is the data set rep was computed on (n × d),
// for the points. It reads rep and ds and changes neither.
func ClassFigures(ds *dataset.Dataset, rep *experiment.ClassCompareReport) []NamedFigure {
	figs := []struct {
		name string
		fig  figure
	}{
		{"classes", classesFigure(ds, rep)},
		{"loss", classLossFigure(ds, rep)},
		{"evolution", classEvolutionFigure(ds, rep)},
		{"angle", classAngleFigure(ds, rep)},
	}
	return named(figs)
}

// planeBoundaries returns the class boundaries of the linear model with
// kernel (d × k) and biases (k) in the plane pl.
func planeBoundaries(pl experiment.Plane, kernel [][]float64, bias []float64, label string, col color.Color, dashes []vg.Length, width vg.Length) plot.ClassBoundaries {
	k := len(bias)
	b := plot.ClassBoundaries{Label: label, W: make([][2]float64, k), B: make([]float64, k), Color: col, Dashes: dashes, Width: width}
	for c := 0; c < k; c++ {
		w := make([]float64, len(kernel))
		for j := range kernel {
			w[j] = kernel[j][c]
		}
		b.W[c], b.B[c] = pl.Line(w, bias[c])
	}
	return b
}

// classBase returns the parts every class figure shares: the points in the
// plane, the axes' labels, the short class names, and the models'
// boundaries (the network's nil when it is not linear).
func classBase(ds *dataset.Dataset, rep *classReport) (*plot.ClassMap, *plot.ClassBoundaries, plot.ClassBoundaries) {
	pl := rep.Plane
	n, _ := ds.X.Dims()
	m := &plot.ClassMap{XMin: pl.Box[0], XMax: pl.Box[1], YMin: pl.Box[2], YMax: pl.Box[3]}
	for i := 0; i < n; i += pointStride(n) {
		m.X = append(m.X, pl.Point(ds.X, i))
		m.Y = append(m.Y, int(ds.Y[i]))
	}
	for _, c := range rep.Data.Classes {
		m.Classes = append(m.Classes, plot.ShortName(c, figureNameLength))
	}
	m.XLabel, m.YLabel = plot.ShortName(pl.Names[0], figureNameLength), plot.ShortName(pl.Names[1], figureNameLength)
	if pl.J < 0 {
		m.YLabel = "(one feature)"
	}
	if ds.Scaler != nil {
		m.XLabel += " (z-score)"
		if pl.J >= 0 {
			m.YLabel += " (z-score)"
		}
	}
	ck, _ := explain.CoefKernel(rep.Baseline.Coef)
	reg := planeBoundaries(pl, ck, rep.Baseline.Intercept, "regression (SAG): class boundaries", plot.Blue, plot.Dashes, vg.Points(1.8))
	g := rep.Graph
	var net *plot.ClassBoundaries
	switch {
	case len(g.Hidden) == 0:
		b := planeBoundaries(pl, g.Kernel, g.Bias, "network: class boundaries", color.Gray{30}, nil, vg.Points(1.6))
		net = &b
	case g.EndToEndKernel != nil:
		b := planeBoundaries(pl, g.EndToEndKernel, g.EndToEndBias, "network (linear end to end): class boundaries", color.Gray{30}, nil, vg.Points(1.6))
		net = &b
	}
	return m, net, reg
}

// planeNote is the title's line about the plane, for more than two
// features.
func planeNote(pl experiment.Plane) string {
	if k := pl.Others(); k > 0 {
		return fmt.Sprintf("\nplane %s × %s, the other %s at their mean", plot.ShortName(pl.Names[0], figureNameLength),
			plot.ShortName(pl.Names[1], figureNameLength), plural(k, "feature"))
	}
	return ""
}

// classesFigure draws the plane coloured by each model's predicted class,
// side by side, with both models' class boundaries over each and the
// points by class.
func classesFigure(ds *dataset.Dataset, rep *classReport) figure {
	m, net, reg := classBase(ds, rep)
	g, b, a := rep.Graph, rep.Baseline, rep.Agreement
	bounds := []plot.ClassBoundaries{reg}
	if net != nil {
		bounds = []plot.ClassBoundaries{*net, reg}
	}
	m.Title = fmt.Sprintf("%s data: predicted class, %d classes (same class on %.4g%% of the grid, %.4g%% of the points)\nnetwork: %s, %s, %d epochs, lr %g; regression: multinomial SAG, %d epochs%s",
		plot.ShortName(ds.Name, figureNameLength), len(m.Classes), 100*a.GridAgreement, 100*a.TrainAgreement, classArch(g), g.Solver, g.Epochs, g.LearningRate, b.NIter, planeNote(rep.Plane))
	if n, _ := ds.X.Dims(); pointStride(n) > 1 {
		m.Title += thinnedNote(n, pointStride(n))
	}
	grid := a.Grid
	m.Panels = []plot.ClassPanel{
		{Title: "network: predicted class", Cols: grid.Cols, Rows: gridRows(grid), Grid: g.GridClass, Boundaries: bounds},
		{Title: "regression: predicted class", Cols: grid.Cols, Rows: gridRows(grid), Grid: b.GridClass, Boundaries: bounds},
	}
	return m
}

// gridRows is the number of rows of the class grids: the report's grid
// has one row for one feature, the figure's grid the repeated rows.
func gridRows(g *experiment.GridReport) int {
	if g.Rows == 1 {
		return 100
	}
	return g.Rows
}

// classLossFigure draws the network's training loss and SAG's objective
// per epoch on log axes, with SAG's final objective.
func classLossFigure(ds *dataset.Dataset, rep *classReport) figure {
	g, b := rep.Graph, rep.Baseline
	last := float64(max(len(g.LossHistory), len(b.ObjectiveHistory), 2))
	netLabel := fmt.Sprintf("network: training loss, mean cross-entropy (%s, learning rate %g)", g.Solver, g.LearningRate)
	if g.L2 > 0 {
		netLabel = fmt.Sprintf("network: training objective, mean cross-entropy + (l2/2)·‖kernel‖², l2 = %.3g (%s, learning rate %g)", g.L2, g.Solver, g.LearningRate)
	}
	sagLabel := "regression: SAG objective, mean cross-entropy"
	if b.C != nil {
		sagLabel = fmt.Sprintf("regression: SAG objective, mean cross-entropy + ‖coef‖²/(2·C·n), C = %g", *b.C)
	}
	series := []plot.Series{
		{Label: netLabel, X: epochsAxis(len(g.LossHistory)), Y: g.LossHistory, Color: plot.Vermilion},
		{Label: sagLabel, X: epochsAxis(len(b.ObjectiveHistory)), Y: b.ObjectiveHistory, Color: plot.Blue, Dashes: plot.Dashes},
		{Label: fmt.Sprintf("regression: final SAG objective %.4g", b.Objective), X: []float64{1, last}, Y: []float64{b.Objective, b.Objective},
			Color: color.Gray{60}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}},
	}
	ylabel := "mean cross-entropy (nats, log scale)"
	if g.L2 > 0 || b.C != nil {
		ylabel = "mean cross-entropy + L2 penalty (nats, log scale)"
	}
	return &plot.Chart{
		Title: fmt.Sprintf("%s data, %d classes: loss per epoch\nnetwork: %s, %d epochs; regression: multinomial SAG, %d epochs",
			plot.ShortName(ds.Name, figureNameLength), len(rep.Data.Classes), g.Solver, g.Epochs, b.NIter),
		XLabel: "epoch (log scale)", YLabel: ylabel,
		LogX: true, LogY: true, Series: series,
	}
}

// classEvolutionFigure draws the network's class boundaries after epochs
// 1, 10, 100, … and the last, light to dark, over the regression's
// predicted classes and boundaries (networks without hidden layers).
func classEvolutionFigure(ds *dataset.Dataset, rep *classReport) figure {
	traj := rep.Trajectory
	if traj.Epochs() == 0 || len(rep.Graph.Hidden) > 0 {
		return nil
	}
	m, _, reg := classBase(ds, rep)
	g := rep.Graph
	m.Title = fmt.Sprintf("%s data: the network's class boundaries during training\nnetwork: %s, learning rate %g, seed %d; regression: multinomial SAG, %d epochs%s",
		plot.ShortName(ds.Name, figureNameLength), g.Solver, g.LearningRate, g.Seed, rep.Baseline.NIter, planeNote(rep.Plane))
	epochs := evolutionEpochs(traj.Epochs())
	var bounds []plot.ClassBoundaries
	for i, e := range epochs {
		t := float64(i) / math.Max(1, float64(len(epochs)-1))
		c := color.RGBA{uint8(240 - t*(240-110)), uint8(170 - t*(170-20)), 0, 255}
		bounds = append(bounds, planeBoundaries(rep.Plane, traj.Kernels[e-1], traj.Biases[e-1],
			fmt.Sprintf("network after epoch %d", e), c, nil, vg.Points(1.6)))
	}
	bounds = append(bounds, reg)
	grid := rep.Agreement.Grid
	m.Panels = []plot.ClassPanel{{Title: "tint: the regression's predicted class", Cols: grid.Cols, Rows: gridRows(grid),
		Grid: rep.Baseline.GridClass, Boundaries: bounds}}
	return m
}

// classAngleFigure draws each class's centred angle between the network's
// kernel column and the regression's coefficient row per epoch, on log
// axes (networks without hidden layers).
func classAngleFigure(ds *dataset.Dataset, rep *classReport) figure {
	traj := rep.Trajectory
	if traj.Epochs() == 0 || len(rep.Graph.Hidden) > 0 {
		return nil
	}
	k := len(rep.Data.Classes)
	ys := make([][]float64, k)
	floored := false
	for _, w := range traj.Kernels {
		angles, err := explain.ClassAngles(w, rep.Baseline.Coef)
		if err != nil {
			return nil
		}
		for c, a := range angles {
			v := math.NaN()
			if a.CentredDeg != nil {
				v = *a.CentredDeg
				floored = floored || v < angleFloor
			}
			ys[c] = append(ys[c], v)
		}
	}
	var series []plot.Series
	for c, name := range rep.Data.Classes {
		series = append(series, plot.Series{Label: fmt.Sprintf("class %s: centred kernel column vs coefficient row", plot.ShortName(name, figureNameLength)),
			X: epochsAxis(len(ys[c])), Y: ys[c], Color: plot.ClassColor(c)})
	}
	series = append(series, plot.Series{Label: "1° (convergence threshold)", X: []float64{1, math.Max(2, float64(traj.Epochs()))},
		Y: []float64{1, 1}, Color: plot.Grey, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}})
	ylabel := "angle (degrees, log scale)"
	if floored {
		ylabel = fmt.Sprintf("angle (degrees, log; 0 at %g)", angleFloor)
	}
	g := rep.Graph
	return &plot.Chart{
		Title: fmt.Sprintf("%s data: angle of each class's normal per epoch (class mean removed)\nnetwork: %s, learning rate %g, seed %d; regression: multinomial SAG, %d epochs",
			plot.ShortName(ds.Name, figureNameLength), g.Solver, g.LearningRate, g.Seed, rep.Baseline.NIter),
		XLabel: "epoch (log scale)", YLabel: ylabel,
		LogX: true, LogY: true, YFloor: angleFloor, Series: series,
	}
}

package main

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"

	"gonum.org/v1/plot/vg"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/plot"
)

// angleFloor is where an angle of exactly 0° is drawn on angle's log axis.
const angleFloor = 1e-6

// figure is a figure that saves itself in the format its path's extension
// names.
type figure interface{ Save(path string) error }

// writeFigures writes boundary, loss, evolution and angle figures in format
// (png, svg or pdf) into out, each atomically, and lists them in
// rep.Figures.
func writeFigures(ds *dataset.Dataset, rep *report, out, format string) error {
	figs := []struct {
		name string
		fig  figure
	}{
		{"boundary", boundaryWithExtras(ds, rep)},
		{"loss", lossFigure(ds, rep)},
		{"evolution", evolutionFigure(ds, rep)},
		{"angle", angleFigure(ds, rep)},
	}
	for _, f := range figs {
		if f.fig == nil {
			continue
		}
		path := filepath.Join(out, f.name+"."+format)
		if err := f.fig.Save(path); err != nil {
			return err
		}
		rep.Figures = append(rep.Figures, path)
	}
	return nil
}

// boundaryWithExtras is the boundary figure (in the --plot-features plane)
// with the max-margin boundary (when the data are separable) and, for
// --runs > 1, every other run's boundary as a thin line. A network with
// hidden layers keeps its probability map alone.
func boundaryWithExtras(ds *dataset.Dataset, rep *report) *plot.Boundary {
	fig := boundaryFigure(ds, rep)
	if len(rep.Graph.Hidden) > 0 {
		return fig
	}
	pl := rep.Plane
	var extra []plot.Line
	if r := rep.Runs; r != nil && r.Count > 1 {
		// Many lines: the legend goes below the plot.
		fig.LegendBelow = true
		for i, run := range r.Runs[1:] {
			if run.Normal == nil {
				continue
			}
			normal, offset := pl.Line(run.Normal, run.Intercept)
			extra = append(extra, plot.Line{
				Label:    fmt.Sprintf("network, %d other seeds (%d–%d)", r.Count-1, r.Runs[1].Seed, r.Runs[r.Count-1].Seed),
				Normal:   normal,
				Offset:   offset,
				Color:    color.NRGBA{213, 94, 0, 110},
				Width:    vg.Points(0.6),
				NoLegend: i > 0,
			})
		}
		fig.Title += fmt.Sprintf(", %d runs", r.Count)
	}
	fig.Lines = append(extra, fig.Lines...)
	if dg := rep.Diagnosis; dg != nil && dg.MaxMargin != nil {
		mm := dg.MaxMargin
		normal, offset := pl.Line(mm.Coef, mm.Intercept)
		fig.Lines = append(fig.Lines, plot.Line{
			Label:  fmt.Sprintf("max margin (limit of both on separable data): %s", planeEquation(pl, normal, offset)),
			Normal: normal,
			Offset: offset,
			Color:  plot.Green,
			Dashes: []vg.Length{vg.Points(2), vg.Points(2)},
			Width:  vg.Points(1.5),
		})
	}
	return fig
}

// epochsAxis returns 1, 2, …, n.
func epochsAxis(n int) []float64 {
	e := make([]float64, n)
	for i := range e {
		e[i] = float64(i + 1)
	}
	return e
}

// lossFigure draws the graph's training loss and SAG's objective per epoch
// on log axes, with the baseline's final loss as a reference line.
func lossFigure(ds *dataset.Dataset, rep *report) *plot.Chart {
	g, b := rep.Graph, rep.Baseline
	last := float64(max(len(g.LossHistory), len(b.ObjectiveHistory), 2))
	series := []plot.Series{
		{Label: fmt.Sprintf("network: training loss (%s, learning rate %g)", g.Solver, g.LearningRate),
			X: epochsAxis(len(g.LossHistory)), Y: g.LossHistory, Color: plot.Vermilion},
		{Label: "regression: SAG objective", X: epochsAxis(len(b.ObjectiveHistory)), Y: b.ObjectiveHistory,
			Color: plot.Blue, Dashes: plot.Dashes},
		{Label: fmt.Sprintf("regression: final loss %.4g", b.Loss), X: []float64{1, last}, Y: []float64{b.Loss, b.Loss},
			Color: plot.Grey, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}},
	}
	return &plot.Chart{
		Title:  fmt.Sprintf("%s data: loss per epoch\nnetwork: %s, %d epochs; regression: SAG, %d epochs", ds.Name, g.Solver, g.Epochs, b.NIter),
		XLabel: "epoch (log scale)", YLabel: "mean BCE (nats, log scale)",
		LogX: true, LogY: true, Series: series,
	}
}

// evolutionEpochs returns 1, 10, 100, … up to n, and n.
func evolutionEpochs(n int) []int {
	var out []int
	for e := 1; e < n; e *= 10 {
		out = append(out, e)
	}
	return append(out, n)
}

// evolutionFigure draws the graph's boundary at epochs 1, 10, 100, … and
// the last, light to dark, with the baseline's.
func evolutionFigure(ds *dataset.Dataset, rep *report) figure {
	traj := rep.Trajectory
	if traj.Epochs() == 0 || len(rep.Graph.Hidden) > 0 {
		return nil
	}
	pl := rep.Plane
	fig := boundaryFigure(ds, rep)
	fig.LegendBelow = true
	g := rep.Graph
	fig.Title = fmt.Sprintf("%s data: the network's boundary during training\nnetwork: %s, learning rate %g, seed %d; regression: SAG, %d epochs",
		ds.Name, g.Solver, g.LearningRate, g.Seed, rep.Baseline.NIter)
	if k := pl.Others(); k > 0 {
		fig.Title += fmt.Sprintf("\nplane %s × %s, the other %s at their mean", pl.Names[0], pl.Names[1], plural(k, "feature"))
	}
	base := fig.Lines[1]
	fig.Lines = nil
	epochs := evolutionEpochs(traj.Epochs())
	for i, e := range epochs {
		m := traj.At(e)
		normal, offset := pl.Line(m.Coef, m.Intercept)
		// From orange (early) to dark red (late).
		t := float64(i) / math.Max(1, float64(len(epochs)-1))
		c := color.RGBA{uint8(240 - t*(240-110)), uint8(170 - t*(170-20)), 0, 255}
		fig.Lines = append(fig.Lines, plot.Line{
			Label:  fmt.Sprintf("network after epoch %d: %s", e, planeEquation(pl, normal, offset)),
			Normal: normal, Offset: offset, Color: c, Width: vg.Points(1.6),
		})
	}
	fig.Lines = append(fig.Lines, base)
	return fig
}

// angleFigure draws the angle between the graph's boundary and the
// baseline's (and the max-margin boundary's, when separable) per epoch, on
// log axes.
func angleFigure(ds *dataset.Dataset, rep *report) figure {
	dg := rep.Diagnosis
	if dg == nil || len(dg.Tracking.AngleDeg) == 0 {
		return nil
	}
	g := rep.Graph
	series := []plot.Series{{Label: "network vs regression (SAG)", X: epochsAxis(len(dg.Tracking.AngleDeg)),
		Y: dg.Tracking.AngleDeg, Color: plot.Vermilion}}
	if mt := dg.MarginTracking; mt != nil {
		series = append(series, plot.Series{Label: "network vs max-margin boundary", X: epochsAxis(len(mt.AngleDeg)),
			Y: mt.AngleDeg, Color: plot.Green, Dashes: plot.Dashes})
	}
	floored := false
	for _, s := range series {
		for _, a := range s.Y {
			floored = floored || a < angleFloor
		}
	}
	ylabel := "angle (degrees, log scale)"
	if floored {
		ylabel = fmt.Sprintf("angle (degrees, log; 0 at %g)", angleFloor)
	}
	series = append(series, plot.Series{Label: "1° (convergence threshold)", X: []float64{1, math.Max(2, float64(len(dg.Tracking.AngleDeg)))},
		Y: []float64{1, 1}, Color: plot.Grey, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}})
	return &plot.Chart{
		Title: fmt.Sprintf("%s data: angle of the network's boundary per epoch\nnetwork: %s, learning rate %g, seed %d; regression: SAG, %d epochs",
			ds.Name, g.Solver, g.LearningRate, g.Seed, rep.Baseline.NIter),
		XLabel: "epoch (log scale)", YLabel: ylabel,
		LogX: true, LogY: true, YFloor: angleFloor, Series: series,
	}
}

// planeEquation writes a boundary projected into the figure's plane (see
// plane.line) for a legend.
func planeEquation(pl experiment.Plane, normal [2]float64, offset float64) string {
	if pl.J < 0 {
		return shortEquation(normal[:1], offset, pl.Names[:1])
	}
	return shortEquation(normal[:], offset, pl.Names[:])
}

package render

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/explain"
	"nnlr/internal/plot"
)

// angleFloor is where an angle of exactly 0° is drawn on angle's log axis.
const angleFloor = 1e-6

// figure is a figure that renders itself in a format.
type figure = plot.Figure

// NamedFigure is a figure with its name, the base of its file name
// ("boundary" for boundary.png): a front end renders it in a format
// (Figure.Render), e.g. writing a set to files all or nothing with
// nnlr/internal/fileset, or streaming one.
type NamedFigure struct {
	Name   string
	Figure plot.Figure
}

// Figures returns the figures of a binary comparison, in this order:
// boundary (the data and both decision boundaries in the report's plane),
// loss (per epoch), and for a network without hidden layers evolution (its
// boundary during training) and angle (its angle and offset gap to the
// regression per epoch), each only when the report has what it draws. ds
// is the data set rep was computed on (n × d), for the points. It reads
// rep and ds and changes neither.
func Figures(ds *dataset.Dataset, rep *experiment.CompareReport) []NamedFigure {
	ds, fr := shortNames(ds, rep)
	figs := []struct {
		name string
		fig  figure
	}{
		{"boundary", boundaryWithExtras(ds, fr)},
		// TODO(integrator): pass the other runs' loss and angle histories
		// (per epoch, like rep.Graph.LossHistory and the tracking's
		// AngleDeg) once the report keeps them; nil draws none.
		{"loss", lossFigure(ds, fr, nil)},
		{"evolution", evolutionFigure(ds, fr)},
		{"angle", angleFigure(ds, fr, nil)},
	}
	return named(figs)
}

// named returns the figures that are not nil, with their names.
func named(figs []struct {
	name string
	fig  figure
}) []NamedFigure {
	var out []NamedFigure
	for _, f := range figs {
		if f.fig == nil {
			continue
		}
		out = append(out, NamedFigure{Name: f.name, Figure: f.fig})
	}
	return out
}

// figureNameLength is the most characters of a name (data set, feature,
// class) shown in a figure; longer names are shortened with an ellipsis
// (the text and JSON reports keep them whole).
const figureNameLength = 32

// shortNames returns copies of ds and rep with the data set's, features',
// classes' and plane's names shortened for figures (see
// figureNameLength); ds and rep themselves are not changed.
func shortNames(ds *dataset.Dataset, rep *report) (*dataset.Dataset, *report) {
	short := *ds
	short.Name = plot.ShortName(ds.Name, figureNameLength)
	short.Features = make([]string, len(ds.Features))
	for i, f := range ds.Features {
		short.Features[i] = plot.ShortName(f, figureNameLength)
	}
	for i, c := range short.Classes {
		short.Classes[i] = plot.ShortName(c, figureNameLength)
	}
	fr := *rep
	for i, n := range fr.Plane.Names {
		fr.Plane.Names[i] = plot.ShortName(n, figureNameLength)
	}
	return &short, &fr
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
				NoArrow:  true,
			})
		}
		fig.Title += fmt.Sprintf(", %d runs", r.Count)
	}
	if widenBox(fig, fig.Lines) {
		fig.Title += "\nplotted area widened to show every boundary"
	}
	fig.Lines = append(extra, fig.Lines...)
	if dg := rep.Diagnosis; dg != nil && dg.MaxMargin != nil {
		mm := dg.MaxMargin
		normal, offset := pl.Line(mm.Coef, mm.Intercept)
		fig.Lines = append(fig.Lines, plot.Line{
			Label:  fmt.Sprintf("max margin (limit of both on separable data): %s", planeEquation(pl, normal, offset)),
			Normal: normal,
			Offset: offset,
			// Black dash-dot, thinner: unlike the regression's blue dashes.
			Color:  color.Black,
			Dashes: []vg.Length{vg.Points(7), vg.Points(2.5), vg.Points(1.5), vg.Points(2.5)},
			Width:  vg.Points(1.2),
		})
	}
	return fig
}

// epochsOf returns the epochs of a series as floats: epochs when the
// report lists them (the series is kept at a bounded resolution, see
// experiment.SeriesResolution), otherwise 1, 2, …, n.
func epochsOf(epochs []int, n int) []float64 {
	if len(epochs) == n {
		e := make([]float64, n)
		for i, v := range epochs {
			e[i] = float64(v)
		}
		return e
	}
	return epochsAxis(n)
}

// epochsAxis returns 1, 2, …, n.
func epochsAxis(n int) []float64 {
	e := make([]float64, n)
	for i := range e {
		e[i] = float64(i + 1)
	}
	return e
}

// lossFigure draws the network's training loss and SAG's objective per
// epoch on log axes, with SAG's final objective as a reference line and,
// thin, the loss of every other run of --runs (others, one history per
// run; nil for none). Under an L2 penalty (--C, --l2) the curves are
// penalised objectives and say so. A loss of exactly 0 is drawn at a floor
// a decade under the smallest positive value, and the axis says so.
func lossFigure(ds *dataset.Dataset, rep *report, others [][]float64) *plot.Chart {
	g, b := rep.Graph, rep.Baseline
	last := float64(max(g.Epochs, b.NIter, 2))
	sagPenalised := b.C != nil && !math.IsInf(*b.C, 1)
	netLabel := fmt.Sprintf("network: training loss, mean BCE (%s, learning rate %g)", g.Solver, g.LearningRate)
	if g.L2 > 0 {
		netLabel = fmt.Sprintf("network: training objective, mean BCE + (l2/2)·‖kernel‖², l2 = %.3g (%s, learning rate %g)", g.L2, g.Solver, g.LearningRate)
	}
	sagLabel := "regression: SAG objective, mean BCE"
	if sagPenalised {
		sagLabel = fmt.Sprintf("regression: SAG objective, mean BCE + ‖coef‖²/(2·C·n), C = %g", *b.C)
	}
	var series []plot.Series
	for i, h := range others {
		label := ""
		if i == 0 {
			label = fmt.Sprintf("network, %d other seeds", len(others))
		}
		series = append(series, plot.Series{Label: label, X: epochsAxis(len(h)), Y: h,
			Color: color.NRGBA{213, 94, 0, 90}, Width: vg.Points(0.6)})
	}
	series = append(series,
		plot.Series{Label: netLabel, X: epochsOf(g.LossEpochs, len(g.LossHistory)), Y: g.LossHistory, Color: plot.Vermilion},
		plot.Series{Label: sagLabel, X: epochsOf(b.ObjectiveEpochs, len(b.ObjectiveHistory)), Y: b.ObjectiveHistory,
			Color: plot.Blue, Dashes: plot.Dashes},
		plot.Series{Label: fmt.Sprintf("regression: final SAG objective %.4g", b.Objective), X: []float64{1, last}, Y: []float64{b.Objective, b.Objective},
			Color: color.Gray{60}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}},
	)
	ylabel := "mean BCE (nats, log scale)"
	if g.L2 > 0 || sagPenalised {
		ylabel = "objective: mean BCE + L2 penalty (nats, log scale)"
		if g.L2 > 0 != sagPenalised {
			ylabel = "mean BCE, + L2 penalty where the legend says (nats, log scale)"
		}
	}
	floor := zeroFloor(series)
	if floor > 0 {
		ylabel = strings.Replace(ylabel, "log scale", fmt.Sprintf("log scale; 0 drawn at %g", floor), 1)
		for i := range series {
			if k := slices.Index(series[i].Y, 0); k >= 0 && series[i].Label != "" {
				series[i].Label += fmt.Sprintf("; exactly 0 at epoch %.0f, drawn at %g", series[i].X[k], floor)
			}
		}
	}
	return &plot.Chart{
		Title:  fmt.Sprintf("%s data: loss per epoch\nnetwork: %s, %d epochs; regression: SAG, %d epochs", ds.Name, g.Solver, g.Epochs, b.NIter),
		XLabel: "epoch (log scale)", YLabel: ylabel,
		LogX: true, LogY: true, Series: series, YFloor: floor,
	}
}

// zeroFloor returns where a value of exactly 0 is drawn on a log axis: a
// decade under the smallest positive value of the series (a power of ten),
// or 0 when no value is 0.
func zeroFloor(series []plot.Series) float64 {
	zero, low := false, math.Inf(1)
	for _, s := range series {
		for _, v := range s.Y {
			switch {
			case v == 0:
				zero = true
			case v > 0 && !math.IsInf(v, 0):
				low = math.Min(low, v)
			}
		}
	}
	if !zero {
		return 0
	}
	if math.IsInf(low, 1) {
		return 1e-16
	}
	return math.Max(math.Pow(10, math.Floor(math.Log10(low))-1), 1e-300)
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
	epochs := evolutionEpochs(rep.Graph.Epochs)
	for i, e := range epochs {
		m, ok := rep.TrajectoryAt(e)
		if !ok {
			continue
		}
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
	if widenBox(fig, fig.Lines) {
		fig.Title += "\nplotted area widened to show the early boundaries"
	}
	return fig
}

// widenBox widens fig's plotted box so that each of lines that crosses it
// far from its centre (more than a third of the half-diagonal away, so
// that only a corner or an edge of the box would show it) or misses it,
// passes through it with a margin: the box grows to hold the point of the
// line nearest the box's centre, plus a quarter of the box, but to at most
// three times its width and height (the old box in the middle); a line
// still outside is labelled so by plot.Boundary. It reports whether the
// box changed.
func widenBox(fig *plot.Boundary, lines []plot.Line) bool {
	x0, x1, y0, y1 := fig.XMin, fig.XMax, fig.YMin, fig.YMax
	w, h := x1-x0, y1-y0
	cx, cy := (x0+x1)/2, (y0+y1)/2
	half := math.Hypot(w, h) / 2
	nx0, nx1, ny0, ny1 := x0, x1, y0, y1
	for _, l := range lines {
		n := l.Normal
		nn := n[0]*n[0] + n[1]*n[1]
		if nn == 0 || math.IsNaN(nn) || math.IsInf(nn, 0) {
			continue
		}
		v := n[0]*cx + n[1]*cy + l.Offset
		if math.Abs(v)/math.Sqrt(nn) <= half/3 {
			continue
		}
		fx, fy := cx-v/nn*n[0], cy-v/nn*n[1]
		nx0, nx1 = math.Min(nx0, fx-w/4), math.Max(nx1, fx+w/4)
		ny0, ny1 = math.Min(ny0, fy-h/4), math.Max(ny1, fy+h/4)
	}
	nx0, nx1 = math.Max(nx0, x0-w), math.Min(nx1, x1+w)
	ny0, ny1 = math.Max(ny0, y0-h), math.Min(ny1, y1+h)
	if nx0 == x0 && nx1 == x1 && ny0 == y0 && ny1 == y1 {
		return false
	}
	fig.XMin, fig.XMax, fig.YMin, fig.YMax = nx0, nx1, ny0, ny1
	return true
}

// angleFigure draws, per epoch on log axes, the angle between the
// network's boundary and the regression's and the offset gap between them
// (as a percentage of the criterion's scale, see explain.NewCriterion), the
// same two against the max-margin boundary when the data are separable,
// and the agreement criterion (explain.AngleTolDeg and
// explain.OffsetTolShare), so that the figure shows both halves of
// "reached". Series that coincide stay visible: those to the regression
// are drawn wide and light, those to the max margin thin and dark on top.
// others holds the other runs' angles to the regression (one history per
// run, degrees), drawn thin; nil for none.
func angleFigure(ds *dataset.Dataset, rep *report, others [][]float64) figure {
	dg := rep.Diagnosis
	if dg == nil || len(dg.Tracking.AngleDeg) == 0 {
		return nil
	}
	g := rep.Graph
	var series []plot.Series
	for i, h := range others {
		label := ""
		if i == 0 {
			label = fmt.Sprintf("network, %d other seeds: angle to the regression", len(others))
		}
		series = append(series, plot.Series{Label: label, X: epochsAxis(len(h)), Y: h,
			Color: color.NRGBA{213, 94, 0, 90}, Width: vg.Points(0.6)})
	}
	light := color.NRGBA{213, 94, 0, 150}
	type track struct {
		name  string
		tr    *explain.Tracking
		color color.Color
		width vg.Length
	}
	tracks := []track{{"regression (SAG)", &dg.Tracking, light, vg.Points(3.5)}}
	if mt := dg.MarginTracking; mt != nil {
		tracks = append(tracks, track{"max-margin boundary", mt, color.RGBA{0, 90, 60, 255}, vg.Points(1.2)})
	}
	// The offset gaps are judged against the regression's scale (as
	// explain.Diagnose tracks both).
	crit, err := explain.NewCriterion(explain.Linear{Coef: rep.Baseline.Coef, Intercept: rep.Baseline.Intercept}, ds.X)
	trajEpochs := epochsOf(rep.TrajectoryEpochs, len(dg.Tracking.AngleDeg))
	for _, t := range tracks {
		series = append(series, plot.Series{Label: "angle to the " + t.name, X: trajEpochs,
			Y: t.tr.AngleDeg, Color: t.color, Width: t.width})
		if err == nil && crit.Scale > 0 && len(t.tr.OffsetGap) > 0 {
			pct := make([]float64, len(t.tr.OffsetGap))
			for i, v := range t.tr.OffsetGap {
				pct[i] = 100 * v / crit.Scale
			}
			series = append(series, plot.Series{Label: "offset gap to the " + t.name + " (% of the scale)", X: trajEpochs,
				Y: pct, Color: t.color, Width: t.width, Dashes: []vg.Length{vg.Points(5), vg.Points(3)}})
		}
	}
	ylabel := "angle (degrees) · offset gap (%), log scale"
	floor := 0.0
	for _, s := range series {
		for _, a := range s.Y {
			if a < angleFloor {
				floor = angleFloor
			}
		}
	}
	if floor > 0 {
		ylabel = fmt.Sprintf("angle (°) · offset gap (%%), log; 0 at %g", angleFloor)
	}
	n := math.Max(2, float64(g.Epochs))
	ref := []vg.Length{vg.Points(1), vg.Points(2)}
	tolPct := 100 * explain.OffsetTolShare
	if tolPct == explain.AngleTolDeg {
		series = append(series, plot.Series{Label: fmt.Sprintf("agreement: angle ≤ %g° and offset gap ≤ %g %% (both under this line)", explain.AngleTolDeg, tolPct),
			X: []float64{1, n}, Y: []float64{tolPct, tolPct}, Color: color.Gray{60}, Width: vg.Points(1), Dashes: ref})
	} else {
		series = append(series,
			plot.Series{Label: fmt.Sprintf("agreement: angle ≤ %g°", explain.AngleTolDeg), X: []float64{1, n}, Y: []float64{explain.AngleTolDeg, explain.AngleTolDeg},
				Color: color.Gray{60}, Width: vg.Points(1), Dashes: ref},
			plot.Series{Label: fmt.Sprintf("agreement: offset gap ≤ %g %%", tolPct), X: []float64{1, n}, Y: []float64{tolPct, tolPct},
				Color: color.Gray{120}, Width: vg.Points(1), Dashes: ref})
	}
	title := fmt.Sprintf("%s data: the network's boundary against the others per epoch\nnetwork: %s, learning rate %g, seed %d; regression: SAG, %d epochs",
		ds.Name, g.Solver, g.LearningRate, g.Seed, rep.Baseline.NIter)
	if e := dg.Tracking.EpochWithin; e > 0 {
		title += fmt.Sprintf("\nagrees with the regression from epoch %d", e)
	} else {
		title += "\nagreement with the regression not reached"
	}
	return &plot.Chart{
		Title: title, XLabel: "epoch (log scale)", YLabel: ylabel,
		LogX: true, LogY: true, YFloor: floor, Series: series,
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

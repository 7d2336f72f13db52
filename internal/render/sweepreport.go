package render

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"nnlr/experiment"
	"nnlr/internal/plot"
)

// SweepText writes the sweep's settings and table (nnlr sweep's standard
// output) to w, with a "Wrote" line for each of rep.Figures. It only reads
// rep; it returns the error of writing to w.
func SweepText(w io.Writer, rep *experiment.SweepReport) error {
	var sb strings.Builder
	d, g, b, c := rep.Data, rep.Graph, rep.Baseline, rep.Criterion
	fmt.Fprintf(&sb, "nnlr sweep: %s data, %s × %s (%s)\n", d.Name, plural(d.Samples, "sample"), plural(len(d.Features), "feature"), featureList(d.Features))
	writeDataSection(&sb, d, b.C)
	seeds := fmt.Sprintf("seed %d", g.Seeds[0])
	if len(g.Seeds) > 1 {
		seeds = fmt.Sprintf("seeds %d–%d", g.Seeds[0], g.Seeds[len(g.Seeds)-1])
	}
	init := g.Init
	if init == "glorot_uniform" {
		init += " (seeded by the run's seed)"
	}
	fmt.Fprintf(&sb, "Network: Dense(1, sigmoid), batch size %d, init %s, %s; %s for each solver and learning rate (its other hyper-parameters at their defaults, see nnlr solvers); at most %d epochs a run.\n",
		g.BatchSize, init, g.Dtype, seeds, g.MaxEpochs)
	conv := fmt.Sprintf("did not converge, tol %g", b.Tol)
	if b.Converged {
		conv = fmt.Sprintf("converged, tol %g", b.Tol)
	}
	fmt.Fprintf(&sb, "Regression: SAG, %d epochs (%s): %s\n", b.NIter, conv, sweepEquation(b.Coef, b.Intercept, d.Features))
	fmt.Fprintf(&sb, "Agreement: angle ≤ %g° and offset gap ≤ %.4g (1 %% of %.4g, data units) to the regression's boundary, checked after every epoch; a run stops there.\n\n",
		c.AngleTolDeg, c.OffsetTol, c.OffsetScale)
	if rep.Interrupted {
		fmt.Fprintf(&sb, "INTERRUPTED: %d of %d runs finished; the rows count the finished runs only.\n\n", rep.FinishedRuns, rep.TotalRuns)
	}
	tw := tabwriter.NewWriter(&sb, 0, 0, 3, ' ', 0)
	fmt.Fprintf(tw, "solver\tlearning rate\treached\tmedian epochs to agreement\tmedian final angle\tmedian final offset gap\n")
	for _, r := range rep.Rows {
		reached, epochs, angle, gap := "—", "—", "—", "—"
		if r.Runs > 0 {
			reached = fmt.Sprintf("%d/%d", r.Reached, r.Runs)
			if r.Diverged > 0 {
				reached += fmt.Sprintf(" (%d diverged)", r.Diverged)
			}
			epochs = fmt.Sprintf("> %d", g.MaxEpochs)
		}
		if r.MedianEpochs != nil {
			epochs = fmt.Sprintf("%g", *r.MedianEpochs)
		}
		if r.MedianAngleDeg != nil {
			angle = fmt.Sprintf("%.3g°", *r.MedianAngleDeg)
		}
		if r.MedianOffsetGap != nil {
			gap = fmt.Sprintf("%.3g", *r.MedianOffsetGap)
		}
		fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\t%s\n", r.Solver, r.LearningRate, reached, epochs, angle, gap)
	}
	fmt.Fprintf(tw, "baseline (SAG)\t—\t—\t%d (n_iter)\t—\t—\n", b.NIter)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(&sb, "\nThe median counts a run that never agreed as taking more than %d epochs (\"> %d\": fewer than half agreed).\n", g.MaxEpochs, g.MaxEpochs)
	for _, f := range rep.Figures {
		fmt.Fprintf(&sb, "Wrote %s\n", f)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// sweepEquation writes the regression's boundary: its equation, or for
// wide data the norm of the coef and the intercept.
func sweepEquation(w []float64, b float64, names []string) string {
	if len(w) <= wideFeatures {
		return equation(w, b, names)
	}
	return fmt.Sprintf("w·x %s %.4g = 0, ‖w‖ = %.4g", map[bool]string{true: "−", false: "+"}[b < 0], math.Abs(b), floats.Norm(w, 2))
}

// sweepColors tell the solvers apart (Okabe–Ito's palette); after seven
// they repeat with dashes.
var sweepColors = []color.Color{
	plot.Vermilion, plot.Blue, plot.Green, plot.Orange, plot.Purple,
	color.RGBA{86, 180, 233, 255}, color.RGBA{0, 0, 0, 255},
}

// sweepOffset is the sideways offset, in decades of the learning rate, of
// solver k of n in the figure, so that equal values do not hide each other.
func sweepOffset(k, n int) float64 { return 0.05 * (float64(k) - float64(n-1)/2) }

// SweepFigures returns the sweep's figure, named sweep: per solver, the
// median epochs to agreement against the learning rate (log-log), every
// run that agreed as a dot and every run that did not as a cross at
// max-epochs, with SAG's epochs as a reference line. It returns none when
// no run finished. It only reads rep.
func SweepFigures(rep *experiment.SweepReport) []NamedFigure {
	if rep.FinishedRuns == 0 {
		return nil
	}
	g, b := rep.Graph, rep.Baseline
	top := float64(g.MaxEpochs)
	lrMin, lrMax := floats.Min(g.LearningRates), floats.Max(g.LearningRates)
	var series []plot.Series
	for k, s := range g.Solvers {
		col := sweepColors[k%len(sweepColors)]
		var dashes []vg.Length
		if k >= len(sweepColors) {
			dashes = plot.Dashes
		}
		shift := math.Pow(10, sweepOffset(k, len(g.Solvers)))
		// The medians, as a line broken where the median did not agree.
		var xs, ys []float64
		flush := func() {
			if len(xs) > 0 {
				series = append(series, plot.Series{X: xs, Y: ys, Color: col, Dashes: dashes, Marker: draw.CircleGlyph{}, MarkerRadius: vg.Points(2.5)})
				xs, ys = nil, nil
			}
		}
		for _, r := range rep.Rows {
			if r.Solver != s {
				continue
			}
			if r.MedianEpochs == nil {
				flush()
				continue
			}
			xs, ys = append(xs, r.LearningRate*shift), append(ys, *r.MedianEpochs)
		}
		flush()
		var reachedX, reachedY, neverX, neverY []float64
		for _, r := range rep.Runs {
			if r.Solver != s {
				continue
			}
			if r.EpochsToAgreement != nil {
				reachedX, reachedY = append(reachedX, r.LearningRate*shift), append(reachedY, float64(*r.EpochsToAgreement))
			} else {
				neverX, neverY = append(neverX, r.LearningRate*shift), append(neverY, top)
			}
		}
		if len(reachedX) > 0 {
			series = append(series, plot.Series{X: reachedX, Y: reachedY, Color: col, Marker: draw.RingGlyph{}, MarkerRadius: vg.Points(1.5), MarkersOnly: true})
		}
		if len(neverX) > 0 {
			series = append(series, plot.Series{X: neverX, Y: neverY, Color: col, Marker: draw.CrossGlyph{}, MarkerRadius: vg.Points(3), MarkersOnly: true})
		}
		// The legend's entry: the solver's line and its marker.
		series = append(series, plot.Series{Label: s, Color: col, Dashes: dashes, Marker: draw.CircleGlyph{}, MarkerRadius: vg.Points(2.5), LegendOnly: true})
	}
	series = append(series,
		plot.Series{Label: fmt.Sprintf("max epochs %d; × a run that never agreed", g.MaxEpochs), X: []float64{lrMin / 2, lrMax * 2}, Y: []float64{top, top},
			Color: plot.Grey, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(1), vg.Points(2)}},
		plot.Series{Label: fmt.Sprintf("regression: SAG, %d epochs (n_iter)", b.NIter), X: []float64{lrMin / 2, lrMax * 2}, Y: []float64{float64(b.NIter), float64(b.NIter)},
			Color: plot.Blue, Width: vg.Points(1), Dashes: plot.Dashes},
	)
	seeds := fmt.Sprintf("%d seeds", len(g.Seeds))
	if len(g.Seeds) == 1 {
		seeds = "1 seed"
	}
	title := fmt.Sprintf("%s data: epochs until the network's boundary agrees with the regression's (%g°, 1 %% offset)\nline: median over %s (○ each run that agreed); batch size %d, init %s, %s",
		rep.Data.Name, rep.Criterion.AngleTolDeg, seeds, g.BatchSize, g.Init, g.Dtype)
	if rep.Interrupted {
		title += fmt.Sprintf("\ninterrupted: %d of %d runs finished", rep.FinishedRuns, rep.TotalRuns)
	}
	ch := &plot.Chart{
		Title:  title,
		XLabel: "learning rate (log scale; solvers offset slightly sideways)",
		YLabel: "epochs to agreement (log scale)",
		LogX:   true, LogY: true, Series: series,
		// Room above the crosses at max-epochs and below SAG's line.
		YTop: top * 1.5, YBottom: float64(b.NIter) / 1.5,
	}
	return []NamedFigure{{Name: "sweep", Figure: ch}}
}

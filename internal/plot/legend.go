package plot

import (
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendGap is the space between the plot and a legend drawn below it, and
// between a legend drawn over the data and the data area's edges.
var legendGap = vg.Points(6)

// render draws p on a canvas of the given format (png, svg, pdf) w wide
// whose plot part is h high. With below, p's legend is drawn under the plot
// (left-aligned, one entry per line, the canvas growing to hold it) instead
// of over the data; the plot is left without a legend. Without below, the
// legend is drawn in the top right corner of the data area, legendGap from
// its edges (gonum/plot v0.17 aligns it with the canvas edge instead, so its
// thumbnails stick out past the data area by the axis padding).
func render(p *plot.Plot, w, h vg.Length, format string, below bool) (io.WriterTo, error) {
	legend := p.Legend
	p.Legend = plot.NewLegend()
	defer func() { p.Legend = legend }()
	if !below {
		c, err := newCanvas(w, h, format)
		if err != nil {
			return nil, err
		}
		dc := draw.New(c)
		drawPlot(p, dc)
		legend.Top, legend.Left = true, false
		legend.Draw(insideLegendCanvas(p, dc))
		return c, nil
	}
	legend.Top, legend.Left = true, true
	_, lh := legendSize(&legend)
	legH := lh + 2*legendGap
	c, err := newCanvas(w, h+legH, format)
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	drawPlot(p, draw.Crop(dc, 0, 0, legH, 0))
	legend.Draw(draw.Crop(dc, 2*legendGap, 0, legendGap, -h-legendGap))
	return c, nil
}

// insideLegendCanvas returns the part of c a legend drawn over p's data is
// aligned with: p's data area less legendGap on each side.
func insideLegendCanvas(p *plot.Plot, c draw.Canvas) draw.Canvas {
	return draw.Crop(p.DataCanvas(c), legendGap, -legendGap, legendGap, -legendGap)
}

// legendSize returns the width and height of l's entries (thumbnail, a
// space and text; gonum/plot v0.17's Legend.Rectangle).
func legendSize(l *plot.Legend) (vg.Length, vg.Length) {
	r := l.Rectangle(draw.Canvas{})
	return r.Max.X - r.Min.X, r.Max.Y - r.Min.Y
}

// insideLegendRect returns the rectangle p's legend covers on canvas c when
// render draws it over the data (without below).
func insideLegendRect(p *plot.Plot, c draw.Canvas) vg.Rectangle {
	a := insideLegendCanvas(p, c)
	lw, lh := legendSize(&p.Legend)
	// Legend.Draw puts the top entry's bottom one font descent lower
	// than Legend.Rectangle counts.
	lh += p.Legend.TextStyle.FontExtents().Descent
	return vg.Rectangle{Min: vg.Point{X: a.Max.X - lw, Y: a.Max.Y - lh}, Max: a.Max}
}

// fitWidth returns the width and height of an equal-aspect canvas (see
// equalAspect) at least need wide: w × h scaled up when w < need.
func fitWidth(p *plot.Plot, w, h vg.Length, ratio float64, need vg.Length) (vg.Length, vg.Length) {
	for i := 0; i < 3 && w < need; i++ {
		w, h = equalAspect(p, vg.Length(float64(h)*float64(need)/float64(w)), ratio)
	}
	return w, h
}

// titleWidth returns the width p's title needs: its widest line and
// legendGap on either side.
func titleWidth(p *plot.Plot) vg.Length {
	r := p.Title.TextStyle.Rectangle(p.Title.Text)
	return r.Max.X - r.Min.X + 2*legendGap
}

package plot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendGap is the space between the plot and a legend drawn below it, and
// between a legend drawn over the data and the data area's edges.
var legendGap = vg.Points(6)

// legendPad is the margin of a legend's background box around its entries.
var legendPad = vg.Points(3)

// legendPlace says where render draws the legend: below the plot, or in a
// corner of the data area (top or bottom, right or left).
type legendPlace struct {
	below, bottom, left bool
}

// corners are the corners tried, in order, for a legend over the data.
var corners = []legendPlace{{}, {left: true}, {bottom: true}, {bottom: true, left: true}}

// render draws p on a canvas of the given format (png, svg, pdf) whose plot
// part is w × h. With place.below, p's legend is drawn under the plot
// (left-aligned, one entry per line, the canvas growing to hold it);
// otherwise in the given corner of the data area, legendGap from its edges
// (gonum/plot v0.17 aligns it with the canvas edge instead, so its
// thumbnails stick out past the data area by the axis padding), on a white
// box with a thin grey border so that grid lines and curves do not run
// through its text. The plot part is followed, on the right, by a strip
// side wide that drawSide (when not nil) draws, given the strip and the
// plot's data area.
func render(p *plot.Plot, w, h vg.Length, format string, place legendPlace, side vg.Length, drawSide func(strip, data draw.Canvas)) (vg.CanvasWriterTo, error) {
	legend := p.Legend
	p.Legend = plot.NewLegend()
	defer func() { p.Legend = legend }()
	legH := vg.Length(0)
	if place.below {
		_, lh := legendSize(&legend)
		legH = lh + 2*legendGap
	}
	c, err := newCanvas(w+side, h+legH, format)
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	part := draw.Crop(dc, 0, -side, legH, 0)
	drawPlot(p, part)
	if drawSide != nil {
		drawSide(draw.Crop(dc, w, 0, legH, 0), p.DataCanvas(part))
	}
	if place.below {
		legend.Top, legend.Left = true, true
		legend.Draw(draw.Crop(dc, 2*legendGap, -side, legendGap, -h-legendGap))
		return c, nil
	}
	legend.Top, legend.Left = !place.bottom, place.left
	r := legendRect(&legend, part, p, place)
	box := vg.Rectangle{Min: vg.Point{X: r.Min.X - legendPad, Y: r.Min.Y - legendPad}, Max: vg.Point{X: r.Max.X + legendPad, Y: r.Max.Y + legendPad}}
	dc.SetColor(color.NRGBA{255, 255, 255, 235})
	dc.Fill(box.Path())
	dc.SetLineStyle(draw.LineStyle{Color: color.Gray{170}, Width: vg.Points(0.5)})
	dc.Stroke(box.Path())
	legend.Draw(insideLegendCanvas(p, part))
	return c, nil
}

// insideLegendCanvas returns the part of c a legend drawn over p's data is
// aligned with: p's data area less legendGap and legendPad on each side.
func insideLegendCanvas(p *plot.Plot, c draw.Canvas) draw.Canvas {
	g := legendGap + legendPad
	return draw.Crop(p.DataCanvas(c), g, -g, g, -g)
}

// legendSize returns the width and height of l's entries (thumbnail, a
// space and text; gonum/plot v0.17's Legend.Rectangle).
func legendSize(l *plot.Legend) (vg.Length, vg.Length) {
	r := l.Rectangle(draw.Canvas{})
	return r.Max.X - r.Min.X, r.Max.Y - r.Min.Y
}

// legendRect returns the rectangle legend l covers, without its box, when
// render draws it over p's data on canvas c in the given corner.
func legendRect(l *plot.Legend, c draw.Canvas, p *plot.Plot, place legendPlace) vg.Rectangle {
	a := insideLegendCanvas(p, c)
	lw, lh := legendSize(l)
	// Legend.Draw puts the top entry's bottom one font descent lower
	// than Legend.Rectangle counts.
	lh += l.TextStyle.FontExtents().Descent
	var r vg.Rectangle
	if place.left {
		r.Min.X, r.Max.X = a.Min.X, a.Min.X+lw
	} else {
		r.Min.X, r.Max.X = a.Max.X-lw, a.Max.X
	}
	if place.bottom {
		r.Min.Y, r.Max.Y = a.Min.Y, a.Min.Y+lh
	} else {
		r.Min.Y, r.Max.Y = a.Max.Y-lh, a.Max.Y
	}
	return r
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

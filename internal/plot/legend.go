package plot

import (
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendGap is the space between the plot and a legend drawn below it.
var legendGap = vg.Points(6)

// render draws p on a canvas of the given format (png, svg, pdf) w wide
// whose plot part is h high. With below, p's legend is drawn under the plot
// (left-aligned, one entry per line, the canvas growing to hold it) instead
// of over the data; the plot is left without a legend.
func render(p *plot.Plot, w, h vg.Length, format string, below bool) (io.WriterTo, error) {
	if !below {
		return p.WriterTo(w, h, format)
	}
	legend := p.Legend
	p.Legend = plot.NewLegend()
	defer func() { p.Legend = legend }()
	legend.Top, legend.Left = true, true

	probe, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return nil, err
	}
	r := legend.Rectangle(draw.New(probe))
	legH := r.Max.Y - r.Min.Y + 2*legendGap
	c, err := draw.NewFormattedCanvas(w, h+legH, format)
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	p.Draw(draw.Crop(dc, 0, 0, legH, 0))
	legend.Draw(draw.Crop(dc, 2*legendGap, 0, legendGap, -h-legendGap))
	return c, nil
}

// fitTitle returns the width and height of an equal-aspect canvas (see
// equalAspect) large enough for p's title to fit across it.
func fitTitle(p *plot.Plot, w, h vg.Length, ratio float64) (vg.Length, vg.Length) {
	r := p.Title.TextStyle.Rectangle(p.Title.Text)
	need := r.Max.X - r.Min.X + 2*legendGap
	for i := 0; i < 3 && w < need; i++ {
		w, h = equalAspect(p, vg.Length(float64(h)*float64(need)/float64(w)), ratio)
	}
	return w, h
}

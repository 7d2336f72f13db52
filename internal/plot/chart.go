package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Series is one curve of a Chart: Y[k] against X[k].
type Series struct {
	// Label names the curve in the legend ("" leaves it out).
	Label string
	// X and Y are the points' coordinates, the same number of each.
	X, Y []float64
	// Color and Dashes style the line (no dashes: solid).
	Color  color.Color
	Dashes []vg.Length
	// Width is the line width; 0 means 1.5 points.
	Width vg.Length
	// Marker, when not nil, draws a glyph of Color at every point (e.g.
	// draw.CrossGlyph{} for runs that never converged), of radius
	// MarkerRadius (0 means 3 points).
	Marker       draw.GlyphDrawer
	MarkerRadius vg.Length
	// MarkersOnly leaves the line out: the points are drawn as markers
	// alone (Marker must be set).
	MarkersOnly bool
	// LegendOnly makes the series an entry of the legend alone (X and Y
	// must be empty): one entry for a group of series drawn without
	// labels.
	LegendOnly bool
}

// Chart is a figure of curves against a common horizontal axis, either axis
// optionally on a log scale (training loss or angle per epoch), with its
// legend below the plot.
type Chart struct {
	// Title names the data and the solvers; XLabel and YLabel name the
	// axes with their units.
	Title          string
	XLabel, YLabel string
	// LogX and LogY put an axis on a log₁₀ scale; points with a value ≤ 0 on
	// such an axis are left out (a log scale cannot show them).
	LogX, LogY bool
	// Series are the curves, drawn in order.
	Series []Series
	// YFloor, when positive, raises Y values below it to it before plotting
	// (so that exact zeros show on a log axis); the caller says so in a
	// label.
	YFloor float64
	// YTop and YBottom, when positive, make the vertical axis reach at
	// least up to YTop and down to YBottom (room around markers drawn at a
	// cap, or a reference line).
	YTop, YBottom float64
}

// ChartWidth and ChartHeight are the size of a Chart.
const (
	ChartWidth  = 7 * vg.Inch
	ChartHeight = 4.5 * vg.Inch
)

// Render writes the chart to w in format (one of Formats). Text too wide
// for the figure is shortened with an ellipsis. It returns an error for an
// unknown format, when a series' lengths differ, no series has a point to
// draw, or writing to w fails.
func (c *Chart) Render(w io.Writer, format string) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	return safely("chart", func() error {
		p, err := c.plot()
		if err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		da := p.DataCanvas(draw.New(vgimg.New(ChartWidth, ChartHeight)))
		p.X.Label.Text = fitText(p.X.Label.TextStyle, p.X.Label.Text, da.Max.X-da.Min.X)
		p.Y.Label.Text = fitText(p.Y.Label.TextStyle, p.Y.Label.Text, da.Max.Y-da.Min.Y)
		wt, err := render(p, ChartWidth, ChartHeight, format, legendPlace{below: true}, 0, nil)
		if err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		_, err = wt.WriteTo(w)
		return err
	})
}

func (c *Chart) plot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fitText(p.Title.TextStyle, c.Title, ChartWidth-2*legendGap)
	p.X.Label.Text = fitText(p.X.Label.TextStyle, c.XLabel, ChartWidth)
	p.Y.Label.Text = fitText(p.Y.Label.TextStyle, c.YLabel, ChartHeight)
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.ThumbnailWidth = vg.Points(24)
	legendText := func(s string) string {
		return fitText(p.Legend.TextStyle, s, ChartWidth-p.Legend.ThumbnailWidth-4*legendGap)
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
	if c.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	if c.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
		// gonum/plot v0.17 pads the data area for the centred axis label as if
		// it sat at the data midpoint (Max+Min)/2, which on a log axis lies
		// near the top: the padding left a blank band under the title.
		p.Y.Label.Position = draw.PosTop
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	drawn := 0
	for _, s := range c.Series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("series %q: %d x values, %d y values", s.Label, len(s.X), len(s.Y))
		}
		var pts plotter.XYs
		for k := range s.X {
			x, y := s.X[k], s.Y[k]
			if c.YFloor > 0 && y < c.YFloor {
				y = c.YFloor
			}
			if !drawable(x, c.LogX) || !drawable(y, c.LogY) {
				continue
			}
			pts = append(pts, plotter.XY{X: x, Y: y})
			xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
		if s.LegendOnly && len(s.X) > 0 {
			return nil, fmt.Errorf("series %q: legend only, but %d points", s.Label, len(s.X))
		}
		label := s.Label
		if len(pts) == 0 && !s.LegendOnly && label != "" {
			label += " (nothing to show)"
			pts = nil
		}
		if s.MarkersOnly && s.Marker == nil {
			return nil, fmt.Errorf("series %q: markers only, but no marker", s.Label)
		}
		var thumbs []plot.Thumbnailer
		line := &plotter.Line{XYs: pts}
		line.LineStyle.Color = s.Color
		line.LineStyle.Width = s.Width
		if line.LineStyle.Width == 0 {
			line.LineStyle.Width = vg.Points(1.5)
		}
		line.LineStyle.Dashes = s.Dashes
		if !s.MarkersOnly {
			thumbs = append(thumbs, line)
			if len(pts) > 0 {
				p.Add(line)
			}
		}
		if s.Marker != nil {
			sc := &plotter.Scatter{XYs: pts}
			sc.GlyphStyle = draw.GlyphStyle{Color: s.Color, Radius: s.MarkerRadius, Shape: s.Marker}
			if sc.GlyphStyle.Radius == 0 {
				sc.GlyphStyle.Radius = vg.Points(3)
			}
			thumbs = append(thumbs, sc)
			if len(pts) > 0 {
				p.Add(sc)
			}
		}
		if len(pts) > 0 {
			drawn++
		}
		if label != "" {
			p.Legend.Add(legendText(label), thumbs...)
		}
	}
	if drawn == 0 {
		return nil, fmt.Errorf("no points to draw")
	}
	if c.YTop > 0 && drawable(c.YTop, c.LogY) {
		ymax = math.Max(ymax, c.YTop)
	}
	if c.YBottom > 0 && drawable(c.YBottom, c.LogY) {
		ymin = math.Min(ymin, c.YBottom)
	}
	p.X.Min, p.X.Max = widen(xmin, xmax, c.LogX)
	p.Y.Min, p.Y.Max = widen(ymin, ymax, c.LogY)
	if c.LogY {
		p.Y.Min, p.Y.Max = headroom(p.Y.Min, p.Y.Max)
	}
	for _, v := range []float64{p.X.Min, p.X.Max, p.Y.Min, p.Y.Max} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("axis range [%v, %v] × [%v, %v] is not finite", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
		}
	}
	return p, nil
}

// Limits of a value drawn on a log axis, three decades inside the normal
// doubles so that the axis's padding and ticks (see widen, headroom) stay
// finite and normal.
const (
	minLogValue = 1e-305
	maxLogValue = 1e305
)

// drawable reports whether v can be drawn on an axis: finite and, on a
// log axis, within [minLogValue, maxLogValue].
func drawable(v float64, log bool) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	return !log || (v >= minLogValue && v <= maxLogValue)
}

// headroom returns the log axis range [lo, hi] padded by 3 % of its length
// (in decades) on either side and then extended to the nearest tick (see
// logTicks) beyond, so that a curve at the top or a line at the bottom
// does not run along the frame, and a tick marks the value above and below
// the data.
func headroom(lo, hi float64) (float64, float64) {
	span := math.Log10(hi) - math.Log10(lo)
	pad := math.Pow(10, math.Max(0.03*span, 0.01))
	lo, hi = lo/pad, hi*pad
	// Snap to a labelled tick under two decades (logTicks labels 1, 2 and 5
	// times the powers of ten there), else to any tick (a minor one at 2…9
	// times a power of ten), so that the extension stays small.
	ms := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	if hi/lo < 100 {
		ms = []float64{1, 2, 5}
	}
	nlo, nhi := 0.0, math.Inf(1)
	for k := math.Floor(math.Log10(lo)) - 1; k <= math.Ceil(math.Log10(hi))+1; k++ {
		for _, m := range ms {
			v := m * math.Pow(10, k)
			if v <= lo {
				nlo = math.Max(nlo, v)
			}
			if v >= hi {
				nhi = math.Min(nhi, v)
			}
		}
	}
	// Extend by at most a decade, and stay finite and normal.
	if !(nlo > 0) || lo/nlo > 10 || nlo < 1e-307 {
		nlo = lo
	}
	if math.IsInf(nhi, 0) || nhi/hi > 10 || nhi > 1e307 {
		nhi = hi
	}
	return nlo, nhi
}

// widen returns [lo, hi] with room around a single value (and, on a log
// axis, a decade either way), so that the axis has a positive length.
func widen(lo, hi float64, log bool) (float64, float64) {
	if log {
		if hi/lo < 10 {
			mid := math.Sqrt(lo) * math.Sqrt(hi) // lo·hi may overflow
			lo, hi = math.Min(lo, mid/math.Sqrt(10)), math.Max(hi, mid*math.Sqrt(10))
		}
		return lo, hi
	}
	if lo == hi {
		pad := math.Max(1, math.Abs(lo)) * 0.1
		return lo - pad, hi + pad
	}
	pad := (hi - lo) * 0.05
	return lo - pad, hi + pad
}

// logTicks mark a log axis: a labelled tick at every power of ten in the
// axis range and, when the range spans less than two decades (too few powers
// of ten to read a value against), at 2 and 5 times the powers of ten too;
// the other multiples 2…9 of the powers of ten get unlabelled minor ticks.
// Over more than maxLabelledDecades decades see wideLogTicks. Only ticks within the range are returned: ticks outside it would make
// gonum/plot reserve room for their labels. A label is the value's shortest
// decimal in strconv's 'g' format (0.0001, 1e-05), where gonum/plot v0.17's
// LogTicks multiplies powers of ten up in floating point and labels 10⁻⁴ as
// 9.999999999999999e-05.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil
	}
	labelled := [10]bool{1: true}
	if hi/lo < 100 {
		labelled[2], labelled[5] = true, true
	}
	k0, k1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	if k1-k0 > maxLabelledDecades {
		return wideLogTicks(lo, hi, k0, k1)
	}
	var out []plot.Tick
	for k := k0; k <= k1; k++ {
		for m := 1; m <= 9; m++ {
			// The double nearest m·10^k, as the decimal m e k parses.
			v, err := strconv.ParseFloat(fmt.Sprintf("%de%d", m, k), 64)
			if err != nil || v < lo*(1-1e-12) || v > hi*(1+1e-12) {
				continue
			}
			t := plot.Tick{Value: v}
			if labelled[m] {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			out = append(out, t)
		}
	}
	return out
}

// maxLabelledDecades is the most decades a log axis labels one by one.
const maxLabelledDecades = 12

// wideLogTicks marks a log axis spanning decades k0…k1, more than
// maxLabelledDecades: about eight labelled powers of ten, every step-th
// (1e-300, 1e-200, …), with unlabelled ticks at the powers of ten between
// when there are at most 60 decades.
func wideLogTicks(lo, hi float64, k0, k1 int) []plot.Tick {
	step := (k1 - k0 + 7) / 8
	var out []plot.Tick
	for k := k0; k <= k1; k++ {
		v, err := strconv.ParseFloat(fmt.Sprintf("1e%d", k), 64)
		if err != nil || v < lo*(1-1e-12) || v > hi*(1+1e-12) {
			continue
		}
		switch {
		case k%step == 0:
			out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
		case k1-k0 <= 60:
			out = append(out, plot.Tick{Value: v})
		}
	}
	return out
}

// drawPlot draws p on c as p.Draw does, except that the label of a log
// horizontal axis is drawn here: gonum/plot v0.17 pads the data area for
// that centred label as if it sat at the data midpoint (Max+Min)/2, which
// on a log axis lies near the right end, so a long label (the sweep
// figure's) left a blank band right of the plot.
func drawPlot(p *plot.Plot, c draw.Canvas) {
	label := p.X.Label.Text
	if _, log := p.X.Scale.(plot.LogScale); !log || label == "" || p.X.Label.Position != draw.PosCenter {
		p.Draw(c)
		return
	}
	sty := p.X.Label.TextStyle
	p.X.Label.Text = ""
	defer func() { p.X.Label.Text = label }()
	inner := draw.Crop(c, 0, 0, sty.Height(label)+p.X.Label.Padding, 0)
	p.Draw(inner)
	da := p.DataCanvas(inner)
	c.FillText(sty, vg.Point{X: da.Center().X, Y: c.Min.Y + sty.FontExtents().Descent}, label)
}

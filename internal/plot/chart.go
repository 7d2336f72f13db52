package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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

// Save renders the chart and writes it atomically to path in the format its
// extension names (png, svg or pdf). It returns an error when a series'
// lengths differ, no series has a point to draw, or writing fails.
func (c *Chart) Save(path string) error {
	p, err := c.plot()
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	format := strings.TrimPrefix(filepath.Ext(path), ".")
	wt, err := render(p, ChartWidth, ChartHeight, format, true)
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	})
}

func (c *Chart) plot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text, p.Y.Label.Text = c.XLabel, c.YLabel
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.ThumbnailWidth = vg.Points(24)
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
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) ||
				(c.LogX && x <= 0) || (c.LogY && y <= 0) {
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
			p.Legend.Add(label, thumbs...)
		}
	}
	if drawn == 0 {
		return nil, fmt.Errorf("no points to draw")
	}
	p.X.Min, p.X.Max = widen(xmin, xmax, c.LogX)
	p.Y.Min, p.Y.Max = widen(ymin, ymax, c.LogY)
	if c.YTop > 0 {
		p.Y.Max = math.Max(p.Y.Max, c.YTop)
	}
	if c.YBottom > 0 {
		p.Y.Min = math.Min(p.Y.Min, c.YBottom)
	}
	return p, nil
}

// widen returns [lo, hi] with room around a single value (and, on a log
// axis, a decade either way), so that the axis has a positive length.
func widen(lo, hi float64, log bool) (float64, float64) {
	if log {
		if hi/lo < 10 {
			mid := math.Sqrt(lo * hi)
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
// Only ticks within the range are returned: ticks outside it would make
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
	var out []plot.Tick
	for k := int(math.Floor(math.Log10(lo))); k <= int(math.Ceil(math.Log10(hi))); k++ {
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

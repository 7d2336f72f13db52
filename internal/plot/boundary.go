package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Line is a linear decision boundary Normal·x + Offset = 0 in the plotted
// plane (Normal has two values: the coefficients of the horizontal and the
// vertical axis).
type Line struct {
	Label  string
	Normal [2]float64
	Offset float64
	Color  color.Color
	Dashes []vg.Length
	Width  vg.Length
	// NoLegend leaves the line out of the legend.
	NoLegend bool
}

// Boundary is a figure of labelled points and decision boundaries.
type Boundary struct {
	Title          string
	XLabel, YLabel string
	// X holds the points' coordinates (n × 2, one [2]float64 per point) and Y
	// their labels in {0, 1}; Classes names class 0 and class 1.
	X       [][2]float64
	Y       []float64
	Classes [2]string
	Lines   []Line
	// Map, when not nil, is drawn behind everything else: a model's
	// probability heat map and, unless Map.NoContour, its p = 0.5 contour.
	Map *ProbabilityMap
	// Range is the plotted box [xmin, xmax] × [ymin, ymax]. One unit has
	// the same length on both axes when the ranges' ratio
	// (xmax − xmin)/(ymax − ymin) lies within [MinAspect, MaxAspect];
	// otherwise the data area takes the nearest of the two ratios.
	XMin, XMax, YMin, YMax float64
	// LegendBelow draws the legend under the plot instead of over the data
	// (for figures with many lines). Without it the legend is drawn in the
	// data area's top right corner unless it would not fit there or would
	// cover a point (a narrow figure), and goes below then. A figure is
	// scaled up (keeping its aspect ratio) until its title, and a legend
	// below, fit across it.
	LegendBelow bool
}

// The limits of a boundary figure's data-area width/height ratio (see
// Boundary).
const (
	MinAspect = 0.8
	MaxAspect = 2.5
)

// Palette for the figures (colour-blind safe, Okabe–Ito).
var (
	Blue      = color.RGBA{0, 114, 178, 255}
	Orange    = color.RGBA{230, 159, 0, 255}
	Vermilion = color.RGBA{213, 94, 0, 255}
	Green     = color.RGBA{0, 158, 115, 255}
	Purple    = color.RGBA{204, 121, 167, 255}
	Grey      = color.RGBA{120, 120, 120, 255}
)

// Size is the height of a figure; boundary figures are as wide as needed for
// an equal aspect ratio.
const Size = 5 * vg.Inch

// Save renders the figure and writes it atomically to path in the format its
// extension names (png, svg or pdf).
func (b *Boundary) Save(path string) error {
	p, err := b.plot()
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	format := strings.TrimPrefix(filepath.Ext(path), ".")
	w, h, below := b.layout(p)
	wt, err := render(p, w, h, format, below)
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	})
}

func (b *Boundary) plot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = b.Title
	p.X.Label.Text, p.Y.Label.Text = b.XLabel, b.YLabel
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = b.XMin, b.XMax, b.YMin, b.YMax
	if b.Map != nil {
		if err := b.Map.addHeatMap(p); err != nil {
			return nil, err
		}
	}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.ThumbnailWidth = vg.Points(20)
	p.Legend.Padding = vg.Points(1)

	if b.Map != nil && !b.Map.NoContour {
		if err := b.Map.addContour(p); err != nil {
			return nil, err
		}
	}
	for _, l := range b.Lines {
		seg, ok := clip(l.Normal, l.Offset, b.XMin, b.XMax, b.YMin, b.YMax)
		label := l.Label
		if !ok {
			label += " (outside the plotted area)"
		}
		line, err := plotter.NewLine(seg)
		if err != nil {
			return nil, fmt.Errorf("line %q: %w", l.Label, err)
		}
		line.Color = l.Color
		line.Width = l.Width
		if line.Width == 0 {
			line.Width = vg.Points(2)
		}
		line.Dashes = l.Dashes
		if ok {
			p.Add(line)
		}
		if !l.NoLegend {
			p.Legend.Add(label, line)
		}
	}
	shapes := [2]draw.GlyphDrawer{draw.CircleGlyph{}, draw.PyramidGlyph{}}
	colors := [2]color.Color{Blue, Orange}
	for class := 0; class < 2; class++ {
		var pts plotter.XYs
		for i, v := range b.Y {
			if int(v) == class {
				pts = append(pts, plotter.XY{X: b.X[i][0], Y: b.X[i][1]})
			}
		}
		if len(pts) == 0 {
			continue
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("points: %w", err)
		}
		s.Shape = shapes[class]
		s.Color = colors[class]
		s.Radius = pointRadius(len(pts))
		p.Add(s)
		label := fmt.Sprintf("y = %d", class)
		if b.Classes[class] != "" && b.Classes[class] != fmt.Sprint(class) {
			label += " (" + b.Classes[class] + ")"
		}
		p.Legend.Add(label, s)
	}
	return p, nil
}

// layout returns the size of p's plot part (see render) and whether its
// legend goes below it: Size high and as wide as an equal aspect ratio needs
// (see Boundary), scaled up until the title and a legend below fit across.
func (b *Boundary) layout(p *plot.Plot) (w, h vg.Length, below bool) {
	ratio := (b.XMax - b.XMin) / (b.YMax - b.YMin)
	ratio = math.Min(math.Max(ratio, MinAspect), MaxAspect)
	w, h = equalAspect(p, Size, ratio)
	w, h = fitWidth(p, w, h, ratio, titleWidth(p))
	below = b.LegendBelow || b.legendCovers(p, w, h)
	if below {
		lw, _ := legendSize(&p.Legend)
		w, h = fitWidth(p, w, h, ratio, lw+3*legendGap)
	}
	return w, h, below
}

// legendCovers reports whether p's legend, drawn over the data of a w × h
// figure, would not fit in the data area or would cover one of b's points.
func (b *Boundary) legendCovers(p *plot.Plot, w, h vg.Length) bool {
	c := draw.New(vgimg.New(w, h))
	da := p.DataCanvas(c)
	r := insideLegendRect(p, c)
	if r.Min.X < da.Min.X || r.Min.Y < da.Min.Y {
		return true
	}
	rad := pointRadius(0) // the larger glyph
	for _, x := range b.X {
		px, py := da.X(p.X.Norm(x[0])), da.Y(p.Y.Norm(x[1]))
		if px > r.Min.X-rad && px < r.Max.X+rad && py > r.Min.Y-rad && py < r.Max.Y+rad {
			return true
		}
	}
	return false
}

// pointRadius is the radius of the points' glyphs in a figure of one class
// with n points.
func pointRadius(n int) vg.Length {
	if n > 50 {
		return vg.Points(2.5)
	}
	return vg.Points(5)
}

// equalAspect returns a canvas size of the given height whose data area has
// width/height equal to ratio (the data ranges' ratio), so one unit has the
// same length on both axes.
func equalAspect(p *plot.Plot, height vg.Length, ratio float64) (vg.Length, vg.Length) {
	width := vg.Length(float64(height) * ratio)
	for i := 0; i < 3; i++ {
		c := draw.New(vgimg.New(width, height))
		da := p.DataCanvas(c)
		dw, dh := da.Max.X-da.Min.X, da.Max.Y-da.Min.Y
		width += vg.Length(float64(dh)*ratio) - dw
	}
	return width, height
}

// clip returns the segment of the line n·x + c = 0 inside the box, and false
// when the line misses the box or is undefined (n = 0).
func clip(n [2]float64, c, xmin, xmax, ymin, ymax float64) (plotter.XYs, bool) {
	var pts plotter.XYs
	add := func(x, y float64) {
		const eps = 1e-12
		if x < xmin-eps || x > xmax+eps || y < ymin-eps || y > ymax+eps || math.IsNaN(x) || math.IsNaN(y) {
			return
		}
		pts = append(pts, plotter.XY{X: x, Y: y})
	}
	if n[1] != 0 {
		add(xmin, -(c+n[0]*xmin)/n[1])
		add(xmax, -(c+n[0]*xmax)/n[1])
	}
	if n[0] != 0 {
		add(-(c+n[1]*ymin)/n[0], ymin)
		add(-(c+n[1]*ymax)/n[0], ymax)
	}
	if len(pts) < 2 {
		return plotter.XYs{{X: xmin, Y: ymin}, {X: xmin, Y: ymin}}, false
	}
	// The two points farthest apart are the segment's ends.
	var best [2]int
	bestD := -1.0
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			d := math.Hypot(pts[i].X-pts[j].X, pts[i].Y-pts[j].Y)
			if d > bestD {
				bestD, best = d, [2]int{i, j}
			}
		}
	}
	return plotter.XYs{pts[best[0]], pts[best[1]]}, true
}

// Dashes is the dash pattern of a reference line.
var Dashes = []vg.Length{vg.Points(6), vg.Points(3)}

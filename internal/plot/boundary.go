package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Line is a linear decision boundary Normal·x + Offset = 0 in the plotted
// plane (Normal has two values: the coefficients of the horizontal and the
// vertical axis); its positive side, Normal·x + Offset > 0, is where the
// model predicts y = 1.
type Line struct {
	Label  string
	Normal [2]float64
	Offset float64
	Color  color.Color
	Dashes []vg.Length
	Width  vg.Length
	// NoLegend leaves the line out of the legend (and without an arrow).
	NoLegend bool
	// NoArrow leaves out the arrow toward the line's positive side.
	NoArrow bool
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
	// (for figures with many lines). Without it the legend is drawn on a
	// white box in the first corner of the data area (top right, top left,
	// bottom right, bottom left) where it covers no point, line, arrow or
	// contour, and goes below when there is none. A figure is scaled up
	// (keeping its aspect ratio) until its title, and a legend below, fit
	// across it, up to MaxWidth (see Size).
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

// Size is the height of a figure's plot part; boundary figures are as wide
// as needed for an equal aspect ratio, wider (keeping the ratio) for their
// title and a legend below, but never wider than MaxWidth: longer text is
// shortened with an ellipsis, so no text makes a figure larger.
const (
	Size     = 5 * vg.Inch
	MaxWidth = 9 * vg.Inch
)

// colorBarWidth is the width of the strip right of a figure with a
// probability map that holds its colour scale.
const colorBarWidth = 0.85 * vg.Inch

// Render writes the figure to w in format (one of Formats). Each line
// with a legend entry, unless NoArrow, gets an arrow from the middle part
// of its visible segment toward its positive side (Normal·x + Offset > 0,
// where the model predicts y = 1), and the legend says so. It returns an
// error for an unknown format, a probability map whose sizes disagree or
// whose values lie outside [0, 1], or when writing to w fails.
func (b *Boundary) Render(w io.Writer, format string) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	return safely("boundary figure", func() error {
		p, shortened, err := b.plot()
		if err != nil {
			return fmt.Errorf("boundary figure: %w", err)
		}
		lay := b.layout(p, shortened)
		var side vg.Length
		var drawSide func(strip, data draw.Canvas)
		if b.Map != nil {
			side, drawSide = colorBarWidth, drawColorBar
		}
		wt, err := render(p, lay.w, lay.h, format, lay.place, side, drawSide)
		if err != nil {
			return fmt.Errorf("boundary figure: %w", err)
		}
		_, err = wt.WriteTo(w)
		return err
	})
}

// segments returns the visible segment of each of b's lines (ok false
// when it misses the plotted box).
func (b *Boundary) segments() ([]plotter.XYs, []bool) {
	segs, oks := make([]plotter.XYs, len(b.Lines)), make([]bool, len(b.Lines))
	for i, l := range b.Lines {
		segs[i], oks[i] = clip(l.Normal, l.Offset, b.XMin, b.XMax, b.YMin, b.YMax)
	}
	return segs, oks
}

// arrowLines returns the indices of the lines that get an arrow: visible,
// with a legend entry, not NoArrow, and a nonzero normal.
func (b *Boundary) arrowLines() []int {
	segs, oks := b.segments()
	var out []int
	for i, l := range b.Lines {
		if oks[i] && !l.NoLegend && !l.NoArrow && len(segs[i]) == 2 {
			out = append(out, i)
		}
	}
	return out
}

// plot returns the figure's plot (without its size) and whether a text had
// to be shortened to fit MaxWidth.
func (b *Boundary) plot() (*plot.Plot, bool, error) {
	for _, v := range []float64{b.XMin, b.XMax, b.YMin, b.YMax} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false, fmt.Errorf("plotted box [%v, %v] × [%v, %v] is not finite", b.XMin, b.XMax, b.YMin, b.YMax)
		}
	}
	if !(b.XMax > b.XMin && b.YMax > b.YMin) {
		return nil, false, fmt.Errorf("plotted box [%v, %v] × [%v, %v] is empty", b.XMin, b.XMax, b.YMin, b.YMax)
	}
	if len(b.X) != len(b.Y) {
		return nil, false, fmt.Errorf("%d points, %d labels", len(b.X), len(b.Y))
	}
	p := plot.New()
	shortened := false
	fit := func(sty text.Style, s string, maxW vg.Length) string {
		out := fitText(sty, s, maxW)
		shortened = shortened || out != s
		return out
	}
	p.Title.Text = fit(p.Title.TextStyle, b.Title, MaxWidth-2*legendGap)
	p.X.Label.Text = fit(p.X.Label.TextStyle, b.XLabel, MaxWidth/2)
	p.Y.Label.Text = fit(p.Y.Label.TextStyle, b.YLabel, Size*3/4)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = b.XMin, b.XMax, b.YMin, b.YMax
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
	if b.Map != nil {
		if err := b.Map.addHeatMap(p); err != nil {
			return nil, false, err
		}
	}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.ThumbnailWidth = vg.Points(20)
	p.Legend.Padding = vg.Points(1)
	// Legend text is at most this wide: a legend below then fits across
	// a figure MaxWidth wide.
	label := func(s string) string {
		return fit(p.Legend.TextStyle, s, MaxWidth-p.Legend.ThumbnailWidth-4*legendGap)
	}

	if b.Map != nil && !b.Map.NoContour {
		if err := b.Map.addContour(p, label); err != nil {
			return nil, false, err
		}
	}
	segs, oks := b.segments()
	for i, l := range b.Lines {
		seg, ok := segs[i], oks[i]
		text := l.Label
		if !ok {
			text += " (outside the plotted area)"
		}
		line, err := plotter.NewLine(seg)
		if err != nil {
			return nil, false, fmt.Errorf("line %q: %w", l.Label, err)
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
			p.Legend.Add(label(text), line)
		}
	}
	if arrows := b.arrowLines(); len(arrows) > 0 {
		p.Add(&arrowPlotter{b: b, lines: arrows})
		text := "arrow: the side a model calls y = 1"
		if b.Classes[1] != "" && b.Classes[1] != "1" {
			text += " (" + b.Classes[1] + ")"
		}
		p.Legend.Add(label(text), arrowThumb{})
	}
	for class := 0; class < 2; class++ {
		var pts plotter.XYs
		for i, v := range b.Y {
			if int(v) == class && v == float64(class) {
				pts = append(pts, plotter.XY{X: b.X[i][0], Y: b.X[i][1]})
			}
		}
		if len(pts) == 0 {
			continue
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, false, fmt.Errorf("points: %w", err)
		}
		s.GlyphStyle = classGlyph(class, pointRadius(len(pts)))
		p.Add(s)
		text := fmt.Sprintf("y = %d", class)
		if b.Classes[class] != "" && b.Classes[class] != fmt.Sprint(class) {
			text += " (" + b.Classes[class] + ")"
		}
		// The legend's marker is smaller than the data's, on the legend's
		// box, so that it does not read as a data point.
		p.Legend.Add(label(text), glyphThumb(classGlyph(class, legendRadius)))
	}
	return p, shortened, nil
}

// legendRadius is the radius of the class markers in the legend.
var legendRadius = vg.Points(3.5)

// classGlyph is the marker of class 0 (a blue disc) or 1 (an orange
// triangle) of the given radius, outlined in dark grey so that it stands
// out on a probability map of its own colour.
func classGlyph(class int, r vg.Length) draw.GlyphStyle {
	if class == 0 {
		return draw.GlyphStyle{Color: Blue, Radius: r, Shape: outlined{draw.CircleGlyph{}, draw.RingGlyph{}}}
	}
	return draw.GlyphStyle{Color: Orange, Radius: r, Shape: outlined{draw.PyramidGlyph{}, draw.TriangleGlyph{}}}
}

// markerEdge is the colour of the markers' outline.
var markerEdge = color.Gray{40}

// outlined draws a filled glyph in the style's colour and an outline of
// it in markerEdge.
type outlined struct{ fill, edge draw.GlyphDrawer }

func (o outlined) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	o.fill.DrawGlyph(c, sty, pt)
	o.edge.DrawGlyph(c, draw.GlyphStyle{Color: markerEdge, Radius: sty.Radius, Shape: o.edge}, pt)
}

// glyphThumb is a legend thumbnail: one glyph at the centre.
type glyphThumb draw.GlyphStyle

func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(draw.GlyphStyle(g), c.Center()) }

// layoutInfo is the size of a boundary figure's plot part and where its
// legend goes.
type layoutInfo struct {
	w, h  vg.Length
	place legendPlace
}

// layout returns the size of p's plot part (see render) and where its
// legend goes: Size high and as wide as an equal aspect ratio needs (see
// Boundary), scaled up until the title and a legend below fit across, up
// to MaxWidth; the legend over the data in the first corner (top right,
// top left, bottom right, bottom left) where it covers no point, line or
// arrow, else below. The title and axis labels are shortened to fit.
func (b *Boundary) layout(p *plot.Plot, shortened bool) layoutInfo {
	ratio := (b.XMax - b.XMin) / (b.YMax - b.YMin)
	ratio = math.Min(math.Max(ratio, MinAspect), MaxAspect)
	w, h := equalAspect(p, Size, ratio)
	need := min(titleWidth(p), MaxWidth)
	if shortened {
		// Text was cut to fit MaxWidth: the figure is that wide, whatever
		// the length of the text, so that its size does not depend on it.
		need = MaxWidth
	}
	w, h = fitWidth(p, w, h, ratio, need)
	lay := layoutInfo{w: w, h: h, place: legendPlace{below: true}}
	if !b.LegendBelow {
		for _, pl := range corners {
			if !b.legendCovers(p, w, h, pl) {
				lay.place = pl
				break
			}
		}
	}
	if lay.place.below {
		lw, _ := legendSize(&p.Legend)
		lay.w, lay.h = fitWidth(p, w, h, ratio, min(lw+3*legendGap, MaxWidth))
	}
	// fitWidth's steps may overshoot: bring the width back to MaxWidth.
	for i := 0; i < 4 && lay.w > MaxWidth; i++ {
		lay.w, lay.h = equalAspect(p, vg.Length(float64(lay.h)*float64(MaxWidth)/float64(lay.w)), ratio)
	}
	lay.w = min(lay.w, MaxWidth)
	p.Title.Text = fitText(p.Title.TextStyle, p.Title.Text, lay.w-2*legendGap)
	da := p.DataCanvas(draw.New(vgimg.New(lay.w, lay.h)))
	p.X.Label.Text = fitText(p.X.Label.TextStyle, p.X.Label.Text, da.Max.X-da.Min.X)
	p.Y.Label.Text = fitText(p.Y.Label.TextStyle, p.Y.Label.Text, da.Max.Y-da.Min.Y)
	return lay
}

// legendCovers reports whether p's legend, drawn over the data of a w × h
// figure in the given corner, would not fit in the data area or would
// cover one of b's points, visible lines or arrows.
func (b *Boundary) legendCovers(p *plot.Plot, w, h vg.Length, place legendPlace) bool {
	c := draw.New(vgimg.New(w, h))
	da := p.DataCanvas(c)
	r := legendRect(&p.Legend, c, p, place)
	if r.Min.X < da.Min.X || r.Min.Y < da.Min.Y || r.Max.X > da.Max.X || r.Max.Y > da.Max.Y {
		return true
	}
	// The box and a margin around it.
	m := legendPad + vg.Points(2)
	r = vg.Rectangle{Min: vg.Point{X: r.Min.X - m, Y: r.Min.Y - m}, Max: vg.Point{X: r.Max.X + m, Y: r.Max.Y + m}}
	rad := pointRadius(0) // the larger glyph
	toCanvas := func(x, y float64) vg.Point {
		return vg.Point{X: da.X(p.X.Norm(x)), Y: da.Y(p.Y.Norm(y))}
	}
	for _, x := range b.X {
		pt := toCanvas(x[0], x[1])
		if pt.X > r.Min.X-rad && pt.X < r.Max.X+rad && pt.Y > r.Min.Y-rad && pt.Y < r.Max.Y+rad {
			return true
		}
	}
	segs, oks := b.segments()
	for i := range b.Lines {
		if oks[i] && segmentHitsRect(toCanvas(segs[i][0].X, segs[i][0].Y), toCanvas(segs[i][1].X, segs[i][1].Y), r) {
			return true
		}
	}
	for _, i := range b.arrowLines() {
		base, tip := b.arrow(i, len(b.arrowLines()), p, da)
		if segmentHitsRect(base, tip, r) {
			return true
		}
	}
	if b.Map != nil && !b.Map.NoContour {
		// The contour: any grid cell whose corners straddle 0.5.
		m := b.Map
		for r0 := 0; r0+1 < len(m.Ys); r0++ {
			for c0 := 0; c0+1 < len(m.Xs); c0++ {
				lo, hi := math.Inf(1), math.Inf(-1)
				for _, v := range []float64{m.Z(c0, r0), m.Z(c0+1, r0), m.Z(c0, r0+1), m.Z(c0+1, r0+1)} {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
				if lo <= 0.5 && hi >= 0.5 && segmentHitsRect(toCanvas(m.Xs[c0], m.Ys[r0]), toCanvas(m.Xs[c0+1], m.Ys[r0+1]), r) {
					return true
				}
			}
		}
	}
	return false
}

// segmentHitsRect reports whether the segment from a to b meets r
// (Liang–Barsky clipping).
func segmentHitsRect(a, b vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(a.X - r.Min.X)}, {dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)}, {dy, float64(r.Max.Y - a.Y)},
	} {
		pp, q := e[0], e[1]
		if pp == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / pp
		if pp < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// arrowLength is the length of a positive-side arrow.
var arrowLength = vg.Points(16)

// arrow returns the base and tip, on the data area da of plot p, of the
// arrow of line i, one of n arrowed lines (see arrowLines): the base on the
// line's visible segment, in its middle part (the k-th arrowed line's at
// 0.3 + 0.4·(k + ½)/n of the way along, so that the arrows of nearby lines
// do not overlap), the tip arrowLength toward the positive side,
// perpendicular to the line as drawn.
func (b *Boundary) arrow(i, n int, p *plot.Plot, da draw.Canvas) (base, tip vg.Point) {
	k := slices.Index(b.arrowLines(), i)
	seg, _ := clip(b.Lines[i].Normal, b.Lines[i].Offset, b.XMin, b.XMax, b.YMin, b.YMax)
	toCanvas := func(x, y float64) vg.Point {
		return vg.Point{X: da.X(p.X.Norm(x)), Y: da.Y(p.Y.Norm(y))}
	}
	// Canvas length per data unit on each axis; the line n·x + c = 0 has
	// the normal (n₀/sx, n₁/sy) on the canvas.
	sx := float64(da.Max.X-da.Min.X) / (b.XMax - b.XMin)
	sy := float64(da.Max.Y-da.Min.Y) / (b.YMax - b.YMin)
	nx, ny := b.Lines[i].Normal[0]/sx, b.Lines[i].Normal[1]/sy
	norm := math.Hypot(nx, ny)
	at := func(t float64) (vg.Point, vg.Point) {
		base := toCanvas(seg[0].X+t*(seg[1].X-seg[0].X), seg[0].Y+t*(seg[1].Y-seg[0].Y))
		if norm == 0 || math.IsNaN(norm) || math.IsInf(norm, 0) {
			return base, base
		}
		return base, vg.Point{X: base.X + arrowLength*vg.Length(nx/norm), Y: base.Y + arrowLength*vg.Length(ny/norm)}
	}
	// The preferred place, else the nearest one (in steps of 5 % of the
	// segment, up to 20 % from either end) where no point is near the
	// arrow.
	pts := make([]vg.Point, 0, min(len(b.X), 5000))
	for _, x := range b.X[:min(len(b.X), 5000)] {
		pts = append(pts, toCanvas(x[0], x[1]))
	}
	clear := pointRadius(0) + vg.Points(6)
	t0 := 0.3 + 0.4*(float64(k)+0.5)/float64(n)
	for j := 0; j <= 24; j++ {
		t := t0 + float64((j+1)/2)*0.05*float64(1-2*(j%2))
		if t < 0.2 || t > 0.8 {
			continue
		}
		base, tip := at(t)
		ok := true
		for _, q := range pts {
			if distToSegment(q, base, tip) < clear {
				ok = false
				break
			}
		}
		if ok {
			return base, tip
		}
	}
	return at(t0)
}

// distToSegment returns the distance from q to the segment from a to b.
func distToSegment(q, a, b vg.Point) vg.Length {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, (float64(q.X-a.X)*dx+float64(q.Y-a.Y)*dy)/l2))
	}
	return vg.Length(math.Hypot(float64(q.X-a.X)-t*dx, float64(q.Y-a.Y)-t*dy))
}

// arrowPlotter draws the positive-side arrows of b's lines.
type arrowPlotter struct {
	b     *Boundary
	lines []int
}

func (a *arrowPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	for _, i := range a.lines {
		base, tip := a.b.arrow(i, len(a.lines), p, c)
		col := a.b.Lines[i].Color
		if col == nil {
			col = color.Black
		}
		drawArrow(&c, base, tip, col)
	}
}

// drawArrow draws an arrow from base to tip in col: a 1.5-point shaft and
// a filled head.
func drawArrow(c *draw.Canvas, base, tip vg.Point, col color.Color) {
	dx, dy := float64(tip.X-base.X), float64(tip.Y-base.Y)
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	ux, uy := dx/l, dy/l
	head, half := vg.Points(6), vg.Points(3.5)
	neck := vg.Point{X: tip.X - head*vg.Length(ux), Y: tip.Y - head*vg.Length(uy)}
	c.StrokeLine2(draw.LineStyle{Color: col, Width: vg.Points(1.5)}, base.X, base.Y, neck.X, neck.Y)
	var path vg.Path
	path.Move(tip)
	path.Line(vg.Point{X: neck.X - half*vg.Length(uy), Y: neck.Y + half*vg.Length(ux)})
	path.Line(vg.Point{X: neck.X + half*vg.Length(uy), Y: neck.Y - half*vg.Length(ux)})
	path.Close()
	c.SetColor(col)
	c.Fill(path)
}

// arrowThumb is the legend thumbnail of the arrows: a grey arrow.
type arrowThumb struct{}

func (arrowThumb) Thumbnail(c *draw.Canvas) {
	mid := c.Center()
	drawArrow(c, vg.Point{X: c.Min.X + vg.Points(2), Y: mid.Y}, vg.Point{X: c.Max.X - vg.Points(2), Y: mid.Y}, Grey)
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

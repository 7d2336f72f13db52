package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// ClassColors are the colours of classes 0, 1, 2, … in k-class figures
// (Okabe–Ito, colour-blind safe; they repeat after eight).
var ClassColors = []color.RGBA{
	Blue, Orange, Green, Vermilion, Purple,
	{86, 180, 233, 255}, {240, 228, 66, 255}, {0, 0, 0, 255},
}

// ClassColor returns the colour of class c.
func ClassColor(c int) color.RGBA { return ClassColors[c%len(ClassColors)] }

// ClassTint returns the light tint of class c's colour that ClassMap
// fills the cells predicted as class c with: 30 % of the colour on white.
func ClassTint(c int) color.RGBA {
	col := ClassColor(c)
	mix := func(v uint8) uint8 { return uint8(math.Round(0.3*float64(v) + 0.7*255)) }
	return color.RGBA{mix(col.R), mix(col.G), mix(col.B), 255}
}

// classShapes are the points' glyphs, by class.
var classShapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{},
	draw.CrossGlyph{}, draw.PlusGlyph{}, draw.RingGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}}

// ClassBoundaries are the class boundaries of a linear k-class model in
// the plotted plane: class c's logit is W[c]·(x, y) + B[c], and the
// boundary between classes a and b is drawn where their logits are equal
// and at least every other class's (the edges of the argmax regions).
type ClassBoundaries struct {
	Label  string
	W      [][2]float64
	B      []float64
	Color  color.Color
	Dashes []vg.Length
	Width  vg.Length
}

// ClassPanel is one panel of a ClassMap: a model's predicted class on a
// Cols × Rows grid of cells over the plotted box (Grid[r·Cols + c] is the
// cell of column c from XMin and row r from YMin, as
// explain.PlaneGrid.Points orders them), drawn in light tints, with class
// boundaries over it.
type ClassPanel struct {
	Title      string
	Cols, Rows int
	Grid       []int
	Boundaries []ClassBoundaries
}

// ClassMap is a figure of k-class predictions: panels side by side over
// the same plane, each the plane coloured by one model's predicted class,
// with class boundaries and the points by class (colour and glyph), and one
// legend below.
type ClassMap struct {
	// Title is drawn above the panels.
	Title          string
	XLabel, YLabel string
	// Classes names the k classes; X holds the points' coordinates and Y
	// their classes (0 … k − 1).
	Classes []string
	X       [][2]float64
	Y       []int
	Panels  []ClassPanel
	// XMin … YMax is the plotted box, the grid's too.
	XMin, XMax, YMin, YMax float64
}

// ClassMapPanelHeight is the height of a ClassMap's panels.
const ClassMapPanelHeight = 4.2 * vg.Inch

// Render draws the figure in format (png, svg or pdf) to w. It returns an
// error for an unknown format, no panel, a grid whose size is not
// Cols × Rows or holds a class outside the k classes, an empty box, or
// boundaries with other than k classes.
func (m *ClassMap) Render(w io.Writer, format string) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	if err := m.check(); err != nil {
		return fmt.Errorf("class figure: %w", err)
	}
	return safely("class figure", func() error {
		plots := make([]*plot.Plot, len(m.Panels))
		for i := range m.Panels {
			p, err := m.panel(i)
			if err != nil {
				return fmt.Errorf("class figure: %w", err)
			}
			plots[i] = p
		}
		ratio := math.Min(math.Max((m.XMax-m.XMin)/(m.YMax-m.YMin), MinAspect), MaxAspect)
		h := ClassMapPanelHeight
		pw := panelWidth(plots[0], h, ratio)
		legend := m.legend()
		_, lh := legendSize(&legend)
		title := plot.New().Title.TextStyle
		title.XAlign, title.YAlign = draw.XCenter, draw.YTop
		titleH := title.Height(m.Title) + 2*legendGap
		total := pw * vg.Length(len(plots))
		lw, _ := legendSize(&legend)
		total = max(total, lw+4*legendGap, title.Width(m.Title)+4*legendGap)
		legH := lh + 2*legendGap
		c, err := newCanvas(total, h+legH+titleH, format)
		if err != nil {
			return fmt.Errorf("class figure: %w", err)
		}
		dc := draw.New(c)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
		dc.FillText(title, vg.Point{X: total / 2, Y: h + legH + titleH - legendGap}, m.Title)
		for i, p := range plots {
			x0 := vg.Length(i) * pw
			part := draw.Crop(dc, x0, x0+pw-total, legH, -titleH)
			p.Draw(part)
		}
		legend.Top, legend.Left = true, true
		legend.Draw(draw.Crop(dc, 2*legendGap, 0, legendGap, -h-titleH-legendGap))
		_, err = c.WriteTo(w)
		return err
	})
}

// panelWidth returns the width of a panel h high whose data area has
// width/height ratio.
func panelWidth(p *plot.Plot, h vg.Length, ratio float64) vg.Length {
	w := vg.Length(float64(h) * ratio)
	for i := 0; i < 3; i++ {
		c := draw.New(vgimg.New(w, h))
		da := p.DataCanvas(c)
		w += vg.Length(float64(da.Max.Y-da.Min.Y)*ratio) - (da.Max.X - da.Min.X)
	}
	return w
}

func (m *ClassMap) check() error {
	k := len(m.Classes)
	switch {
	case len(m.Panels) == 0:
		return fmt.Errorf("no panel")
	case k < 2:
		return fmt.Errorf("%d classes", k)
	case !(m.XMin < m.XMax) || !(m.YMin < m.YMax):
		return fmt.Errorf("box [%g, %g] × [%g, %g] is empty", m.XMin, m.XMax, m.YMin, m.YMax)
	case len(m.X) != len(m.Y):
		return fmt.Errorf("%d points and %d classes", len(m.X), len(m.Y))
	}
	for _, y := range m.Y {
		if y < 0 || y >= k {
			return fmt.Errorf("point class %d of %d", y, k)
		}
	}
	for _, pn := range m.Panels {
		if pn.Cols < 1 || pn.Rows < 1 || len(pn.Grid) != pn.Cols*pn.Rows {
			return fmt.Errorf("panel %q: %d cells for %d × %d", pn.Title, len(pn.Grid), pn.Cols, pn.Rows)
		}
		for _, c := range pn.Grid {
			if c < 0 || c >= k {
				return fmt.Errorf("panel %q: class %d of %d", pn.Title, c, k)
			}
		}
		for _, b := range pn.Boundaries {
			if len(b.W) != k || len(b.B) != k {
				return fmt.Errorf("panel %q: boundaries %q of %d classes, want %d", pn.Title, b.Label, len(b.W), k)
			}
		}
	}
	return nil
}

// panel builds panel i's plot: the tinted grid, its boundaries, the
// points.
func (m *ClassMap) panel(i int) (*plot.Plot, error) {
	pn := m.Panels[i]
	p := plot.New()
	p.Title.Text = pn.Title
	p.X.Label.Text, p.Y.Label.Text = m.XLabel, m.YLabel
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = m.XMin, m.XMax, m.YMin, m.YMax
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
	p.Add(cells{pn: pn, xmin: m.XMin, xmax: m.XMax, ymin: m.YMin, ymax: m.YMax})
	for _, b := range pn.Boundaries {
		for _, seg := range classSegments(b, m.XMin, m.XMax, m.YMin, m.YMax) {
			l, err := plotter.NewLine(seg)
			if err != nil {
				return nil, fmt.Errorf("boundaries %q: %w", b.Label, err)
			}
			l.Color, l.Dashes, l.Width = b.Color, b.Dashes, b.Width
			if l.Width == 0 {
				l.Width = vg.Points(1.8)
			}
			p.Add(l)
		}
	}
	for c := range m.Classes {
		var pts plotter.XYs
		for j, y := range m.Y {
			if y == c {
				pts = append(pts, plotter.XY{X: m.X[j][0], Y: m.X[j][1]})
			}
		}
		if len(pts) == 0 {
			continue
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("points: %w", err)
		}
		s.GlyphStyle = classPointStyle(c, len(pts))
		p.Add(s)
	}
	return p, nil
}

// cells draws a panel's grid as rectangles of its classes' tints, one per
// run of equal cells along a row (crisp edges in every format, and few
// shapes).
type cells struct {
	pn                     ClassPanel
	xmin, xmax, ymin, ymax float64
}

func (g cells) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	pn := g.pn
	cw, ch := (g.xmax-g.xmin)/float64(pn.Cols), (g.ymax-g.ymin)/float64(pn.Rows)
	for r := 0; r < pn.Rows; r++ {
		y0, y1 := trY(g.ymin+float64(r)*ch), trY(g.ymin+float64(r+1)*ch)
		for start := 0; start < pn.Cols; {
			class := pn.Grid[r*pn.Cols+start]
			end := start + 1
			for end < pn.Cols && pn.Grid[r*pn.Cols+end] == class {
				end++
			}
			x0, x1 := trX(g.xmin+float64(start)*cw), trX(g.xmin+float64(end)*cw)
			rect := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
			// A quarter point of overlap hides the seams between rectangles
			// (FillPolygon clips to the data area).
			grow := vg.Points(0.25)
			rect.Min.X, rect.Min.Y, rect.Max.X, rect.Max.Y = rect.Min.X-grow, rect.Min.Y-grow, rect.Max.X+grow, rect.Max.Y+grow
			c.FillPolygon(ClassTint(class), []vg.Point{rect.Min, {X: rect.Max.X, Y: rect.Min.Y}, rect.Max, {X: rect.Min.X, Y: rect.Max.Y}})
			start = end
		}
	}
}

// classPointStyle is class c's glyph, outlined in dark grey.
func classPointStyle(c, n int) draw.GlyphStyle {
	r := vg.Points(3)
	if n > 50 {
		r = vg.Points(2.5)
	}
	return draw.GlyphStyle{Color: ClassColor(c), Radius: r, Shape: edged{classShapes[c%len(classShapes)]}}
}

// edged draws a glyph in its colour with a thin dark outline (the filled
// shapes) so that points stand out on their own class's tint.
type edged struct{ shape draw.GlyphDrawer }

func (e edged) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	e.shape.DrawGlyph(c, sty, pt)
	var edge draw.GlyphDrawer
	switch e.shape.(type) {
	case draw.CircleGlyph:
		edge = draw.RingGlyph{}
	case draw.PyramidGlyph:
		edge = draw.TriangleGlyph{}
	case draw.BoxGlyph:
		edge = draw.SquareGlyph{}
	default:
		return
	}
	edge.DrawGlyph(c, draw.GlyphStyle{Color: color.Gray{40}, Radius: sty.Radius, Shape: edge}, pt)
}

type classThumb draw.GlyphStyle

func (g classThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(draw.GlyphStyle(g), c.Center()) }

type tintThumb struct{ col color.Color }

func (t tintThumb) Thumbnail(c *draw.Canvas) {
	c.SetColor(t.col)
	c.Fill(c.Rectangle.Path())
}

type lineThumb struct{ sty draw.LineStyle }

func (l lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.sty, c.Min.X, y, c.Max.X, y)
}

// legend lists the classes (glyph and tint) and the boundaries.
func (m *ClassMap) legend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font.Size = vg.Points(9)
	l.ThumbnailWidth = vg.Points(20)
	for c, name := range m.Classes {
		l.Add(fmt.Sprintf("%s (class %d): its points; tint where predicted", name, c),
			tintThumb{ClassTint(c)}, classThumb(classPointStyle(c, 0)))
	}
	seen := map[string]bool{}
	for _, pn := range m.Panels {
		for _, b := range pn.Boundaries {
			if seen[b.Label] {
				continue
			}
			seen[b.Label] = true
			w := b.Width
			if w == 0 {
				w = vg.Points(1.8)
			}
			l.Add(b.Label, lineThumb{draw.LineStyle{Color: b.Color, Width: w, Dashes: b.Dashes}})
		}
	}
	return l
}

// classSegments returns the visible edges of the argmax regions of the
// linear model b inside the box: for every pair of classes, the part of
// the line where their logits are equal that lies in the box and where
// no other class's logit is larger.
func classSegments(b ClassBoundaries, xmin, xmax, ymin, ymax float64) []plotter.XYs {
	k := len(b.W)
	logit := func(c int, x, y float64) float64 { return b.W[c][0]*x + b.W[c][1]*y + b.B[c] }
	var out []plotter.XYs
	for a := 0; a < k; a++ {
		for c := a + 1; c < k; c++ {
			n := [2]float64{b.W[a][0] - b.W[c][0], b.W[a][1] - b.W[c][1]}
			off := b.B[a] - b.B[c]
			p0, p1, ok := boxChord(n, off, xmin, xmax, ymin, ymax)
			if !ok {
				continue
			}
			// Keep t ∈ [lo, hi] of p0 + t·(p1 − p0) where z_a ≥ z_e for
			// every other class e (z_a = z_c on the line).
			lo, hi := 0.0, 1.0
			for e := 0; e < k && lo < hi; e++ {
				if e == a || e == c {
					continue
				}
				f0 := logit(a, p0[0], p0[1]) - logit(e, p0[0], p0[1])
				f1 := logit(a, p1[0], p1[1]) - logit(e, p1[0], p1[1])
				// f(t) = f0 + t·(f1 − f0) ≥ 0.
				switch df := f1 - f0; {
				case df == 0 && f0 < 0:
					lo, hi = 1, 0
				case df > 0:
					lo = math.Max(lo, -f0/df)
				case df < 0:
					hi = math.Min(hi, -f0/df)
				}
			}
			if hi-lo <= 1e-9 {
				continue
			}
			at := func(t float64) plotter.XY {
				return plotter.XY{X: p0[0] + t*(p1[0]-p0[0]), Y: p0[1] + t*(p1[1]-p0[1])}
			}
			out = append(out, plotter.XYs{at(lo), at(hi)})
		}
	}
	return out
}

// boxChord returns the two ends of the part of the line n·p + off = 0
// inside the box, and false when the line misses it or n is zero.
func boxChord(n [2]float64, off, xmin, xmax, ymin, ymax float64) ([2]float64, [2]float64, bool) {
	var pts [][2]float64
	add := func(x, y float64) {
		const eps = 1e-12
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) ||
			x < xmin-eps*(1+math.Abs(xmin)) || x > xmax+eps*(1+math.Abs(xmax)) ||
			y < ymin-eps*(1+math.Abs(ymin)) || y > ymax+eps*(1+math.Abs(ymax)) {
			return
		}
		pts = append(pts, [2]float64{x, y})
	}
	if n[1] != 0 {
		add(xmin, -(off+n[0]*xmin)/n[1])
		add(xmax, -(off+n[0]*xmax)/n[1])
	}
	if n[0] != 0 {
		add(-(off+n[1]*ymin)/n[0], ymin)
		add(-(off+n[1]*ymax)/n[0], ymax)
	}
	if len(pts) < 2 {
		return [2]float64{}, [2]float64{}, false
	}
	// The two points furthest apart (corners can appear twice).
	best, bi, bj := -1.0, 0, 1
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			if d := math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1]); d > best {
				best, bi, bj = d, i, j
			}
		}
	}
	if best <= 0 {
		return [2]float64{}, [2]float64{}, false
	}
	return pts[bi], pts[bj], true
}

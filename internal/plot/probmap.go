package plot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ProbabilityMap is a model's probability P(y = 1) on a regular grid of the
// plotted plane, drawn as a heat map behind the points (light blue at 0,
// white at 0.5, light orange at 1, the classes' colours) with its p = 0.5
// contour, the model's decision boundary, as a line.
type ProbabilityMap struct {
	// Xs holds the Cols horizontal coordinates of the cell centres, and Ys
	// the Rows vertical ones, each increasing and evenly spaced.
	Xs, Ys []float64
	// P holds the Rows × Cols probabilities, row-major: P[r*Cols+c] at
	// (Xs[c], Ys[r]).
	P []float64
	// Label names the p = 0.5 contour in the legend; Color and Dashes are its
	// line's.
	Label  string
	Color  color.Color
	Dashes []vg.Length
	// NoContour draws the heat map only (for a model whose boundary is
	// drawn as a Line).
	NoContour bool
}

// Dims returns the grid's columns and rows (plotter.GridXYZ).
func (m *ProbabilityMap) Dims() (c, r int) { return len(m.Xs), len(m.Ys) }

// Z returns the probability of cell (c, r) (plotter.GridXYZ).
func (m *ProbabilityMap) Z(c, r int) float64 { return m.P[r*len(m.Xs)+c] }

// X returns the horizontal coordinate of column c (plotter.GridXYZ).
func (m *ProbabilityMap) X(c int) float64 { return m.Xs[c] }

// Y returns the vertical coordinate of row r (plotter.GridXYZ).
func (m *ProbabilityMap) Y(r int) float64 { return m.Ys[r] }

func (m *ProbabilityMap) check() error {
	if len(m.Xs) < 2 || len(m.Ys) < 2 || len(m.P) != len(m.Xs)*len(m.Ys) {
		return fmt.Errorf("probability map: %d × %d cells with %d values", len(m.Xs), len(m.Ys), len(m.P))
	}
	for _, p := range m.P {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("probability map: value %v outside [0, 1]", p)
		}
	}
	return nil
}

// probabilityPalette runs from light blue (p = 0) through white (0.5) to
// light orange (1) in 101 steps.
type probabilityPalette struct{}

func (probabilityPalette) Colors() []color.Color {
	const steps = 101
	out := make([]color.Color, steps)
	light := func(c color.RGBA, t float64) color.Color {
		// t = 0: white; t = 1: the colour lightened halfway to white.
		mix := func(v uint8) uint8 { return uint8(math.Round(255 - t*0.5*(255-float64(v)))) }
		return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255}
	}
	for i := range out {
		p := float64(i) / (steps - 1)
		if p < 0.5 {
			out[i] = light(Blue, (0.5-p)*2)
		} else {
			out[i] = light(Orange, (p-0.5)*2)
		}
	}
	return out
}

// addHeatMap adds the heat map to p.
func (m *ProbabilityMap) addHeatMap(p *plot.Plot) error {
	if err := m.check(); err != nil {
		return err
	}
	h := plotter.NewHeatMap(m, probabilityPalette{})
	h.Min, h.Max = 0, 1
	h.Rasterized = true
	p.Add(h)
	return nil
}

// addContour adds the p = 0.5 contour to p and its legend entry (its text
// passed through label).
func (m *ProbabilityMap) addContour(p *plot.Plot, label func(string) string) error {
	style := draw.LineStyle{Color: m.Color, Width: vg.Points(2), Dashes: m.Dashes}
	if style.Color == nil {
		style.Color = Vermilion
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range m.P {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	text := m.Label
	if !(lo < 0.5 && hi > 0.5) {
		text += " (outside the plotted area)"
	} else {
		c := plotter.NewContour(m, []float64{0.5}, nil)
		c.LineStyles = []draw.LineStyle{style}
		p.Add(c)
	}
	// A zero-length line gives the legend its thumbnail.
	thumb, err := plotter.NewLine(plotter.XYs{{X: m.Xs[0], Y: m.Ys[0]}, {X: m.Xs[0], Y: m.Ys[0]}})
	if err != nil {
		return err
	}
	thumb.LineStyle = style
	p.Legend.Add(label(text), thumb)
	return nil
}

// drawColorBar draws the colour scale of a probability map in strip, the
// bar as high as the plot's data area: P(y = 1) from 0 (bottom) to 1, ticks
// at 0, 0.25, 0.5, 0.75 and 1, the classes named at the ends.
func drawColorBar(strip, data draw.Canvas) {
	colors := probabilityPalette{}.Colors()
	x0 := strip.Min.X + vg.Points(8)
	x1 := x0 + vg.Points(12)
	y0, y1 := data.Min.Y, data.Max.Y
	n := len(colors)
	for i, col := range colors {
		lo := y0 + (y1-y0)*vg.Length(float64(i)/float64(n))
		hi := y0 + (y1-y0)*vg.Length(float64(i+1)/float64(n))
		r := vg.Rectangle{Min: vg.Point{X: x0, Y: lo}, Max: vg.Point{X: x1, Y: hi + vg.Points(0.3)}}
		strip.SetColor(col)
		strip.Fill(r.Path())
	}
	frame := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
	strip.SetLineStyle(draw.LineStyle{Color: color.Gray{90}, Width: vg.Points(0.5)})
	strip.Stroke(frame.Path())
	sty := plot.New().Y.Tick.Label
	sty.YAlign = draw.YCenter
	tick := draw.LineStyle{Color: color.Gray{90}, Width: vg.Points(0.5)}
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := y0 + (y1-y0)*vg.Length(v)
		strip.StrokeLine2(tick, x1, y, x1+vg.Points(3), y)
		strip.FillText(sty, vg.Point{X: x1 + vg.Points(5), Y: y}, fmt.Sprint(v))
	}
	title := sty
	title.Font.Size = vg.Points(10)
	title.XAlign, title.YAlign = draw.XLeft, draw.YBottom
	strip.FillText(title, vg.Point{X: x0 - vg.Points(4), Y: y1 + vg.Points(4)}, "P(y = 1)")
}

package plot

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// renderPNG renders fig as PNG in memory and decodes it.
func renderPNG(t *testing.T, fig Figure) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := fig.Render(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// namedBoundary is a boundary figure whose feature and class names are name.
func namedBoundary(name string) *Boundary {
	return &Boundary{
		Title:  "data: decision boundaries\nplane " + name + " × " + name,
		XLabel: name, YLabel: name,
		X: [][2]float64{{1, 1}, {2, 2}}, Y: []float64{0, 1}, Classes: [2]string{name, name + "2"},
		Lines: []Line{{Label: "network: 1·" + name + " + 1·" + name + " − 3 = 0", Normal: [2]float64{1, 1}, Offset: -3, Color: Vermilion}},
		XMin:  0, XMax: 3, YMin: 0, YMax: 3,
	}
}

// Long feature and class names do not grow a figure past MaxWidth (a
// figure 99 characters wide used to panic, and names of thousands of
// characters to take seconds and gigabytes): figures with names of 120 and
// of 20,000 characters have the same size, made in bounded time.
func TestLongNamesFixedSize(t *testing.T) {
	start := time.Now()
	sizes := map[int]image.Point{}
	for _, n := range []int{120, 20000} {
		name := strings.Repeat("feature_", n/8)
		p, shortened, err := namedBoundary(name).plot()
		if err != nil {
			t.Fatal(err)
		}
		if lw, _ := legendSize(&p.Legend); !shortened || lw > MaxWidth {
			t.Errorf("names of %d characters: legend %v wide (MaxWidth %v), shortened %v", n, lw, MaxWidth, shortened)
		}
		img := renderPNG(t, namedBoundary(name))
		sizes[n] = img.Bounds().Size()
		if w := img.Bounds().Dx(); float64(w) > MaxWidth.Dots(96)+1 {
			t.Errorf("names of %d characters: figure %d px wide, more than MaxWidth (%v px)", n, w, MaxWidth.Dots(96))
		}
		if h := img.Bounds().Dy(); float64(h) > 1.5*MaxWidth.Dots(96) {
			t.Errorf("names of %d characters: figure %d px high", n, h)
		}
		c := &Chart{Title: "loss of " + name, XLabel: name, YLabel: name,
			Series: []Series{{Label: name, X: []float64{1, 2}, Y: []float64{1, 2}, Color: Blue}}}
		if got, short := renderPNG(t, c).Bounds().Size(), renderPNG(t, &Chart{Title: "t", XLabel: "x", YLabel: "y",
			Series: []Series{{Label: "s", X: []float64{1, 2}, Y: []float64{1, 2}, Color: Blue}}}).Bounds().Size(); got != short {
			t.Errorf("chart with names of %d characters is %v, with short names %v", n, got, short)
		}
	}
	if sizes[120] != sizes[20000] {
		t.Errorf("figure with names of 120 characters is %v, of 20000 %v", sizes[120], sizes[20000])
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("long names took %v", d)
	}
}

func TestFitTextAndShortName(t *testing.T) {
	p, _, err := namedBoundary("x").plot()
	if err != nil {
		t.Fatal(err)
	}
	sty := p.Legend.TextStyle
	long := strings.Repeat("abc ", 200)
	got := fitText(sty, long+"\nshort", vg.Points(100))
	lines := strings.Split(got, "\n")
	if len(lines) != 2 || lines[1] != "short" || !strings.HasSuffix(lines[0], Ellipsis) || sty.Width(lines[0]) > vg.Points(100) {
		t.Errorf("fitText = %q (first line %v wide)", got, sty.Width(lines[0]))
	}
	if sty.Width(strings.TrimSuffix(lines[0], Ellipsis)+"abc"+Ellipsis) <= vg.Points(100) {
		t.Errorf("fitText cut %q more than needed", lines[0])
	}
	if s := ShortName("ééééé", 3); s != "éé…" || utf8.RuneCountInString(s) != 3 {
		t.Errorf("ShortName = %q", s)
	}
	if s := ShortName("abc", 3); s != "abc" {
		t.Errorf("ShortName = %q", s)
	}
}

// Learning rates near the ends of float64 on a log axis (nnlr sweep's
// figure) draw without a panic; values past them are left out.
func TestChartExtremeLogValues(t *testing.T) {
	for _, xs := range [][]float64{
		{1e200, 1e250, 1e300},
		{1e-300, 1e-250, 1e-200},
		{1e-300, 1e300},
		{5e299, 1e300},
		{1e-300, 2e-300},
		{math.MaxFloat64 / 2, math.MaxFloat64},
		{5e-324, 1e-310},
		{1e-306, 1e-305},
		{1e305, 1e306},
	} {
		lo, hi := xs[0], xs[len(xs)-1]
		ys := make([]float64, len(xs))
		for i := range ys {
			ys[i] = float64(10 * (i + 1))
		}
		c := &Chart{Title: "sweep", XLabel: "learning rate", YLabel: "epochs", LogX: true, LogY: true,
			Series: []Series{
				{Label: "sgd", X: xs, Y: ys, Color: Blue, Marker: draw.CircleGlyph{}},
				// The sweep's reference lines run from lo/2 to 2·hi.
				{Label: "max epochs", X: []float64{lo / 2, hi * 2}, Y: []float64{1e308, 1e308}, Color: Grey},
			},
			YTop: 1e308 * 1.5, YBottom: 1,
		}
		var buf bytes.Buffer
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("x %v: panic %v", xs, r)
				}
			}()
			return c.Render(&buf, "png")
		}()
		drawable := 0
		for _, x := range xs {
			if x >= minLogValue && x <= maxLogValue {
				drawable++
			}
		}
		if drawable > 0 && err != nil {
			t.Errorf("x %v: %v", xs, err)
		}
		if drawable == 0 && err == nil {
			t.Errorf("x %v: nothing drawable, no error", xs)
		}
	}
	// A boundary figure with a box that is not finite is an error.
	b := namedBoundary("x")
	b.XMax = math.Inf(1)
	if err := b.Render(&bytes.Buffer{}, "png"); err == nil {
		t.Error("infinite box drawn")
	}
	if err := b.Render(&bytes.Buffer{}, "gif"); err == nil || !strings.Contains(err.Error(), "format") {
		t.Errorf("unknown format: %v", err)
	}
}

// isColor reports whether c is within tol of want on each channel.
func isColor(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, w uint8) bool { return math.Abs(float64(int(a>>8)-int(w))) <= float64(tol) }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// The arrow of a line points to its positive side: with the vertical line
// x = 1.5 and normal (1, 0), the line's colour appears right of the line
// and not left of it; with normal (−1, 0), the other way round.
func TestArrowPointsToPositiveSide(t *testing.T) {
	magenta := color.RGBA{255, 0, 255, 255}
	for _, sign := range []float64{1, -1} {
		b := &Boundary{
			Title: "arrow", XLabel: "x", YLabel: "y",
			X: [][2]float64{{0.2, 0.2}}, Y: []float64{0},
			Lines: []Line{{Label: "l", Normal: [2]float64{sign, 0}, Offset: -1.5 * sign, Color: magenta}},
			XMin:  0, XMax: 3, YMin: 0, YMax: 3, LegendBelow: true,
		}
		p, _, err := b.plot()
		if err != nil {
			t.Fatal(err)
		}
		lay := b.layout(p, false)
		img := renderPNG(t, b)
		// Pixels of the line's colour per column, in the plot part
		// (above the legend).
		rows := int(lay.h.Dots(96))
		cols := map[int]int{}
		lineX, most := 0, 0
		for y := 0; y < rows; y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
				if isColor(img.At(x, y), magenta, 40) {
					cols[x]++
					if cols[x] > most {
						lineX, most = x, cols[x]
					}
				}
			}
		}
		left, right := 0, 0
		for x, n := range cols {
			switch {
			case x < lineX-4:
				left += n
			case x > lineX+4:
				right += n
			}
		}
		if sign > 0 && (right == 0 || left > 0) || sign < 0 && (left == 0 || right > 0) {
			t.Errorf("normal (%v, 0): %d arrow pixels left of the line, %d right", sign, left, right)
		}
	}
}

// A legend over the data has a box (its border drawn) and sits in a
// corner that no line crosses.
func TestLegendBoxClearOfLines(t *testing.T) {
	b := &Boundary{
		Title: "legend", XLabel: "x", YLabel: "y",
		X: [][2]float64{{1, 1}, {2, 2}}, Y: []float64{0, 1},
		// Through the top right corner.
		Lines: []Line{{Label: "l", Normal: [2]float64{1, -1}, Offset: 0, Color: Vermilion}},
		XMin:  0, XMax: 3, YMin: 0, YMax: 3,
	}
	p, _, err := b.plot()
	if err != nil {
		t.Fatal(err)
	}
	lay := b.layout(p, false)
	if lay.place.below || lay.place == (legendPlace{}) {
		t.Fatalf("legend placed at %+v: want a corner other than top right", lay.place)
	}
	c := draw.New(vgimg.New(lay.w, lay.h))
	r := legendRect(&p.Legend, c, p, lay.place)
	da := p.DataCanvas(c)
	seg, _ := clip(b.Lines[0].Normal, b.Lines[0].Offset, b.XMin, b.XMax, b.YMin, b.YMax)
	a := vg.Point{X: da.X(p.X.Norm(seg[0].X)), Y: da.Y(p.Y.Norm(seg[0].Y))}
	e := vg.Point{X: da.X(p.X.Norm(seg[1].X)), Y: da.Y(p.Y.Norm(seg[1].Y))}
	if segmentHitsRect(a, e, r) {
		t.Errorf("legend %v crosses the line %v–%v", r, a, e)
	}
	// The box's top edge, legendPad above the entries: mostly the border's
	// grey.
	img := renderPNG(t, b)
	H := img.Bounds().Dy()
	y := H - int((r.Max.Y + legendPad).Dots(96))

	x0, x1 := int((r.Min.X-legendPad).Dots(96))+2, int((r.Max.X+legendPad).Dots(96))-2
	border := 0
	for x := x0; x < x1; x++ {
		for dy := -3; dy <= 3; dy++ {
			// The border's grey, blended with white at the pixel's edges.
			cr, cg, cb, _ := img.At(x, y+dy).RGBA()
			if cr>>8 < 240 && cr == cg && cg == cb {
				border++
				break
			}
		}
	}
	if border < (x1-x0)*8/10 {
		t.Errorf("legend box border: %d of %d pixels along its top edge", border, x1-x0)
	}
}

// A figure with a probability map has a colour scale on the right: orange
// (P = 1) at the top, blue (P = 0) at the bottom.
func TestColorBar(t *testing.T) {
	b := &Boundary{
		Title: "map", XLabel: "x", YLabel: "y",
		X: [][2]float64{{0.5, 0.5}}, Y: []float64{0},
		XMin: 0, XMax: 1, YMin: 0, YMax: 1,
		Map: &ProbabilityMap{Xs: []float64{0.25, 0.75}, Ys: []float64{0.25, 0.75}, P: []float64{0.2, 0.4, 0.6, 0.8}, Label: "p"},
	}
	p, _, err := b.plot()
	if err != nil {
		t.Fatal(err)
	}
	lay := b.layout(p, false)
	img := renderPNG(t, b)
	if want := int((lay.w + colorBarWidth).Dots(96) + 0.5); img.Bounds().Dx() != want {
		t.Fatalf("figure %d px wide, want %d (plot and colour bar)", img.Bounds().Dx(), want)
	}
	da := p.DataCanvas(draw.New(vgimg.New(lay.w, lay.h)))
	H := img.Bounds().Dy()
	if !lay.place.below {
		H = int(lay.h.Dots(96) + 0.5)
	}
	x := int((lay.w + vg.Points(14)).Dots(96))
	top := img.At(x, H-int(da.Max.Y.Dots(96))+3)
	bottom := img.At(x, H-int(da.Min.Y.Dots(96))-3)
	tr, tg, tb, _ := top.RGBA()
	br, _, bb, _ := bottom.RGBA()
	if !(tr > tb && tg > tb) || !(bb > br) {
		t.Errorf("colour bar: top %v (want orange), bottom %v (want blue)", top, bottom)
	}
}

// A log axis ends beyond the data at a tick: a curve reaching 90 gets an
// axis up to a tick above 90, and the bottom value is not on the frame.
func TestChartHeadroom(t *testing.T) {
	c := &Chart{LogX: true, LogY: true, Series: []Series{{X: []float64{1, 10, 100}, Y: []float64{7, 9, 90}, Color: Blue}}}
	p, err := c.plot()
	if err != nil {
		t.Fatal(err)
	}
	if !(p.Y.Max > 90*1.05) || !(p.Y.Min < 7/1.05) {
		t.Fatalf("axis [%v, %v] has no room around [7, 90]", p.Y.Min, p.Y.Max)
	}
	ticks := logTicks{}.Ticks(p.Y.Min, p.Y.Max)
	above := false
	for _, tk := range ticks {
		above = above || tk.Value > 90 && tk.Label != ""
	}
	if !above || ticks[len(ticks)-1].Value != p.Y.Max {
		t.Errorf("axis [%v, %v]: ticks %v; want a labelled tick above 90 at the top", p.Y.Min, p.Y.Max, ticks)
	}
}

// SVG text names generic fallbacks after Liberation Serif.
func TestSVGFontFallback(t *testing.T) {
	var buf bytes.Buffer
	if err := namedBoundary("x").Render(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	if n := strings.Count(doc, "font-family:"); n == 0 || strings.Count(doc, "Times New Roman',Times,serif;") != n {
		t.Errorf("%d font-family declarations, %d with fallbacks", n, strings.Count(doc, ",serif;"))
	}
}

// A log axis over hundreds of decades labels a few powers of ten, not
// every one (their labels overlapped into a black band).
func TestWideLogTicks(t *testing.T) {
	for _, r := range [][2]float64{{1e-300, 1e300}, {1e-20, 1e20}, {1, 1e13}} {
		labels := 0
		for _, tk := range (logTicks{}).Ticks(r[0], r[1]) {
			if tk.Label != "" {
				labels++
			}
		}
		if labels < 4 || labels > 12 {
			t.Errorf("range %v: %d labelled ticks, want 4 to 12", r, labels)
		}
	}
}

// Data markers have a dark outline (the blue disc vanished on the blue
// shading of a probability map): going right from a point's centre, a dark
// pixel comes before the background.
func TestMarkerOutline(t *testing.T) {
	for class := 0; class < 2; class++ {
		b := &Boundary{
			Title: "marker", XLabel: "x", YLabel: "y",
			X: [][2]float64{{1.5, 1.5}}, Y: []float64{float64(class)},
			XMin: 0, XMax: 3, YMin: 0, YMax: 3, LegendBelow: true,
		}
		p, _, err := b.plot()
		if err != nil {
			t.Fatal(err)
		}
		lay := b.layout(p, false)
		da := p.DataCanvas(draw.New(vgimg.New(lay.w, lay.h)))
		img := renderPNG(t, b)
		H := int(lay.h.Dots(96) + 0.5)
		cx := int(da.X(p.X.Norm(1.5)).Dots(96))
		cy := H - int(da.Y(p.Y.Norm(1.5)).Dots(96))
		// The triangle's outline crosses its centre row on its slanted
		// sides; scan a few rows around the centre.
		dark := false
		for dy := -1; dy <= 1 && !dark; dy++ {
			for x := cx; x < cx+int(pointRadius(1).Dots(96))+4; x++ {
				r, g, bl, _ := img.At(x, cy+dy).RGBA()
				// Dark grey, blended at the edge: a small spread of the
				// channels, all dark (the blue fill is 0, 114, 178; blended
				// with white it is lighter, still blue).
				hi, lo := max(r, g, bl)>>8, min(r, g, bl)>>8
				if hi < 130 && hi-lo < 50 {
					dark = true
					break
				}
			}
		}
		if !dark {
			t.Errorf("class %d marker: no dark outline right of its centre (%d, %d)", class, cx, cy)
		}
	}
}

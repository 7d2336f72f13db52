package plot

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

func decodePNGSize(t *testing.T, path string) (int, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cfg.Width, cfg.Height
}

// A log-log chart leaves out the points a log axis cannot show (zero,
// negative, NaN) instead of panicking, and raises values below YFloor.
func TestChartLogAxes(t *testing.T) {
	dir := t.TempDir()
	c := &Chart{
		Title: "t", XLabel: "epoch (log scale)", YLabel: "angle (degrees, log scale)", LogX: true, LogY: true,
		Series: []Series{
			{Label: "a", X: []float64{0, 1, 2, 3, 4}, Y: []float64{1, 0, -1, 10, 100}, Color: Blue},
			{Label: "single point", X: []float64{5}, Y: []float64{5}, Color: Orange},
		},
	}
	path := filepath.Join(dir, "c.png")
	if err := Save(c, path); err != nil {
		t.Fatal(err)
	}
	// ChartWidth wide at gonum/plot's 96 dpi; taller than ChartHeight by
	// the legend below.
	if w, h := decodePNGSize(t, path); w != int(ChartWidth.Dots(96)+0.5) || h <= int(ChartHeight.Dots(96)) {
		t.Errorf("chart is %d × %d, want %v wide and more than %v high", w, h, ChartWidth.Dots(96), ChartHeight.Dots(96))
	}
	c.YFloor = 1e-6
	if err := Save(c, filepath.Join(dir, "floor.png")); err != nil {
		t.Fatal(err)
	}
	empty := &Chart{LogY: true, Series: []Series{{X: []float64{1, 2}, Y: []float64{0, -1}}}}
	if err := Save(empty, filepath.Join(dir, "empty.png")); err == nil {
		t.Error("a chart with nothing to draw saved without error")
	}
	if _, err := os.Stat(filepath.Join(dir, "empty.png")); !os.IsNotExist(err) {
		t.Error("a failed chart left a file")
	}
	bad := &Chart{Series: []Series{{X: []float64{1, 2}, Y: []float64{1}}}}
	if err := Save(bad, filepath.Join(dir, "bad.png")); err == nil {
		t.Error("series of unequal lengths saved without error")
	}
}

// With LegendBelow the legend moves under the plot: the canvas grows by its
// height and the plot keeps its size.
func TestBoundaryLegendBelow(t *testing.T) {
	dir := t.TempDir()
	b := &Boundary{
		Title: "seed", XLabel: "x1", YLabel: "x2",
		X: [][2]float64{{1, 1}, {2, 2}}, Y: []float64{0, 1},
		XMin: 0, XMax: 3, YMin: 0, YMax: 3,
		Lines: []Line{{Label: "x1 + x2 = 3", Normal: [2]float64{1, 1}, Offset: -3, Color: Blue}},
	}
	inside := filepath.Join(dir, "inside.png")
	if err := Save(b, inside); err != nil {
		t.Fatal(err)
	}
	b.LegendBelow = true
	below := filepath.Join(dir, "below.png")
	if err := Save(b, below); err != nil {
		t.Fatal(err)
	}
	wi, hi := decodePNGSize(t, inside)
	wb, hb := decodePNGSize(t, below)
	if hb <= hi || wb != wi {
		t.Errorf("legend below: %d × %d, inside: %d × %d; want taller, same width", wb, hb, wi, hi)
	}
}

// A series with a marker and no line draws its glyphs in its colour (and
// only glyphs: no line of that colour joins them); markers only without a
// marker is an error.
func TestChartMarkers(t *testing.T) {
	dir := t.TempDir()
	marked := color.RGBA{255, 0, 0, 255}
	c := &Chart{
		Title: "markers", XLabel: "learning rate", YLabel: "epochs", LogX: true, LogY: true,
		Series: []Series{
			{Label: "line", X: []float64{0.01, 1}, Y: []float64{10, 1000}, Color: Blue},
			{Label: "never", X: []float64{0.01, 1}, Y: []float64{1000, 1000}, Color: marked, Marker: draw.CrossGlyph{}, MarkersOnly: true},
		},
	}
	img := savePNG(t, c, "m.png")
	// Count the red pixels per row: two crosses of radius 3 points (plus
	// the legend's) cover a few dozen pixels, a line from x = 0.01 to 1
	// would cover a whole row of the plot.
	b := img.Bounds()
	total, widest := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := 0
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 > 200 && g>>8 < 60 && bl>>8 < 60 {
				row++
			}
		}
		total += row
		widest = max(widest, row)
	}
	if total == 0 {
		t.Error("no marker drawn")
	}
	if widest > 60 {
		t.Errorf("a row holds %d red pixels: the markers are joined by a line", widest)
	}
	bad := &Chart{Series: []Series{{X: []float64{1}, Y: []float64{1}, MarkersOnly: true}}}
	if err := Save(bad, filepath.Join(dir, "bad.png")); err == nil {
		t.Error("markers only without a marker saved without error")
	}
}

// labels returns the labels of ticks' major ticks.
func labels(ticks []plot.Tick) []string {
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

// Log ticks are labelled with the shortest decimal (gonum/plot's LogTicks
// printed 10⁻⁴ as 9.999999999999999e-05), at the powers of ten in range
// and, below two decades, at 2 and 5 times them too.
func TestLogTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{1e-6, 1, "1e-06 1e-05 0.0001 0.001 0.01 0.1 1"},
		{1, 1000, "1 10 100 1000"},
		{1, 100, "1 10 100"},
		{0.03, 0.9, "0.05 0.1 0.2 0.5"},
		{0.25, 2.5, "0.5 1 2"},
		{30, 2000, "50 100 200 500 1000 2000"},
		{1e5, 2e7, "100000 1e+06 1e+07"},
	} {
		ticks := logTicks{}.Ticks(c.lo, c.hi)
		if got := strings.Join(labels(ticks), " "); got != c.want {
			t.Errorf("[%g, %g]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
		for _, tk := range ticks {
			if tk.Value < c.lo*(1-1e-12) || tk.Value > c.hi*(1+1e-12) {
				t.Errorf("[%g, %g]: tick %g outside the range", c.lo, c.hi, tk.Value)
			}
			if tk.Label != "" {
				if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || v != tk.Value {
					t.Errorf("[%g, %g]: label %q of tick %g", c.lo, c.hi, tk.Label, tk.Value)
				}
			}
		}
		// A tick at every multiple 1…9 of a power of ten: 9 per decade.
		if c.lo == 1 && c.hi == 1000 && len(ticks) != 3*9+1 {
			t.Errorf("[1, 1000]: %d ticks, want 28", len(ticks))
		}
	}
	if ticks := (logTicks{}).Ticks(0, 1); ticks != nil {
		t.Errorf("ticks on [0, 1]: %v", ticks)
	}
}

// A long label on a log horizontal axis leaves the data area its full
// width (gonum/plot v0.17 padded for the label as if centred at the
// data midpoint, near the right end of a log axis: a blank band was left
// right of the plot).
func TestChartLogXLongLabel(t *testing.T) {
	magenta := color.RGBA{255, 0, 255, 255}
	c := &Chart{
		Title:  "sweep",
		XLabel: "learning rate (log scale; solvers offset slightly sideways), a long label",
		YLabel: "epochs", LogX: true, LogY: true,
		Series: []Series{
			{Label: "runs", X: []float64{0.01, 0.1, 1}, Y: []float64{1000, 100, 10}, Color: Blue},
			{Label: "reference", X: []float64{0.005, 2}, Y: []float64{300, 300}, Color: magenta},
		},
	}
	img := savePNG(t, c, "c.png")
	b := img.Bounds()
	maxX := -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 > 200 && g>>8 < 80 && bl>>8 > 200 {
				maxX = max(maxX, x)
			}
		}
	}
	// The reference line spans the whole horizontal range.
	if maxX < b.Dx()*95/100 {
		t.Errorf("the data area ends at pixel column %d of %d", maxX, b.Dx())
	}
}

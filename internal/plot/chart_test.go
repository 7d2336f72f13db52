package plot

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
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
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	// ChartWidth wide at gonum/plot's 96 dpi; taller than ChartHeight by
	// the legend below.
	if w, h := decodePNGSize(t, path); w != int(ChartWidth.Dots(96)+0.5) || h <= int(ChartHeight.Dots(96)) {
		t.Errorf("chart is %d × %d, want %v wide and more than %v high", w, h, ChartWidth.Dots(96), ChartHeight.Dots(96))
	}
	c.YFloor = 1e-6
	if err := c.Save(filepath.Join(dir, "floor.png")); err != nil {
		t.Fatal(err)
	}
	empty := &Chart{LogY: true, Series: []Series{{X: []float64{1, 2}, Y: []float64{0, -1}}}}
	if err := empty.Save(filepath.Join(dir, "empty.png")); err == nil {
		t.Error("a chart with nothing to draw saved without error")
	}
	if _, err := os.Stat(filepath.Join(dir, "empty.png")); !os.IsNotExist(err) {
		t.Error("a failed chart left a file")
	}
	bad := &Chart{Series: []Series{{X: []float64{1, 2}, Y: []float64{1}}}}
	if err := bad.Save(filepath.Join(dir, "bad.png")); err == nil {
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
	if err := b.Save(inside); err != nil {
		t.Fatal(err)
	}
	b.LegendBelow = true
	below := filepath.Join(dir, "below.png")
	if err := b.Save(below); err != nil {
		t.Fatal(err)
	}
	wi, hi := decodePNGSize(t, inside)
	wb, hb := decodePNGSize(t, below)
	if hb <= hi || wb != wi {
		t.Errorf("legend below: %d × %d, inside: %d × %d; want taller, same width", wb, hb, wi, hi)
	}
}

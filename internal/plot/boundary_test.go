package plot

import (
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func TestClip(t *testing.T) {
	// x1 + x2 − 3 = 0 crosses [0,3]² from (0,3) to (3,0).
	seg, ok := clip([2]float64{1, 1}, -3, 0, 3, 0, 3)
	if !ok {
		t.Fatal("line x1 + x2 = 3 reported outside [0,3]²")
	}
	for _, p := range seg {
		if math.Abs(p.X+p.Y-3) > 1e-12 {
			t.Errorf("point %v is not on the line", p)
		}
	}
	if math.Abs(math.Hypot(seg[0].X-seg[1].X, seg[0].Y-seg[1].Y)-3*math.Sqrt2) > 1e-12 {
		t.Errorf("segment %v is not the whole chord", seg)
	}
	// Vertical line x1 = 1.
	seg, ok = clip([2]float64{2, 0}, -2, 0, 3, 0, 3)
	if !ok || seg[0].X != 1 || seg[1].X != 1 {
		t.Errorf("vertical line: %v %v", seg, ok)
	}
	if _, ok := clip([2]float64{1, 1}, -10, 0, 3, 0, 3); ok {
		t.Error("x1 + x2 = 10 reported inside [0,3]²")
	}
	if _, ok := clip([2]float64{0, 0}, 1, 0, 3, 0, 3); ok {
		t.Error("zero normal reported as a line")
	}
}

func TestSaveWritesEqualAspectPNG(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.png")
	b := &Boundary{
		Title: "t", XLabel: "x1", YLabel: "x2",
		X: [][2]float64{{1, 1}, {2, 2}}, Y: []float64{0, 1}, Classes: [2]string{"a", "b"},
		Lines: []Line{{Label: "l", Normal: [2]float64{1, 1}, Offset: -3, Color: Blue}},
		XMin:  0, XMax: 3, YMin: 0, YMax: 3,
	}
	if err := Save(b, path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if cfg.Height != 480 || cfg.Width < 400 || cfg.Width > 560 {
		t.Errorf("size %d × %d, want 480 high and about as wide", cfg.Width, cfg.Height)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// A narrow figure (a y range much larger than the x range) is widened, its
// aspect ratio kept, until its title fits across it, and its legend, which
// would cover points in the top right corner, goes below the plot.
func TestBoundaryNarrowFigure(t *testing.T) {
	b := &Boundary{
		Title:  "iris data: decision boundaries (p = 0.5)\nnetwork: sgd, 100 epochs, lr 0.01; regression: SAG, 300 epochs",
		XLabel: "petal_width_cm", YLabel: "sepal_length_cm",
		X: [][2]float64{{1, 5}, {1.2, 6}, {2, 7.5}, {2.4, 7.8}}, Y: []float64{0, 0, 1, 1},
		Lines: []Line{{Label: "network: 0.255·petal_width_cm + 0.0643·sepal_length_cm − 0.411 = 0",
			Normal: [2]float64{1, -0.3}, Offset: 0, Color: Vermilion}},
		XMin: 0.9, XMax: 2.6, YMin: 4.8, YMax: 8,
	}
	p, _, err := b.plot()
	if err != nil {
		t.Fatal(err)
	}
	lay := b.layout(p, false)
	w, h, below := lay.w, lay.h, lay.place.below
	if tw := titleWidth(p); w < tw {
		t.Errorf("figure %v wide, title %v", w, tw)
	}
	if h < Size {
		t.Errorf("figure %v high, want at least %v", h, Size)
	}
	if !below {
		t.Error("legend drawn over the data of a narrow figure")
	}
	path := filepath.Join(t.TempDir(), "narrow.png")
	if err := Save(b, path); err != nil {
		t.Fatal(err)
	}
	pw, ph := decodePNGSize(t, path)
	if pw != int(w.Dots(96)+0.5) || ph <= int(h.Dots(96)) {
		t.Errorf("PNG %d × %d, want %v wide and more than %v high (legend below)", pw, ph, w.Dots(96), h.Dots(96))
	}
	// A figure as narrow without a point under the legend keeps it inside.
	b.X, b.Y = [][2]float64{{1, 5}, {2.4, 5.5}}, []float64{0, 1}
	b.Lines[0].Label = "network"
	if p, _, err = b.plot(); err != nil {
		t.Fatal(err)
	}
	if b.layout(p, false).place.below {
		t.Error("legend below the plot though it covers no point")
	}
}

// A legend drawn over the data stays in the data area: its thumbnails do
// not stick out past the plot's right edge into the axis padding.
func TestInsideLegendInDataArea(t *testing.T) {
	magenta := color.RGBA{255, 0, 255, 255}
	b := &Boundary{
		Title: "seed", XLabel: "x1", YLabel: "x2",
		X: [][2]float64{{1, 1}, {2, 2}}, Y: []float64{0, 1},
		XMin: 0, XMax: 3, YMin: 0, YMax: 3,
		// Outside the plotted area: only its legend thumbnail is drawn.
		Lines: []Line{{Label: "far away", Normal: [2]float64{1, 1}, Offset: -100, Color: magenta}},
	}
	p, _, err := b.plot()
	if err != nil {
		t.Fatal(err)
	}
	lay := b.layout(p, false)
	w, h, below := lay.w, lay.h, lay.place.below
	if below || h != Size {
		t.Fatalf("seed-like figure: %v high, legend below %v", h, below)
	}
	right := p.DataCanvas(draw.New(vgimg.New(w, h))).Max.X.Dots(96)
	img := savePNG(t, b, "b.png")
	n, maxX := 0, -1
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 > 200 && g>>8 < 80 && bl>>8 > 200 {
				n++
				maxX = max(maxX, x)
			}
		}
	}
	if n == 0 {
		t.Fatal("no legend thumbnail drawn")
	}
	if float64(maxX) > right {
		t.Errorf("legend thumbnail reaches pixel column %d, the data area ends at %.1f (figure %d wide)", maxX, right, bounds.Dx())
	}
}

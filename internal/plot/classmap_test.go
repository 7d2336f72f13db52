package plot

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"testing"
)

// A class map of three vertical bands (class 0, 1, 2 from left to right)
// renders the three class tints, in that order from left to right across
// each panel, and no tint of a class no cell predicts.
func TestClassMapTints(t *testing.T) {
	const cols, rows = 30, 20
	grid := make([]int, cols*rows)
	other := make([]int, cols*rows)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			grid[r*cols+c] = c * 3 / cols
			other[r*cols+c] = grid[r*cols+c]
			if r >= rows/2 {
				other[r*cols+c] = 3 // the top half of the second panel
			}
		}
	}
	// Linear models whose argmax regions are the same three bands:
	// z_c = c·x − c²/2·… with boundaries at x = 1 and x = 2.
	bands := ClassBoundaries{Label: "bands", W: [][2]float64{{0, 0}, {1, 0}, {2, 0}, {-5, 0}}, B: []float64{0, -1, -3, -100}, Color: Vermilion}
	m := &ClassMap{
		Title:   "test",
		Classes: []string{"a", "b", "c", "d"},
		X:       [][2]float64{{0.5, 1}, {1.5, 1}, {2.5, 1}},
		Y:       []int{0, 1, 2},
		Panels: []ClassPanel{
			{Title: "first", Cols: cols, Rows: rows, Grid: grid, Boundaries: []ClassBoundaries{bands}},
			{Title: "second", Cols: cols, Rows: rows, Grid: other},
		},
		XMin: 0, XMax: 3, YMin: 0, YMax: 2,
	}
	var buf bytes.Buffer
	if err := m.Render(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("NNLR_FIGURES"); dir != "" {
		_ = os.WriteFile(dir+"/classmap_test.png", buf.Bytes(), 0o644)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	count := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			count[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}]++
		}
	}
	for c := 0; c < 4; c++ {
		if count[ClassTint(c)] < 500 {
			t.Errorf("class %d tint %v: %d pixels, want many", c, ClassTint(c), count[ClassTint(c)])
		}
	}
	// Along a row through the lower part of the data area, the tints of
	// the first panel appear in the order 0, 1, 2 and those of the second
	// panel 0, 1, 2 again (its top half is class 3).
	y := b.Min.Y + b.Dy()*65/100
	var order []int
	for x := b.Min.X; x < b.Max.X; x++ {
		r, g, bl, _ := img.At(x, y).RGBA()
		px := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
		for c := 0; c < 4; c++ {
			if px == ClassTint(c) && (len(order) == 0 || order[len(order)-1] != c) {
				order = append(order, c)
			}
		}
	}
	want := []int{0, 1, 2, 0, 1, 2}
	if len(order) != len(want) {
		t.Fatalf("tints along row %d: %v, want %v", y, order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("tints along row %d: %v, want %v", y, order, want)
		}
	}
	// The class boundaries x = 1 and x = 2 of the first panel are drawn:
	// the vermilion line's pixels exist.
	if count[Vermilion] < 50 {
		t.Errorf("boundary pixels: %d", count[Vermilion])
	}
}

// classSegments draws only the edges of the argmax regions: for three
// classes meeting at the origin, three half-lines.
func TestClassSegments(t *testing.T) {
	// z_0 = x, z_1 = −x/2 + y·√3/2, z_2 = −x/2 − y·√3/2: the regions meet
	// at the origin along three rays.
	s := 0.8660254037844386
	b := ClassBoundaries{W: [][2]float64{{1, 0}, {-0.5, s}, {-0.5, -s}}, B: []float64{0, 0, 0}}
	segs := classSegments(b, -1, 1, -1, 1)
	if len(segs) != 3 {
		t.Fatalf("%d segments, want 3", len(segs))
	}
	for _, seg := range segs {
		// Each is a ray from the origin: one end at (0, 0).
		near := func(x, y float64) bool { return x*x+y*y < 1e-18 }
		if !near(seg[0].X, seg[0].Y) && !near(seg[1].X, seg[1].Y) {
			t.Errorf("segment %v does not end at the origin", seg)
		}
	}
}

package plot

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testMap(p func(x, y float64) float64) *ProbabilityMap {
	m := &ProbabilityMap{Label: "network: p = 0.5"}
	for i := 0; i < 40; i++ {
		m.Xs = append(m.Xs, -2+(float64(i)+0.5)*0.1)
		m.Ys = append(m.Ys, -2+(float64(i)+0.5)*0.1)
	}
	for _, y := range m.Ys {
		for _, x := range m.Xs {
			m.P = append(m.P, p(x, y))
		}
	}
	return m
}

func TestProbabilityMapFigure(t *testing.T) {
	xor := func(x, y float64) float64 { return 1 / (1 + math.Exp(4*x*y)) }
	for name, m := range map[string]*ProbabilityMap{
		"curve":    testMap(xor),
		"constant": testMap(func(x, y float64) float64 { return 0.9 }),
	} {
		b := &Boundary{Title: name, XLabel: "x1", YLabel: "x2",
			X: [][2]float64{{1, 1}, {-1, 1}}, Y: []float64{0, 1},
			XMin: -2, XMax: 2, YMin: -2, YMax: 2, Map: m,
			Lines: []Line{{Label: "regression", Normal: [2]float64{1, 1}, Offset: 0, Color: Blue}}}
		path := filepath.Join(t.TempDir(), name+".png")
		if err := Save(b, path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Count the heat map's light blue (p < 0.5) and light orange
		// (p > 0.5) pixels and the contour's vermilion ones.
		var blue, orange, vermilion int
		bounds := img.Bounds()
		for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
			for x := bounds.Min.X; x < bounds.Max.X; x++ {
				r16, g16, b16, _ := img.At(x, y).RGBA()
				r, g, b := int(r16>>8), int(g16>>8), int(b16>>8)
				switch {
				case r > 100 && b > r+30:
					blue++
				case b > 100 && r > b+30:
					orange++
				}
				if abs(r-213) < 15 && abs(g-94) < 15 && b < 20 {
					vermilion++
				}
			}
		}
		total := bounds.Dx() * bounds.Dy()
		t.Logf("%s: %d pixels, %d light blue, %d light orange, %d vermilion", name, total, blue, orange, vermilion)
		switch name {
		case "curve":
			if blue < total/8 || orange < total/8 {
				t.Errorf("curve: %d light blue and %d light orange of %d pixels; want both shaded", blue, orange, total)
			}
			if vermilion < 500 {
				t.Errorf("curve: %d vermilion pixels; want the p = 0.5 contour drawn", vermilion)
			}
		case "constant":
			if blue > total/100 || orange < total/4 {
				t.Errorf("constant 0.9: %d light blue and %d light orange of %d pixels", blue, orange, total)
			}
			if vermilion > 200 {
				t.Errorf("constant 0.9: %d vermilion pixels; want only the legend's", vermilion)
			}
		}
	}
	if err := (&ProbabilityMap{Xs: []float64{0, 1}, Ys: []float64{0, 1}, P: []float64{0, 1, 2, 0}}).check(); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("a probability of 2 passed the check: %v", err)
	}
	if err := (&ProbabilityMap{Xs: []float64{0, 1}, Ys: []float64{0, 1}, P: []float64{0, 1}}).check(); err == nil {
		t.Error("2 values for 2 × 2 cells passed the check")
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func TestProbabilityPalette(t *testing.T) {
	c := probabilityPalette{}.Colors()
	if len(c) != 101 {
		t.Fatalf("%d colours", len(c))
	}
	r, g, b, _ := c[50].RGBA()
	if r != 0xffff || g != 0xffff || b != 0xffff {
		t.Errorf("p = 0.5 is %v, want white", c[50])
	}
	// p = 0 leans to the class-0 blue, p = 1 to the class-1 orange.
	r0, _, b0, _ := c[0].RGBA()
	r1, _, b1, _ := c[100].RGBA()
	if !(b0 > r0) || !(r1 > b1) {
		t.Errorf("p = 0 is %v, p = 1 is %v", c[0], c[100])
	}
}

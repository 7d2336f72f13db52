package plot

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestWinAnsi(t *testing.T) {
	for in, want := range map[string]string{
		"x1 + x2 = 3":     "x1 + x2 = 3",
		"1.01·x1 − 0.419": "1.01\xb7x1 - 0.419",
		"95.9° × 2 – 3…":  "95.9\xb0 \xd7 2 \x96 3\x85",
		"a → b ≈ c ≤ d":   "a -> b ~ c <= d",
		"σ = 0.3, μ":      "sigma = 0.3, \xb5",
		"log₁₀ ỹ":         "log10 y",
		"✓":               "?",
	} {
		if got := winAnsi(in); got != want {
			t.Errorf("winAnsi(%q) = %q, want %q", in, got, want)
		}
	}
}

// pdfStreams returns the PDF's FlateDecode streams inflated (go-pdf/fpdf
// compresses page contents).
func pdfStreams(t *testing.T, doc []byte) [][]byte {
	t.Helper()
	var out [][]byte
	re := regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	for _, m := range re.FindAllSubmatch(doc, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, err := io.ReadAll(r)
		if err == nil {
			out = append(out, b)
		}
	}
	return out
}

// gonum/plot v0.17's vgpdf embeds fonts with the cp1252 code page: the
// text drawn must be cp1252 bytes, not UTF-8 (which showed "·" as "Â·").
func TestPDFTextIsWinAnsi(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.pdf")
	b := &Boundary{
		Title: "a·b − c ≈ 1°", XLabel: "x1", YLabel: "x2",
		X: [][2]float64{{1, 1}, {2, 2}}, Y: []float64{0, 1},
		Lines: []Line{{Label: "1.01·x1 − 0.419 = 0", Normal: [2]float64{1, 1}, Offset: -3, Color: Blue}},
		XMin:  0, XMax: 3, YMin: 0, YMax: 3,
	}
	if err := Save(b, path); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	streams := pdfStreams(t, doc)
	all := bytes.Join(streams, nil)
	for _, want := range []string{"(a\xb7b - c ~ 1\xb0)", "(1.01\xb7x1 - 0.419 = 0)"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("no text %q in the PDF's %d streams", want, len(streams))
		}
	}
	if bytes.Contains(all, []byte("\xc2\xb7")) || bytes.Contains(all, []byte("\xe2\x88\x92")) {
		t.Error("UTF-8 text in the PDF")
	}
}

// gonum/plot v0.17's vgsvg declares its PNG images as image/jpg and lets
// them keep their aspect ratio: the heat map must be a PNG stretched over
// its box.
func TestSVGHeatMapImage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.svg")
	b := &Boundary{
		Title: "map", XLabel: "x1", YLabel: "x2",
		X: [][2]float64{{1, 1}, {-1, 1}}, Y: []float64{0, 1},
		XMin: -2, XMax: 2, YMin: -2, YMax: 2,
		Map: &ProbabilityMap{Label: "p = 0.5"},
	}
	// 20 columns × 40 rows of cells 0.2 wide and 0.1 high over [-2, 2]².
	for c := 0; c < 20; c++ {
		b.Map.Xs = append(b.Map.Xs, -2+(float64(c)+0.5)*0.2)
	}
	for r := 0; r < 40; r++ {
		b.Map.Ys = append(b.Map.Ys, -2+(float64(r)+0.5)*0.1)
	}
	for _, y := range b.Map.Ys {
		for _, x := range b.Map.Xs {
			b.Map.P = append(b.Map.P, 1/(1+x*x+y*y))
		}
	}
	if err := Save(b, path); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`<image [^>]*/>`)
	images := re.FindAll(doc, -1)
	if len(images) != 1 {
		t.Fatalf("%d <image> elements, want 1 (the heat map)", len(images))
	}
	img := string(images[0])
	if !strings.Contains(img, `preserveAspectRatio="none"`) {
		t.Errorf("image keeps its aspect ratio: %.200s", img)
	}
	const prefix = `xlink:href="data:image/png;base64,`
	i := strings.Index(img, prefix)
	if i < 0 {
		t.Fatalf("image not declared PNG: %.200s", img)
	}
	data := img[i+len(prefix):]
	data = data[:strings.IndexByte(data, '"')]
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("image data is not PNG: %v", err)
	}
	if cfg.Width != 20 || cfg.Height != 40 {
		t.Errorf("image is %d × %d pixels, want one per cell, 20 × 40", cfg.Width, cfg.Height)
	}
}

package plot

import (
	"errors"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
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
	if err := b.Save(path); err != nil {
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

func TestWriteAtomicKeepsOldFileOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteAtomic(path, func(w io.Writer) error {
		w.Write([]byte("half"))
		return errors.New("interrupted")
	})
	if err == nil {
		t.Fatal("error not returned")
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Errorf("file now holds %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary file left behind: %v", entries)
	}
}

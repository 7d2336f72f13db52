package plot

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// savePNG saves a figure as name in a temporary folder and decodes it.
func savePNG(t *testing.T, fig Figure, name string) image.Image {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := Save(fig, path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", name, err)
	}
	return img
}

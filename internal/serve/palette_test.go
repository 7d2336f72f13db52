package serve

import (
	"fmt"
	"image/color"
	"regexp"
	"strings"
	"testing"

	"nnlr/internal/plot"
)

// hexColor writes c as the page writes colours: #rrggbb, lower case.
func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// The page draws classes and models in the CLI figures' colours
// (internal/plot), so that class 1 is orange in both.
func TestPagePaletteIsTheFigures(t *testing.T) {
	t.Parallel()
	src, err := webFiles.ReadFile("web/draw.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`export const classColors = \[([^\]]*)\]`).FindSubmatch(src)
	if m == nil {
		t.Fatal("web/draw.js declares no classColors")
	}
	var page []string
	for _, s := range strings.Split(string(m[1]), ",") {
		page = append(page, strings.ToLower(strings.Trim(strings.TrimSpace(s), `"`)))
	}
	if len(page) != len(plot.ClassColors) {
		t.Fatalf("page: %d class colours, figures: %d", len(page), len(plot.ClassColors))
	}
	for i, c := range plot.ClassColors {
		if page[i] != hexColor(c) {
			t.Errorf("class %d: page %s, figures %s", i, page[i], hexColor(c))
		}
	}
	m = regexp.MustCompile(`export const lineColors = \{([^}]*)\}`).FindSubmatch(src)
	if m == nil {
		t.Fatal("web/draw.js declares no lineColors")
	}
	for key, want := range map[string]color.RGBA{"network": plot.Vermilion, "regression": plot.Blue, "maxMargin": {0, 0, 0, 255}} {
		if !strings.Contains(string(m[1]), fmt.Sprintf("%s: %q", key, hexColor(want))) {
			t.Errorf("lineColors.%s is not %s: %s", key, hexColor(want), m[1])
		}
	}
	app, err := webFiles.ReadFile("web/app.js")
	if err != nil {
		t.Fatal(err)
	}
	if hex := regexp.MustCompile(`color: "#[0-9a-fA-F]{3,6}"`).Find(app); hex != nil {
		t.Errorf("web/app.js colours a model outside the palette: %s", hex)
	}
}

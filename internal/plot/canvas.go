package plot

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// newCanvas returns a w × h canvas of the given format (png, svg, pdf),
// working around two defects of gonum/plot v0.17's back ends:
//   - vgpdf embeds its fonts with the cp1252 (WinAnsi) code page but passes
//     text to go-pdf/fpdf as UTF-8, so every non-ASCII character shows as two
//     or three wrong ones ("·" as "Â·"); pdfCanvas encodes text in cp1252.
//   - vgsvg declares its embedded PNG images as "data:image/jpg" (renderers
//     such as librsvg drop them) and leaves SVG's default
//     preserveAspectRatio="xMidYMid meet", which letterboxes an image into a
//     box of another shape instead of filling it;
//   - vgsvg names only the font's family ("Liberation Serif"), so where it
//     is missing the viewer's default font, often wider, runs the text off
//     the edge; svgCanvas adds metric-compatible and generic fallbacks.
//
// svgCanvas fixes the last two.
func newCanvas(w, h vg.Length, format string) (vg.CanvasWriterTo, error) {
	switch format {
	case "pdf":
		return pdfCanvas{vgpdf.New(w, h)}, nil
	case "svg":
		return svgCanvas{vgsvg.New(w, h)}, nil
	}
	return draw.NewFormattedCanvas(w, h, format)
}

// pdfCanvas is a vgpdf canvas that writes text in cp1252.
type pdfCanvas struct{ *vgpdf.Canvas }

// FillString draws str encoded in cp1252 (see winAnsi).
func (c pdfCanvas) FillString(f font.Face, pt vg.Point, str string) {
	c.Canvas.FillString(f, pt, winAnsi(str))
}

// winAnsiSubstitutes spell characters that cp1252 lacks.
var winAnsiSubstitutes = map[rune]string{
	'−': "-", '→': "->", '←': "<-", '≈': "~", '≤': "<=", '≥': ">=", '≠': "!=",
	'‖': "||", '∞': "inf", '√': "sqrt", '∈': " in ",
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'δ': "delta", 'ε': "epsilon", 'η': "eta",
	'θ': "theta", 'λ': "lambda", 'μ': "µ", 'ρ': "rho", 'σ': "sigma", 'Σ': "Sum",
}

// winAnsi returns s encoded in cp1252 (Windows-1252, which PDF's
// WinAnsiEncoding follows), the code page gonum/plot v0.17's vgpdf embeds
// its fonts with. A character cp1252 lacks is spelled out (− as -, → as ->,
// σ as sigma), else replaced by its compatibility decomposition without
// combining marks (₁₀ as 10, ỹ as y), else by "?".
func winAnsi(s string) string {
	enc := charmap.Windows1252
	var b strings.Builder
	for _, r := range s {
		if c, ok := enc.EncodeRune(r); ok {
			b.WriteByte(c)
			continue
		}
		if sub, ok := winAnsiSubstitutes[r]; ok {
			for _, r := range sub {
				c, _ := enc.EncodeRune(r)
				b.WriteByte(c)
			}
			continue
		}
		n := 0
		for _, d := range norm.NFKD.String(string(r)) {
			if c, ok := enc.EncodeRune(d); ok && !unicode.Is(unicode.Mn, d) {
				b.WriteByte(c)
				n++
			}
		}
		if n == 0 {
			b.WriteByte('?')
		}
	}
	return b.String()
}

// svgCanvas is a vgsvg canvas whose embedded images are declared as PNG
// and stretched to their box.
type svgCanvas struct{ *vgsvg.Canvas }

// WriteTo writes the SVG document with its images fixed (see newCanvas).
func (c svgCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := c.Canvas.WriteTo(&buf); err != nil {
		return 0, err
	}
	n, err := w.Write(fixSVGFonts(fixSVGImages(buf.Bytes())))
	return int64(n), err
}

// fixSVGImages rewrites the <image> elements vgsvg writes
// (`<image x=… xlink:href="data:image/jpg;base64,…" …/>` holding PNG data).
// Text cannot match: vgsvg escapes the quotes of text.
func fixSVGImages(doc []byte) []byte {
	return bytes.ReplaceAll(doc, []byte(`xlink:href="data:image/jpg;base64,`),
		[]byte(`preserveAspectRatio="none" xlink:href="data:image/png;base64,`))
}

// svgFontFallbacks follow a font family vgsvg names: fonts with the same
// metrics (Liberation is metric-compatible with Times New Roman, Arial and
// Courier New), then the generic family.
var svgFontFallbacks = map[string]string{
	"Liberation Serif": "'Liberation Serif','Times New Roman',Times,serif",
	"Liberation Sans":  "'Liberation Sans',Arial,Helvetica,sans-serif",
	"Liberation Mono":  "'Liberation Mono','Courier New',Courier,monospace",
}

// fixSVGFonts rewrites the font-family of vgsvg's text styles
// (`style="font-family:Liberation Serif;…"`) to a list with fallbacks (see
// svgFontFallbacks); a family not listed gets serif. Text cannot match:
// vgsvg escapes the quotes of text.
func fixSVGFonts(doc []byte) []byte {
	return svgFontFamily.ReplaceAllFunc(doc, func(m []byte) []byte {
		fam := string(svgFontFamily.FindSubmatch(m)[1])
		list, ok := svgFontFallbacks[fam]
		if !ok {
			list = "'" + fam + "',serif"
		}
		return []byte(`style="font-family:` + list + ";")
	})
}

var svgFontFamily = regexp.MustCompile(`style="font-family:([^;"']*);`)

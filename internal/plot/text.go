package plot

import (
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// Ellipsis ends a shortened text.
const Ellipsis = "…"

// ShortName returns name cut to at most n characters (runes), the last of
// them an ellipsis when it was cut; n < 2 counts as 2. For names (of
// features, classes) in figures: the text and JSON reports keep the full
// names.
func ShortName(name string, n int) string {
	n = max(n, 2)
	if utf8.RuneCountInString(name) <= n {
		return name
	}
	r := []rune(name)
	return string(r[:n-1]) + Ellipsis
}

// fitText returns s with every line that is wider than maxW in sty cut to
// the longest start that fits with an ellipsis after it.
func fitText(sty text.Style, s string, maxW vg.Length) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = fitLine(sty, l, maxW)
	}
	return strings.Join(lines, "\n")
}

func fitLine(sty text.Style, s string, maxW vg.Length) string {
	if sty.Font.Size == 0 || sty.Width(s) <= maxW {
		return s
	}
	r := []rune(s)
	// Guard the measuring work: no line shown is longer than this.
	if len(r) > 2000 {
		r = r[:2000]
	}
	lo, hi := 0, len(r) // r[:lo]+"…" fits; r[:hi]+"…" does not (or hi = len)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if sty.Width(string(r[:mid])+Ellipsis) <= maxW {
			lo = mid
		} else {
			hi = mid
		}
	}
	return strings.TrimRight(string(r[:lo]), " ") + Ellipsis
}

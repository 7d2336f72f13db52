package cliflag

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// Counts are whole numbers, also written as 1e6; fractions, overflows and
// words are refused with a short message.
func TestParseCount(t *testing.T) {
	for s, want := range map[string]int{"1e6": 1000000, "2.5e3": 2500, "300": 300, "-3": -3, "9223372036854775807": 9223372036854775807} {
		if got, err := ParseCount(s); err != nil || got != want {
			t.Errorf("%q: %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"1.5", "1e19", "9223372036854775808", "NaN", "Inf", "", "ten", strings.Repeat("9", 100000)} {
		_, err := ParseCount(s)
		if err == nil || len(err.Error()) > 120 {
			t.Errorf("%.20q: error %v; want a short refusal", s, err)
		}
	}
}

// A Count flag shows as an int in the help, keeps its default until set,
// and is left as it was by a refused value.
func TestCountVar(t *testing.T) {
	f := pflag.NewFlagSet("t", pflag.ContinueOnError)
	var n int
	CountVar(f, &n, "epochs", 100, "epochs")
	if n != 100 || f.Lookup("epochs").Value.Type() != "int" || f.Lookup("epochs").DefValue != "100" {
		t.Fatalf("n %d, type %s, default %s", n, f.Lookup("epochs").Value.Type(), f.Lookup("epochs").DefValue)
	}
	if err := f.Set("epochs", "1e4"); err != nil || n != 10000 {
		t.Errorf("1e4: %d, %v", n, err)
	}
	if err := f.Set("epochs", "1.5"); err == nil || n != 10000 {
		t.Errorf("1.5: %d, %v", n, err)
	}
}

// Values are quoted whole up to MaxQuoted characters, cut beyond.
func TestQuote(t *testing.T) {
	if got := Quote("abc"); got != `"abc"` {
		t.Errorf("short: %s", got)
	}
	long := strings.Repeat("é", MaxQuoted) + "xyz"
	if got, want := Quote(long), `"`+strings.Repeat("é", MaxQuoted)+`"… (43 characters)`; got != want {
		t.Errorf("long: %s, want %s", got, want)
	}
}

// Lists are split at commas and trimmed; blank is nil, empty items stay.
func TestList(t *testing.T) {
	for s, want := range map[string][]string{"": nil, "  ": nil, "a": {"a"}, " a , b ": {"a", "b"}, "a,,b": {"a", "", "b"}, ",": {"", ""}} {
		got := List(s)
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) || (got == nil) != (want == nil) {
			t.Errorf("List(%q) = %q, want %q", s, got, want)
		}
	}
}

// Positive whole numbers are read from a comma-separated list; blank is
// none; a bad item is named and quoted, and the values stay as they were.
func TestPositiveInts(t *testing.T) {
	p := PositiveInts{TypeName: "widths", Example: "--hidden 16,8", Item: func(i int) string { return fmt.Sprintf("layer %d width", i) }}
	if err := p.Set(" 16, 8 "); err != nil || p.String() != "16,8" || len(p.Values) != 2 || p.Type() != "widths" {
		t.Fatalf("16,8: %v, %q, %s", err, p.String(), p.Type())
	}
	for s, want := range map[string]string{
		"0":   `layer 1 width "0": want a positive whole number (e.g. --hidden 16,8)`,
		"4,":  `layer 2 width "": want a positive whole number (e.g. --hidden 16,8)`,
		"4,x": `layer 2 width "x": want a positive whole number (e.g. --hidden 16,8)`,
		"1.5": `layer 1 width "1.5": want a positive whole number (e.g. --hidden 16,8)`,
	} {
		if err := p.Set(s); err == nil || err.Error() != want || p.String() != "16,8" {
			t.Errorf("%q: %v (values %q), want %s", s, err, p.String(), want)
		}
	}
	if err := p.Set("  "); err != nil || p.Values != nil {
		t.Errorf("blank: %v, %v", err, p.Values)
	}
	var bare PositiveInts
	if err := bare.Set("3,-1"); err == nil || err.Error() != `item 2 "-1": want a positive whole number` || bare.Type() != "ints" {
		t.Errorf("without names: %v, %s", err, bare.Type())
	}
}

// A flag that names something is refused when given empty or blank, and
// only when given; other flags are not checked.
func TestCheckBlank(t *testing.T) {
	advice := map[string]string{"label": "name the label column", "out": "name a folder"}
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"--label", "y"}, ""},
		{[]string{"--other", ""}, ""},
		{[]string{"--label", ""}, "--label: empty; name the label column"},
		{[]string{"--out", "  "}, "--out: only spaces; name a folder"},
		{[]string{"--out", " ", "--label", ""}, "--label: empty; name the label column"},
	} {
		f := pflag.NewFlagSet("t", pflag.ContinueOnError)
		f.String("label", "", "")
		f.String("out", "out", "")
		f.String("other", "x", "")
		if err := f.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		got := ""
		if err := CheckBlank(f, advice); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%q: %q, want %q", c.args, got, c.want)
		}
	}
}

// ParseCount never panics, refuses in a short line, and a count it accepts
// is read back the same from its decimal form.
func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"1e6", "-0", "0x10", "1_000", "9.999e18", "-9.3e18"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseCount(s)
		if err != nil {
			if len(err.Error()) > 60 {
				t.Errorf("%q: long error %v", s, err)
			}
			return
		}
		if back, err := ParseCount(strconv.Itoa(v)); err != nil || back != v {
			t.Errorf("%q: %d, read back as %d, %v", s, v, back, err)
		}
	})
}

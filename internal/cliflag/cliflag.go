// Package cliflag holds flag values and checks that any pflag command line
// can use: counts written as 1e6, comma-separated lists, positive whole
// numbers, flags refused when given blank, and long values quoted short.
package cliflag

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// Count is an int flag value that also takes a whole number written in
// exponent form, 1e6 for 1000000. It implements pflag.Value.
type Count int

// CountVar defines an int flag called name on f that accepts exponent
// notation (see ParseCount), with default def, stored in p.
func CountVar(f *pflag.FlagSet, p *int, name string, def int, usage string) {
	*p = def
	f.Var((*Count)(p), name, usage)
}

// String returns the count in decimal.
func (c *Count) String() string { return strconv.Itoa(int(*c)) }

// Type is "int", as pflag's int flags (cobra shows it in --help).
func (c *Count) Type() string { return "int" }

// Set parses s with ParseCount; on error the count is left as it was.
func (c *Count) Set(s string) error {
	v, err := ParseCount(s)
	if err != nil {
		return err
	}
	*c = Count(v)
	return nil
}

// ParseCount returns the whole number s writes: a decimal integer ("1000",
// "-3") or a whole number in exponent form ("1e6", "2.5e3"). It returns an
// error, short and without s, when s is not a number, not whole, or out of
// the range of an int.
func ParseCount(s string) (int, error) {
	if v, err := strconv.ParseInt(s, 10, 0); err == nil {
		return int(v), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return 0, errors.New("not a whole number (e.g. 1000 or 1e6)")
	case f != math.Trunc(f):
		return 0, errors.New("not a whole number")
	case f >= math.MaxInt || f < math.MinInt: // float64(MaxInt) is 2^63, already too large
		return 0, fmt.Errorf("larger than %d", math.MaxInt)
	}
	return int(f), nil
}

// MaxQuoted is the most characters (runes) of a user's value that Quote
// keeps.
const MaxQuoted = 40

// Quote quotes s for an error message (strconv.Quote), cut to MaxQuoted
// characters with "…" and the full length in characters after it when
// longer: "abc…" (103 characters).
func Quote(s string) string {
	r := []rune(s)
	if len(r) <= MaxQuoted {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s… (%d characters)", strconv.Quote(string(r[:MaxQuoted])), len(r))
}

// List splits a comma-separated flag value into its items, each trimmed of
// spaces (empty items stay, as ""); a value that is empty or only spaces
// is nil.
func List(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// PositiveInts is a flag value of comma-separated positive whole numbers,
// "16,8" (spaces around the numbers allowed); a value that is empty or
// only spaces is none. It implements pflag.Value.
type PositiveInts struct {
	// Values are the numbers given, nil for none.
	Values []int
	// TypeName is the value's type in --help ("ints" when empty).
	TypeName string
	// Item names the i-th number (counted from 1) in errors, e.g. "layer 2
	// width" (nil: "item 2").
	Item func(i int) string
	// Example is a good value named in errors, e.g. "--sizes 16,8" (empty:
	// none).
	Example string
}

// String returns the numbers comma-separated, "" for none.
func (p *PositiveInts) String() string {
	parts := make([]string, len(p.Values))
	for i, v := range p.Values {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

// Set parses s. On an item that is not a positive whole number it returns
// an error naming the item and quoting it (Quote), e.g. `layer 2 width
// "0": want a positive whole number (e.g. --sizes 16,8)`, and leaves
// Values as they were.
func (p *PositiveInts) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		p.Values = nil
		return nil
	}
	var out []int
	for i, part := range strings.Split(strings.TrimSpace(s), ",") {
		v, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || v < 1 {
			item, example := fmt.Sprintf("item %d", i+1), ""
			if p.Item != nil {
				item = p.Item(i + 1)
			}
			if p.Example != "" {
				example = " (e.g. " + p.Example + ")"
			}
			return fmt.Errorf("%s %s: want a positive whole number%s", item, Quote(part), example)
		}
		out = append(out, v)
	}
	p.Values = out
	return nil
}

// Type returns TypeName, or "ints".
func (p *PositiveInts) Type() string {
	if p.TypeName == "" {
		return "ints"
	}
	return p.TypeName
}

// CheckBlank refuses a flag named in advice that was given (set on the
// command line) with a value that is empty or only spaces, where leaving
// it out or naming something is meant: the error is "--name: empty; advice"
// (or "only spaces"), for the first such flag in f's order. It returns nil
// when there is none.
func CheckBlank(f *pflag.FlagSet, advice map[string]string) error {
	var err error
	f.Visit(func(fl *pflag.Flag) {
		a, ok := advice[fl.Name]
		if ok && err == nil && strings.TrimSpace(fl.Value.String()) == "" {
			what := "empty"
			if fl.Value.String() != "" {
				what = "only spaces"
			}
			err = fmt.Errorf("--%s: %s; %s", fl.Name, what, a)
		}
	})
	return err
}

package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// countValue is an int flag (--epochs, --max-epochs, --sag-max-iter) that
// also takes a whole number written in exponent form, 1e6 for 1000000. It
// implements pflag.Value.
type countValue int

// countVar defines an int flag called name on f that accepts exponent
// notation, with default def, stored in p.
func countVar(f *pflag.FlagSet, p *int, name string, def int, usage string) {
	*p = def
	f.Var((*countValue)(p), name, usage)
}

func (c *countValue) String() string { return strconv.Itoa(int(*c)) }

// Type is "int", as pflag's int flags (cobra shows it in --help).
func (c *countValue) Type() string { return "int" }

// Set parses s: a decimal integer, or a whole number in exponent form
// (1e6, 2.5e3) that fits an int.
func (c *countValue) Set(s string) error {
	v, err := parseCount(s)
	if err != nil {
		return err
	}
	*c = countValue(v)
	return nil
}

// parseCount returns the whole number s writes: "1000", "1e6", "2.5e3".
func parseCount(s string) (int, error) {
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

// maxQuoted is the most characters of a user's value that an error message
// quotes; longer values are cut with "…" and their length given.
const maxQuoted = 40

// quoteShort quotes s for an error message, cut to maxQuoted characters.
func quoteShort(s string) string {
	r := []rune(s)
	if len(r) <= maxQuoted {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s… (%d characters)", strconv.Quote(string(r[:maxQuoted])), len(r))
}

// flagErrorFunc is the commands' cobra FlagErrorFunc: a usageError, and a
// flag's bad value said as "--flag "value": problem" with the value cut to
// maxQuoted characters (pflag's own message quotes it whole, and strconv's
// errors repeat it).
func flagErrorFunc(_ *cobra.Command, err error) error {
	var ive *pflag.InvalidValueError
	if !errors.As(err, &ive) {
		return usageError{err}
	}
	cause := errors.Unwrap(ive)
	var ne *strconv.NumError
	if errors.As(cause, &ne) {
		cause = ne.Err
	}
	return usageError{reworded{fmt.Sprintf("--%s %s: %v", ive.GetFlag().Name, quoteShort(ive.GetValue()), cause), err}}
}

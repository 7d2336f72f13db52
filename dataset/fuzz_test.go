package dataset

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

// FuzzLoadCSV feeds arbitrary bytes (and label and --classes values) to
// the loader: it must never panic; it returns either a short one-line *ParseError
// with a kind of this package, or a data set with finite features (also
// once standardised), labels in {0, 1}, both classes present and
// consistent shapes. CI runs it for a fixed number of inputs (see .ci/run).
func FuzzLoadCSV(f *testing.F) {
	for _, seed := range []string{
		"a,b,y\n1,2,0\n3,4,1\n",
		"\xEF\xBB\xBFa,b,y\r\n1,2,no\r\n3,4,yes\r\n",
		"a,y\n1,a\n2,b\n3,c\n",
		"a,y\n\"1,0\n",
		"a,y\n1\"2,0\n",
		"a,b,y\n1,2\n",
		"a,b,y\n1,2,3,4\n",
		"a,a,y\n1,2,0\n",
		"a,y\nNaN,0\n1,1\n",
		"a,y\n1e308,0\n-1e308,1\n",
		"a,y\n1e400,0\n",
		"y\n0\n1\n",
		"a,y\n",
		"",
		"\"a\"\"b\",y\n\"1\n\",0\n2,1\n",
	} {
		f.Add([]byte(seed), "", "")
	}
	f.Add([]byte("a,b,y\n1,2,c\n3,4,d\n5,6,e\n"), "y", "c,e")
	f.Add([]byte("a,b,y\n1,2,0\n3,4,1\n"), "b", "")
	f.Fuzz(func(t *testing.T, data []byte, label, classes string) {
		tb, err := ReadTable(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			checkParseError(t, err)
			return
		}
		if tb.Rows() == 0 || len(tb.Header) == 0 {
			t.Fatalf("table with %d rows and %d columns and no error", tb.Rows(), len(tb.Header))
		}
		o := Options{Label: label}
		if classes != "" {
			o.Classes = splitComma(classes)
		}
		ds, err := tb.Select(o)
		if err != nil {
			checkParseError(t, err)
			return
		}
		n, d := ds.X.Dims()
		if n != len(ds.Y) || d != len(ds.Features) || d == 0 || n+ds.Dropped != tb.Rows() {
			t.Fatalf("shapes: X %d × %d, %d labels, %d features, %d dropped of %d rows", n, d, len(ds.Y), len(ds.Features), ds.Dropped, tb.Rows())
		}
		if c := ds.ClassCounts(); c[0] == 0 || c[1] == 0 {
			t.Fatalf("class counts %v: both classes must be present", c)
		}
		for i, y := range ds.Y {
			if y != 0 && y != 1 {
				t.Fatalf("y[%d] = %v", i, y)
			}
			for _, v := range ds.X.RawRowView(i) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("x[%d] holds %v", i, v)
				}
			}
		}
		z := Standardize(ds)
		for i := 0; i < n; i++ {
			for _, v := range z.X.RawRowView(i) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("standardised x[%d] holds %v", i, v)
				}
			}
		}
	})
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func checkParseError(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	known := false
	for _, k := range []error{ErrOpen, ErrEmpty, ErrNoRows, ErrHeader, ErrFieldCount, ErrQuote, ErrNotNumber,
		ErrNotFinite, ErrMissingValue, ErrNoLabelColumn, ErrUnknownColumn, ErrDuplicateColumn, ErrNoFeatures,
		ErrOneClass, ErrTooManyClasses, ErrClassAbsent, ErrOptions, ErrTooLarge} {
		known = known || pe.Kind == k
	}
	// Values and lists are cut in messages (Quote, QuoteList): a message
	// stays short whatever the input.
	if !known || pe.File != "fuzz.csv" || pe.Line < 0 || pe.Column < 0 || bytes.ContainsAny([]byte(err.Error()), "\r\n") ||
		len(err.Error()) > 2000 {
		t.Fatalf("error %v: kind %v, file %q, line %d, column %d", err, pe.Kind, pe.File, pe.Line, pe.Column)
	}
}

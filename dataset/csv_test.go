package dataset

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// load reads src as a CSV file named f.csv and selects a data set.
func load(src string, o Options) (*Dataset, error) {
	t, err := ReadTable(strings.NewReader(src), "f.csv")
	if err != nil {
		return nil, err
	}
	return t.Select(o)
}

// TestBadInput checks every bad input of issue 4: the exact kind, the
// line and column (0 when the error is not at a position) and the option (Field)
// named.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		opts      Options
		kind      error
		line, col int
		field     string
	}{
		{"empty file", "", Options{}, ErrEmpty, 1, 1, ""},
		{"blank lines only", "\n\r\n\n", Options{}, ErrEmpty, 1, 1, ""},
		{"header only", "a,b,y\n", Options{}, ErrNoRows, 2, 1, ""},
		{"header only, no newline", "a,b,y", Options{}, ErrNoRows, 2, 1, ""},
		{"too many fields", "a,b,y\n1,2,0\n3,4,1,5\n", Options{}, ErrFieldCount, 3, 7, ""},
		{"too few fields", "a,b,y\n1,2,0\n3,1\n", Options{}, ErrFieldCount, 3, 3, ""},
		{"non-numeric feature", "a,b,y\n1,2,0\n3,abc,1\n", Options{}, ErrNotNumber, 3, 3, ""},
		{"Go digit separator", "a,b,y\n1,2,0\n3,1_000,1\n", Options{}, ErrNotNumber, 3, 3, ""},
		{"hexadecimal float", "a,b,y\n0x1p4,2,0\n3,4,1\n", Options{}, ErrNotNumber, 2, 1, ""},
		{"empty feature", "a,b,y\n1,,0\n3,4,1\n", Options{}, ErrMissingValue, 2, 3, ""},
		{"NaN", "a,b,y\n1,NaN,0\n3,4,1\n", Options{}, ErrNotFinite, 2, 3, ""},
		{"+Inf", "a,b,y\n1,2,0\n+Inf,4,1\n", Options{}, ErrNotFinite, 3, 1, ""},
		{"-Inf", "a,b,y\n1,2,0\n3,-inf,1\n", Options{}, ErrNotFinite, 3, 3, ""},
		{"overflowing number", "a,b,y\n1,2,0\n3,1e400,1\n", Options{}, ErrNotFinite, 3, 3, ""},
		{"missing label column", "a,b,y\n1,2,0\n3,4,1\n", Options{Label: "class"}, ErrNoLabelColumn, 1, 0, "label"},
		{"feature named twice in the header", "a,b,a,y\n1,2,3,0\n", Options{}, ErrDuplicateColumn, 1, 5, ""},
		{"feature named twice in --features", "a,b,y\n1,2,0\n3,4,1\n", Options{Features: []string{"a", "a"}}, ErrDuplicateColumn, 0, 0, "features"},
		{"unknown --features name", "a,b,y\n1,2,0\n3,4,1\n", Options{Features: []string{"a", "c"}}, ErrUnknownColumn, 1, 0, "features"},
		{"label as a feature", "a,b,y\n1,2,0\n3,4,1\n", Options{Features: []string{"a", "y"}}, ErrOptions, 1, 5, "features"},
		{"no feature columns", "y\n0\n1\n", Options{}, ErrNoFeatures, 1, 1, ""},
		{"only one class", "a,y\n1,yes\n2,yes\n", Options{}, ErrOneClass, 1, 3, ""},
		{"more than two classes", "a,y\n1,a\n2,b\n3,c\n", Options{}, ErrTooManyClasses, 1, 3, ""},
		{"--classes names an absent class", "a,y\n1,a\n2,b\n3,c\n", Options{Classes: []string{"a", "d"}}, ErrClassAbsent, 1, 3, "classes"},
		{"--classes with one name", "a,y\n1,a\n2,b\n", Options{Classes: []string{"a"}}, ErrOptions, 0, 0, "classes"},
		{"--positive names an absent class", "a,y\n1,a\n2,b\n", Options{Positive: "c"}, ErrClassAbsent, 1, 3, "positive"},
		{"--positive names a dropped class", "a,y\n1,a\n2,b\n3,c\n", Options{Classes: []string{"a", "b"}, Positive: "c"}, ErrClassAbsent, 1, 3, "positive"},
		{"empty label", "a,y\n1,a\n2,\n", Options{}, ErrMissingValue, 3, 3, ""},
		{"unclosed quote", "a,y\n1,a\n\"2,b\n3,a\n", Options{}, ErrQuote, 4, 5, ""},
		{"quote inside a field", "a,y\n1,a\n2\"5,b\n", Options{}, ErrQuote, 3, 2, ""},
		{"empty column name", "a,,y\n1,2,0\n", Options{}, ErrHeader, 1, 3, ""},
		{"not numbers after a BOM", "\xEF\xBB\xBFa,y\nx,0\n", Options{}, ErrNotNumber, 2, 1, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := load(c.src, c.opts)
			if err == nil {
				t.Fatalf("no error; data %v", ds)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if !errors.Is(err, c.kind) || pe.Kind != c.kind {
				t.Errorf("kind %q, want %q", pe.Kind, c.kind)
			}
			if pe.Line != c.line || pe.Column != c.col || pe.Field != c.field {
				t.Errorf("at line %d column %d flag %q, want %d, %d, %q", pe.Line, pe.Column, pe.Field, c.line, c.col, c.field)
			}
			if pe.File != "f.csv" {
				t.Errorf("file %q, want f.csv", pe.File)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "f.csv") {
				t.Errorf("message %q: want one line starting with the file", msg)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.csv")
	_, err := OpenTable(path)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Kind != ErrOpen || pe.File != path || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("error %v, want ErrOpen naming %s and wrapping fs.ErrNotExist", err, path)
	}
	if want := path + ": cannot read the file: no such file or directory"; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
}

// TestAcceptedInput checks the inputs that must be accepted: a UTF-8 BOM,
// Windows line endings, quoted fields, spaces around values, and 1e308
// (finite; the fit, not the loader, deals with its overflow).
func TestAcceptedInput(t *testing.T) {
	cases := []struct {
		name string
		src  string
	}{
		{"plain", "a,b,y\n1,2,no\n3,4,yes\n"},
		{"BOM", "\xEF\xBB\xBFa,b,y\n1,2,no\n3,4,yes\n"},
		{"CRLF", "a,b,y\r\n1,2,no\r\n3,4,yes\r\n"},
		{"BOM and CRLF, no final newline", "\xEF\xBB\xBFa,b,y\r\n1,2,no\r\n3,4,yes"},
		{"quotes and spaces", "\"a\", b ,y\n\"1\", 2 ,no\n 3,\"4\", yes\n"},
		{"blank lines", "a,b,y\n\n1,2,no\n\r\n3,4,yes\n\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := load(c.src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ds.Features, ","); got != "a,b" || ds.Label != "y" {
				t.Errorf("features %q label %q, want a,b and y", got, ds.Label)
			}
			if ds.Classes != [2]string{"no", "yes"} {
				t.Errorf("classes %q, want no, yes", ds.Classes)
			}
			want := []float64{1, 2, 3, 4}
			for k, v := range ds.X.RawMatrix().Data {
				if v != want[k] {
					t.Errorf("X = %v, want %v", ds.X.RawMatrix().Data, want)
					break
				}
			}
			if ds.Y[0] != 0 || ds.Y[1] != 1 {
				t.Errorf("y = %v, want [0 1]", ds.Y)
			}
		})
	}
	ds, err := load("a,y\n1e308,0\n-1e308,1\n", Options{})
	if err != nil || ds.X.At(0, 0) != 1e308 {
		t.Errorf("1e308: %v, %v", ds, err)
	}
	ds, err = load("a,y\n1e-400,0\n2,1\n", Options{})
	if err != nil || ds.X.At(0, 0) != 0 {
		t.Errorf("1e-400 (underflows to 0): %v, %v", ds, err)
	}
}

// TestLabelEncoding checks scikit-learn's LabelEncoder order (sorted text,
// or sorted numbers when every label is a number), --positive, --classes
// with the dropped rows counted, and --label/--features choosing columns.
func TestLabelEncoding(t *testing.T) {
	cases := []struct {
		name    string
		src     string
		opts    Options
		classes [2]string
		y       []float64
		dropped int
	}{
		{"0/1", "a,y\n1,1\n2,0\n3,1\n", Options{}, [2]string{"0", "1"}, []float64{1, 0, 1}, 0},
		{"text sorted", "a,y\n1,spam\n2,ham\n", Options{}, [2]string{"ham", "spam"}, []float64{1, 0}, 0},
		{"numbers sorted by value", "a,y\n1,10\n2,2\n", Options{}, [2]string{"2", "10"}, []float64{1, 0}, 0},
		{"1 and 1.0 are one class", "a,y\n1,1\n2,1.0\n3,0\n", Options{}, [2]string{"0", "1"}, []float64{1, 1, 0}, 0},
		{"positive", "a,y\n1,spam\n2,ham\n", Options{Positive: "ham"}, [2]string{"spam", "ham"}, []float64{0, 1}, 0},
		{"classes", "a,y\n1,c\n2,a\n3,b\n4,c\n", Options{Classes: []string{"c", "a"}}, [2]string{"a", "c"}, []float64{1, 0, 1}, 1},
		{"--classes and --positive", "a,y\n1,c\n2,a\n3,b\n", Options{Classes: []string{"a", "c"}, Positive: "a"}, [2]string{"c", "a"}, []float64{0, 1}, 1},
		{"label", "y,a\n0,1\n1,2\n", Options{Label: "y"}, [2]string{"0", "1"}, []float64{0, 1}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := load(c.src, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if ds.Classes != c.classes || ds.Dropped != c.dropped {
				t.Errorf("classes %q dropped %d, want %q and %d", ds.Classes, ds.Dropped, c.classes, c.dropped)
			}
			if strings.Join(ds.Features, ",") != "a" {
				t.Errorf("features %v, want [a]", ds.Features)
			}
			if len(ds.Y) != len(c.y) {
				t.Fatalf("y = %v, want %v", ds.Y, c.y)
			}
			for i := range c.y {
				if ds.Y[i] != c.y[i] {
					t.Fatalf("y = %v, want %v", ds.Y, c.y)
				}
			}
		})
	}
	ds, err := load("a,b,c,y\n1,2,3,0\n4,5,6,1\n", Options{Features: []string{"c", "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ds.X.RawMatrix().Data; strings.Join(ds.Features, ",") != "c,a" || got[0] != 3 || got[1] != 1 || got[2] != 6 || got[3] != 4 {
		t.Errorf("--features c,a: features %v, X %v", ds.Features, got)
	}
}

func TestOpenTableFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.csv")
	if err := os.WriteFile(path, []byte("x1,x2,label\r\n1,1,a\r\n2,2,b\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tb, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := tb.Select(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Name != "data" || ds.File != path || ds.Label != "label" || math.Abs(ds.X.At(1, 1)-2) > 0 {
		t.Errorf("got name %q file %q label %q", ds.Name, ds.File, ds.Label)
	}
}

// TestManyClassesListed: a label column with many values (e.g. a
// regression target) gives a short error listing the first ten classes.
func TestManyClassesListed(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("a,y\n")
	for i := 0; i < 50; i++ {
		sb.WriteString("1," + strings.Repeat("v", i+1) + "\n")
	}
	_, err := load(sb.String(), Options{})
	if !errors.Is(err, ErrTooManyClasses) || !strings.Contains(err.Error(), "50 classes") || !strings.Contains(err.Error(), "… and 40 more") {
		t.Errorf("error %v", err)
	}
}

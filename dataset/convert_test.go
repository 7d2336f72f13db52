package dataset

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestParallelConversionReportsTheFirstBadField converts tables large
// enough to be split among goroutines, with bad fields planted in several
// parts: the error must name the first bad field in row order (the line and
// column a sequential read would report), and a clean table must give the
// same values as the fields say.
func TestParallelConversionReportsTheFirstBadField(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	const rows = 4 * convertRows
	table := func(bad map[int]string) string {
		var b strings.Builder
		b.WriteString("a,b,y\n")
		for i := 0; i < rows; i++ {
			a, bv, y := fmt.Sprint(i), "0.5", fmt.Sprint(i%2)
			if v, ok := bad[i]; ok {
				parts := strings.Split(v, ",")
				a, bv, y = parts[0], parts[1], parts[2]
			}
			fmt.Fprintf(&b, "%s,%s,%s\n", a, bv, y)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name      string
		bad       map[int]string
		line, col int
		kind      error
	}{
		{"feature in a later part first", map[int]string{3*convertRows + 5: "1,zz,0", 2*convertRows + 9: "1,0x1,0"}, 2*convertRows + 9 + 2, 3, ErrNotNumber},
		{"two in one part", map[int]string{convertRows + 7: "1,,0", convertRows + 3: "1e999,1,0"}, convertRows + 3 + 2, 1, ErrNotFinite},
		{"label before a feature of the same row", map[int]string{rows - 1: "1,zz,", 2: "1,1, "}, 2 + 2, 5, ErrMissingValue},
	} {
		tb, err := ReadTable(strings.NewReader(table(tc.bad)), "big.csv")
		if err != nil {
			t.Fatal(err)
		}
		_, err = tb.Select(Options{})
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != tc.line || pe.Column != tc.col || !errors.Is(err, tc.kind) {
			t.Errorf("%s: error %v, want line %d column %d (%v)", tc.name, err, tc.line, tc.col, tc.kind)
		}
	}
	tb, err := ReadTable(strings.NewReader(table(nil)), "big.csv")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := tb.Select(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < rows; i++ {
		if ds.X.At(i, 0) != float64(i) || ds.X.At(i, 1) != 0.5 || ds.Y[i] != float64(i%2) {
			t.Fatalf("row %d: %v %v label %v", i, ds.X.At(i, 0), ds.X.At(i, 1), ds.Y[i])
		}
	}
}

package dataset

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// zeros is an endless input without a line break, as /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// An endless input without a line break stops at MaxLineBytes with an
// error naming line 1 and the column past the limit, having read and kept
// only about that much (issue 15: --data /dev/zero read 5.2 GB).
func TestReadTableStopsAtLineLimit(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadTable(zeros{}, "zero")
	runtime.ReadMemStats(&after)
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrTooLarge) || pe.Line != 1 || pe.Column != MaxLineBytes+1 {
		t.Fatalf("err = %v, want ErrTooLarge at line 1 column %d", err, MaxLineBytes+1)
	}
	if msg := err.Error(); len(msg) > 200 || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "zero:1:") {
		t.Errorf("message %q: want one short line naming file, line and column", msg)
	}
	// encoding/csv grows its line and field buffers by doubling: a few
	// times the limit in all.
	if d := after.TotalAlloc - before.TotalAlloc; d > 8*MaxLineBytes {
		t.Errorf("allocated %d bytes for a limit of %d", d, MaxLineBytes)
	}
}

// A line break resets the line limit; the file's total is bounded too
// (checked here with small limits).
func TestBoundedReader(t *testing.T) {
	line := strings.Repeat("a", 9) + "\n"
	b := newBoundedReader(strings.NewReader(strings.Repeat(line, 5)))
	b.lineMax, b.fileMax = 10, 100
	if got, err := io.ReadAll(b); err != nil || len(got) != 50 {
		t.Errorf("5 lines of 10 bytes: %d bytes, %v", len(got), err)
	}
	b = newBoundedReader(strings.NewReader(strings.Repeat(line, 11)))
	b.lineMax, b.fileMax = 10, 100
	var se *sizeError
	if _, err := io.ReadAll(b); !errors.As(err, &se) || se.line != 0 || !strings.Contains(se.what, "more than 100 bytes") {
		t.Errorf("110 bytes with a limit of 100: %v", err)
	}
	b = newBoundedReader(strings.NewReader("ab\ncdefghijklmnop\n"))
	b.lineMax = 10
	if _, err := io.ReadAll(b); !errors.As(err, &se) || se.line != 2 || se.col != 11 {
		t.Errorf("a long second line: %v", err)
	}
}

// A field longer than MaxFieldBytes is refused at its line and column, and
// the message quotes only its start.
func TestReadTableFieldLimit(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	for _, in := range []string{
		"a,b,y\n1," + long + ",0\n",
		"a," + long + ",y\n1,2,0\n",
	} {
		_, err := ReadTable(strings.NewReader(in), "f.csv")
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrTooLarge) || pe.Column != 3 {
			t.Fatalf("err = %.200v, want ErrTooLarge at column 3", err)
		}
		if msg := err.Error(); len(msg) > 200 || !strings.Contains(msg, "… (1048576 bytes)") {
			t.Errorf("message %q: want the value cut", msg)
		}
	}
}

// A value that is not a number, or an unknown column named in the options,
// is quoted cut to 40 characters in the message, and long lists of names
// are cut after 12.
func TestLongValuesCutInMessages(t *testing.T) {
	long := strings.Repeat("7x", 5000)
	tab, err := ReadTable(strings.NewReader("a,b,y\n1,"+long+",0\n2,2,1\n"), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tab.Select(Options{})
	if !errors.Is(err, ErrNotNumber) || len(err.Error()) > 200 {
		t.Errorf("err = %.300v (%d bytes), want a short ErrNotNumber", err, len(err.Error()))
	}
	var head []string
	for i := 0; i < 500; i++ {
		head = append(head, "c"+strings.Repeat("z", i))
	}
	tab, err = ReadTable(strings.NewReader(strings.Join(head, ",")+"\n"+strings.Repeat("1,", 499)+"1\n"), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tab.Select(Options{Label: strings.Repeat("q", 10000)})
	if !errors.Is(err, ErrNoLabelColumn) || len(err.Error()) > 1000 || !strings.Contains(err.Error(), "… and 488 more") {
		t.Errorf("err = %.300v (%d bytes), want a short ErrNoLabelColumn", err, len(err.Error()))
	}
}

// A regular file larger than MaxFileBytes is refused before it is read
// (a sparse file: nothing is written).
func TestOpenTableFileLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileBytes + 1); err != nil {
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	_, err = OpenTable(p)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than 1 GiB") {
		t.Errorf("err = %v", err)
	}
}

// Errors about a built-in data set name the data set, not a file the user
// does not have.
func TestBuiltinErrorsNameTheDataSet(t *testing.T) {
	_, err := Builtin("iris")
	if err == nil || !strings.HasPrefix(err.Error(), "data set iris: more than two classes") || strings.Contains(err.Error(), ".csv") {
		t.Errorf("err = %v", err)
	}
	b, _ := LookupBuiltin("iris")
	_, err = b.Load(Options{Classes: []string{"setosa", "rose"}}, 0)
	if err == nil || !strings.HasPrefix(err.Error(), "data set iris: classes: ") {
		t.Errorf("err = %v", err)
	}
	if !bytes.Contains([]byte(QuoteList([]string{"a"})), []byte(`"a"`)) {
		t.Error("QuoteList")
	}
}

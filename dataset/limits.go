package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of the CSV reader, so that no input can make it read or hold
// without bound (issue 15: --data /dev/zero read until the process was
// killed). A table in memory takes about 7.5 times its file's size.
const (
	// MaxFileBytes is the largest input ReadTable reads: 1 GiB.
	MaxFileBytes = 1 << 30
	// MaxLineBytes is the longest line: 8 MiB (a line of 100,000 fields of
	// 80 characters).
	MaxLineBytes = 8 << 20
	// MaxFieldBytes is the longest field (a column name, a number, a
	// class): 64 KiB.
	MaxFieldBytes = 64 << 10
	// maxQuoted is the most characters of a value that an error message
	// quotes; longer values are cut with "…" and their length given.
	maxQuoted = 40
	// maxListed is the most names an error message lists.
	maxListed = 12
)

// ErrTooLarge: the file, a line or a field is longer than MaxFileBytes,
// MaxLineBytes or MaxFieldBytes.
var ErrTooLarge = errors.New("input too large")

// Quote returns s quoted (strconv.Quote) for an error message, cut to 40
// characters with "…" and its length in bytes when longer.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	r := []rune(s)
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(string(r[:maxQuoted])), len(s))
}

// QuoteList joins the names for an error message, each quoted (Quote), at
// most 12 of them and then "… and N more".
func QuoteList(names []string) string {
	var parts []string
	for i, n := range names {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("… and %d more", len(names)-maxListed))
			break
		}
		parts = append(parts, Quote(n))
	}
	return strings.Join(parts, ", ")
}

// sizeError is a limit exceeded while reading: line and column say where
// (0 for the file's size).
type sizeError struct {
	line, col int64
	what      string
}

func (e *sizeError) Error() string { return e.what }

// boundedReader reads r, failing with a *sizeError once more than
// MaxFileBytes have been read in all or MaxLineBytes since the last line
// break.
type boundedReader struct {
	r        io.Reader
	total    int64
	line     int64 // the current line, from 1
	sinceNL  int64 // bytes since the last line break
	fileMax  int64
	lineMax  int64
	stickErr error
}

func newBoundedReader(r io.Reader) *boundedReader {
	return &boundedReader{r: r, line: 1, fileMax: MaxFileBytes, lineMax: MaxLineBytes}
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.stickErr != nil {
		return 0, b.stickErr
	}
	n, err := b.r.Read(p)
	chunk := p[:n]
	for len(chunk) > 0 {
		i := bytes.IndexByte(chunk, '\n')
		seg := int64(len(chunk))
		if i >= 0 {
			seg = int64(i)
		}
		if b.sinceNL+seg > b.lineMax {
			b.stickErr = &sizeError{line: b.line, col: b.lineMax + 1,
				what: fmt.Sprintf("line %d is longer than %s (no line break in its first %d bytes)", b.line, sizeText(b.lineMax), b.lineMax)}
			break
		}
		if i < 0 {
			b.sinceNL += seg
			break
		}
		b.line++
		b.sinceNL = 0
		chunk = chunk[i+1:]
	}
	b.total += int64(n)
	if b.stickErr == nil && b.total > b.fileMax {
		b.stickErr = &sizeError{what: fmt.Sprintf("more than %s", sizeText(b.fileMax))}
	}
	if b.stickErr != nil {
		return n, b.stickErr
	}
	return n, err
}

// sizeText writes a number of bytes in KiB, MiB or GiB when whole.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkFileSize refuses a regular file larger than MaxFileBytes before it
// is read.
func checkFileSize(f *os.File, path string) error {
	info, err := f.Stat()
	if err == nil && info.Mode().IsRegular() && info.Size() > MaxFileBytes {
		return &ParseError{File: path, Kind: ErrTooLarge,
			Err: fmt.Errorf("the file holds %d bytes, more than %s (the most nnlr reads)", info.Size(), sizeText(MaxFileBytes))}
	}
	return nil
}

// checkFieldLengths refuses a field of rec (at positions pos) longer than
// MaxFieldBytes.
func (t *Table) checkFieldLengths(rec []string, pos []position) error {
	for j, f := range rec {
		if len(f) > MaxFieldBytes {
			return &ParseError{File: t.File, Line: pos[j].line, Column: pos[j].col, Kind: ErrTooLarge,
				Err: fmt.Errorf("a field of %d bytes, more than %s: %s", len(f), sizeText(MaxFieldBytes), Quote(f))}
		}
	}
	return nil
}

package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Table is a CSV file read into memory: the header and every data row as
// text, with each field's position in the file for error messages. Select
// turns it into a Dataset.
type Table struct {
	// File names the source in error messages (a path, or "<name>.csv" for
	// a built-in data set).
	File string
	// Header holds the column names (surrounding spaces removed), all
	// distinct and non-empty.
	Header []string
	// Records holds the data rows, each with len(Header) fields.
	Records [][]string

	headerPos []position
	pos       [][]position // pos[i][j]: where field j of record i starts
}

// position is a 1-based line and byte column.
type position struct{ line, col int }

// Rows is the number of data rows.
func (t *Table) Rows() int { return len(t.Records) }

// bom is the UTF-8 byte order mark that some spreadsheet programs write at
// the start of a CSV file.
var bom = []byte{0xEF, 0xBB, 0xBF}

// OpenTable reads the CSV file at path (see ReadTable). A file that cannot
// be opened or read is a *ParseError of kind ErrOpen.
func OpenTable(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseError{File: path, Kind: ErrOpen, Err: unwrapPath(err)}
	}
	defer f.Close()
	if err := checkFileSize(f, path); err != nil {
		return nil, err
	}
	return ReadTable(f, path)
}

// unwrapPath drops the *PathError wrapper, whose message repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadTable reads a CSV table from r: RFC 4180 as encoding/csv reads it
// (comma-separated, fields optionally in double quotes, "" for a quote
// inside one), a header row of distinct, non-empty column names, then one
// data row per line with as many fields as the header. A UTF-8 byte order
// mark at the start is skipped, Windows line endings (CRLF) are accepted,
// empty lines are skipped, and spaces around a column name are removed. file
// names the source in errors.
//
// Every error is a *ParseError naming file, line and column, of kind
// ErrOpen (a read failure), ErrEmpty, ErrNoRows, ErrHeader,
// ErrDuplicateColumn, ErrFieldCount, ErrQuote or ErrTooLarge: the input
// is bounded (MaxFileBytes in all, MaxLineBytes a line, MaxFieldBytes a
// field), and values quoted in messages are cut to 40 characters.
func ReadTable(r io.Reader, file string) (*Table, error) {
	br := bufio.NewReader(newBoundedReader(r))
	if head, _ := br.Peek(len(bom)); bytes.Equal(head, bom) {
		br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	// The field count is checked below rather than by encoding/csv
	// (FieldsPerRecord = 0), whose ErrFieldCount names column 1 only.
	cr.FieldsPerRecord = -1
	t := &Table{File: file}

	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: file, Line: 1, Column: 1, Kind: ErrEmpty}
	}
	if err != nil {
		return nil, t.readError(err)
	}
	t.headerPos = fieldPositions(cr, len(header))
	if err := t.checkFieldLengths(header, t.headerPos); err != nil {
		return nil, err
	}
	seen := make(map[string]int, len(header))
	for j, name := range header {
		name = strings.TrimSpace(name)
		p := t.headerPos[j]
		if name == "" {
			return nil, &ParseError{File: file, Line: p.line, Column: p.col, Kind: ErrHeader,
				Err: fmt.Errorf("column %d has no name", j+1)}
		}
		if k, dup := seen[name]; dup {
			return nil, &ParseError{File: file, Line: p.line, Column: p.col, Kind: ErrDuplicateColumn,
				Err: fmt.Errorf("%s is columns %d and %d of the header", Quote(name), k+1, j+1)}
		}
		seen[name] = j
		t.Header = append(t.Header, name)
	}

	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, t.readError(err)
		}
		pos := fieldPositions(cr, len(rec))
		if err := t.checkFieldLengths(rec, pos); err != nil {
			return nil, err
		}
		if len(rec) != len(t.Header) {
			// Too many fields: point at the first extra one; too few: at
			// the last field present.
			p := pos[min(len(rec), len(t.Header))-1]
			if len(rec) > len(t.Header) {
				p = pos[len(t.Header)]
			}
			return nil, &ParseError{File: file, Line: p.line, Column: p.col, Kind: ErrFieldCount,
				Err: fmt.Errorf("the row has %d fields, the header %d", len(rec), len(t.Header))}
		}
		t.Records = append(t.Records, rec)
		t.pos = append(t.pos, pos)
	}
	if len(t.Records) == 0 {
		last := t.headerPos[len(t.headerPos)-1]
		return nil, &ParseError{File: file, Line: last.line + 1, Column: 1, Kind: ErrNoRows}
	}
	return t, nil
}

// fieldPositions returns where each of the n fields of the record just read
// starts.
func fieldPositions(cr *csv.Reader, n int) []position {
	pos := make([]position, n)
	for j := range pos {
		pos[j].line, pos[j].col = cr.FieldPos(j)
	}
	return pos
}

// readError turns an error of encoding/csv into a *ParseError.
func (t *Table) readError(err error) error {
	var se *sizeError
	if errors.As(err, &se) {
		return &ParseError{File: t.File, Line: int(se.line), Column: int(se.col), Kind: ErrTooLarge, Err: errors.New(se.what)}
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &ParseError{File: t.File, Kind: ErrOpen, Err: err}
	}
	kind := ErrOpen
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		kind = ErrQuote
	}
	detail := pe.Err
	if pe.StartLine != pe.Line {
		detail = fmt.Errorf("%w (in the record starting on line %d)", pe.Err, pe.StartLine)
	}
	return &ParseError{File: t.File, Line: pe.Line, Column: pe.Column, Kind: kind, Err: detail}
}

// at returns a *ParseError at field j of record i.
func (t *Table) at(i, j int, field string, kind, detail error) *ParseError {
	p := t.pos[i][j]
	return &ParseError{File: t.File, Line: p.line, Column: p.col, Field: field, Kind: kind, Err: detail}
}

// atHeader returns a *ParseError at column j of the header (j < 0: the
// whole header line).
func (t *Table) atHeader(j int, field string, kind, detail error) *ParseError {
	e := &ParseError{File: t.File, Line: 1, Field: field, Kind: kind, Err: detail}
	if j >= 0 && j < len(t.headerPos) {
		e.Line, e.Column = t.headerPos[j].line, t.headerPos[j].col
	}
	return e
}

// column returns the index of the named column, or −1.
func (t *Table) column(name string) int {
	for j, h := range t.Header {
		if h == name {
			return j
		}
	}
	return -1
}

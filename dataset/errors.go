package dataset

import (
	"errors"
	"fmt"
	"strings"
)

// The kinds of bad input. Every error the loader returns is a *ParseError
// whose Kind is one of these, so callers test it with errors.Is.
var (
	// ErrOpen: the file cannot be opened or read (missing, a folder, no
	// permission).
	ErrOpen = errors.New("cannot read the file")
	// ErrEmpty: the file holds no header row.
	ErrEmpty = errors.New("empty file: no header row")
	// ErrNoRows: the file holds a header row but no data rows.
	ErrNoRows = errors.New("no data rows after the header")
	// ErrHeader: a column name in the header is empty.
	ErrHeader = errors.New("bad header")
	// ErrFieldCount: a row has more or fewer fields than the header.
	ErrFieldCount = errors.New("wrong number of fields")
	// ErrQuote: a quoted field is not closed, or a quote appears inside an
	// unquoted field (RFC 4180).
	ErrQuote = errors.New("bad quoting")
	// ErrNotNumber: a feature value is not a number.
	ErrNotNumber = errors.New("not a number")
	// ErrNotFinite: a feature value is NaN or ±Inf, or overflows float64.
	ErrNotFinite = errors.New("not a finite number")
	// ErrMissingValue: a feature or label field is empty.
	ErrMissingValue = errors.New("missing value")
	// ErrNoLabelColumn: the label column named by --label is not in the
	// header.
	ErrNoLabelColumn = errors.New("no such label column")
	// ErrUnknownColumn: a name given in --features or --plot-features is not
	// a column of the header (or not a selected feature).
	ErrUnknownColumn = errors.New("no such column")
	// ErrDuplicateColumn: a column is named twice in the header, in
	// --features or in --plot-features.
	ErrDuplicateColumn = errors.New("column named twice")
	// ErrNoFeatures: no feature column is left (the header holds only the
	// label, or --features names the label column).
	ErrNoFeatures = errors.New("no feature columns")
	// ErrOneClass: the label column holds a single class.
	ErrOneClass = errors.New("only one class present")
	// ErrTooManyClasses: the label column holds more than two classes and
	// --classes does not pick two.
	ErrTooManyClasses = errors.New("more than two classes")
	// ErrClassAbsent: --classes or --positive names a class that is not in
	// the label column (or not among the two picked).
	ErrClassAbsent = errors.New("class not present")
	// ErrOptions: the options themselves are malformed (e.g. --classes with
	// other than two names); the data was not read.
	ErrOptions = errors.New("invalid option")
)

// ParseError is a bad input, named by where it is: a file and a position in
// it (as encoding/csv's ParseError), an option, or both.
type ParseError struct {
	// File is the file's path, or "data set <name>" for a built-in data
	// set (then without Line and Column); empty for an error in the options
	// alone.
	File string
	// Line is the 1-based line (0 when the error is not at a line, e.g. the
	// file is missing).
	Line int
	// Column is the 1-based byte position in the line (0 for a whole line).
	// A UTF-8 byte order mark at the start of the file is not counted.
	Column int
	// Field names the option involved, if any, by its setting name:
	// "label", "features", "positive", "classes", "dataset" or
	// "plot_features" (a front end maps it to its own vocabulary, e.g. the
	// CLI's --features).
	Field string
	// Kind is one of the Err* sentinels of this package.
	Kind error
	// Err is the detail, or nil.
	Err error
}

// Error returns "file:line:column: field: kind: detail", leaving out the
// parts that are not set.
func (e *ParseError) Error() string {
	var parts []string
	if e.File != "" {
		loc := e.File
		if e.Line > 0 {
			loc += fmt.Sprintf(":%d", e.Line)
			if e.Column > 0 {
				loc += fmt.Sprintf(":%d", e.Column)
			}
		}
		parts = append(parts, loc)
	}
	if e.Field != "" {
		parts = append(parts, e.Field)
	}
	parts = append(parts, e.Kind.Error())
	if e.Err != nil {
		parts = append(parts, e.Err.Error())
	}
	return strings.Join(parts, ": ")
}

// Unwrap returns the kind and the detail, so that errors.Is matches either.
func (e *ParseError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

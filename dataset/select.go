package dataset

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"nnlr/internal/hugepage"
)

// Options say which columns of a Table are the label and the features and
// how the label's classes map to y ∈ {0, 1}. The zero value takes the last
// column as the label and every other column as a feature.
type Options struct {
	// Label names the label column (--label). Default: the last column.
	Label string
	// Features names the feature columns, in this order (--features).
	// Default: every column but the label, in file order.
	Features []string
	// Positive names the class that becomes y = 1 (--positive). Default:
	// the second class in LabelEncoder order.
	Positive string
	// Classes, when set, names the two classes to keep (--classes); rows of
	// other classes are dropped. Required when the label column holds more
	// than two classes, unless Multiclass is set.
	Classes []string
	// Multiclass, when set and Classes is not, keeps every class of a label
	// with k ≥ 3 classes: the Dataset's Y holds class indices 0 … k − 1 in
	// LabelEncoder order and ClassNames names them (see Dataset.Multiclass).
	// Positive cannot be used then. With two classes it changes nothing.
	Multiclass bool
}

// Validate checks the options on their own, before any data is read: no
// empty or repeated names in Features, exactly two distinct names in
// Classes. The error is a *ParseError naming the option (Field), of kind ErrOptions or
// ErrDuplicateColumn.
func (o Options) Validate() error {
	seen := map[string]bool{}
	for _, f := range o.Features {
		if f == "" {
			return &ParseError{Field: "features", Kind: ErrOptions, Err: errors.New("empty column name")}
		}
		if seen[f] {
			return &ParseError{Field: "features", Kind: ErrDuplicateColumn, Err: errors.New(Quote(f))}
		}
		seen[f] = true
	}
	if o.Classes != nil {
		if len(o.Classes) != 2 || o.Classes[0] == "" || o.Classes[1] == "" {
			return &ParseError{Field: "classes", Kind: ErrOptions,
				Err: fmt.Errorf("%s: want two class names, A,B", Quote(strings.Join(o.Classes, ",")))}
		}
		if o.Classes[0] == o.Classes[1] {
			return &ParseError{Field: "classes", Kind: ErrOptions, Err: fmt.Errorf("%s is named twice", Quote(o.Classes[0]))}
		}
	}
	return nil
}

// Select builds the binary classification problem the options describe:
// the feature columns parsed as float64 (spaces around a number ignored),
// and the label column's classes (spaces around a value ignored) mapped to
// y ∈ {0, 1} in the order of scikit-learn 1.2's LabelEncoder (sorted by
// value when every label is a number, else by text): the first class is
// y = 0, the second y = 1, unless Positive names the other one. With
// Classes set, the rows of every other class are dropped and counted in
// Dataset.Dropped.
//
// Every error is a *ParseError naming the file, a line and a column and,
// when an option is involved, its Field: ErrOptions or ErrDuplicateColumn
// (see Validate), ErrNoLabelColumn, ErrUnknownColumn, ErrNoFeatures,
// ErrMissingValue, ErrNotNumber, ErrNotFinite, ErrOneClass,
// ErrTooManyClasses or ErrClassAbsent.
func (t *Table) Select(o Options) (*Dataset, error) {
	if err := o.Validate(); err != nil {
		if pe, ok := err.(*ParseError); ok {
			pe.File = t.File
		}
		return nil, err
	}
	label := len(t.Header) - 1
	if o.Label != "" {
		if label = t.column(o.Label); label < 0 {
			return nil, t.atHeader(-1, "label", ErrNoLabelColumn,
				fmt.Errorf("%s (columns: %s)", Quote(o.Label), QuoteList(t.Header)))
		}
	}
	var features []int
	if o.Features == nil {
		for j := range t.Header {
			if j != label {
				features = append(features, j)
			}
		}
	} else {
		for _, name := range o.Features {
			j := t.column(name)
			switch {
			case j < 0:
				return nil, t.atHeader(-1, "features", ErrUnknownColumn,
					fmt.Errorf("%s (columns: %s)", Quote(name), QuoteList(t.Header)))
			case j == label:
				return nil, t.atHeader(j, "features", ErrOptions,
					fmt.Errorf("%s is the label column", Quote(name)))
			}
			features = append(features, j)
		}
	}
	if len(features) == 0 {
		return nil, t.atHeader(label, "", ErrNoFeatures,
			fmt.Errorf("the only column, %s, is the label", Quote(t.Header[label])))
	}

	n, d := len(t.Records), len(features)
	values := make([]string, n)
	x := hugepage.Floats(n * d) // read in shuffled row order by training
	if err := t.convert(label, features, values, x); err != nil {
		return nil, err
	}

	classes, of := labelClasses(values)
	labelErr := func(field string, kind error, format string, args ...any) error {
		return t.atHeader(label, field, kind, fmt.Errorf("column %s: "+format, append([]any{Quote(t.Header[label])}, args...)...))
	}
	picked := []int{0, 1}
	if o.Classes != nil {
		picked = picked[:0]
		for _, name := range o.Classes {
			c := findClass(classes, name)
			if c < 0 {
				return nil, labelErr("classes", ErrClassAbsent, "no class %s (classes: %s)", Quote(name), classList(classes))
			}
			picked = append(picked, c)
		}
		if picked[0] == picked[1] {
			return nil, labelErr("classes", ErrOptions, "%s and %s are one class", Quote(o.Classes[0]), Quote(o.Classes[1]))
		}
		if picked[0] > picked[1] { // LabelEncoder order
			picked[0], picked[1] = picked[1], picked[0]
		}
	} else {
		switch {
		case len(classes) == 1:
			return nil, labelErr("", ErrOneClass, "every row is %s", Quote(classes[0].Name))
		case len(classes) > 2 && o.Multiclass:
			if o.Positive != "" {
				return nil, labelErr("positive", ErrOptions, "%s: a positive class needs two classes, the label has %d (%s)",
					Quote(o.Positive), len(classes), classList(classes))
			}
			return t.multiclass(label, features, classes, of, x), nil
		case len(classes) > 2:
			return nil, labelErr("", ErrTooManyClasses, "%d classes (%s): pick two (Options.Classes) or keep them all (Options.Multiclass)", len(classes), classList(classes))
		}
	}
	if o.Positive != "" {
		c := findClass(classes, o.Positive)
		switch c {
		case picked[0]:
			picked[0], picked[1] = picked[1], picked[0]
		case picked[1]:
		default:
			return nil, labelErr("positive", ErrClassAbsent, "no class %s among %s, %s",
				Quote(o.Positive), Quote(classes[picked[0]].Name), Quote(classes[picked[1]].Name))
		}
	}

	ds := &Dataset{
		Name:    strings.TrimSuffix(baseName(t.File), ".csv"),
		File:    t.File,
		Label:   t.Header[label],
		Classes: [2]string{classes[picked[0]].Name, classes[picked[1]].Name},
	}
	for _, j := range features {
		ds.Features = append(ds.Features, t.Header[j])
	}
	ds.Y = make([]float64, 0, n)
	for _, c := range of {
		switch c {
		case picked[0]:
			ds.Y = append(ds.Y, 0)
		case picked[1]:
			ds.Y = append(ds.Y, 1)
		default:
			ds.Dropped++
		}
	}
	kept := x // every row: no copy
	if ds.Dropped > 0 {
		kept = hugepage.Floats(len(ds.Y) * d)[:0]
		for i, c := range of {
			if c == picked[0] || c == picked[1] {
				kept = append(kept, x[i*d:(i+1)*d]...)
			}
		}
	}
	ds.X = mat.NewDense(len(ds.Y), d, kept)
	return ds, nil
}

// multiclass builds the k-class Dataset of every row: Y holds each row's
// class index (of, LabelEncoder order), ClassNames the k names, x the
// n × d features row-major.
func (t *Table) multiclass(label int, features []int, classes []Class, of []int, x []float64) *Dataset {
	ds := &Dataset{
		Name:  strings.TrimSuffix(baseName(t.File), ".csv"),
		File:  t.File,
		Label: t.Header[label],
	}
	for _, j := range features {
		ds.Features = append(ds.Features, t.Header[j])
	}
	for _, c := range classes {
		ds.ClassNames = append(ds.ClassNames, c.Name)
	}
	ds.Classes = [2]string{classes[0].Name, classes[1].Name}
	ds.Y = make([]float64, len(of))
	for i, c := range of {
		ds.Y[i] = float64(c)
	}
	ds.X = mat.NewDense(len(of), len(features), x)
	return ds
}

// convertRows is the fewest rows worth a goroutine of their own in convert.
const convertRows = 1 << 14

// convert reads every row's label into values (trimmed) and its features
// into x (row-major, len(features) values a row), rows split into
// contiguous parts converted in parallel (one per CPU, each at least
// convertRows). It returns the error of the first bad field in row order
// (label before features, features in order), as a loop over the rows
// would: each part stops at its first error, and the earliest part's wins.
func (t *Table) convert(label int, features []int, values []string, x []float64) error {
	n, d := len(t.Records), len(features)
	parts := max(1, min(runtime.GOMAXPROCS(0), n/convertRows))
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := p * n / parts; i < (p+1)*n/parts; i++ {
				rec := t.Records[i]
				if values[i] = strings.TrimSpace(rec[label]); values[i] == "" {
					errs[p] = t.at(i, label, "", ErrMissingValue, fmt.Errorf("empty label in column %s", Quote(t.Header[label])))
					return
				}
				for k, j := range features {
					v, err := t.number(i, j)
					if err != nil {
						errs[p] = err
						return
					}
					x[i*d+k] = v
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// literalMark reports whether s holds '_', 'x' or 'X', which mark Go
// literals (1_000, 0x1p4) that strconv accepts and a CSV file's plain
// decimals never hold (strings.ContainsAny, without its set lookup).
func literalMark(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '_' || c == 'x' || c == 'X' {
			return true
		}
	}
	return false
}

// number parses field j of record i as a finite float64.
func (t *Table) number(i, j int) (float64, error) {
	s := strings.TrimSpace(t.Records[i][j])
	col := t.Header[j]
	if s == "" {
		return 0, t.at(i, j, "", ErrMissingValue, fmt.Errorf("empty field in column %s", Quote(col)))
	}
	if literalMark(s) {
		// strconv accepts Go literals (1_000, 0x1p4); a CSV file's numbers are
		// plain decimals, as pandas and numpy read them.
		return 0, t.at(i, j, "", ErrNotNumber, fmt.Errorf("column %s: %s is not a plain decimal number", Quote(col), Quote(s)))
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return 0, t.at(i, j, "", ErrNotFinite, fmt.Errorf("column %s: %s overflows float64", Quote(col), Quote(s)))
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, t.at(i, j, "", ErrNotNumber, fmt.Errorf("column %s: %s", Quote(col), Quote(s)))
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, t.at(i, j, "", ErrNotFinite, fmt.Errorf("column %s: %s", Quote(col), Quote(s)))
	}
	return v, nil
}

// baseName returns the last element of a slash- or backslash-separated
// path.
func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

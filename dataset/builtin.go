package dataset

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// csvFiles holds the built-in CSV data sets; data/README.md names their
// source and licence.
//
//go:embed data/*.csv
var csvFiles embed.FS

// BuiltinSet is a data set built into nnlr (--dataset NAME): an embedded CSV
// file or data generated in Go. Either way it is served as a Table, so the
// label, feature and class options work on it as on a user's file.
type BuiltinSet struct {
	// Name is the --dataset value.
	Name string
	// Description says what the data is, in one line.
	Description string
	// Source names its origin and licence.
	Source string

	file     string                              // embedded CSV, or ""
	generate func(seed uint64) (*Dataset, error) // generated data, or nil
}

// csvBuiltin is a data set embedded as data/<file>.
func csvBuiltin(name, file, description, source string) BuiltinSet {
	return BuiltinSet{Name: name, Description: description, Source: source, file: file}
}

// Generated is a built-in data set made by a Go function from a seed (which
// it may ignore). The Dataset it returns must have two classes whose names
// sort, as LabelEncoder sorts them, in y order (class 0 first): "0" and
// "1" do.
func Generated(name, description, source string, generate func(seed uint64) (*Dataset, error)) BuiltinSet {
	return BuiltinSet{Name: name, Description: description, Source: source, generate: generate}
}

const uciSource = "UCI ML Repository, CC BY 4.0, via scikit-learn 1.2.1"

// Builtins lists the built-in data sets, sorted by name. To add one, add
// a line here (Generated for data made in Go).
func Builtins() []BuiltinSet {
	b := []BuiltinSet{
		Generated("seed", "the seed question: X = [[1,1],[2,2]], y = [0,1]", "nnlr",
			func(uint64) (*Dataset, error) { return Seed(), nil }),
		csvBuiltin("breast-cancer", "breast_cancer.csv", "Breast Cancer Wisconsin (Diagnostic), Wolberg et al. 1995", uciSource),
		csvBuiltin("iris", "iris.csv", "Fisher's iris flowers, 1936", uciSource),
		csvBuiltin("wine", "wine.csv", "wine cultivars, Forina et al. 1991", uciSource),
		Generated("xor", "XOR-like: four clusters at (±1, ±1), Gaussian noise σ = 0.3, label 1 where the signs differ", "nnlr",
			func(seed uint64) (*Dataset, error) {
				cfg := DefaultXORConfig()
				cfg.Seed = seed
				return XOR(cfg)
			}),
	}
	slices.SortFunc(b, func(x, y BuiltinSet) int { return strings.Compare(x.Name, y.Name) })
	return b
}

// BuiltinNames lists the names of the built-in data sets, sorted.
func BuiltinNames() []string {
	var names []string
	for _, b := range Builtins() {
		names = append(names, b.Name)
	}
	return names
}

// LookupBuiltin returns the built-in data set called name, or a
// *ParseError of kind ErrOptions with Field "dataset", listing the names.
func LookupBuiltin(name string) (BuiltinSet, error) {
	for _, b := range Builtins() {
		if b.Name == name {
			return b, nil
		}
	}
	return BuiltinSet{}, &ParseError{Field: "dataset", Kind: ErrOptions,
		Err: fmt.Errorf("unknown data set %s (built in: %s)", Quote(name), strings.Join(BuiltinNames(), ", "))}
}

// Table returns the data set as a Table: the embedded file read by
// ReadTable, or the generated data (from seed) with one column per feature
// and the class names in a last column "y" (or the Dataset's Label).
func (b BuiltinSet) Table(seed uint64) (*Table, error) {
	if b.generate == nil {
		data, err := csvFiles.ReadFile("data/" + b.file)
		if err != nil {
			return nil, &ParseError{File: b.label(), Kind: ErrOpen, Err: err}
		}
		t, err := ReadTable(bytes.NewReader(data), b.label())
		return t, b.noPosition(err)
	}
	ds, err := b.generate(seed)
	if err != nil {
		return nil, fmt.Errorf("data set %s: %w", b.Name, err)
	}
	return tableOf(ds, b.Name)
}

// Builtin returns the built-in data set called name (one of BuiltinNames:
// seed, breast-cancer, iris, wine, xor) with the default options (the last
// column is the label, every other column a feature) and seed 0 for
// generated data. Data whose label holds more than two classes (iris, wine)
// needs a choice of two, or all of them: use LookupBuiltin and
// BuiltinSet.Load with Options.Classes or Options.Multiclass. Errors are *ParseError: an unknown name (Field
// "dataset", ErrOptions) or ErrTooManyClasses.
func Builtin(name string) (*Dataset, error) {
	b, err := LookupBuiltin(name)
	if err != nil {
		return nil, err
	}
	return b.Load(Options{}, 0)
}

// Load returns the data set as a binary problem chosen by o (see
// Table.Select), named b.Name, with BuiltIn set.
func (b BuiltinSet) Load(o Options, seed uint64) (*Dataset, error) {
	t, err := b.Table(seed)
	if err != nil {
		return nil, err
	}
	ds, err := t.Select(o)
	if err != nil {
		return nil, b.noPosition(err)
	}
	ds.Name, ds.BuiltIn = b.Name, true
	if b.generate != nil {
		ds.File = ""
	}
	return ds, nil
}

// tableOf writes a Dataset as a Table, as if it had been read from a CSV
// file "<name>": features formatted to round-trip exactly, the label as the
// class name.
func tableOf(ds *Dataset, name string) (*Table, error) {
	n, d := ds.X.Dims()
	label := ds.Label
	if label == "" {
		label = "y"
	}
	t := &Table{File: name, Header: append(append([]string(nil), ds.Features...), label)}
	t.headerPos = rowPositions(1, t.Header)
	for i := 0; i < n; i++ {
		rec := make([]string, d+1)
		for j := 0; j < d; j++ {
			rec[j] = strconv.FormatFloat(ds.X.At(i, j), 'g', -1, 64)
		}
		y := ds.Y[i]
		if y != 0 && y != 1 {
			return nil, fmt.Errorf("data set %s: label %d is %v, want 0 or 1", name, i, y)
		}
		rec[d] = ds.Classes[int(y)]
		t.Records = append(t.Records, rec)
		t.pos = append(t.pos, rowPositions(i+2, rec))
	}
	return t, nil
}

// rowPositions returns where each field would start on the given line of a
// comma-separated file without quotes.
func rowPositions(line int, fields []string) []position {
	pos := make([]position, len(fields))
	col := 1
	for j, f := range fields {
		pos[j] = position{line, col}
		col += len(f) + 1
	}
	return pos
}

// label names the data set in errors and in Dataset.File: "data set iris"
// (the user has no file to look at).
func (b BuiltinSet) label() string { return "data set " + b.Name }

// noPosition drops the line and column of an error about the data set
// (positions in a file the user does not have) and names the data set.
func (b BuiltinSet) noPosition(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) && (pe.File == b.label() || pe.File == b.Name) {
		pe.File, pe.Line, pe.Column = b.label(), 0, 0
	}
	return err
}

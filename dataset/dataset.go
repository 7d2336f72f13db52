// Package dataset holds the data sets nnlr trains on: a feature matrix with
// named columns and binary labels, read from CSV (csv.go, select.go,
// labels.go), built in (builtin.go) and standardised (standardize.go).
// Bad input is a *ParseError (errors.go) naming the file, line and column.
package dataset

import "gonum.org/v1/gonum/mat"

// Dataset is a classification problem: binary (Y in {0, 1}, Classes), or
// with k ≥ 3 classes when ClassNames holds more than two names (see
// Multiclass; Options.Multiclass builds one).
type Dataset struct {
	// Name identifies the data in reports and figure titles.
	Name string
	// Features names the d columns of X.
	Features []string
	// X is the n × d feature matrix.
	X *mat.Dense
	// Y holds the n labels, each 0 or 1.
	Y []float64
	// Classes names the negative (y = 0) and the positive (y = 1) class; for
	// k ≥ 3 classes, the first two of ClassNames.
	Classes [2]string
	// ClassNames, for k ≥ 3 classes, names them in LabelEncoder order: y = c
	// is ClassNames[c] (Y holds the class indices 0 … k − 1). Nil for a
	// binary problem.
	ClassNames []string
	// File is where the data came from: a CSV file's path, "data set
	// <name>" for a built-in CSV data set (as its errors name it), empty for
	// generated data.
	File string
	// BuiltIn is set for a data set built into nnlr (see Builtin).
	BuiltIn bool
	// Label names the label column of a CSV file.
	Label string
	// Dropped counts the rows of other classes left out by Options.Classes.
	Dropped int
	// Scaler, when not nil, is the standardisation X has been through (see
	// Standardize): X is in standardised units.
	Scaler *Scaler
}

// ClassCounts returns the number of rows of class 0 and of class 1 of a
// binary problem (see CountsByClass for k classes).
func (ds *Dataset) ClassCounts() [2]int {
	var c [2]int
	for _, y := range ds.Y {
		if y == 1 {
			c[1]++
		} else {
			c[0]++
		}
	}
	return c
}

// Multiclass reports whether ds has k ≥ 3 classes (ClassNames).
func (ds *Dataset) Multiclass() bool { return len(ds.ClassNames) > 2 }

// K returns the number of classes: len(ClassNames) for k ≥ 3, else 2.
func (ds *Dataset) K() int {
	if ds.Multiclass() {
		return len(ds.ClassNames)
	}
	return 2
}

// Names returns the names of the K classes, y = 0 first: ClassNames, or
// Classes for a binary problem.
func (ds *Dataset) Names() []string {
	if ds.Multiclass() {
		return append([]string(nil), ds.ClassNames...)
	}
	return []string{ds.Classes[0], ds.Classes[1]}
}

// CountsByClass returns the number of rows of every class 0 … K − 1.
func (ds *Dataset) CountsByClass() []int {
	c := make([]int, ds.K())
	for _, y := range ds.Y {
		if i := int(y); i >= 0 && i < len(c) {
			c[i]++
		}
	}
	return c
}

// Seed returns the seed question's problem: X = [[1, 1], [2, 2]], y = [0, 1].
func Seed() *Dataset {
	return &Dataset{
		Name:     "seed",
		Features: []string{"x1", "x2"},
		X:        mat.NewDense(2, 2, []float64{1, 1, 2, 2}),
		Y:        []float64{0, 1},
		Classes:  [2]string{"0", "1"},
		Label:    "y",
	}
}

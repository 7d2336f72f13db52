// Package dataset holds the data sets nnlr trains on: a feature matrix with
// named columns and binary labels.
package dataset

import "gonum.org/v1/gonum/mat"

// Dataset is a binary classification problem.
type Dataset struct {
	// Name identifies the data in reports and figure titles.
	Name string
	// Features names the d columns of X.
	Features []string
	// X is the n × d feature matrix.
	X *mat.Dense
	// Y holds the n labels, each 0 or 1.
	Y []float64
	// Classes names the negative (y = 0) and the positive (y = 1) class.
	Classes [2]string
}

// Seed returns the seed question's problem: X = [[1, 1], [2, 2]], y = [0, 1].
func Seed() *Dataset {
	return &Dataset{
		Name:     "seed",
		Features: []string{"x1", "x2"},
		X:        mat.NewDense(2, 2, []float64{1, 1, 2, 2}),
		Y:        []float64{0, 1},
		Classes:  [2]string{"0", "1"},
	}
}

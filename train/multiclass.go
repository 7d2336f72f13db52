package train

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
	"nnlr/internal/metrics"
)

// ClassMetrics is the evaluation of a k-class model on a data set: mean
// categorical cross-entropy and accuracy (see EvaluateClasses).
type ClassMetrics = metrics.ClassReport

// EvaluateClasses returns the mean categorical cross-entropy (from the
// logits, row maximum subtracted; without the L2 penalty) and the accuracy
// of the argmax class (the first on ties) of m on x (n × d) and y (n class
// indices 0 … k − 1), from the n × k logits the graph computes. For a
// sigmoid output it evaluates the two-class model as k = 2 with logits
// (0, z), which gives the same loss and accuracy as Evaluate except that a
// logit of exactly 0 predicts class 0 in both. It returns an error when the
// shapes disagree, n is 0 or a label is not a class index.
func EvaluateClasses(m *graph.Model, x *mat.Dense, y []float64) (ClassMetrics, error) {
	z, err := m.Logits(rowMajor(x))
	if err != nil {
		return ClassMetrics{}, fmt.Errorf("evaluate: %w", err)
	}
	k := m.Classes()
	if m.Output() != graph.Softmax {
		two := make([]float64, 2*len(z))
		for i, v := range z {
			two[2*i+1] = v
		}
		z = two
	}
	r, err := metrics.EvaluateClasses(z, k, y)
	if err != nil {
		return r, fmt.Errorf("evaluate: %w", err)
	}
	return r, nil
}

// Package metrics computes nnlr's evaluation measures on plain slices:
// log loss from logits, accuracy at threshold 0.5 and the exact ROC AUC.
package metrics

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// ErrOneClass is returned by AUC when the labels hold only one class: the
// ROC curve, and so its area, is undefined.
var ErrOneClass = errors.New("AUC is undefined with one class")

// Softplus returns log(1 + exp(z)) without overflow: max(z, 0) + log1p(exp(−|z|)).
func Softplus(z float64) float64 {
	return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
}

// Sigmoid returns σ(z) = 1 / (1 + exp(−z)) without overflow.
func Sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// LogLoss returns the mean binary cross-entropy (1/n) Σ softplus(z_i) − y_i·z_i
// of logits z (n values) against labels y ∈ {0, 1} (n values), computed
// without overflow as (1/n) Σ softplus((1 − 2y_i)·z_i). It returns an error when the lengths differ or n is 0.
func LogLoss(z, y []float64) (float64, error) {
	if err := sameLen(z, y); err != nil {
		return 0, fmt.Errorf("log loss: %w", err)
	}
	var s float64
	for i := range z {
		// softplus((1 − 2y)·z) = softplus(z) − y·z without the cancellation
		// of the difference (exact for a well-classified large |z|) and
		// without ∞ − ∞ for an infinite logit.
		s += Softplus((1 - 2*y[i]) * z[i])
	}
	return s / float64(len(z)), nil
}

// Accuracy returns the share of the n samples whose predicted class (1 when
// the logit z_i > 0, i.e. σ(z_i) > 0.5, else 0) equals y_i. It returns an
// error when the lengths differ or n is 0.
func Accuracy(z, y []float64) (float64, error) {
	if err := sameLen(z, y); err != nil {
		return 0, fmt.Errorf("accuracy: %w", err)
	}
	var hits int
	for i := range z {
		pred := 0.0
		if z[i] > 0 {
			pred = 1
		}
		if pred == y[i] {
			hits++
		}
	}
	return float64(hits) / float64(len(z)), nil
}

// AUC returns the area under the ROC curve of scores (n values; logits or
// probabilities, any increasing transform gives the same area) against
// labels y ∈ {0, 1}, computed exactly as the Mann–Whitney rank statistic:
// the probability that a random positive scores above a random negative,
// ties counted half (as scikit-learn 1.2's roc_auc_score). It returns an
// error wrapping ErrOneClass when y holds one class only, and an error when
// the lengths differ, n is 0 or a score is NaN.
func AUC(scores, y []float64) (float64, error) {
	if err := sameLen(scores, y); err != nil {
		return 0, fmt.Errorf("AUC: %w", err)
	}
	for i, v := range scores {
		if math.IsNaN(v) {
			return 0, fmt.Errorf("AUC: score %d is NaN", i)
		}
	}
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return scores[order[a]] < scores[order[b]] })
	// Sum the mid-ranks (1-based) of the positives, ties sharing their mean rank.
	var rankSum float64
	var pos, neg int
	for i := 0; i < len(order); {
		j := i
		for j < len(order) && scores[order[j]] == scores[order[i]] {
			j++
		}
		mid := float64(i+1+j) / 2 // mean of ranks i+1 … j
		for k := i; k < j; k++ {
			if y[order[k]] == 1 {
				rankSum += mid
				pos++
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return 0, fmt.Errorf("AUC: %w", ErrOneClass)
	}
	u := rankSum - float64(pos)*float64(pos+1)/2
	return u / (float64(pos) * float64(neg)), nil
}

func sameLen(a, b []float64) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d predictions for %d labels", len(a), len(b))
	}
	if len(a) == 0 {
		return errors.New("no samples")
	}
	return nil
}

// Report holds the evaluation of a model on a data set.
type Report struct {
	// Loss is the mean binary cross-entropy (see LogLoss).
	Loss float64
	// Accuracy is the share of correct predictions at threshold 0.5.
	Accuracy float64
	// AUC is the ROC AUC; meaningful only when AUCDefined.
	AUC float64
	// AUCDefined is false when the labels hold one class (see ErrOneClass).
	AUCDefined bool
}

// Evaluate computes the Report of logits z (n values) against labels
// y ∈ {0, 1} (n values). A single-class y is not an error: the Report's
// AUCDefined is false. It returns an error when the lengths differ, n is 0
// or a logit is NaN.
func Evaluate(z, y []float64) (Report, error) {
	var r Report
	var err error
	if r.Loss, err = LogLoss(z, y); err != nil {
		return r, err
	}
	if r.Accuracy, err = Accuracy(z, y); err != nil {
		return r, err
	}
	r.AUC, err = AUC(z, y)
	switch {
	case err == nil:
		r.AUCDefined = true
	case errors.Is(err, ErrOneClass):
		r.AUC = 0
	default:
		return r, err
	}
	return r, nil
}

package metrics

import (
	"fmt"
	"math"
)

// LogSumExp returns log Σ_c exp(z_c) over the k logits of one row, with the
// row maximum subtracted first (max + log Σ exp(z_c − max)), so that it is
// finite for any finite logits. It returns −Inf for an empty row and NaN
// when a logit is NaN.
func LogSumExp(z []float64) float64 {
	zmax := math.Inf(-1)
	for _, v := range z {
		if math.IsNaN(v) {
			return math.NaN()
		}
		zmax = math.Max(zmax, v)
	}
	if math.IsInf(zmax, 0) {
		return zmax
	}
	var s float64
	for _, v := range z {
		s += math.Exp(v - zmax)
	}
	return zmax + math.Log(s)
}

// Softmax writes p_c = exp(z_c − m) / Σ_j exp(z_j − m), m = max_j z_j, for
// one row of k finite logits into p (k values; p may be z itself) and
// returns p.
func Softmax(z, p []float64) []float64 {
	zmax := math.Inf(-1)
	for _, v := range z {
		zmax = math.Max(zmax, v)
	}
	var s float64
	for c, v := range z {
		p[c] = math.Exp(v - zmax)
		s += p[c]
	}
	for c := range p {
		p[c] /= s
	}
	return p
}

// Argmax returns the index of the largest of the k logits of one row, the
// first one on ties (as NumPy's argmax, which Keras's and scikit-learn's
// predictions use).
func Argmax(z []float64) int {
	best := 0
	for c, v := range z {
		if v > z[best] {
			best = c
		}
	}
	return best
}

// checkClasses checks the logits z (n × k, row-major) against labels y
// (n class indices 0 … k − 1).
func checkClasses(z []float64, k int, y []float64) error {
	if k < 2 {
		return fmt.Errorf("%d classes, want at least 2", k)
	}
	if len(z) != k*len(y) {
		return fmt.Errorf("%d logits for %d labels of %d classes", len(z), len(y), k)
	}
	if len(y) == 0 {
		return fmt.Errorf("no samples")
	}
	for i, v := range y {
		if !(v >= 0 && v < float64(k)) || v != math.Trunc(v) {
			return fmt.Errorf("label %d is %v, want a class index 0 to %d", i, v, k-1)
		}
	}
	for i, v := range z {
		if math.IsNaN(v) {
			return fmt.Errorf("logit %d of sample %d is NaN", i%k, i/k)
		}
	}
	return nil
}

// CrossEntropy returns the mean categorical cross-entropy
// (1/n) Σ_i (logsumexp(z_i) − z_{i,y_i}) = −(1/n) Σ_i log softmax(z_i)_{y_i}
// of logits z (n × k, row-major) against class indices y (n values in
// 0 … k − 1), as scikit-learn 1.2's log_loss of the softmax probabilities
// (without its clipping of p to [1e-15, 1 − 1e-15]). It returns an error
// when k < 2, the shapes disagree, n is 0, a label is not a class index or
// a logit is NaN.
func CrossEntropy(z []float64, k int, y []float64) (float64, error) {
	if err := checkClasses(z, k, y); err != nil {
		return 0, fmt.Errorf("cross-entropy: %w", err)
	}
	var s float64
	for i, c := range y {
		row := z[i*k : (i+1)*k]
		s += LogSumExp(row) - row[int(c)]
	}
	return s / float64(len(y)), nil
}

// ClassAccuracy returns the share of the n samples whose predicted class,
// the argmax of its k logits (see Argmax), equals y_i, for logits z (n × k,
// row-major) and class indices y. Errors as CrossEntropy.
func ClassAccuracy(z []float64, k int, y []float64) (float64, error) {
	if err := checkClasses(z, k, y); err != nil {
		return 0, fmt.Errorf("accuracy: %w", err)
	}
	var hits int
	for i, c := range y {
		if Argmax(z[i*k:(i+1)*k]) == int(c) {
			hits++
		}
	}
	return float64(hits) / float64(len(y)), nil
}

// ClassReport holds the evaluation of a k-class model on a data set.
type ClassReport struct {
	// Classes is k.
	Classes int
	// Loss is the mean categorical cross-entropy (see CrossEntropy).
	Loss float64
	// Accuracy is the share of samples whose argmax class is their label.
	Accuracy float64
}

// EvaluateClasses computes the ClassReport of logits z (n × k, row-major)
// against class indices y (n values in 0 … k − 1). Errors as CrossEntropy.
func EvaluateClasses(z []float64, k int, y []float64) (ClassReport, error) {
	r := ClassReport{Classes: k}
	var err error
	if r.Loss, err = CrossEntropy(z, k, y); err != nil {
		return r, err
	}
	if r.Accuracy, err = ClassAccuracy(z, k, y); err != nil {
		return r, err
	}
	return r, nil
}

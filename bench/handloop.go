package bench

import (
	"math"
	"math/rand/v2"
)

// HandLoop is the physical floor of nnlr's training step: a logistic
// regression (the no-hidden-layer model) trained by SGD in plain Go,
// float64, without a graph. Each step does the graph's work on a batch of
// rows idx of x (n × d, row-major): the logits z_k = x_k·w + b, the batch's
// mean binary cross-entropy (1/m)·Σ_k softplus(a_k·z_k) with a_k = 1 − 2y_k
// (graph's bceFromLogits), its gradient ∂L/∂z_k = a_k·σ(a_k·z_k)/m, then
// w ← w − η·Σ_k x_k·∂L/∂z_k and b ← b − η·Σ_k ∂L/∂z_k (Keras's SGD rule).
// The order of epochs and shuffles is train.Fit's: a fresh shuffle of the
// sample order per epoch from graph.NewRand(seed, 2).
type HandLoop struct {
	// Kernel is w (d values) and Bias is b.
	Kernel []float64
	Bias   float64

	dz []float64 // ∂L/∂z of the current batch
}

// Step takes one SGD step of learning rate lr on the rows idx of x (row-major,
// len(Kernel) columns) with labels y[idx[k]] in {0, 1}, and returns the
// batch's mean loss before the step. idx must be non-empty.
func (h *HandLoop) Step(x, y []float64, idx []int, lr float64) float64 {
	d := len(h.Kernel)
	if cap(h.dz) < len(idx) {
		h.dz = make([]float64, len(idx))
	}
	dz := h.dz[:len(idx)]
	inv := 1 / float64(len(idx))
	var loss, db float64
	for k, i := range idx {
		row := x[i*d : (i+1)*d]
		z := h.Bias
		for j, v := range row {
			z += v * h.Kernel[j]
		}
		a := 1 - 2*y[i]
		az := a * z
		loss += softplus(az)
		dz[k] = a * inv / (1 + math.Exp(-az))
		db += dz[k]
	}
	for k, i := range idx {
		row := x[i*d : (i+1)*d]
		g := lr * dz[k]
		for j, v := range row {
			h.Kernel[j] -= g * v
		}
	}
	h.Bias -= lr * db
	return loss * inv
}

// Fit runs epochs epochs of batches of up to batch rows of x (n × d,
// row-major, n = len(y)), shuffling the sample order before every epoch
// from rng when rng is not nil, and returns the number of steps taken.
func (h *HandLoop) Fit(x, y []float64, batch, epochs int, lr float64, rng *rand.Rand) int {
	n := len(y)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	steps := 0
	for e := 0; e < epochs; e++ {
		if rng != nil {
			rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		for start := 0; start < n; start += batch {
			h.Step(x, y, order[start:min(start+batch, n)], lr)
			steps++
		}
	}
	return steps
}

// softplus is log(1 + e^t), computed without overflow.
func softplus(t float64) float64 {
	if t > 0 {
		return t + math.Log1p(math.Exp(-t))
	}
	return math.Log1p(math.Exp(t))
}

package explain

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"nnlr/internal/metrics"
)

// StepBudget compares how far each solver could move its parameters: the
// number of updates times the step length (finding 2 of nnlr's diagnosis).
// Both are dimensionless multiples of the gradient.
type StepBudget struct {
	// Graph is epochs × updates per epoch × learning rate.
	Graph float64
	// Baseline is epochs × n × step size (SAG makes n updates per epoch).
	Baseline float64
}

// Budget returns the step budgets of a graph trained for epochs epochs of
// updatesPerEpoch solver steps (⌈n / batch size⌉) at the given learning
// rate, and of SAG run for sagEpochs epochs of n updates at stepSize (1/L).
func Budget(epochs, updatesPerEpoch int, learningRate float64, sagEpochs, n int, stepSize float64) StepBudget {
	return StepBudget{
		Graph:    float64(epochs) * float64(updatesPerEpoch) * learningRate,
		Baseline: float64(sagEpochs) * float64(n) * stepSize,
	}
}

// GradientDescent runs updates steps of full-batch gradient descent with a
// constant step size on the objective of Objective,
//
//	(1/n) Σ_i softplus(z_i) − y_i·z_i + (l2/2)·‖w‖²,  z_i = w·x_i + b,
//
// from start (w, b), with the closed-form gradients
// ∂/∂w = Xᵀ(σ(z) − y)/n + l2·w and ∂/∂b = mean(σ(z) − y), and returns the
// final model. With stepSize = SAG's 1/L and updates = SAG's epochs × n it
// is the control run of nnlr's diagnosis: the same step budget as SAG,
// spent deterministically. x is n × d, y n labels in {0, 1}. It returns an
// error when the shapes differ, n is 0, or the iterates stop being finite.
func GradientDescent(x *mat.Dense, y []float64, start Linear, stepSize float64, updates int, l2 float64) (Linear, error) {
	n, d := x.Dims()
	if n == 0 || n != len(y) || len(start.Coef) != d {
		return Linear{}, fmt.Errorf("gradient descent: %d rows, %d labels, %d coefficients for %d features", n, len(y), len(start.Coef), d)
	}
	if updates < 0 || !(stepSize > 0) || math.IsInf(stepSize, 0) {
		return Linear{}, fmt.Errorf("gradient descent: step size %v and %d updates", stepSize, updates)
	}
	w := append([]float64(nil), start.Coef...)
	b := start.Intercept
	wv := mat.NewVecDense(d, w)
	z := mat.NewVecDense(n, nil)
	e := mat.NewVecDense(n, nil)
	g := mat.NewVecDense(d, nil)
	ez := e.RawVector().Data
	scale := stepSize / float64(n)
	for t := 0; t < updates; t++ {
		z.MulVec(x, wv) // X·w (gonum's dgemv)
		var gb float64
		for i, zi := range z.RawVector().Data {
			ez[i] = metrics.Sigmoid(zi+b) - y[i]
			gb += ez[i]
		}
		g.MulVec(x.T(), e) // Xᵀ(σ(z) − y)
		for j, gj := range g.RawVector().Data {
			w[j] -= scale*gj + stepSize*l2*w[j]
		}
		b -= scale * gb
	}
	for _, v := range append(w, b) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Linear{}, errors.New("gradient descent: iterates are not finite")
		}
	}
	return Linear{Coef: w, Intercept: b}, nil
}

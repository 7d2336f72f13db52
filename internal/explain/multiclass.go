package explain

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"nnlr/internal/metrics"
)

// This file compares a k-class softmax network, kernel W (d × k, Keras's
// layout) and biases b (k), with a multinomial logistic regression,
// coefficients C (k × d, scikit-learn's coef_ layout) and intercepts (k).
//
// Softmax is over-parametrised: adding one vector v to every column of W
// (and one number to every bias) adds v·x to every logit of a row and
// changes no probability. So the gradient of the cross-entropy with
// respect to a row's k logits sums to zero over the classes, and every
// first-order update of W has columns summing to zero: without a penalty,
// SGD (and momentum, Nesterov) never moves the class mean (1/k)·W·1 from its
// glorot_uniform draw, while scikit-learn's penalised coefficients, and SAG's
// from their zero start, have class mean zero. The comparison therefore
// removes the class mean of both sides (centring) before measuring angles;
// the class mean itself is reported as the multi-class counterpart of the
// binary null-space finding (an L2 penalty shrinks it by (1 − η·L2) per
// step; Adam-like solvers, whose per-element scaling breaks the sum, move
// it).

// checkKernel returns k for a d × k kernel with every row of k values and
// k ≥ 2.
func checkKernel(kernel [][]float64) (int, error) {
	if len(kernel) == 0 {
		return 0, errors.New("empty kernel")
	}
	k := len(kernel[0])
	if k < 2 {
		return 0, fmt.Errorf("kernel has %d columns, want at least 2 classes", k)
	}
	for j, row := range kernel {
		if len(row) != k {
			return 0, fmt.Errorf("kernel row %d has %d values, want %d", j, len(row), k)
		}
	}
	return k, nil
}

// ClassMean returns the over-parametrisation component of a softmax
// output: the mean of the k columns of kernel (d × k), d values, and the
// mean of the k biases (bias may be nil: 0). It returns an error when the
// kernel is empty or ragged, has fewer than 2 columns, or bias has neither
// 0 nor k values.
func ClassMean(kernel [][]float64, bias []float64) (mean []float64, biasMean float64, err error) {
	k, err := checkKernel(kernel)
	if err != nil {
		return nil, 0, fmt.Errorf("class mean: %w", err)
	}
	if bias != nil && len(bias) != k {
		return nil, 0, fmt.Errorf("class mean: %d biases for %d classes", len(bias), k)
	}
	mean = make([]float64, len(kernel))
	for j, row := range kernel {
		mean[j] = floats.Sum(row) / float64(k)
	}
	if bias != nil {
		biasMean = floats.Sum(bias) / float64(k)
	}
	return mean, biasMean, nil
}

// Centre returns the kernel (d × k) and biases (k; nil stays nil) with their
// class mean removed (see ClassMean): W − m·1ᵀ and b − mean(b). The
// centred model predicts exactly the same probabilities, and its columns
// sum to zero, like scikit-learn's penalised coefficients. Errors as
// ClassMean.
func Centre(kernel [][]float64, bias []float64) ([][]float64, []float64, error) {
	mean, bm, err := ClassMean(kernel, bias)
	if err != nil {
		return nil, nil, fmt.Errorf("centre: %w", err)
	}
	out := make([][]float64, len(kernel))
	for j, row := range kernel {
		out[j] = make([]float64, len(row))
		for c, v := range row {
			out[j][c] = v - mean[j]
		}
	}
	var ob []float64
	if bias != nil {
		ob = make([]float64, len(bias))
		for c, v := range bias {
			ob[c] = v - bm
		}
	}
	return out, ob, nil
}

// CoefKernel returns coefficients in scikit-learn's layout (k × d) as a
// kernel in Keras's layout (d × k), their transpose. It returns an error
// for empty or ragged coefficients.
func CoefKernel(coef [][]float64) ([][]float64, error) {
	if len(coef) == 0 || len(coef[0]) == 0 {
		return nil, errors.New("coefficients: empty")
	}
	d := len(coef[0])
	out := make([][]float64, d)
	for j := range out {
		out[j] = make([]float64, len(coef))
	}
	for c, row := range coef {
		if len(row) != d {
			return nil, fmt.Errorf("coefficients: row %d has %d values, want %d", c, len(row), d)
		}
		for j, v := range row {
			out[j][c] = v
		}
	}
	return out, nil
}

// Overparametrisation reports the class-mean component of a softmax
// network's kernel before and after training, and of the regression's
// coefficients (see the comment at the top of this file).
type Overparametrisation struct {
	// Classes is k.
	Classes int
	// InitialMean and FinalMean are the class means of the initial and the
	// trained kernel (d values each, data units⁻¹ like the kernel).
	InitialMean, FinalMean []float64
	// InitialNorm and FinalNorm are their Euclidean norms.
	InitialNorm, FinalNorm float64
	// Drift is ‖FinalMean − InitialMean‖: 0 up to rounding for SGD, momentum
	// and Nesterov without a penalty.
	Drift float64
	// RegressionNorm is the norm of the class mean of the regression's
	// coefficients: 0 up to rounding at a penalised optimum and for SAG.
	RegressionNorm float64
}

// AnalyseOverparametrisation measures the class means of the initial and
// the trained kernel (d × k each) and of the regression's coefficients
// (k × d). It returns an error when the shapes disagree.
func AnalyseOverparametrisation(initialKernel, kernel, coef [][]float64) (Overparametrisation, error) {
	ck, err := CoefKernel(coef)
	if err != nil {
		return Overparametrisation{}, fmt.Errorf("over-parametrisation: %w", err)
	}
	if err := sameShape(initialKernel, kernel, ck); err != nil {
		return Overparametrisation{}, fmt.Errorf("over-parametrisation: %w", err)
	}
	m0, _, err := ClassMean(initialKernel, nil)
	if err != nil {
		return Overparametrisation{}, fmt.Errorf("over-parametrisation: initial kernel: %w", err)
	}
	m1, _, _ := ClassMean(kernel, nil)
	mr, _, _ := ClassMean(ck, nil)
	o := Overparametrisation{
		Classes:     len(coef),
		InitialMean: m0, FinalMean: m1,
		InitialNorm: floats.Norm(m0, 2), FinalNorm: floats.Norm(m1, 2),
		RegressionNorm: floats.Norm(mr, 2),
	}
	diff := make([]float64, len(m0))
	floats.SubTo(diff, m1, m0)
	o.Drift = floats.Norm(diff, 2)
	return o, nil
}

// sameShape returns an error unless every kernel is d × k with the first's
// d and k (k ≥ 2).
func sameShape(kernels ...[][]float64) error {
	d := len(kernels[0])
	k, err := checkKernel(kernels[0])
	if err != nil {
		return err
	}
	for i, w := range kernels[1:] {
		kk, err := checkKernel(w)
		if err != nil {
			return err
		}
		if len(w) != d || kk != k {
			return fmt.Errorf("kernel %d is %d × %d, want %d × %d", i+2, len(w), kk, d, k)
		}
	}
	return nil
}

// ClassAngle compares one class's normal in the network and the regression.
type ClassAngle struct {
	// Class is the class index c.
	Class int
	// CentredDeg is the angle in degrees between column c of the centred
	// kernel and row c of the centred coefficients (see Centre). Nil when
	// either centred normal is zero.
	CentredDeg *float64
	// RawDeg is the same angle before centring; nil when either normal is
	// zero.
	RawDeg *float64
	// ShareDeg is RawDeg − CentredDeg: the degrees of the raw angle that the
	// class mean accounts for. Nil when either angle is.
	ShareDeg *float64
}

// ClassAngles returns, for every class c, the angle between the network's
// normal (column c of kernel, d × k) and the regression's (row c of coef,
// k × d), raw and after both are centred. It returns an error when the
// shapes disagree or a value is not finite.
func ClassAngles(kernel, coef [][]float64) ([]ClassAngle, error) {
	ck, err := CoefKernel(coef)
	if err != nil {
		return nil, fmt.Errorf("class angles: %w", err)
	}
	if err := sameShape(kernel, ck); err != nil {
		return nil, fmt.Errorf("class angles: %w", err)
	}
	cw, _, _ := Centre(kernel, nil)
	cr, _, _ := Centre(ck, nil)
	k := len(coef)
	out := make([]ClassAngle, k)
	for c := range out {
		out[c].Class = c
		raw, err := angleOpt(column(kernel, c), column(ck, c))
		if err != nil {
			return nil, fmt.Errorf("class angles: class %d: %w", c, err)
		}
		cen, err := angleOpt(column(cw, c), column(cr, c))
		if err != nil {
			return nil, fmt.Errorf("class angles: class %d: %w", c, err)
		}
		out[c].RawDeg, out[c].CentredDeg = raw, cen
		if raw != nil && cen != nil {
			s := *raw - *cen
			out[c].ShareDeg = &s
		}
	}
	return out, nil
}

// angleOpt is AngleDeg with a zero normal reported as nil.
func angleOpt(a, b []float64) (*float64, error) {
	v, err := AngleDeg(a, b)
	if errors.Is(err, ErrZeroNormal) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func column(m [][]float64, c int) []float64 {
	out := make([]float64, len(m))
	for j, row := range m {
		out[j] = row[c]
	}
	return out
}

// ClassAgreement compares the classes two k-class models predict on the
// same points.
type ClassAgreement struct {
	// Overall is the share of points, in [0, 1], on which both models
	// predict the same class (the argmax of their logits, the first on ties).
	Overall float64
	// PerClass[c] is the share of points on which the models agree whether
	// the class is c (both predict c, or neither does).
	PerClass []float64
	// Confusion[a][b] counts the points model A assigns to class a and model
	// B to class b (k × k); the diagonal holds the agreements.
	Confusion [][]int
}

// ClassPredictionAgreement compares the predicted classes of two models
// from their logits a and b (each n × k, row-major, n ≥ 1). It returns an
// error when the lengths differ or are not a whole number of rows of
// k ≥ 2 logits, n is 0, or a logit is NaN.
func ClassPredictionAgreement(a, b []float64, k int) (ClassAgreement, error) {
	switch {
	case k < 2:
		return ClassAgreement{}, fmt.Errorf("class agreement: %d classes, want at least 2", k)
	case len(a) != len(b) || len(a)%k != 0:
		return ClassAgreement{}, fmt.Errorf("class agreement: %d and %d logits for %d classes", len(a), len(b), k)
	case len(a) == 0:
		return ClassAgreement{}, errors.New("class agreement: no points")
	}
	n := len(a) / k
	r := ClassAgreement{PerClass: make([]float64, k), Confusion: make([][]int, k)}
	for c := range r.Confusion {
		r.Confusion[c] = make([]int, k)
	}
	for i := 0; i < n; i++ {
		ra, rb := a[i*k:(i+1)*k], b[i*k:(i+1)*k]
		for c := 0; c < k; c++ {
			if math.IsNaN(ra[c]) || math.IsNaN(rb[c]) {
				return ClassAgreement{}, fmt.Errorf("class agreement: a logit of point %d is NaN", i)
			}
		}
		r.Confusion[metrics.Argmax(ra)][metrics.Argmax(rb)]++
	}
	same := 0
	for c := 0; c < k; c++ {
		same += r.Confusion[c][c]
		// Disagreement about class c: exactly one model predicts c.
		off := 0
		for o := 0; o < k; o++ {
			if o != c {
				off += r.Confusion[c][o] + r.Confusion[o][c]
			}
		}
		r.PerClass[c] = float64(n-off) / float64(n)
	}
	r.Overall = float64(same) / float64(n)
	return r, nil
}

// ClassObjective returns the objective a k-class model with kernel (d × k)
// and biases (k) reaches on x (n × d) with class indices y (n values in
// 0 … k − 1): the mean categorical cross-entropy plus (l2/2)·‖kernel‖²_F,
// the objective multinomial SAG minimises with l2 = α = 1/(C·n) (and the
// graph's loss with L2 = α). It returns an error when the shapes disagree,
// a label is not a class index or a logit is NaN.
func ClassObjective(kernel [][]float64, bias []float64, x *mat.Dense, y []float64, l2 float64) (float64, error) {
	k, err := checkKernel(kernel)
	if err != nil {
		return 0, fmt.Errorf("objective: %w", err)
	}
	n, d := x.Dims()
	if len(kernel) != d || len(bias) != k {
		return 0, fmt.Errorf("objective: kernel %d × %d and %d biases for %d features", len(kernel), k, len(bias), d)
	}
	z := make([]float64, n*k)
	var sq float64
	for _, row := range kernel {
		sq += floats.Dot(row, row)
	}
	for i := 0; i < n; i++ {
		zi := z[i*k : (i+1)*k]
		copy(zi, bias)
		for j, v := range x.RawRowView(i) {
			floats.AddScaled(zi, v, kernel[j])
		}
	}
	ce, err := metrics.CrossEntropy(z, k, y)
	if err != nil {
		return 0, fmt.Errorf("objective: %w", err)
	}
	return ce + l2/2*sq, nil
}

// ClassGradientDescent runs updates steps of full-batch gradient descent
// with step size stepSize on the multinomial objective
//
//	(1/n) Σ_i (logsumexp(z_i) − z_{i,y_i}) + (l2/2)·‖W‖²_F,  z_i = x_i·W + b,
//
// from the kernel (d × k) and biases (k) given, with the closed-form
// gradients ∂/∂W = Xᵀ(P − Y)/n + l2·W and ∂/∂b = colmeans(P − Y) (P the
// n × k softmax probabilities, Y the one-hot labels), and returns the final
// kernel and biases. It is the k-class control run of the step-budget
// diagnosis (see GradientDescent): with stepSize = SAG's 1/L and updates =
// SAG's epochs × n, the same budget spent deterministically. x is n × d, y
// n class indices 0 … k − 1. It returns an error when the shapes differ, n
// is 0, a label is not a class index, or the iterates stop being finite.
func ClassGradientDescent(x *mat.Dense, y []float64, kernel [][]float64, bias []float64, stepSize float64, updates int, l2 float64) ([][]float64, []float64, error) {
	n, d := x.Dims()
	k, err := checkKernel(kernel)
	if err != nil {
		return nil, nil, fmt.Errorf("gradient descent: %w", err)
	}
	if n == 0 || n != len(y) || len(kernel) != d || len(bias) != k {
		return nil, nil, fmt.Errorf("gradient descent: %d rows, %d labels, kernel %d × %d and %d biases for %d features",
			n, len(y), len(kernel), k, len(bias), d)
	}
	if updates < 0 || !(stepSize > 0) || math.IsInf(stepSize, 0) {
		return nil, nil, fmt.Errorf("gradient descent: step size %v and %d updates", stepSize, updates)
	}
	for i, v := range y {
		if !(v >= 0 && v < float64(k)) || v != math.Trunc(v) {
			return nil, nil, fmt.Errorf("gradient descent: label %d is %v, want a class index 0 to %d", i, v, k-1)
		}
	}
	w := mat.NewDense(d, k, nil)
	for j, row := range kernel {
		w.SetRow(j, row)
	}
	b := append([]float64(nil), bias...)
	var z, g mat.Dense
	scale := stepSize / float64(n)
	for t := 0; t < updates; t++ {
		z.Mul(x, w) // n × k
		gb := make([]float64, k)
		for i := 0; i < n; i++ {
			row := z.RawRowView(i)
			floats.Add(row, b)
			metrics.Softmax(row, row)
			row[int(y[i])]--
			floats.Add(gb, row)
		}
		g.Mul(x.T(), &z) // Xᵀ(P − Y), d × k
		for j := 0; j < d; j++ {
			wr, gr := w.RawRowView(j), g.RawRowView(j)
			for c := range wr {
				wr[c] -= scale*gr[c] + stepSize*l2*wr[c]
			}
		}
		floats.AddScaled(b, -scale, gb)
	}
	out := make([][]float64, d)
	for j := range out {
		out[j] = append([]float64(nil), w.RawRowView(j)...)
		for _, v := range out[j] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, errors.New("gradient descent: iterates are not finite")
			}
		}
	}
	for _, v := range b {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, errors.New("gradient descent: iterates are not finite")
		}
	}
	return out, b, nil
}

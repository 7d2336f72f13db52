package explain

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// RowSpan returns an orthonormal basis of the span of the rows of x (n × d)
// as the columns of a d × r matrix, r the numerical rank of x, from gonum's
// thin SVD x = U·Σ·Vᵀ: the right singular vectors whose singular values
// exceed max(n, d)·σ_max·ε (ε the float64 machine epsilon, NumPy's
// matrix_rank rule). r is 0, and the basis nil, when x is zero. It returns
// an error when x is empty, the SVD fails or its singular values overflow
// (values near ±math.MaxFloat64). Above tsqrRows rows the SVD is
// that of R from a QR factorisation of x made block by block (rowSpanRows).
//
// The gradient of any loss of the logits X·W + b with respect to the kernel
// W is Xᵀ·(∂L/∂z), a combination of the rows of X, so every first-order
// update of W lies in this span.
func RowSpan(x *mat.Dense) (*mat.Dense, error) {
	n, d := x.Dims()
	return rowSpanRows(n, d, func(i int, dst []float64) { copy(dst, x.RawRowView(i)) })
}

// augmentedRowSpan is RowSpan(augmented(x)), without the n × (d+1) copy of
// [x, 1] above tsqrRows rows.
func augmentedRowSpan(x *mat.Dense) (*mat.Dense, error) {
	n, d := x.Dims()
	return rowSpanRows(n, d+1, func(i int, dst []float64) {
		copy(dst, x.RawRowView(i))
		dst[d] = 1
	})
}

// tsqrRows is the number of rows above which rowSpanRows factorises block
// by block: below it the matrix is copied whole and its SVD taken.
const tsqrRows = 1 << 13

// rowSpanRows is RowSpan of the n × d matrix whose row i row(i, dst)
// writes into dst. Up to tsqrRows rows it takes the thin SVD of the whole
// matrix. Above, it reduces the matrix to the d × d triangular factor R of
// a QR factorisation x = Q·R, tsqrRows rows at a time (R of [R; next
// rows], the "tall skinny QR" of Demmel, Grigori, Hoemmen and Langou 2012,
// as backward stable as Householder QR of the whole), and takes the SVD of
// R, whose singular values and right singular vectors are x's: memory of
// tsqrRows rows instead of n, and the same rank rule.
func rowSpanRows(n, d int, row func(i int, dst []float64)) (*mat.Dense, error) {
	if n == 0 || d == 0 {
		return nil, errors.New("row span: empty data")
	}
	var svd mat.SVD
	if n <= tsqrRows || 2*d > tsqrRows {
		x := mat.NewDense(n, d, nil)
		for i := 0; i < n; i++ {
			row(i, x.RawRowView(i))
		}
		if !svd.Factorize(x, mat.SVDThinV) { // V alone: U would be n × d
			return nil, errors.New("row span: SVD did not converge")
		}
	} else {
		block := mat.NewDense(d+tsqrRows, d, nil)
		var qr mat.QR
		var r mat.Dense
		have := 0 // rows of R at the top of block
		for lo := 0; lo < n; lo += tsqrRows {
			hi := min(lo+tsqrRows, n)
			for i := lo; i < hi; i++ {
				row(i, block.RawRowView(have+i-lo))
			}
			qr.Factorize(block.Slice(0, have+hi-lo, 0, d))
			r.Reset()
			qr.RTo(&r)
			have = min(d, have+hi-lo)
			for k := 0; k < have; k++ {
				copy(block.RawRowView(k), r.RawRowView(k))
			}
		}
		if !svd.Factorize(block.Slice(0, have, 0, d), mat.SVDThinV) {
			return nil, errors.New("row span: SVD did not converge")
		}
	}
	sv := svd.Values(nil)
	if len(sv) == 0 || sv[0] == 0 {
		return nil, nil
	}
	if math.IsNaN(sv[0]) || math.IsInf(sv[0], 0) {
		// Values near ±MaxFloat64 overflow the factorisation.
		return nil, errors.New("row span: singular values overflow (data too large)")
	}
	tol := float64(max(n, d)) * sv[0] * 0x1p-52
	r := 0
	for _, s := range sv {
		if s > tol {
			r++
		}
	}
	if r == 0 {
		return nil, errors.New("row span: no singular value above the rank tolerance")
	}
	var v mat.Dense
	svd.VTo(&v)
	basis := mat.NewDense(d, r, nil)
	basis.Copy(v.Slice(0, d, 0, r))
	return basis, nil
}

// OutsideSpan returns the component of v (d values) orthogonal to the
// columns of basis (d × r, orthonormal; nil for the zero span):
// v − B·Bᵀ·v, d values.
func OutsideSpan(basis *mat.Dense, v []float64) []float64 {
	out := append([]float64(nil), v...)
	if basis == nil {
		return out
	}
	_, r := basis.Dims()
	for k := 0; k < r; k++ {
		col := mat.Col(nil, k, basis)
		floats.AddScaled(out, -floats.Dot(col, v), col)
	}
	return out
}

// NullSpace is the part of a kernel that no first-order solver can change:
// its component orthogonal to the span of the training rows (finding 1 of
// nnlr's diagnosis).
type NullSpace struct {
	// Rank is the dimension r of the span of the training rows (out of d).
	Rank int
	// InitialNorm is ‖kernel₀ − P·kernel₀‖ (data units⁻¹, like the kernel),
	// P the orthogonal projection onto the row span.
	InitialNorm float64
	// FinalNorm is the same norm for the trained kernel. Without a penalty
	// and with a solver whose update is a combination of gradients (SGD,
	// momentum) it equals InitialNorm up to rounding; an L2 penalty
	// shrinks it by (1 − learning rate·L2) per step.
	FinalNorm float64
	// AngleShareDeg is how many degrees of the angle between the trained
	// kernel and the reference coefficients come from that component:
	// angle(kernel, coef) − angle(P·kernel, coef), or the whole angle when
	// P·kernel is 0. Nil when the angle is undefined (a zero normal).
	AngleShareDeg *float64
}

// AnalyseNullSpace measures the component of the initial and the trained
// kernel (d values each) outside the span of the rows of x (n × d), and the
// part of the angle between the trained kernel and coef (d values, a
// reference model's coefficients, e.g. SAG's, which start at zero and so
// stay in the span) it accounts for. It returns an error when the lengths
// differ or the SVD fails.
func AnalyseNullSpace(x *mat.Dense, initialKernel, kernel, coef []float64) (NullSpace, error) {
	_, d := x.Dims()
	if len(initialKernel) != d || len(kernel) != d || len(coef) != d {
		return NullSpace{}, fmt.Errorf("null space: kernels of %d, %d and %d values for %d features",
			len(initialKernel), len(kernel), len(coef), d)
	}
	basis, err := RowSpan(x)
	if err != nil {
		return NullSpace{}, fmt.Errorf("null space: %w", err)
	}
	ns := NullSpace{
		InitialNorm: floats.Norm(OutsideSpan(basis, initialKernel), 2),
		FinalNorm:   floats.Norm(OutsideSpan(basis, kernel), 2),
	}
	if basis != nil {
		_, ns.Rank = basis.Dims()
	}
	total, err := AngleDeg(kernel, coef)
	if err != nil {
		return ns, nil
	}
	inside := OutsideSpan(basis, kernel)
	floats.SubTo(inside, kernel, inside)
	share := total
	if in, err := AngleDeg(inside, coef); err == nil {
		share = total - in
	}
	ns.AngleShareDeg = &share
	return ns, nil
}

// AugmentedNullSpace is the part of the graph's parameters (kernel and
// bias) that no combination of the augmented rows [x_i, 1] can change: the
// bias is trained like the weight of a constant feature 1, so the span
// that matters is that of [X, 1] (n × (d+1)), not of X.
type AugmentedNullSpace struct {
	// Rank is the dimension of the span of the rows of [X, 1], out of d + 1.
	Rank int
	// InitialNorm and FinalNorm are the norms of the component of
	// (kernel, bias) outside that span before and after training.
	InitialNorm, FinalNorm float64
	// AngleShareDeg is how many degrees of the angle between the trained
	// kernel and the reference coef come from that component: the angle
	// minus the angle of the kernel part of the in-span parameters (the
	// whole angle when that part is zero); nil when the angle is undefined.
	AngleShareDeg *float64
	// Constant lists the constant feature columns (each, with the bias,
	// spans a null direction: kernel[j]·c + bias is all the data see).
	Constant []int
	// Dependent lists the feature columns that take part in a null direction
	// (a linear dependency among the columns of [X, 1]), and Bias whether
	// the bias does.
	Dependent []int
	Bias      bool
}

// AnalyseAugmentedNullSpace measures the component of the initial and the
// trained graph (d coefficients and an intercept each) outside the span of
// the rows of [x, 1] (x n × d), the share of the angle between the trained
// kernel and coef (d values, a reference that starts at zero and so stays
// in the span) it accounts for, and which columns the null directions
// involve. Null directions are the right singular vectors of [X, 1] beyond
// its numerical rank (RowSpan's rule). It returns an error when the lengths
// differ or the SVD fails.
func AnalyseAugmentedNullSpace(x *mat.Dense, initial, final Linear, coef []float64) (AugmentedNullSpace, error) {
	_, d := x.Dims()
	if len(initial.Coef) != d || len(final.Coef) != d || len(coef) != d {
		return AugmentedNullSpace{}, fmt.Errorf("null space: kernels of %d, %d and %d values for %d features",
			len(initial.Coef), len(final.Coef), len(coef), d)
	}
	basis, err := augmentedRowSpan(x)
	if err != nil {
		return AugmentedNullSpace{}, fmt.Errorf("null space: %w", err)
	}
	return augmentedNullSpaceIn(x, basis, initial, final, coef), nil
}

// augmentedNullSpaceIn is AnalyseAugmentedNullSpace with the row span of
// [x, 1] given (RowSpan(augmented(x))): the lengths already checked.
func augmentedNullSpaceIn(x, basis *mat.Dense, initial, final Linear, coef []float64) AugmentedNullSpace {
	_, d := x.Dims()
	aug := func(m Linear) []float64 { return append(append([]float64(nil), m.Coef...), m.Intercept) }
	out := OutsideSpan(basis, aug(final))
	ns := AugmentedNullSpace{
		InitialNorm: floats.Norm(OutsideSpan(basis, aug(initial)), 2),
		FinalNorm:   floats.Norm(out, 2),
	}
	if basis != nil {
		_, ns.Rank = basis.Dims()
	}
	for j := 0; j < d; j++ {
		col := mat.Col(nil, j, x)
		if floats.Min(col) == floats.Max(col) && col[0] != 0 {
			ns.Constant = append(ns.Constant, j)
		}
	}
	if ns.Rank < d+1 {
		// The null directions are the unit vectors' parts outside the span:
		// coordinate j takes part when e_j is not in the span.
		e := make([]float64, d+1)
		for j := 0; j <= d; j++ {
			e[j] = 1
			if floats.Norm(OutsideSpan(basis, e), 2) > 1e-8 {
				if j < d {
					ns.Dependent = append(ns.Dependent, j)
				} else {
					ns.Bias = true
				}
			}
			e[j] = 0
		}
	}
	total, err := AngleDeg(final.Coef, coef)
	if err != nil {
		return ns
	}
	inside := aug(final)
	floats.Sub(inside, out)
	share := total
	if in, err := AngleDeg(inside[:d], coef); err == nil {
		share = total - in
	}
	ns.AngleShareDeg = &share
	return ns
}

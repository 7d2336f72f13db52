package graph

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	"gonum.org/v1/gonum/blas"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The output layer of a Stack runs as three ops of its own, so that every
// model's arithmetic is exactly that of a single Model (bit for bit):
// Gorgonia v0.9.18 computes a Model's logits H·w + b as a matrix-vector
// product (tensor v0.9.24's MatVecMul: BLAS gemv, no transpose, α = 1,
// β = 0, then + b), the kernel's gradient as Hᵀ·∂z (gemv, transposed) and
// the bias's as the sum of ∂z over the rows; the stack calls the same BLAS
// routine (tensor.WhichBLAS) with the same arguments on each model's part.

// stackAffine computes z_k = H_k·w_k + b_k for every model k: inputs H
// (K × rows × in), w (K × 1 × in), b (K × 1); output K × rows.
type stackAffine struct {
	dt          tensor.Dtype
	k, rows, in int
}

// stackKernelGrad computes ∂w_k = H_kᵀ·∂z_k: inputs H (K × rows × in), ∂z
// (K × rows); output K × 1 × in.
type stackKernelGrad struct {
	dt          tensor.Dtype
	k, rows, in int
}

// stackBiasGrad computes ∂b_k = Σ_i ∂z_ki, the rows in order: input ∂z
// (K × rows); output K × 1.
type stackBiasGrad struct {
	dt      tensor.Dtype
	k, rows int
}

// stackInputGrad computes ∂H_kij = ∂z_ki·w_kj (the outer product a single
// Model's gradient takes): inputs ∂z (K × rows), w (K × 1 × in); output
// K × rows × in.
type stackInputGrad struct {
	dt          tensor.Dtype
	k, rows, in int
}

func tt(dims int, dt tensor.Dtype) G.TensorType { return G.TensorType{Dims: dims, Of: dt} }

func hashOf(s fmt.Stringer) uint32 {
	h := fnv.New32a()
	fmt.Fprint(h, s.String())
	return h.Sum32()
}

// newStackOut returns a zeroed tensor of shape, or prev when it has that
// shape and type (the executor's buffer of the previous run).
func newStackOut(prev G.Value, dt tensor.Dtype, shape ...int) *tensor.Dense {
	if p, ok := prev.(*tensor.Dense); ok && p.Dtype() == dt && p.Shape().Eq(tensor.Shape(shape)) && !p.IsView() {
		return p
	}
	return tensor.New(tensor.Of(dt), tensor.WithShape(shape...))
}

func denseArgs(n int, args []G.Value) ([]*tensor.Dense, error) {
	if len(args) != n {
		return nil, fmt.Errorf("%d inputs, want %d", len(args), n)
	}
	out := make([]*tensor.Dense, n)
	for i, a := range args {
		d, ok := a.(*tensor.Dense)
		if !ok {
			return nil, fmt.Errorf("input %d is %T, want *tensor.Dense", i, a)
		}
		out[i] = d
	}
	return out, nil
}

// gemv calls tensor's BLAS gemv on model k's parts: y = op(A)·x with A
// rows × in (row-major), α = 1, β = 0, as tensor.MatVecMul does.
func gemv(tA blas.Transpose, rows, in int, a, x, y any) {
	m, n := rows, in
	switch a := a.(type) {
	case []float64:
		tensor.WhichBLAS().Dgemv(tA, m, n, 1, a, n, x.([]float64), 1, 0, y.([]float64), 1)
	case []float32:
		tensor.WhichBLAS().Sgemv(tA, m, n, 1, a, n, x.([]float32), 1, 0, y.([]float32), 1)
	}
}

// --- stackAffine ---

func (op *stackAffine) Arity() int { return 3 }
func (op *stackAffine) Type() hm.Type {
	return hm.NewFnType(tt(3, op.dt), tt(3, op.dt), tt(2, op.dt), tt(2, op.dt))
}
func (op *stackAffine) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.k, op.rows}, nil
}
func (op *stackAffine) Do(args ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, args...) }
func (op *stackAffine) UsePreallocDo(prev G.Value, args ...G.Value) (G.Value, error) {
	in, err := denseArgs(3, args)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", op, err)
	}
	out := newStackOut(prev, op.dt, op.k, op.rows)
	K, rows, d := op.k, op.rows, op.in
	switch z := out.Data().(type) {
	case []float64:
		h, w, b := in[0].Float64s(), in[1].Float64s(), in[2].Float64s()
		for k := 0; k < K; k++ {
			zk := z[k*rows : (k+1)*rows]
			gemv(blas.NoTrans, rows, d, h[k*rows*d:(k+1)*rows*d], w[k*d:(k+1)*d], zk)
			for i := range zk {
				zk[i] += b[k]
			}
		}
	case []float32:
		h, w, b := in[0].Float32s(), in[1].Float32s(), in[2].Float32s()
		for k := 0; k < K; k++ {
			zk := z[k*rows : (k+1)*rows]
			gemv(blas.NoTrans, rows, d, h[k*rows*d:(k+1)*rows*d], w[k*d:(k+1)*d], zk)
			for i := range zk {
				zk[i] += b[k]
			}
		}
	}
	return out, nil
}
func (op *stackAffine) ReturnsPtr() bool      { return false }
func (op *stackAffine) CallsExtern() bool     { return false }
func (op *stackAffine) OverwritesInput() int  { return -1 }
func (op *stackAffine) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *stackAffine) Hashcode() uint32      { return hashOf(op) }
func (op *stackAffine) String() string {
	return fmt.Sprintf("stackAffine(%d×%d×%d)", op.k, op.rows, op.in)
}
func (op *stackAffine) DiffWRT(int) []bool { return []bool{true, true, true} }
func (op *stackAffine) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	if len(inputs) != 3 {
		return nil, fmt.Errorf("%v: %d inputs", op, len(inputs))
	}
	dh, err := G.ApplyOp(&stackInputGrad{dt: op.dt, k: op.k, rows: op.rows, in: op.in}, grad, inputs[1])
	if err != nil {
		return nil, err
	}
	dw, err := G.ApplyOp(&stackKernelGrad{dt: op.dt, k: op.k, rows: op.rows, in: op.in}, inputs[0], grad)
	if err != nil {
		return nil, err
	}
	db, err := G.ApplyOp(&stackBiasGrad{dt: op.dt, k: op.k, rows: op.rows}, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dh, dw, db}, nil
}

// --- stackKernelGrad ---

func (op *stackKernelGrad) Arity() int { return 2 }
func (op *stackKernelGrad) Type() hm.Type {
	return hm.NewFnType(tt(3, op.dt), tt(2, op.dt), tt(3, op.dt))
}
func (op *stackKernelGrad) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.k, 1, op.in}, nil
}
func (op *stackKernelGrad) Do(args ...G.Value) (G.Value, error) {
	return op.UsePreallocDo(nil, args...)
}
func (op *stackKernelGrad) UsePreallocDo(prev G.Value, args ...G.Value) (G.Value, error) {
	in, err := denseArgs(2, args)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", op, err)
	}
	out := newStackOut(prev, op.dt, op.k, 1, op.in)
	K, rows, d := op.k, op.rows, op.in
	switch dw := out.Data().(type) {
	case []float64:
		h, dz := in[0].Float64s(), in[1].Float64s()
		for k := 0; k < K; k++ {
			gemv(blas.Trans, rows, d, h[k*rows*d:(k+1)*rows*d], dz[k*rows:(k+1)*rows], dw[k*d:(k+1)*d])
		}
	case []float32:
		h, dz := in[0].Float32s(), in[1].Float32s()
		for k := 0; k < K; k++ {
			gemv(blas.Trans, rows, d, h[k*rows*d:(k+1)*rows*d], dz[k*rows:(k+1)*rows], dw[k*d:(k+1)*d])
		}
	}
	return out, nil
}
func (op *stackKernelGrad) ReturnsPtr() bool      { return false }
func (op *stackKernelGrad) CallsExtern() bool     { return false }
func (op *stackKernelGrad) OverwritesInput() int  { return -1 }
func (op *stackKernelGrad) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *stackKernelGrad) Hashcode() uint32      { return hashOf(op) }
func (op *stackKernelGrad) String() string {
	return fmt.Sprintf("stackKernelGrad(%d×%d×%d)", op.k, op.rows, op.in)
}

// --- stackBiasGrad ---

func (op *stackBiasGrad) Arity() int    { return 1 }
func (op *stackBiasGrad) Type() hm.Type { return hm.NewFnType(tt(2, op.dt), tt(2, op.dt)) }
func (op *stackBiasGrad) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.k, 1}, nil
}
func (op *stackBiasGrad) Do(args ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, args...) }
func (op *stackBiasGrad) UsePreallocDo(prev G.Value, args ...G.Value) (G.Value, error) {
	in, err := denseArgs(1, args)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", op, err)
	}
	out := newStackOut(prev, op.dt, op.k, 1)
	switch db := out.Data().(type) {
	case []float64:
		sumRows(db, in[0].Float64s(), op.rows)
	case []float32:
		sumRows(db, in[0].Float32s(), op.rows)
	}
	return out, nil
}
func (op *stackBiasGrad) ReturnsPtr() bool      { return false }
func (op *stackBiasGrad) CallsExtern() bool     { return false }
func (op *stackBiasGrad) OverwritesInput() int  { return -1 }
func (op *stackBiasGrad) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *stackBiasGrad) Hashcode() uint32      { return hashOf(op) }
func (op *stackBiasGrad) String() string        { return fmt.Sprintf("stackBiasGrad(%d×%d)", op.k, op.rows) }

func sumRows[T float32 | float64](out, dz []T, rows int) {
	for k := range out {
		var s T
		for _, v := range dz[k*rows : (k+1)*rows] {
			s += v
		}
		out[k] = s
	}
}

// --- stackInputGrad ---

func (op *stackInputGrad) Arity() int { return 2 }
func (op *stackInputGrad) Type() hm.Type {
	return hm.NewFnType(tt(2, op.dt), tt(3, op.dt), tt(3, op.dt))
}
func (op *stackInputGrad) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.k, op.rows, op.in}, nil
}
func (op *stackInputGrad) Do(args ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, args...) }
func (op *stackInputGrad) UsePreallocDo(prev G.Value, args ...G.Value) (G.Value, error) {
	in, err := denseArgs(2, args)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", op, err)
	}
	out := newStackOut(prev, op.dt, op.k, op.rows, op.in)
	switch dh := out.Data().(type) {
	case []float64:
		outer(dh, in[0].Float64s(), in[1].Float64s(), op.k, op.rows, op.in)
	case []float32:
		outer(dh, in[0].Float32s(), in[1].Float32s(), op.k, op.rows, op.in)
	}
	return out, nil
}
func (op *stackInputGrad) ReturnsPtr() bool      { return false }
func (op *stackInputGrad) CallsExtern() bool     { return false }
func (op *stackInputGrad) OverwritesInput() int  { return -1 }
func (op *stackInputGrad) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *stackInputGrad) Hashcode() uint32      { return hashOf(op) }
func (op *stackInputGrad) String() string {
	return fmt.Sprintf("stackInputGrad(%d×%d×%d)", op.k, op.rows, op.in)
}

func outer[T float32 | float64](dh, dz, w []T, K, rows, in int) {
	for k := 0; k < K; k++ {
		for i := 0; i < rows; i++ {
			g := dz[k*rows+i]
			row := dh[(k*rows+i)*in : (k*rows+i+1)*in]
			for j, wj := range w[k*in : (k+1)*in] {
				row[j] = g * wj
			}
		}
	}
}

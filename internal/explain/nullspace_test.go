package explain

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
	"nnlr/train"
)

func seedData() (*mat.Dense, []float64) {
	return mat.NewDense(2, 2, []float64{1, 1, 2, 2}), []float64{0, 1}
}

func TestRowSpan(t *testing.T) {
	t.Parallel()
	x, _ := seedData()
	basis, err := RowSpan(x)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := basis.Dims(); r != 2 || c != 1 {
		t.Fatalf("basis is %d × %d, want 2 × 1", r, c)
	}
	// The span of (1, 1): the component of (1, −1) outside it is itself,
	// that of (3, 3) is zero.
	out := OutsideSpan(basis, []float64{1, -1})
	if math.Abs(out[0]-1) > 1e-15 || math.Abs(out[1]+1) > 1e-15 {
		t.Errorf("outside part of (1, −1) = %v", out)
	}
	if out := OutsideSpan(basis, []float64{3, 3}); floats.Norm(out, 2) > 1e-15 {
		t.Errorf("outside part of (3, 3) = %v", out)
	}
	full, err := RowSpan(mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1}))
	if err != nil {
		t.Fatal(err)
	}
	if _, r := full.Dims(); r != 2 {
		t.Errorf("rank of a full-rank 3 × 2 matrix: %d", r)
	}
}

// fitSeed trains a float64 graph on the seed problem with full batches.
func fitSeed(t *testing.T, cfg graph.Config, epochs int) (initial, final []float64) {
	t.Helper()
	x, y := seedData()
	cfg.Features, cfg.BatchRows = 2, 2
	m, err := graph.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	initial = m.Kernel()
	fc := train.DefaultConfig()
	fc.Epochs, fc.Seed = epochs, cfg.Seed
	if _, err := train.Fit(context.Background(), m, x, y, fc); err != nil {
		t.Fatal(err)
	}
	return initial, m.Kernel()
}

// Without a penalty, SGD's updates are combinations of the training rows:
// the kernel's component outside their span is what the initialisation put
// there, after any number of epochs.
func TestNullSpaceUnchangedBySGD(t *testing.T) {
	t.Parallel()
	x, _ := seedData()
	for seed := uint64(0); seed < 3; seed++ {
		initial, final := fitSeed(t, graph.Config{Seed: seed}, 1000)
		ns, err := AnalyseNullSpace(x, initial, final, []float64{1, 1})
		if err != nil {
			t.Fatal(err)
		}
		if ns.Rank != 1 {
			t.Errorf("rank = %d, want 1", ns.Rank)
		}
		if ns.InitialNorm < 1e-3 {
			t.Fatalf("seed %d: glorot draw has no null-space component (%v): test says nothing", seed, ns.InitialNorm)
		}
		if math.Abs(ns.FinalNorm-ns.InitialNorm) > 1e-12 {
			t.Errorf("seed %d: null-space norm %v → %v after 1000 epochs", seed, ns.InitialNorm, ns.FinalNorm)
		}
		// The rows-span part points along SAG's coef (1, 1) (the data lie on
		// x1 = x2 and the model separates them), so the whole angle is the
		// null-space component's.
		angle, _ := AngleDeg(final, []float64{1, 1})
		if ns.AngleShareDeg == nil || math.Abs(*ns.AngleShareDeg-angle) > 1e-9 {
			t.Errorf("seed %d: angle share %v, want the whole angle %v", seed, ns.AngleShareDeg, angle)
		}
	}
}

func TestNullSpaceZeroAfterZerosInit(t *testing.T) {
	t.Parallel()
	x, _ := seedData()
	initial, final := fitSeed(t, graph.Config{Kernel: []float64{0, 0}}, 1000)
	ns, err := AnalyseNullSpace(x, initial, final, []float64{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	if ns.InitialNorm != 0 || ns.FinalNorm > 1e-12*floats.Norm(final, 2) {
		t.Errorf("null-space norm %v → %v (kernel %v), want 0", ns.InitialNorm, ns.FinalNorm, final)
	}
	if ns.AngleShareDeg == nil || math.Abs(*ns.AngleShareDeg) > 1e-9 {
		t.Errorf("angle share = %v, want 0", ns.AngleShareDeg)
	}
}

// With an L2 penalty (a finite C) each step multiplies the null-space
// component by (1 − learning rate·L2): it shrinks geometrically.
func TestNullSpaceShrinksWithFiniteC(t *testing.T) {
	t.Parallel()
	x, _ := seedData()
	const c, n, lr, epochs = 1.0, 2, 0.01, 300
	l2 := 1 / (c * n)
	initial, final := fitSeed(t, graph.Config{Seed: 7, L2: l2}, epochs)
	ns, err := AnalyseNullSpace(x, initial, final, []float64{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	want := ns.InitialNorm * math.Pow(1-lr*l2, epochs)
	if ns.FinalNorm >= ns.InitialNorm || math.Abs(ns.FinalNorm-want) > 1e-12 {
		t.Errorf("null-space norm %v → %v, want %v", ns.InitialNorm, ns.FinalNorm, want)
	}
}

// TestRowSpanBlockByBlock checks the block-by-block QR path of RowSpan
// (more than tsqrRows rows, the last block partial) against the SVD of the
// whole matrix: the same rank and the same projection onto the span
// (B·Bᵀ, to 1e-12), for a full-rank matrix, one with a constant column and
// the bias (augmented, rank d), and one with a column that is a sum of two
// others, and one whose first block of rows spans other columns than the
// rest (so that every block's factor must be carried on).
func TestRowSpanBlockByBlock(t *testing.T) {
	t.Parallel()
	const n, d = 2*tsqrRows + 123, 5
	rng := rand.New(rand.NewPCG(8, 1))
	full := mat.NewDense(n, d, nil)
	constant := mat.NewDense(n, d, nil)
	dependent := mat.NewDense(n, d, nil)
	blocky := mat.NewDense(n, d, nil) // the first block's rows span other columns than the rest
	for i := 0; i < n; i++ {
		for j := 0; j < 3; j++ {
			if i < tsqrRows {
				blocky.Set(i, j, rng.NormFloat64())
			} else {
				blocky.Set(i, j+2, rng.NormFloat64())
			}
		}
		for j := 0; j < d; j++ {
			v := rng.NormFloat64() * float64(j+1)
			full.Set(i, j, v)
			constant.Set(i, j, v)
			dependent.Set(i, j, v)
		}
		constant.Set(i, 2, 3.5)
		dependent.Set(i, 4, dependent.At(i, 0)+dependent.At(i, 1))
	}
	whole := func(x *mat.Dense) *mat.Dense { // the SVD of the whole matrix
		var svd mat.SVD
		if !svd.Factorize(x, mat.SVDThinV) {
			t.Fatal("SVD failed")
		}
		rows, cols := x.Dims()
		sv := svd.Values(nil)
		r := 0
		for _, s := range sv {
			if s > float64(max(rows, cols))*sv[0]*0x1p-52 {
				r++
			}
		}
		var v mat.Dense
		svd.VTo(&v)
		return mat.DenseCopyOf(v.Slice(0, cols, 0, r))
	}
	for _, tc := range []struct {
		name     string
		got      func() (*mat.Dense, error)
		x        *mat.Dense
		wantRank int
	}{
		{"full rank", func() (*mat.Dense, error) { return RowSpan(full) }, full, d},
		{"constant column and bias", func() (*mat.Dense, error) { return augmentedRowSpan(constant) }, augmented(constant), d},
		{"dependent column", func() (*mat.Dense, error) { return RowSpan(dependent) }, dependent, d - 1},
		{"blocks spanning different columns", func() (*mat.Dense, error) { return RowSpan(blocky) }, blocky, d},
	} {
		got, err := tc.got()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want := whole(tc.x)
		_, r := got.Dims()
		if _, wr := want.Dims(); r != tc.wantRank || wr != tc.wantRank {
			t.Fatalf("%s: rank %d block by block, %d whole, want %d", tc.name, r, wr, tc.wantRank)
		}
		var pg, pw mat.Dense
		pg.Mul(got, got.T())
		pw.Mul(want, want.T())
		if !mat.EqualApprox(&pg, &pw, 1e-12) {
			t.Errorf("%s: projection onto the span differs:\n%v\n%v", tc.name, mat.Formatted(&pg), mat.Formatted(&pw))
		}
	}
}

// TestRowSpanOverflow: values near ±MaxFloat64 overflow the SVD (NaN or Inf
// singular values); RowSpan reports an error rather than panicking on a
// 0-column basis.
func TestRowSpanOverflow(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 2, []float64{1e308, 1e308, -1e308, 1e308})
	if _, err := augmentedRowSpan(x); err == nil {
		t.Error("augmentedRowSpan of values near MaxFloat64: no error")
	}
}

// TestNewtonOptimumOverflow: values near ±MaxFloat64 make the Hessian
// non-finite, on which gonum's SVD never returns; NewtonOptimum reports an
// error instead.
func TestNewtonOptimumOverflow(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(2, 2, []float64{1e308, 1e308, -1e308, 1e308})
	done := make(chan error, 1)
	go func() { _, err := NewtonOptimum(x, []float64{0, 1}, 0); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("NewtonOptimum of values near MaxFloat64: no error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("NewtonOptimum of values near MaxFloat64 did not return in 10 s")
	}
}

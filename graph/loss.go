package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// bceFromLogits builds the weighted binary cross-entropy
// Σ_i s_i·ℓ(z_i, y_i) for logits z, labels y ∈ {0, 1} and sample weights s
// (all rows × 1), with
//
//	ℓ(z, y) = y·softplus(−z) + (1 − y)·softplus(z)
//
// which equals −y·log σ(z) − (1 − y)·log(1 − σ(z)) and softplus(z) − y·z,
// the form TensorFlow's sigmoid_cross_entropy_with_logits computes (what
// Keras uses for a sigmoid output). We write it with two softplus terms
// because of how Gorgonia v0.9.18 differentiates: softplus′(z) is its
// Sigmoid, which returns exactly 1 above z = 19 (15 in float32). In the form
// softplus(z) − y·z the gradient of a well-classified positive, σ(z) − 1,
// would then be exactly 0 instead of −σ(−z) ≈ −e^(−z); here it is −σ(−z),
// which is exact, and likewise σ(z) for a well-classified negative. Gorgonia's
// Softplus returns 0 below −708 and z above 16 (an absolute error under
// 1.2e-7), so the loss stays finite for any finite logit.
func bceFromLogits(z, y, s *G.Node) (*G.Node, error) {
	negZ, err := G.Neg(z)
	if err != nil {
		return nil, fmt.Errorf("−z: %w", err)
	}
	spNeg, err := G.Softplus(negZ)
	if err != nil {
		return nil, fmt.Errorf("softplus(−z): %w", err)
	}
	spPos, err := G.Softplus(z)
	if err != nil {
		return nil, fmt.Errorf("softplus(z): %w", err)
	}
	// ℓ = softplus(z) + y·(softplus(−z) − softplus(z)).
	diff, err := G.Sub(spNeg, spPos)
	if err != nil {
		return nil, fmt.Errorf("softplus(−z) − softplus(z): %w", err)
	}
	yDiff, err := G.HadamardProd(y, diff)
	if err != nil {
		return nil, fmt.Errorf("y·(…): %w", err)
	}
	per, err := G.Add(spPos, yDiff)
	if err != nil {
		return nil, fmt.Errorf("per-sample loss: %w", err)
	}
	weighted, err := G.HadamardProd(s, per)
	if err != nil {
		return nil, fmt.Errorf("weighting: %w", err)
	}
	return G.Sum(weighted)
}

// addL2 returns loss + (l2/2)·Σ_j Σ_k W_jk² over the given kernels.
func addL2(loss *G.Node, l2 float64, kernels ...*G.Node) (*G.Node, error) {
	for _, k := range kernels {
		sq, err := G.Square(k)
		if err != nil {
			return nil, fmt.Errorf("square: %w", err)
		}
		ss, err := G.Sum(sq)
		if err != nil {
			return nil, fmt.Errorf("sum: %w", err)
		}
		var half *G.Node
		if k.Dtype() == G.Float32 {
			half = G.NewConstant(float32(l2 / 2))
		} else {
			half = G.NewConstant(l2 / 2)
		}
		pen, err := G.Mul(half, ss)
		if err != nil {
			return nil, fmt.Errorf("scale: %w", err)
		}
		if loss, err = G.Add(loss, pen); err != nil {
			return nil, fmt.Errorf("add: %w", err)
		}
	}
	return loss, nil
}

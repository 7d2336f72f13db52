package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// bceFromLogits builds the weighted binary cross-entropy
// Σ_i s_i·(softplus(z_i) − y_i·z_i) for logits z, labels y ∈ {0, 1} and
// sample weights s (all rows × 1). softplus(z) − y·z equals
// −y·log σ(z) − (1 − y)·log(1 − σ(z)) and is what TensorFlow's
// sigmoid_cross_entropy_with_logits computes; Gorgonia's Softplus returns 0
// below −708 and z above 16 (an absolute error under 1.2e-7), so the loss
// stays finite for any finite logit, and its derivative is σ(z).
func bceFromLogits(z, y, s *G.Node) (*G.Node, error) {
	sp, err := G.Softplus(z)
	if err != nil {
		return nil, fmt.Errorf("softplus: %w", err)
	}
	yz, err := G.HadamardProd(y, z)
	if err != nil {
		return nil, fmt.Errorf("y·z: %w", err)
	}
	per, err := G.Sub(sp, yz)
	if err != nil {
		return nil, fmt.Errorf("softplus(z) − y·z: %w", err)
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

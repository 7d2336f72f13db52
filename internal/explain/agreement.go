// Package explain measures how two fitted linear models differ and why:
// the angle between their decision boundaries and the other agreement
// metrics of nnlr compare. It works on fitted parameters and data, not on
// Gorgonia nodes, so it compares any two linear models.
package explain

import (
	"errors"
	"math"
)

// ErrZeroNormal is returned when a boundary's normal vector is zero: the
// model predicts the same class everywhere and has no decision boundary.
var ErrZeroNormal = errors.New("normal vector is zero: no decision boundary")

// AngleDeg returns the angle in degrees, in [0, 180], between the normals a
// and b (d values each) of two decision boundaries w·x + c = 0: 0 when they
// point the same way, 180 when opposite. It returns ErrZeroNormal when
// either normal is zero, and an error when the lengths differ.
func AngleDeg(a, b []float64) (float64, error) {
	if len(a) != len(b) {
		return 0, errors.New("angle: normals of different lengths")
	}
	var ab, aa, bb float64
	for i := range a {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	if aa == 0 || bb == 0 {
		return 0, ErrZeroNormal
	}
	// atan2(|a×b|, a·b) is accurate at small angles, where acos is not:
	// |a×b|² = |a|²|b|² − (a·b)² by Lagrange's identity, computed in the
	// cancellation-free form Σ_{i<j} (a_i b_j − a_j b_i)².
	var cross float64
	for i := range a {
		for j := i + 1; j < len(a); j++ {
			c := a[i]*b[j] - a[j]*b[i]
			cross += c * c
		}
	}
	return math.Atan2(math.Sqrt(cross), ab) * 180 / math.Pi, nil
}

package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// GlorotUniform draws a fanIn × fanOut kernel, row-major, from the Glorot
// (Xavier) uniform distribution U(−l, l) with l = sqrt(6 / (fanIn + fanOut)),
// Keras's default kernel initialiser (keras.initializers.GlorotUniform;
// Glorot and Bengio, "Understanding the difficulty of training deep
// feedforward neural networks", AISTATS 2010). It returns an error when
// either fan is not positive.
func GlorotUniform(fanIn, fanOut int, rng *rand.Rand) ([]float64, error) {
	if fanIn < 1 || fanOut < 1 {
		return nil, fmt.Errorf("glorot_uniform: fan_in %d and fan_out %d must be positive", fanIn, fanOut)
	}
	limit := math.Sqrt(6 / float64(fanIn+fanOut))
	out := make([]float64, fanIn*fanOut)
	for i := range out {
		out[i] = limit * (2*rng.Float64() - 1)
	}
	return out, nil
}

// NewRand returns the random source nnlr uses for a seed: PCG from
// math/rand/v2 with the seed as its first word and stream as its second, so
// that independent uses of one seed (initialisation, shuffling) draw from
// independent streams.
func NewRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

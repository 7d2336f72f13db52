package graph_test

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"nnlr/graph"
	"nnlr/train"
)

// Example builds a network with two hidden tanh layers, trains it by SGD
// (learning rate 0.1, 100 epochs of batches of 32) on an XOR-like problem
// that no logistic regression can solve, and prints its training accuracy.
func Example() {
	// 200 points in four noisy clusters at (±1, ±1); the label is 1 where
	// the cluster's coordinates have opposite signs.
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 200
	x, y := mat.NewDense(n, 2, nil), make([]float64, n)
	for i := 0; i < n; i++ {
		s1, s2 := float64(1-2*(i%2)), float64(1-2*(i/2%2))
		x.Set(i, 0, s1+0.3*rng.NormFloat64())
		x.Set(i, 1, s2+0.3*rng.NormFloat64())
		if s1 != s2 {
			y[i] = 1
		}
	}

	// Two hidden tanh layers (kernels 2 × 8 and 8 × 8); Build adds the
	// sigmoid unit (kernel 8 × 1) whose logits the loss is computed from.
	m, err := graph.NewBuilder(2).Dense(8, graph.Tanh).Dense(8, graph.Tanh).Seed(7).Build()
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()

	cfg := train.DefaultConfig() // sgd, batch size 32, shuffled
	cfg.LearningRate, cfg.Epochs = 0.1, 100
	if _, err := train.Fit(context.Background(), m, x, y, cfg); err != nil {
		log.Fatal(err)
	}
	r, err := train.Evaluate(m, x, y)
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range m.Layers() {
		fmt.Printf("%-7s kernel %d × %d, bias %d\n", l.Activation, l.Rows(), l.Cols(), l.Cols())
	}
	fmt.Printf("accuracy %.2f\n", r.Accuracy)
	// Output:
	// tanh    kernel 2 × 8, bias 8
	// tanh    kernel 8 × 8, bias 8
	// sigmoid kernel 8 × 1, bias 1
	// accuracy 1.00
}

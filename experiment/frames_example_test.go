package experiment_test

import (
	"context"
	"fmt"

	"nnlr/dataset"
	"nnlr/experiment"
)

// A front end draws the network after every epoch: WithEpochFrame hands
// it the layers, the boundary and the loss while Compare trains.
func ExampleWithEpochFrame() {
	ds, err := dataset.Builtin("seed")
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := experiment.DefaultCompareConfig()
	cfg.Fit.Epochs = 3
	_, err = experiment.Compare(context.Background(), ds, cfg, experiment.WithEpochFrame(func(f experiment.Frame) {
		fmt.Printf("epoch %d of %d: loss %.4f, kernel [%.4f, %.4f], bias %.4f\n", f.Epoch, f.Epochs, f.Loss, f.Kernel[0], f.Kernel[1], f.Bias)
	}))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// epoch 1 of 3: loss 1.2950, kernel [1.4095, 1.0862], bias -0.0046
	// epoch 2 of 3: loss 1.2887, kernel [1.4049, 1.0817], bias -0.0092
	// epoch 3 of 3: loss 1.2825, kernel [1.4004, 1.0771], bias -0.0138
}

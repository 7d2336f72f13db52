package experiment_test

import (
	"context"
	"fmt"
	"log"

	"nnlr/dataset"
	"nnlr/experiment"
)

// Iris's three classes, standardised, with C = 1 on both sides: the
// network, trained long enough, predicts SAG's class on every training
// point.
func ExampleCompareClasses() {
	b, err := dataset.LookupBuiltin("iris")
	if err != nil {
		log.Fatal(err)
	}
	ds, err := b.Load(dataset.Options{Multiclass: true}, 0)
	if err != nil {
		log.Fatal(err)
	}
	cfg := experiment.DefaultCompareConfig()
	cfg.C = 1
	cfg.Fit.Epochs, cfg.Fit.LearningRate = 500, 0.5
	rep, err := experiment.CompareClasses(context.Background(), dataset.Standardize(ds), cfg)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Data.Classes, len(rep.Graph.Kernel), "×", len(rep.Graph.Kernel[0]), "kernel")
	fmt.Printf("same class on %.0f%% of the training points\n", 100*rep.Agreement.TrainAgreement)
	// Output:
	// [setosa versicolor virginica] 4 × 3 kernel
	// same class on 100% of the training points
}

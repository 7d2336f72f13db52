package experiment_test

import (
	"context"
	"fmt"
	"log"

	"nnlr/dataset"
	"nnlr/experiment"
)

// The seed question, X = [[1,1],[2,2]], y = [0,1], with Keras's and
// scikit-learn's defaults: the network's boundary is 10.8° off the
// regression's, because the kernel's component outside the rows' span keeps
// its glorot_uniform start.
func ExampleCompare() {
	ds, err := dataset.Builtin("seed")
	if err != nil {
		log.Fatal(err)
	}
	rep, err := experiment.Compare(context.Background(), ds, experiment.DefaultCompareConfig())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("graph kernel %.4f, bias %.4f\n", rep.Graph.Kernel, rep.Graph.Bias)
	fmt.Printf("SAG coef %.4f, intercept %.4f\n", rep.Baseline.Coef, rep.Baseline.Intercept)
	fmt.Printf("angle %.2f°, offset gap %.3f\n", *rep.Agreement.AngleDeg, *rep.Agreement.OffsetGap)
	fmt.Printf("budgets: graph %.3g, SAG %.3g\n", rep.Diagnosis.StepBudget.Graph, rep.Diagnosis.StepBudget.Baseline)
	// Output:
	// graph kernel [1.0059 0.6826], bias -0.4192
	// SAG coef [3.1348 3.1348], intercept -9.1114
	// angle 10.84°, offset gap 1.704
	// budgets: graph 1, SAG 267
}

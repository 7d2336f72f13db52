package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"nnlr/dataset"
)

// TestCompareSameWithOneWorker compares with the regression fitted beside
// the graph (the default workers) and after it (one worker, so the two
// never overlap), on the breast-cancer data standardised (diagnosis and
// all) and on the seed problem with --runs 3: the JSON reports must be
// byte-identical. With one worker the order of the two fits is left to the
// scheduler, which also must not show in the report.
func TestCompareSameWithOneWorker(t *testing.T) {
	t.Parallel()
	bc := standardBreastCancer(t)
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 30
	runs := DefaultCompareConfig()
	runs.Runs = 3
	for _, tc := range []struct {
		name string
		ds   *dataset.Dataset
		cfg  CompareConfig
	}{{"breast-cancer", bc, cfg}, {"seed, 3 runs", seedData(t), runs}} {
		var reports [][]byte
		for _, workers := range []int{2, 1} {
			rep, err := Compare(context.Background(), tc.ds, tc.cfg, WithWorkers(workers))
			if err != nil {
				t.Fatalf("%s, %d workers: %v", tc.name, workers, err)
			}
			js, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			reports = append(reports, js)
		}
		if !bytes.Equal(reports[0], reports[1]) {
			t.Errorf("%s: the report with the regression fitted beside the graph differs from one worker's", tc.name)
		}
	}
}

// TestCompareCancelStopsTheRegression cancels a Compare whose regression
// runs beside the graph and would not end for hours (SAG on separable data,
// tol 0, 2³⁰ epochs): Compare must return the cancellation, which reaches the
// regression too (Compare waits for it: were it not stopped, this test would
// not end).
func TestCompareCancelStopsTheRegression(t *testing.T) {
	t.Parallel()
	cfg := DefaultCompareConfig()
	cfg.SAG.MaxIter, cfg.SAG.Tol = 1<<30, 0
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	epochs := 0
	_, err := Compare(ctx, standardBreastCancer(t), cfg, WithProgress(func(n int) {
		if epochs += n; epochs == 5 {
			cancel()
		}
	}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

// standardBreastCancer returns the built-in breast-cancer data set,
// standardised.
func standardBreastCancer(t *testing.T) *dataset.Dataset {
	t.Helper()
	bc, err := dataset.Builtin("breast-cancer")
	if err != nil {
		t.Fatal(err)
	}
	return dataset.Standardize(bc)
}

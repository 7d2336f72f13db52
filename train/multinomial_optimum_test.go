package train

import (
	"context"
	"math"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/metrics"
)

// loadAllClasses reads a built-in CSV data set with every class, the
// features standardised, the labels as positions of the sorted class names.
func loadAllClasses(t *testing.T, name string) (*mat.Dense, []float64) {
	t.Helper()
	b, err := dataset.LookupBuiltin(name)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := b.Table(0)
	if err != nil {
		t.Fatal(err)
	}
	n, d := len(tab.Records), len(tab.Header)-1
	x := mat.NewDense(n, d, nil)
	names := make([]string, n)
	for i, rec := range tab.Records {
		for j := 0; j < d; j++ {
			v, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				t.Fatal(err)
			}
			x.Set(i, j, v)
		}
		names[i] = rec[d]
	}
	classes := slices.Compact(slices.Sorted(slices.Values(names)))
	y := make([]float64, n)
	for i, s := range names {
		c, _ := slices.BinarySearch(classes, s)
		y[i] = float64(c)
	}
	return dataset.FitScaler(x).Transform(x), y
}

// TestSoftmaxGraphReachesMultinomialSAG: on iris and wine, standardised,
// the softmax graph with L2 = 1/(C·n) trained by full-batch gradient
// descent (learning rate 1, 3000 epochs on iris, 8000 on wine) and
// multinomial SAG with the same C minimise the same objective;
// trained long enough, the graph's kernel (whose class mean the penalty
// shrinks away) equals SAG's coefficients (transposed) to 1e-6, its biases
// SAG's intercepts, and the two predict the same class on every training
// point.
func TestSoftmaxGraphReachesMultinomialSAG(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		epochs int
	}{{"iris", 3000}, {"wine", 8000}} {
		name := tc.name
		t.Run(name, func(t *testing.T) {
			x, y := loadAllClasses(t, name)
			n, d := x.Dims()
			const k, c = 3, 1.0
			sagCfg := baseline.DefaultSAGConfig()
			sagCfg.C, sagCfg.Tol, sagCfg.MaxIter = c, 1e-12, 100000
			sag, err := baseline.FitMultinomialSAG(x, y, sagCfg)
			if err != nil {
				t.Fatal(err)
			}
			m, err := graph.New(graph.Config{Features: d, BatchRows: n, Output: graph.Softmax, Classes: k, Seed: 1, L2: 1 / (c * float64(n))})
			if err != nil {
				t.Fatal(err)
			}
			cfg := DefaultConfig()
			cfg.Epochs, cfg.BatchSize, cfg.Shuffle, cfg.LearningRate = tc.epochs, n, false, 1
			if _, err := Fit(context.Background(), m, x, y, cfg); err != nil {
				t.Fatal(err)
			}
			w, b := m.OutputKernel(), m.OutputBias()
			var gap float64
			for cl := 0; cl < k; cl++ {
				for j := 0; j < d; j++ {
					gap = math.Max(gap, math.Abs(w[j][cl]-sag.Coef[cl][j]))
				}
				gap = math.Max(gap, math.Abs(b[cl]-sag.Intercept[cl]))
			}
			t.Logf("%s: SAG n_iter %d; max |graph − SAG| %.3g", name, sag.NIter, gap)
			if !(gap <= 1e-6) {
				t.Errorf("graph differs from SAG by %.3g > 1e-6", gap)
			}
			z, err := m.Logits(rowMajor(x))
			if err != nil {
				t.Fatal(err)
			}
			pred := sag.Predict(x)
			for i := 0; i < n; i++ {
				if g := metrics.Argmax(z[i*k : (i+1)*k]); g != pred[i] {
					t.Errorf("point %d: graph predicts %d, SAG %d", i, g, pred[i])
				}
			}
		})
	}
}

package render

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/dataset"
	"nnlr/experiment"
)

// A boundary figure of many rows draws at most MaxPlottedPoints of them,
// every stride-th row with its own label, and says so in its title; a
// small data set keeps every row.
func TestBoundaryFigureThinsLargeData(t *testing.T) {
	for _, n := range []int{10, MaxPlottedPoints, 3*MaxPlottedPoints + 7} {
		x := mat.NewDense(n, 2, nil)
		y := make([]float64, n)
		for i := range n {
			x.Set(i, 0, float64(i))
			x.Set(i, 1, float64(i%7))
			y[i] = float64(i % 2)
		}
		ds := &dataset.Dataset{Name: "many", X: x, Y: y, Features: []string{"a", "b"}, Classes: [2]string{"0", "1"}}
		rep := &experiment.CompareReport{Plane: experiment.Plane{I: 0, J: 1, Held: []float64{0, 0}, Box: [4]float64{0, float64(n), 0, 7}, Names: [2]string{"a", "b"}}}
		rep.Graph.Kernel, rep.Baseline.Coef = []float64{1, 1}, []float64{1, -1}
		fig := boundaryFigure(ds, rep)
		stride := pointStride(n)
		if len(fig.X) > MaxPlottedPoints || len(fig.X) != (n+stride-1)/stride || len(fig.Y) != len(fig.X) {
			t.Fatalf("n = %d: %d points and %d labels drawn (stride %d)", n, len(fig.X), len(fig.Y), stride)
		}
		for j := range fig.X {
			if i := j * stride; fig.X[j][0] != float64(i) || fig.Y[j] != y[i] {
				t.Fatalf("n = %d: point %d is (%v, %v), want row %d", n, j, fig.X[j], fig.Y[j], i)
			}
		}
		if thinned := strings.Contains(fig.Title, "points drawn"); thinned != (n > MaxPlottedPoints) {
			t.Errorf("n = %d: title %q", n, fig.Title)
		}
	}
}

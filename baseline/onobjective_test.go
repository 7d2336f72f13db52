package baseline

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

// OnObjective sees the objectives that RecordObjective keeps, epoch by
// epoch, and the fit itself is unchanged.
func TestOnObjectiveMatchesRecordObjective(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{1, 1, 2, 2, 0, 1, 3, 0.5})
	y := []float64{0, 1, 0, 1}
	cfg := DefaultSAGConfig()
	cfg.MaxIter, cfg.C = 50, 10
	cfg.RecordObjective = true
	kept, err := FitSAG(x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RecordObjective = false
	var epochs []int
	var seen []float64
	cfg.OnObjective = func(e int, obj float64) { epochs, seen = append(epochs, e), append(seen, obj) }
	got, err := FitSAG(x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got.ObjectiveHistory != nil {
		t.Errorf("ObjectiveHistory kept without RecordObjective: %d values", len(got.ObjectiveHistory))
	}
	if len(seen) != len(kept.ObjectiveHistory) || len(seen) != got.NIter {
		t.Fatalf("OnObjective called %d times, want %d", len(seen), len(kept.ObjectiveHistory))
	}
	for i := range seen {
		if epochs[i] != i+1 || seen[i] != kept.ObjectiveHistory[i] {
			t.Fatalf("call %d: epoch %d objective %v, want epoch %d objective %v", i, epochs[i], seen[i], i+1, kept.ObjectiveHistory[i])
		}
	}
	if got.Intercept != kept.Intercept || got.Coef[0] != kept.Coef[0] {
		t.Errorf("the fit changed: %v %v vs %v %v", got.Coef, got.Intercept, kept.Coef, kept.Intercept)
	}
}

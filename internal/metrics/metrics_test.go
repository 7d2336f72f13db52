package metrics

import (
	"errors"
	"math"
	"testing"
)

func TestAUCWithTiesByHand(t *testing.T) {
	// Positives score 0.8, 0.4, 0.4; negatives 0.4, 0.1.
	// Pairs (pos, neg): (0.8,0.4)=1 (0.8,0.1)=1 (0.4,0.4)=½ (0.4,0.1)=1
	// (0.4,0.4)=½ (0.4,0.1)=1 → 5 of 6.
	got, err := AUC([]float64{0.4, 0.8, 0.1, 0.4, 0.4}, []float64{1, 1, 0, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-5.0/6) > 1e-15 {
		t.Errorf("AUC = %v, want 5/6", got)
	}
	// All tied: ½.
	if got, _ := AUC([]float64{1, 1, 1, 1}, []float64{0, 1, 0, 1}); got != 0.5 {
		t.Errorf("all-tied AUC = %v, want 0.5", got)
	}
	// Perfectly reversed: 0.
	if got, _ := AUC([]float64{3, 2, 1}, []float64{0, 1, 1}); got != 0 {
		t.Errorf("reversed AUC = %v, want 0", got)
	}
}

func TestAUCOneClassIsUndefined(t *testing.T) {
	_, err := AUC([]float64{0.1, 0.9}, []float64{1, 1})
	if !errors.Is(err, ErrOneClass) {
		t.Fatalf("err = %v, want ErrOneClass", err)
	}
	r, err := Evaluate([]float64{0.1, 0.9}, []float64{0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if r.AUCDefined {
		t.Error("Evaluate reports an AUC for one class")
	}
	if _, err := AUC([]float64{math.NaN(), 1}, []float64{0, 1}); err == nil {
		t.Error("AUC accepted a NaN score")
	}
}

func TestLogLossStableAndExact(t *testing.T) {
	got, err := LogLoss([]float64{700, -700, 0}, []float64{0, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	want := (700 + 700 + math.Ln2) / 3
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("LogLoss = %v, want %v", got, want)
	}
	// Against the textbook form where it is safe.
	z, y := []float64{-1.5, 0.3, 2}, []float64{0, 1, 1}
	got, _ = LogLoss(z, y)
	want = 0
	for i := range z {
		p := 1 / (1 + math.Exp(-z[i]))
		want -= y[i]*math.Log(p) + (1-y[i])*math.Log(1-p)
	}
	if math.Abs(got-want/3) > 1e-15 {
		t.Errorf("LogLoss = %v, textbook %v", got, want/3)
	}
	if _, err := LogLoss([]float64{1}, []float64{1, 0}); err == nil {
		t.Error("mismatched lengths accepted")
	}
}

func TestSigmoidAndAccuracy(t *testing.T) {
	for _, z := range []float64{-800, -30, -1, 0, 1, 30, 800} {
		s := Sigmoid(z)
		if math.IsNaN(s) || s < 0 || s > 1 || math.Abs(s+Sigmoid(-z)-1) > 1e-15 {
			t.Errorf("Sigmoid(%v) = %v", z, s)
		}
	}
	acc, err := Accuracy([]float64{-1, 0, 2, 3}, []float64{0, 1, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	// Predictions 0, 0 (z = 0 is p = 0.5, not above), 1, 1.
	if acc != 0.5 {
		t.Errorf("accuracy %v, want 0.5", acc)
	}
}

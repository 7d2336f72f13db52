package explain

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// TestPreparedDiagnosisIsTheSame diagnoses every scenario with its
// data-only parts prepared ahead (for the baseline's and the graph's
// penalties, and for a penalty no side uses, whose optimum is computed but
// not read) and without: the diagnoses must be deeply equal. A preparation
// made for other data, or stopped before it started, must leave the
// diagnosis unchanged too.
func TestPreparedDiagnosisIsTheSame(t *testing.T) {
	t.Parallel()
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			in := sc.s.train(t)
			want, err := Diagnose(in)
			if err != nil {
				t.Fatal(err)
			}
			other, otherY := seedData()
			stopped := Prepare(context.Background(), in.X, in.Y, in.Alpha)
			stopped.Stop()
			cancelled, cancel := context.WithCancel(context.Background())
			cancel()
			for name, p := range map[string]*Prepared{
				"prepared":        Prepare(context.Background(), in.X, in.Y, 0.123, in.Alpha, in.L2, in.Alpha),
				"for other data":  Prepare(context.Background(), other, otherY, in.Alpha, in.L2),
				"stopped":         stopped,
				"cancelled first": Prepare(cancelled, in.X, in.Y, in.Alpha, in.L2),
			} {
				with := in
				with.Prepared = p
				got, err := Diagnose(with)
				p.Stop()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: the diagnosis differs from the one computed in place", name)
				}
			}
		})
	}
}

// TestPreparedOptimumByPenalty asks a preparation for the optimum of each
// of its penalties, and of one it lacks: each must be NewtonOptimum's for
// that penalty.
func TestPreparedOptimumByPenalty(t *testing.T) {
	t.Parallel()
	x, y := noisyData(80, 3, 4)
	p := Prepare(context.Background(), x, y, 0.5, 0.01, 0.5)
	defer p.Stop()
	for _, l2 := range []float64{0.01, 0.5, 0.2} {
		want, err := NewtonOptimum(x, y, l2)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.optimum(x, y, l2)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("l2 %v: prepared optimum %+v (%v), want %+v", l2, got, err, want)
		}
	}
}

// TestPrepareStopsPromptlyOnWideData stops a preparation for data of 2,000
// features as soon as it starts, as Compare does when its training is
// interrupted: Stop must return within a second. A step of the
// preparation cannot be cut short (an eigen- or singular value
// decomposition of a (d+1) × (d+1) matrix; Stop waited 11 s here), so such
// data must not be prepared at all (its diagnosis computes the parts).
func TestPrepareStopsPromptlyOnWideData(t *testing.T) {
	t.Parallel()
	x, y := noisyData(40, 2000, 1)
	p := Prepare(context.Background(), x, y, 0.01)
	time.Sleep(50 * time.Millisecond) // let the preparation start its first part
	start := time.Now()
	p.Stop()
	if took := time.Since(start); took > time.Second {
		t.Errorf("Stop took %v on 40 × 2000 data, want under a second", took)
	}
}

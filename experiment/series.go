package experiment

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"nnlr/internal/explain"
)

// Per-epoch series (the loss, SAG's objective, the graph's boundary and its
// angle to the regression) are kept at a bounded resolution, so that memory
// and the JSON do not grow with the number of epochs: every epoch up to
// seriesDense, then epochs about 1/seriesSpacing (0.4 %) apart, every power
// of ten and the last epoch. That is at most about 11,500 values for any
// number of epochs (2048 + 256·ln(epochs/2048) + 19).
var seriesDense = 2048 // a variable for tests

// seriesSpacing sets the log-spaced part: after epoch e the next kept is
// e + e/seriesSpacing.
const seriesSpacing = 256

// SeriesResolution says, in the JSON (series_resolution), which epochs the
// per-epoch series hold.
func SeriesResolution() string {
	return fmt.Sprintf("every epoch up to %d, then log-spaced (each kept epoch about 1/%d after the last), every power of ten and the last epoch; loss_epochs and objective_epochs list the epochs kept", seriesDense, seriesSpacing)
}

// sampler decides which epochs of a run of total epochs a series keeps.
type sampler struct {
	total int
	next  int // the next log-spaced epoch to keep
	extra int // one more epoch to keep (0: none)
}

// nextSpaced returns the log-spaced epoch after e, without overflow.
func nextSpaced(e int) int {
	step := max(1, e/seriesSpacing)
	if e > math.MaxInt-step {
		return math.MaxInt
	}
	return e + step
}

// isPow10 reports whether e is 1, 10, 100, …
func isPow10(e int) bool {
	for e >= 10 && e%10 == 0 {
		e /= 10
	}
	return e == 1
}

// keep reports whether epoch e (counted from 1, each epoch asked once, in
// order) is kept.
func (s *sampler) keep(e int) bool {
	if e <= seriesDense || e >= s.next {
		s.next = nextSpaced(e)
		return true
	}
	return e == s.total || e == s.extra || isPow10(e)
}

// sampledEpochs returns the epochs that a sampler for total epochs keeps,
// without visiting the others (for tests and estimates).
func sampledEpochs(total int) []int {
	var out []int
	s := sampler{total: total}
	for e := 1; e <= total && e > 0; {
		if s.keep(e) {
			out = append(out, e)
		}
		if e == total {
			break
		}
		// The next candidate: the next spaced epoch, the next power of
		// ten or the last, whichever comes first.
		n := min(s.next, total)
		if e >= seriesDense {
			p := 1
			for p <= e && p <= math.MaxInt/10 {
				p *= 10
			}
			if p > e {
				n = min(n, p)
			}
		} else {
			n = e + 1
		}
		e = n
	}
	return out
}

// convergenceStream measures, epoch by epoch, the graph's boundary against
// the regression's with explain's criterion, keeping only what the
// convergence finding needs: the first epoch within the criterion and the
// least-squares trend of the angle over the last tenth of the epochs (the
// same numbers as explain.Track on a trajectory of every epoch, without
// keeping one).
type convergenceStream struct {
	crit   explain.Criterion
	total  int
	within int // first epoch within the criterion, 0 when none yet
	// The trend's window is epochs trendFrom … total: trendN of them.
	trendFrom, trendN int
	sxy, sxx          float64
}

func newConvergenceStream(crit explain.Criterion, total int) *convergenceStream {
	n := min(total, max(2, total/10))
	return &convergenceStream{crit: crit, total: total, trendN: n, trendFrom: total - n + 1}
}

// observe measures the boundary m after epoch e, when it is needed.
func (c *convergenceStream) observe(e int, m explain.Linear) {
	if c.within != 0 && e < c.trendFrom {
		return
	}
	a, g := c.crit.Measure(m)
	if c.within == 0 && c.crit.Within(a, g) {
		c.within = e
	}
	if e >= c.trendFrom {
		dx := float64(e-c.trendFrom) - float64(c.trendN-1)/2
		c.sxy += dx * a
		c.sxx += dx * dx
	}
}

// trend is the slope of the angle, degrees per epoch, over the window (0
// with fewer than two epochs or a NaN angle, as explain.Track).
func (c *convergenceStream) trend() float64 {
	if c.trendN < 2 {
		return 0
	}
	s := c.sxy / c.sxx
	if math.IsNaN(s) {
		return 0
	}
	return s
}

// fixSampled corrects a diagnosis made from a sampled trajectory (the
// boundary at the epochs epochs, not at every epoch): explain counts the
// trajectory's points as epochs, so the convergence numbers, the
// convergence item and the graph's "last tenth" phrase are replaced by the
// exact ones from the stream and from lastTenth, the boundary after epoch
// total − max(1, total/10). in are the diagnosis's inputs.
//
// TODO(diag): explain.Trajectory could carry its epochs, and Track and the
// assessment use them; this function then goes.
func fixSampled(dg *explain.Diagnosis, in explain.Inputs, epochs []int, c *convergenceStream, lastTenth explain.Linear) {
	conv := &dg.Convergence
	conv.EpochWithin1Deg = nil
	if c.within > 0 {
		e := c.within
		conv.EpochWithin1Deg = &e
	}
	conv.AngleTrendDegPerEpoch, conv.TrendEpochs = c.trend(), c.trendN
	dg.Tracking.EpochWithin, dg.Tracking.TrendDegPerEpoch, dg.Tracking.TrendEpochs = c.within, conv.AngleTrendDegPerEpoch, c.trendN
	if mt := dg.MarginTracking; mt != nil && mt.EpochWithin > 0 {
		mt.EpochWithin = epochs[mt.EpochWithin-1] // the first kept epoch within
	}
	for k := range dg.Items {
		it := &dg.Items[k]
		switch {
		case it.Kind == explain.KindConvergence && len(dg.Tracking.AngleDeg) > 0:
			it.Values["trend_deg_per_epoch"] = conv.AngleTrendDegPerEpoch
			it.Values["first_epoch_within"] = float64(c.within)
			it.Summary = convergenceSummary(in, dg)
		case it.Kind == explain.KindNotAtOptimum && it.Side == explain.SideGraph:
			fixLastTenth(it, in, in.Trajectory, in.L2, c.total, lastTenth)
		}
	}
	for k := range dg.Items {
		if k < len(dg.Findings) {
			dg.Findings[k] = dg.Items[k].Summary
		}
	}
}

// convergenceSummary is explain's convergence sentence (assess.go,
// convergence) for the exact numbers.
func convergenceSummary(in explain.Inputs, dg *explain.Diagnosis) string {
	c, tr := dg.Convergence, dg.Tracking
	e := len(tr.AngleDeg)
	last, gap := tr.AngleDeg[e-1], tr.OffsetGap[e-1]
	crit := explain.Criterion{Scale: c.OffsetTol / explain.OffsetTolShare}
	base := "the baseline's"
	if in.StepSize > 0 {
		base = "SAG's"
	}
	first := 0
	if c.EpochWithin1Deg != nil {
		first = *c.EpochWithin1Deg
	}
	switch {
	case crit.Within(last, gap):
		return fmt.Sprintf("Convergence: after the last of %d epochs the graph's boundary is within 1° and 1%% offset of %s (%.3g°, offset gap %.3g; first within at epoch %d).", in.Epochs, base, last, gap, first)
	case first > 0:
		return fmt.Sprintf("Convergence: the graph's boundary was within 1° and 1%% offset of %s at epoch %d but is not after the last of %d epochs (%.3g°, offset gap %.3g; trend %.3g° per epoch).", base, first, in.Epochs, last, gap, c.AngleTrendDegPerEpoch)
	default:
		return fmt.Sprintf("Convergence: after %d epochs the graph's boundary is not within 1° and 1%% offset (%.3g) of %s (%.3g°, offset gap %.3g; trend %.3g° per epoch over the last %d epochs).", in.Epochs, c.OffsetTol, base, last, gap, c.AngleTrendDegPerEpoch, c.TrendEpochs)
	}
}

// lastTenthPhrase is explain's phrase (assess.go, sideOptimum) on the
// gradient's change from gt (at the start of the last tenth) to g1 (at the
// end) over epochs epochs.
func lastTenthPhrase(gt, g1 float64, epochs int) string {
	r := gt / g1
	if r >= 1 {
		return fmt.Sprintf(", down %.3g-fold over the last %d epochs", r, epochs)
	}
	return fmt.Sprintf(", up %.3g-fold over the last %d epochs", 1/r, epochs)
}

// fixLastTenth replaces, in a not-at-optimum item (the graph's, or the
// baseline's), the phrase and values explain computed at the last tenth of
// the sampled trajectory traj (penalty l2) by those at the run's: the
// model lastTenth after epoch total − max(1, total/10). Without lastTenth
// (a run that diverged before that epoch) the item is left as it is.
func fixLastTenth(it *explain.Item, in explain.Inputs, traj explain.Trajectory, l2 float64, total int, lastTenth explain.Linear) {
	l := traj.Epochs()
	g1, ok := it.Values["grad_inf_end"]
	if l < 2 || !ok || lastTenth.Coef == nil {
		return
	}
	first := l - max(1, l/10)
	old := lastTenthPhrase(explain.GradInf(traj.At(first), in.X, in.Y, l2), g1, l-first)
	gt := explain.GradInf(lastTenth, in.X, in.Y, l2)
	it.Values["grad_inf_last_tenth_start"] = gt
	if g1 > 0 {
		it.Values["grad_decrease_last_tenth"] = gt / g1
	}
	it.Summary = strings.Replace(it.Summary, old, lastTenthPhrase(gt, g1, max(1, total/10)), 1)
}

// epochIndex returns the index in epochs (sorted) of epoch e, or −1.
func epochIndex(epochs []int, e int) int {
	i := sort.SearchInts(epochs, e)
	if i < len(epochs) && epochs[i] == e {
		return i
	}
	return -1
}

// thinTrajectory keeps, of a trajectory of every epoch (and its tracking
// against the regression and the max margin), only the epochs of the
// series' resolution (sampledEpochs of epochs), once the diagnosis has
// used it: the report's series, and the figures drawn from them, stay
// bounded (issue 15: --epochs 1e6 drew a million points per curve).
func thinTrajectory(rep *CompareReport, epochs int) {
	keep := sampledEpochs(epochs)
	if len(rep.TrajectoryEpochs) <= len(keep) {
		return
	}
	idx := make([]int, 0, len(keep))
	for _, e := range keep {
		if i := epochIndex(rep.TrajectoryEpochs, e); i >= 0 {
			idx = append(idx, i)
		}
	}
	pickF := func(v []float64) []float64 {
		if len(v) != len(rep.TrajectoryEpochs) {
			return v
		}
		out := make([]float64, len(idx))
		for k, i := range idx {
			out[k] = v[i]
		}
		return out
	}
	t := explain.Trajectory{Kernels: make([][]float64, len(idx)), Biases: make([]float64, len(idx))}
	ep := make([]int, len(idx))
	for k, i := range idx {
		t.Kernels[k], t.Biases[k], ep[k] = rep.Trajectory.Kernels[i], rep.Trajectory.Biases[i], rep.TrajectoryEpochs[i]
	}
	if dg := rep.Diagnosis; dg != nil {
		dg.Tracking.AngleDeg, dg.Tracking.OffsetGap = pickF(dg.Tracking.AngleDeg), pickF(dg.Tracking.OffsetGap)
		if mt := dg.MarginTracking; mt != nil {
			mt.AngleDeg, mt.OffsetGap = pickF(mt.AngleDeg), pickF(mt.OffsetGap)
		}
	}
	rep.Trajectory, rep.TrajectoryEpochs = t, ep
}

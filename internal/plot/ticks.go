package plot

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// linearTicks mark a linear axis with labelled ticks every "nice" step
// (1, 2 or 5 times a power of ten) such that the range holds 4 to 11 of
// them, and an unlabelled tick halfway between. Labels carry no needless
// decimals (0, 0.5, 1, not 0.00, 2.50) and no "-0". gonum/plot v0.17's
// DefaultTicks aims at 3 labelled ticks, which left [0, 3] with only 0.00
// and 2.50.
type linearTicks struct{}

// Ticks returns the ticks within [lo, hi]; none when the range is empty or
// not finite.
func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		return nil
	}
	step := niceStep((hi - lo) / 4)
	if step == 0 || math.IsInf(step, 0) {
		return nil
	}
	// Decimals that a label of a multiple of step needs.
	dec := 0
	if e := -int(math.Floor(math.Log10(step) + 1e-9)); e > 0 {
		dec = e
	}
	// Labels in plain decimals, or in exponent form for steps below 1e-4
	// or from 1e6 on (1.5e-300, not 300 zeros and digits).
	format := byte('f')
	if step < 1e-4 || step >= 1e6 {
		format = 'g'
	}
	half := step / 2
	first := math.Ceil(lo/half - 1e-9)
	last := math.Floor(hi/half + 1e-9)
	if last-first > 100 {
		return nil
	}
	var out []plot.Tick
	for k := first; k <= last; k++ {
		v := k * half
		if int64(k)%2 != 0 {
			out = append(out, plot.Tick{Value: v})
			continue
		}
		// Round to dec decimals so that 3 × 0.1 reads 0.3 (in exponent
		// form: to the significant digits a multiple of step has).
		s := strconv.FormatFloat(v, 'f', dec, 64)
		if format == 'g' {
			digits := 1
			if v != 0 {
				digits = max(1, int(math.Floor(math.Log10(math.Abs(v))+1e-9)-math.Floor(math.Log10(step)+1e-9))+1)
			}
			s = strconv.FormatFloat(v, 'g', digits, 64)
		}
		r, err := strconv.ParseFloat(s, 64)
		if err != nil {
			r = v
		}
		if r == 0 {
			r = 0 // no "-0"
		}
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(r, format, -1, 64)})
	}
	return out
}

// niceStep returns the smallest of 1, 2 and 5 times a power of ten that is
// at least raw/2.5, and at most raw: a range of 4·raw then holds between 4
// and 11 labelled ticks.
func niceStep(raw float64) float64 {
	if !(raw > 0) {
		return 0
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{5, 2, 1} {
		if s := m * mag; s <= raw*(1+1e-9) {
			return s
		}
	}
	return mag
}

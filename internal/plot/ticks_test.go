package plot

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

// tickLabels returns the labels of m's labelled ticks over [lo, hi].
func tickLabels(m plot.Ticker, lo, hi float64) []string {
	var out []string
	for _, t := range m.Ticks(lo, hi) {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestLinearTicksReadWell(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		// The seed problem's box: gonum's DefaultTicks gave 0.00 and 2.50.
		{0, 3, []string{"0", "0.5", "1", "1.5", "2", "2.5", "3"}},
		// Breast cancer's z-scores: DefaultTicks gave -2.50, 2.50, 7.50.
		{-2.5, 7.5, []string{"-2", "0", "2", "4", "6"}},
		{-0.3, 0.3, []string{"-0.3", "-0.2", "-0.1", "0", "0.1", "0.2", "0.3"}},
		{100, 1000, []string{"200", "400", "600", "800", "1000"}},
		// Extreme scales read in exponent form (they printed 300 digits).
		{-3e-300, 3e-300, []string{"-3e-300", "-2e-300", "-1e-300", "0", "1e-300", "2e-300", "3e-300"}},
		{0, 4e150, []string{"0", "1e+150", "2e+150", "3e+150", "4e+150"}},
		{0, 0.0004, []string{"0", "0.0001", "0.0002", "0.0003", "0.0004"}},
	} {
		got := tickLabels(linearTicks{}, c.lo, c.hi)
		if !slices.Equal(got, c.want) {
			t.Errorf("[%v, %v]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}

func TestLinearTicksSteps(t *testing.T) {
	// Over many ranges: 4 to 11 labelled ticks, evenly spaced by 1, 2 or 5
	// times a power of ten, inside the range, labels that parse back to
	// their value and carry no trailing zeros.
	for _, lo := range []float64{-1234.5, -7, -0.01, 0, 0.3, 42} {
		for _, span := range []float64{1e-3, 0.07, 0.9, 1, 3, 9.9, 10, 17, 250, 1e5} {
			hi := lo + span
			var vals []float64
			for _, tk := range (linearTicks{}).Ticks(lo, hi) {
				if tk.Value < lo-1e-9*span || tk.Value > hi+1e-9*span {
					t.Errorf("[%v, %v]: tick %v outside", lo, hi, tk.Value)
				}
				if tk.Label == "" {
					continue
				}
				v, err := strconv.ParseFloat(tk.Label, 64)
				if err != nil || math.Abs(v-tk.Value) > 1e-9*span {
					t.Errorf("[%v, %v]: label %q for %v", lo, hi, tk.Label, tk.Value)
				}
				if strings.Contains(tk.Label, ".") && strings.HasSuffix(tk.Label, "0") || tk.Label == "-0" {
					t.Errorf("[%v, %v]: label %q has a needless digit", lo, hi, tk.Label)
				}
				vals = append(vals, tk.Value)
			}
			if len(vals) < 4 || len(vals) > 11 {
				t.Errorf("[%v, %v]: %d labelled ticks", lo, hi, len(vals))
				continue
			}
			step := vals[1] - vals[0]
			m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9))
			if math.Abs(m-1) > 1e-6 && math.Abs(m-2) > 1e-6 && math.Abs(m-5) > 1e-6 {
				t.Errorf("[%v, %v]: step %v is not 1, 2 or 5 times a power of ten", lo, hi, step)
			}
		}
	}
}

// The boundary, class-map and linear chart axes use linearTicks.
func TestFigureAxesUseLinearTicks(t *testing.T) {
	b := &Boundary{
		Title: "t", XLabel: "x1", YLabel: "x2",
		X: [][2]float64{{1, 1}, {2, 2}}, Y: []float64{0, 1},
		XMin: 0, XMax: 3, YMin: 0, YMax: 3,
	}
	p, _, err := b.plot()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"0", "0.5", "1", "1.5", "2", "2.5", "3"}
	for name, ax := range map[string]*plot.Axis{"x": &p.X, "y": &p.Y} {
		if got := tickLabels(ax.Tick.Marker, ax.Min, ax.Max); !slices.Equal(got, want) {
			t.Errorf("boundary %s axis: labels %q, want %q", name, got, want)
		}
	}
	m := &ClassMap{XMin: -2.5, XMax: 7.5, YMin: -2.5, YMax: 7.5, Panels: []ClassPanel{{}}}
	cp, err := m.panel(0)
	if err != nil {
		t.Fatal(err)
	}
	if got := tickLabels(cp.X.Tick.Marker, cp.X.Min, cp.X.Max); !slices.Equal(got, []string{"-2", "0", "2", "4", "6"}) {
		t.Errorf("class map x axis: labels %q", got)
	}
	c := &Chart{Series: []Series{{Label: "s", X: []float64{0, 3}, Y: []float64{0, 3}}}}
	chp, err := c.plot()
	if err != nil {
		t.Fatal(err)
	}
	if got := tickLabels(chp.X.Tick.Marker, 0, 3); !slices.Equal(got, want) {
		t.Errorf("linear chart x axis: labels %q", got)
	}
}

package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/spf13/pflag"
	"gonum.org/v1/gonum/mat"

	"nnlr/dataset"
	"nnlr/train"
)

// dataOptions are the data flags of nnlr compare: where the data comes
// from, which columns and classes to use, standardisation, the L2 penalty
// shared by both models, and the plane of the figures.
type dataOptions struct {
	data         string
	dataset      string
	label        string
	features     string
	positive     string
	classes      string
	standardize  bool
	c            float64
	plotFeatures string
}

func addDataFlags(f *pflag.FlagSet, o *dataOptions) {
	f.StringVar(&o.data, "data", "", "CSV file with a header row: numeric features and a label column")
	f.StringVar(&o.dataset, "dataset", "", "built-in data set: "+strings.Join(dataset.BuiltinNames(), ", ")+" (default seed; see nnlr datasets)")
	f.StringVar(&o.label, "label", "", "name of the label column (default: the last column)")
	f.StringVar(&o.features, "features", "", "comma-separated feature columns A,B,... (default: every column but the label)")
	f.StringVar(&o.positive, "positive", "", "class that is y = 1 (default: the second in sorted order, as scikit-learn's LabelEncoder)")
	f.StringVar(&o.classes, "classes", "", "two classes A,B to keep when the label has more than two (other rows are dropped)")
	f.BoolVar(&o.standardize, "standardize", false, "z-score every feature (population standard deviation, as scikit-learn's StandardScaler) for both models")
	f.Float64Var(&o.c, "C", math.Inf(1), "inverse L2 strength, as scikit-learn's C: both models minimise mean log loss + ‖kernel‖²/(2·C·n); +Inf is no penalty")
}

// addPlotFlag adds --plot-features, the plane of compare's figures.
func addPlotFlag(f *pflag.FlagSet, o *dataOptions) {
	f.StringVar(&o.plotFeatures, "plot-features", "", "the two features A,B of the figure's plane (default: the first two); the others are held at their mean")
}

// splitList splits a comma-separated flag value, trimming spaces; an empty
// value is nil.
func splitList(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// selectOptions returns the column and class choices of the flags.
func (o *dataOptions) selectOptions() dataset.Options {
	return dataset.Options{
		Label:    strings.TrimSpace(o.label),
		Features: splitList(o.features),
		Positive: strings.TrimSpace(o.positive),
		Classes:  splitList(o.classes),
	}
}

// validate checks the data flags without reading any data; every error is
// a usage error (exit 2) naming the flag.
func (o *dataOptions) validate() error {
	if o.data != "" && o.dataset != "" {
		return usagef("--data and --dataset: give one or the other")
	}
	if o.dataset != "" {
		if _, err := dataset.LookupBuiltin(o.dataset); err != nil {
			return usageError{err}
		}
	}
	if err := o.selectOptions().Validate(); err != nil {
		return usageError{err}
	}
	if math.IsNaN(o.c) || o.c <= 0 {
		return usagef("--C %v: must be positive (+Inf for no penalty)", o.c)
	}
	if math.IsInf(1/o.c, 0) {
		return usagef("--C %v: too small (1/C overflows float64)", o.c)
	}
	if pf := splitList(o.plotFeatures); pf != nil {
		if len(pf) != 2 || pf[0] == "" || pf[1] == "" {
			return usagef("--plot-features %q: want two feature names, A,B", o.plotFeatures)
		}
		if pf[0] == pf[1] {
			return usagef("--plot-features %q: name two different features", o.plotFeatures)
		}
	}
	return nil
}

// plane is the figure's plane: two features (J = −1 when the data has only
// one) and the values at which the other features are held.
type plane struct {
	I, J  int
	Names [2]string
	// Held holds the value of every feature (their means); only the ones
	// other than I and J matter.
	Held []float64
	// Box is the plotted area [xmin, xmax, ymin, ymax].
	Box [4]float64
}

// loaded is the data of a run with the figure's plane.
type loaded struct {
	ds     *dataset.Dataset
	plane  plane
	source string // "built-in" or the CSV file's path
}

// load reads, selects and (with --standardize) standardises the data, and
// resolves the figure's plane, before anything is trained or written.
// Errors name the file, line and column, or the flag.
func (o *dataOptions) load() (*loaded, error) {
	var (
		ds     *dataset.Dataset
		err    error
		source = o.data
	)
	if o.data != "" {
		var t *dataset.Table
		if t, err = dataset.OpenTable(o.data); err == nil {
			ds, err = t.Select(o.selectOptions())
		}
	} else {
		name := o.dataset
		if name == "" {
			name = "seed"
		}
		source = "built-in"
		var b dataset.BuiltinSet
		if b, err = dataset.LookupBuiltin(name); err == nil {
			ds, err = b.Load(o.selectOptions(), 0)
		}
	}
	if err != nil {
		return nil, err
	}
	if o.standardize {
		ds = dataset.Standardize(ds)
	}
	p, err := o.resolvePlane(ds)
	if err != nil {
		return nil, err
	}
	return &loaded{ds: ds, plane: p, source: source}, nil
}

// resolvePlane picks the figure's two features (--plot-features, default
// the first two), holds the others at their mean, and sizes the box to the
// data in that plane (padded by 8 % of each range, with room for the
// legend above; the seed problem keeps the seed question's
// [0, 3] × [0, 3]). An unknown name is a *dataset.ParseError naming
// --plot-features.
func (o *dataOptions) resolvePlane(ds *dataset.Dataset) (plane, error) {
	n, d := ds.X.Dims()
	p := plane{I: 0, J: 1, Held: make([]float64, d)}
	if d == 1 {
		p.J = -1
	}
	if pf := splitList(o.plotFeatures); pf != nil {
		idx := [2]int{-1, -1}
		for k, name := range pf {
			for j, f := range ds.Features {
				if f == name {
					idx[k] = j
				}
			}
			if idx[k] < 0 {
				return p, &dataset.ParseError{File: ds.File, Field: "plot_features", Kind: dataset.ErrUnknownColumn,
					Err: fmt.Errorf("%q is not a feature (features: %s)", name, strings.Join(ds.Features, ", "))}
			}
		}
		p.I, p.J = idx[0], idx[1]
	}
	col := make([]float64, n)
	for j := 0; j < d; j++ {
		mat.Col(col, j, ds.X)
		var s float64
		for _, v := range col {
			s += v / float64(n)
		}
		p.Held[j] = s
	}
	p.Names[0] = ds.Features[p.I]
	if p.J >= 0 {
		p.Names[1] = ds.Features[p.J]
	}
	if ds.Name == "seed" && ds.Scaler == nil && p.I == 0 && p.J == 1 {
		p.Box = [4]float64{0, 3, 0, 3}
		return p, nil
	}
	p.Box[0], p.Box[1] = paddedRange(ds.X, p.I)
	p.Box[2], p.Box[3] = -1, 1
	if p.J >= 0 {
		p.Box[2], p.Box[3] = paddedRange(ds.X, p.J)
	}
	// Room above the points for the legend, and a box at least 1.25 times
	// as wide as high so that the title fits (the figure's scales stay
	// equal, see plot.Boundary).
	p.Box[3] += 0.3 * (p.Box[3] - p.Box[2])
	if w, h := p.Box[1]-p.Box[0], p.Box[3]-p.Box[2]; w < 1.25*h && w > 0.5*h {
		p.Box[0] -= (1.25*h - w) / 2
		p.Box[1] += (1.25*h - w) / 2
	}
	return p, nil
}

// paddedRange returns the range of column j of x widened by 8 % on each
// side (by 1 for a constant column).
func paddedRange(x *mat.Dense, j int) (float64, float64) {
	n, _ := x.Dims()
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < n; i++ {
		lo, hi = math.Min(lo, x.At(i, j)), math.Max(hi, x.At(i, j))
	}
	pad := 0.08 * (hi - lo)
	if pad == 0 || math.IsInf(pad, 0) {
		pad = math.Max(1, math.Abs(lo)*0.08)
	}
	return lo - pad, hi + pad
}

// point returns row i of the data as coordinates in the plane.
func (p plane) point(x *mat.Dense, i int) [2]float64 {
	pt := [2]float64{x.At(i, p.I), 0}
	if p.J >= 0 {
		pt[1] = x.At(i, p.J)
	}
	return pt
}

// line returns the boundary w·x + b = 0 in the plane: the normal (w_I, w_J)
// and the offset b + Σ_{k ≠ I, J} w_k·held_k.
func (p plane) line(w []float64, b float64) ([2]float64, float64) {
	normal := [2]float64{w[p.I], 0}
	if p.J >= 0 {
		normal[1] = w[p.J]
	}
	for k, v := range w {
		if k != p.I && k != p.J {
			b += v * p.Held[k]
		}
	}
	return normal, b
}

// others counts the features held at their mean.
func (p plane) others() int {
	if p.J < 0 {
		return len(p.Held) - 1
	}
	return len(p.Held) - 2
}

// penaltyL2 is the graph's L2 coefficient for --C on n samples:
// 1/(C·n), so that its loss, mean BCE + (1/(2·C·n))·‖W‖², is the objective
// SAG minimises with α = 1/(C·n) (scikit-learn 1.2's LogisticRegression
// objective divided by C·n). 0 for C = +Inf.
func penaltyL2(c float64, n int) float64 {
	if math.IsInf(c, 1) {
		return 0
	}
	return 1 / (c * float64(n))
}

// checkFinite returns an error when a fitted kernel or bias holds NaN or
// ±Inf, so that such weights are never reported as a result.
func checkFinite(model string, w []float64, b float64, epochs int) error {
	for _, v := range append([]float64{b}, w...) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: after epoch %d: %w: the parameters are not finite; lower the learning rate or scale the data (e.g. --standardize)", model, epochs, train.ErrDiverged)
		}
	}
	return nil
}

// describeData fills the report's data section from the loaded data.
func describeData(rep *report, ld *loaded) { rep.Data = dataSection(ld) }

// dataSection describes the loaded data for a report.
func dataSection(ld *loaded) dataReport {
	ds := ld.ds
	n, _ := ds.X.Dims()
	d := &dataReport{Name: ds.Name, Samples: n, Features: ds.Features, Classes: ds.Classes}
	d.Source = ld.source
	d.Label = ds.Label
	d.ClassCounts = ds.ClassCounts()
	d.DroppedRows = ds.Dropped
	d.Standardized = ds.Scaler != nil
	d.ConstantFeatures = []string{}
	if ds.Scaler != nil {
		for _, j := range ds.Scaler.Constant {
			d.ConstantFeatures = append(d.ConstantFeatures, ds.Features[j])
		}
	}
	d.PlotFeatures = ld.plane.Names
	return *d
}

// writeData writes the data lines of the text report: source, classes,
// dropped rows, standardisation.
func writeData(sb *strings.Builder, rep *report) { writeDataSection(sb, rep.Data, rep.Baseline.C) }

// writeDataSection writes the data lines of a text report for data d and
// the inverse L2 strength c shared by both models (nil: no penalty).
func writeDataSection(sb *strings.Builder, d dataReport, c *float64) {
	fmt.Fprintf(sb, "Data: %s; label %q: y = 0 is %q (%s), y = 1 is %q (%s)",
		d.Source, d.Label, d.Classes[0], rows(d.ClassCounts[0]), d.Classes[1], rows(d.ClassCounts[1]))
	if d.DroppedRows > 0 {
		fmt.Fprintf(sb, "; %s of other classes dropped", rows(d.DroppedRows))
	}
	sb.WriteString(".\n")
	if d.Standardized {
		sb.WriteString("Features standardised (z-scores, population standard deviation); coefficients are in standardised units.\n")
		if len(d.ConstantFeatures) > 0 {
			fmt.Fprintf(sb, "Constant features (left at 0): %s.\n", strings.Join(d.ConstantFeatures, ", "))
		}
	}
	if c != nil {
		fmt.Fprintf(sb, "L2 penalty on both models: C = %g, ‖kernel‖²/(2·C·n) = %.4g·‖kernel‖².\n", *c, 1/(2**c*float64(d.Samples)))
	}
	sb.WriteString("\n")
}

func rows(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

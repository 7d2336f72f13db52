package main

import (
	"math"
	"runtime"
	"strings"

	"github.com/spf13/pflag"

	"nnlr/dataset"
	"nnlr/internal/cliflag"
	"nnlr/internal/cmdutil"
	"nnlr/internal/sysmem"
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
	// multiclass keeps every class of a label with more than two (compare
	// runs them all; sweep compares two).
	multiclass bool
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

// selectOptions returns the column and class choices of the flags.
func (o *dataOptions) selectOptions() dataset.Options {
	return dataset.Options{
		Label:      strings.TrimSpace(o.label),
		Features:   cliflag.List(o.features),
		Positive:   strings.TrimSpace(o.positive),
		Classes:    cliflag.List(o.classes),
		Multiclass: o.multiclass,
	}
}

// validate checks the data flags without reading any data; every error is
// a usage error (exit 2) naming the flag.
func (o *dataOptions) validate() error {
	if o.data != "" && o.dataset != "" {
		return cmdutil.Usagef("--data and --dataset: give one or the other")
	}
	if o.dataset != "" {
		if _, err := dataset.LookupBuiltin(o.dataset); err != nil {
			return cmdutil.Usage(err)
		}
	}
	if err := o.selectOptions().Validate(); err != nil {
		return cmdutil.Usage(err)
	}
	if pf := cliflag.List(o.plotFeatures); pf != nil {
		if len(pf) != 2 || pf[0] == "" || pf[1] == "" {
			return cmdutil.Usagef("--plot-features %s: want two feature names, A,B", cliflag.Quote(o.plotFeatures))
		}
		if pf[0] == pf[1] {
			return cmdutil.Usagef("--plot-features %s: name two different features", cliflag.Quote(o.plotFeatures))
		}
	}
	return nil
}

// load reads, selects and (with --standardize) standardises the data,
// before anything is trained or written.
// Errors name the file, line and column, or the flag.
func (o *dataOptions) load() (*dataset.Dataset, error) {
	var (
		ds  *dataset.Dataset
		err error
	)
	if o.data != "" {
		if err := checkDataFits(o.data, sysmem.Available()); err != nil {
			return nil, err
		}
		var t *dataset.Table
		if t, err = dataset.OpenTable(o.data); err == nil {
			ds, err = t.Select(o.selectOptions())
		}
	} else {
		name := o.dataset
		if name == "" {
			name = "seed"
		}
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
	if o.data != "" {
		// The table's strings, several times the file's size, are garbage
		// now: collected before training, their memory is reused rather
		// than added to the peak.
		runtime.GC()
	}
	return ds, nil
}

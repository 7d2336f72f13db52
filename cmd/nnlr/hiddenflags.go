package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"nnlr/graph"
	"nnlr/internal/cliflag"
	"nnlr/internal/cmdutil"
)

// hiddenOptions are the flags that put hidden layers in front of the
// network's sigmoid unit.
type hiddenOptions struct {
	widths     cliflag.PositiveInts
	activation string
}

// addFlags registers --hidden and --activation.
func (o *hiddenOptions) addFlags(f *pflag.FlagSet) {
	o.widths = cliflag.PositiveInts{TypeName: "widths", Example: "--hidden 16,8",
		Item: func(i int) string { return fmt.Sprintf("layer %d width", i) }}
	f.Var(&o.widths, "hidden", `graph: widths of dense hidden layers, input side first, e.g. 16,8 (empty: no hidden layer, a logistic regression)`)
	f.StringVar(&o.activation, "activation", string(graph.ReLU), "graph: activation of the hidden layers, "+strings.Join(activations(), "|")+"; needs --hidden (the output layer is set by --output)")
}

// validate checks --activation (--hidden is checked as it is parsed).
func (o *hiddenOptions) validate() error {
	if _, err := graph.ParseActivation(o.activation); err != nil {
		return cmdutil.Usagef("--activation: %v", err)
	}
	return nil
}

// layers returns the hidden layers the flags describe (nil for none), each
// with Keras's defaults (glorot_uniform kernel, zero bias).
func (o *hiddenOptions) layers() []graph.Dense {
	if len(o.widths.Values) == 0 {
		return nil
	}
	act, _ := graph.ParseActivation(o.activation) // checked by validate
	out := make([]graph.Dense, len(o.widths.Values))
	for i, w := range o.widths.Values {
		out[i] = graph.Dense{Units: w, Activation: act}
	}
	return out
}

// activations returns the names of the hidden layers' activations
// (graph.Activations).
func activations() []string {
	var names []string
	for _, a := range graph.Activations() {
		names = append(names, string(a))
	}
	return names
}

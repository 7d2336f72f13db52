package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"nnlr/graph"
	"nnlr/internal/cliflag"
)

// hiddenOptions are the flags that put hidden layers in front of the
// network's sigmoid unit.
type hiddenOptions struct {
	widths     widthsValue
	activation string
}

// addFlags registers --hidden and --activation.
func (o *hiddenOptions) addFlags(f *pflag.FlagSet) {
	f.Var(&o.widths, "hidden", `graph: widths of dense hidden layers, input side first, e.g. 16,8 (empty: no hidden layer, a logistic regression)`)
	f.StringVar(&o.activation, "activation", string(graph.ReLU), "graph: activation of the hidden layers, "+strings.Join(activations(), "|")+"; needs --hidden (the output layer is set by --output)")
}

// validate checks --activation (--hidden is checked as it is parsed).
func (o *hiddenOptions) validate() error {
	if _, err := graph.ParseActivation(o.activation); err != nil {
		return usagef("--activation: %v", err)
	}
	return nil
}

// layers returns the hidden layers the flags describe (nil for none), each
// with Keras's defaults (glorot_uniform kernel, zero bias).
func (o *hiddenOptions) layers() []graph.Dense {
	if len(o.widths) == 0 {
		return nil
	}
	act, _ := graph.ParseActivation(o.activation) // checked by validate
	out := make([]graph.Dense, len(o.widths))
	for i, w := range o.widths {
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

// widthsValue is the value of --hidden: comma-separated positive layer
// widths, or the empty string for none.
type widthsValue []int

func (w *widthsValue) String() string {
	parts := make([]string, len(*w))
	for i, v := range *w {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

func (w *widthsValue) Set(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		*w = nil
		return nil
	}
	var out []int
	for i, part := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || v < 1 {
			return fmt.Errorf("layer %d width %s: want a positive whole number (e.g. --hidden 16,8)", i+1, cliflag.Quote(part))
		}
		out = append(out, v)
	}
	*w = out
	return nil
}

func (w *widthsValue) Type() string { return "widths" }

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"nnlr/internal/cmdutil"
	"nnlr/train"
)

func newSolversCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "solvers",
		Short: "List the graph's solvers with their update rules, hyper-parameters and defaults",
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeSolvers(cmd.OutOrStdout())
		},
	}
}

// writeSolvers prints every solver of the train registry: its Keras 2.x
// counterpart, update rule, hyper-parameter flags with defaults and ranges,
// and the gorgonia.Solver that runs it.
func writeSolvers(w io.Writer) error {
	var sb strings.Builder
	sb.WriteString(`Solvers of the graph (nnlr compare --solver NAME). In every rule, w is each
parameter (kernel and bias) and g its gradient of the mean binary
cross-entropy (plus (l2/2)·‖kernel‖² with --l2), clipped to [−c, c] first
when --clip c is set (Keras's clipvalue). Rules and defaults are Keras 2.x's
(tf.keras.optimizers, Keras 2.11–2.15) where Keras has the solver.
`)
	for _, s := range train.Solvers() {
		keras := s.Keras
		if keras == "" {
			keras = "no Keras counterpart"
		} else {
			keras = "Keras " + keras
		}
		fmt.Fprintf(&sb, "\n%s   (%s)\n", s.Name, keras)
		for i, line := range s.Rule {
			fmt.Fprintf(&sb, "  %-9s %s\n", label(i, "rule:"), line)
		}
		for i, h := range s.Hyperparameters {
			opt := fmt.Sprintf("--%s %g", flagName(h.Name), h.Default)
			fmt.Fprintf(&sb, "  %-9s %-28s %s, %s\n", label(i, "options:"), opt, h.Symbol, h.Range)
		}
		fmt.Fprintf(&sb, "  %-9s --clip c (off by default)\n", "")
		fmt.Fprintf(&sb, "  %-9s %s\n", "runs:", s.Implementation)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// label returns name on a block's first line and nothing on the others.
func label(i int, name string) string {
	if i == 0 {
		return name
	}
	return ""
}

package main

import (
	"io"

	"github.com/spf13/cobra"

	"nnlr/internal/cmdutil"
	"nnlr/internal/render"
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

// writeSolvers prints every solver of the train registry (render.Solvers,
// each hyper-parameter by its flag) after an introduction to the rules and
// the flags that act on all of them.
func writeSolvers(w io.Writer) error {
	_, err := io.WriteString(w, `Solvers of the graph (nnlr compare --solver NAME). In every rule, w is each
parameter (kernel and bias) and g its gradient of the mean binary
cross-entropy (plus (l2/2)·‖kernel‖² with --l2), clipped to [−c, c] first
when --clip c is set (Keras's clipvalue). Rules and defaults are Keras 2.x's
(tf.keras.optimizers, Keras 2.11–2.15) where Keras has the solver.
`)
	if err != nil {
		return err
	}
	return render.Solvers(w, settingFlag)
}

package render

import (
	"fmt"
	"strings"

	"nnlr/train"
)

// solverSummary writes the solver's hyper-parameters for the text report,
// e.g. "adam: learning_rate 0.001, beta1 0.9, ...; float64".
func solverSummary(g graphReport) string {
	info, err := train.LookupSolver(g.Solver)
	if err != nil {
		return g.Solver
	}
	parts := make([]string, 0, len(info.Hyperparameters)+2)
	for _, h := range info.Hyperparameters {
		parts = append(parts, fmt.Sprintf("%s %g", h.Name, g.SolverParams[h.Name]))
	}
	if g.Clip != nil {
		parts = append(parts, fmt.Sprintf("clip %g", *g.Clip))
	}
	if g.L2 > 0 {
		parts = append(parts, fmt.Sprintf("l2 %.4g", g.L2))
	}
	return fmt.Sprintf("%s: %s; %s", g.Solver, strings.Join(parts, ", "), g.Dtype)
}

// initSummary says where the initial kernel came from.
func initSummary(g graphReport) string {
	if g.Init == "glorot_uniform" {
		return fmt.Sprintf("glorot_uniform, seed %d", g.Seed)
	}
	return g.Init
}

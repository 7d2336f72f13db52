package train

import (
	"fmt"
	"sort"
	"strings"

	G "gorgonia.org/gorgonia"
)

// solverFactory builds a gorgonia.Solver from a training configuration.
type solverFactory func(cfg Config) G.Solver

// solvers maps a solver's name (the --solver flag) to its constructor.
var solvers = map[string]solverFactory{
	// sgd: w ← w − learning_rate·g, Keras SGD(momentum=0).
	"sgd": func(cfg Config) G.Solver {
		return G.NewVanillaSolver(G.WithLearnRate(cfg.LearningRate))
	},
}

// SolverNames lists the names NewSolver accepts, sorted.
func SolverNames() []string {
	names := make([]string, 0, len(solvers))
	for name := range solvers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// NewSolver returns the Gorgonia solver named cfg.Solver, configured from
// cfg. It returns an error listing the valid names for an unknown name.
func NewSolver(cfg Config) (G.Solver, error) {
	f, ok := solvers[cfg.Solver]
	if !ok {
		return nil, fmt.Errorf("unknown solver %q (valid: %s)", cfg.Solver, strings.Join(SolverNames(), ", "))
	}
	return f(cfg), nil
}

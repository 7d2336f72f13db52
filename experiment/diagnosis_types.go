package experiment

import "nnlr/internal/explain"

// The diagnosis's types (package nnlr/internal/explain, which may change)
// that the reports carry, named here so that a Go program outside this
// module can declare them: CompareReport.Diagnosis is a *Diagnosis, its
// Items, Verdict and Remedies are Item, Verdict and Remedy values;
// AgreementReport embeds an *Agreement; CompareReport.Trajectory is a
// Trajectory of Linear models (a kernel of d values and a bias).
type (
	Diagnosis  = explain.Diagnosis
	Item       = explain.Item
	Verdict    = explain.Verdict
	Remedy     = explain.Remedy
	Agreement  = explain.Agreement
	Trajectory = explain.Trajectory
	Linear     = explain.Linear
)

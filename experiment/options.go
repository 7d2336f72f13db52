// Package experiment runs nnlr's experiments as a library: Compare trains
// the network (a Gorgonia graph, package graph, fitted by package train) and
// the logistic regression (SAG, package baseline) on the same data and
// measures and diagnoses the gap between their decision boundaries; Sweep
// counts the epochs each solver and learning rate needs to agree with the
// regression. Both take a context, report progress through a callback and
// return a complete report whose JSON form is the one nnlr prints with
// --json (README.md documents the fields). The package speaks in
// configuration settings (epochs, learning_rate, init, C), never in flags.
package experiment

import "runtime"

// Option changes how Compare or Sweep run (not what they compute): a
// progress callback, the number of trainings at once, a hook after each
// sweep run, the front end's names of settings in the remedies.
type Option func(*options)

type options struct {
	progress     func(epochs int)
	workers      int
	runFinished  func(finished int)
	settingNames func(setting string) string
	frame        func(Frame) // WithEpochFrame (frames.go)
	memoryLimit  int64       // WithMemoryLimit (memory.go)
}

// WithProgress makes Compare and Sweep call f with the number of training
// epochs just finished (one or a few at a time), from the goroutines that
// train: f must be safe for concurrent use. Compare's total is
// Runs × Fit.Epochs; Sweep's is the number of runs × MaxEpochs (a run that
// stops early counts its remaining epochs as done when it stops).
func WithProgress(f func(epochs int)) Option { return func(o *options) { o.progress = f } }

// WithWorkers sets the number of graphs trained at once (each by its own
// goroutine; a graph is not safe for concurrent use): Compare's runs, the
// report's own run included, and Sweep's runs. n ≤ 0 means one per core
// (runtime.GOMAXPROCS). The results do not depend on it.
func WithWorkers(n int) Option { return func(o *options) { o.workers = n } }

// WithRunFinished makes Sweep call f after each finished run with the
// number of runs finished so far, one call at a time (e.g. to cancel the
// sweep's context after some runs).
func WithRunFinished(f func(finished int)) Option { return func(o *options) { o.runFinished = f } }

// WithSettingNames makes Compare fill every remedy's Flag (the
// diagnosis's items and remedies, explain.Remedy) from its configuration
// setting: f returns the front end's name for a setting (for the nnlr
// command, the learning_rate setting is its lr flag), or "" when it has
// none (the Flag stays empty). The Flag is that name, a space and the
// value, or the name alone for the value "true" (a switch, such as the
// standardize setting).
// Without this option every Flag is empty: the library knows settings,
// never flags.
func WithSettingNames(f func(setting string) string) Option {
	return func(o *options) { o.settingNames = f }
}

func collect(opts []Option) options {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if o.workers <= 0 {
		o.workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// add reports n finished epochs to the progress callback, if any.
func (o options) add(n int) {
	if o.progress != nil && n > 0 {
		o.progress(n)
	}
}

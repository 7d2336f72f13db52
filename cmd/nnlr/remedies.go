package main

import "nnlr/internal/explain"

// remedyFlags maps the diagnosis's configuration settings (explain's
// Setting constants) to nnlr's flags, for the remedies' Flag
// (experiment.WithSettingNames).
var remedyFlags = map[string]string{
	explain.SettingEpochs: "--epochs", explain.SettingLearningRate: "--lr", explain.SettingBatchSize: "--batch-size",
	explain.SettingInit: "--init", explain.SettingSeed: "--seed", explain.SettingSolver: "--solver",
	explain.SettingC: "--C", explain.SettingStandardize: "--standardize",
	explain.SettingSAGMaxIter: "--sag-max-iter", explain.SettingSAGTol: "--sag-tol",
}

// settingFlag returns the flag of a diagnosis setting, "" for none.
func settingFlag(setting string) string { return remedyFlags[setting] }

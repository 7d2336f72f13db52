// Package render writes nnlr's reports for people: the text report of a
// binary comparison (Text), of a k-class comparison (ClassText) and of a
// sweep (SweepText), and their figures (Figures, ClassFigures,
// SweepFigures) as named plot.Figure values that a front end renders in a
// format, e.g. the CLI writes them to files all or nothing, a server
// streams one; and the listings of the solvers (Solvers) and of the
// built-in data sets (Datasets).
//
// Renderers only read a finished report (experiment.CompareReport,
// experiment.ClassCompareReport, experiment.SweepReport) and, for the
// points, the data set it was computed on; they never write into the
// report nor recompute what the diagnosis found. A report's Figures, the
// paths a front end wrote, are listed by the text as "Wrote" lines. The
// remedies are printed by their Flag when the front end named the settings
// (experiment.WithSettingNames), otherwise as "setting = value".
package render

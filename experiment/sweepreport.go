package experiment

import (
	"math"

	"nnlr/dataset"
	"nnlr/graph"
	"nnlr/internal/explain"
)

// SweepRun is one finished run of nnlr sweep (JSON runs[]).
type SweepRun struct {
	Solver       string  `json:"solver"`
	LearningRate float64 `json:"learning_rate"`
	Seed         uint64  `json:"seed"`
	// Status says why the run stopped: "agreement", "max_epochs" or
	// "diverged".
	Status string `json:"status"`
	// Epochs is the number of epochs trained: the epoch of agreement, the
	// max-epochs, or the epoch in which the loss became non-finite.
	Epochs int `json:"epochs"`
	// EpochsToAgreement is the first epoch after which the boundary agreed
	// with the baseline's; null when it never did.
	EpochsToAgreement *int `json:"epochs_to_agreement"`
	// AngleDeg (degrees) and OffsetGap (data units) measure the final
	// boundary against the baseline's; null when undefined (a zero kernel,
	// a parallel boundary, a diverged run).
	AngleDeg  *float64 `json:"angle_deg"`
	OffsetGap *float64 `json:"offset_gap"`
	// Loss is the mean training loss of the last epoch (null when
	// diverged).
	Loss *float64 `json:"loss"`
	// Kernel (d values) and Bias are the final parameters (null when
	// diverged).
	Kernel []float64 `json:"kernel"`
	Bias   *float64  `json:"bias"`
}

// SweepRow summarises the finished runs of one solver and learning rate
// (JSON rows[]).
type SweepRow struct {
	Solver       string  `json:"solver"`
	LearningRate float64 `json:"learning_rate"`
	// Runs counts the finished runs (all seeds unless interrupted);
	// Reached those that agreed, Diverged those that diverged.
	Runs     int `json:"runs"`
	Reached  int `json:"reached"`
	Diverged int `json:"diverged"`
	// ReachedShare is Reached/Runs (null without finished runs).
	ReachedShare *float64 `json:"reached_share"`
	// MedianEpochs is the median over the finished runs of the epochs to
	// agreement, a run that never agreed counting as more than max-epochs:
	// null when that median is such a run (fewer than half agreed) or no
	// run finished. The median of an even count is the mean of the middle
	// two.
	MedianEpochs *float64 `json:"median_epochs"`
	// MedianAngleDeg is the median final angle, degrees, over the finished
	// runs whose angle is defined.
	MedianAngleDeg *float64 `json:"median_angle_deg"`
	// MedianOffsetGap is the median final offset gap, data units, over the
	// finished runs whose gap is defined.
	MedianOffsetGap *float64 `json:"median_offset_gap"`
}

// SweepGraphReport is the grid and the graph's settings (JSON graph).
type SweepGraphReport struct {
	Solvers       []string  `json:"solvers"`
	LearningRates []float64 `json:"learning_rates"`
	Seeds         []uint64  `json:"seeds"`
	MaxEpochs     int       `json:"max_epochs"`
	BatchSize     int       `json:"batch_size"`
	Dtype         string    `json:"dtype"`
	// Init is glorot_uniform, zeros or explicit (Init).
	Init string `json:"init"`
	// L2 is the kernel's penalty (l2/2)·‖kernel‖², 1/(C·n) from C.
	L2 float64  `json:"l2"`
	C  *float64 `json:"C"`
}

// CriterionReport is the agreement criterion (JSON criterion): angle ≤
// angle_tol_deg degrees and offset gap through centroid ≤ offset_tol =
// 1 % of offset_scale (data units); see explain.Criterion.
type CriterionReport struct {
	AngleTolDeg float64   `json:"angle_tol_deg"`
	OffsetTol   float64   `json:"offset_tol"`
	OffsetScale float64   `json:"offset_scale"`
	Centroid    []float64 `json:"centroid"`
}

// SweepReport is the result of Sweep; its JSON form is what nnlr sweep
// --json prints (README.md). Sweep fills every field but Figures, which a
// front end that writes figures fills (Sweep leaves it empty, []).
type SweepReport struct {
	Data      DataReport       `json:"data"`
	Graph     SweepGraphReport `json:"graph"`
	Baseline  BaselineReport   `json:"baseline"`
	Criterion CriterionReport  `json:"criterion"`
	// Rows summarise the runs per solver and learning rate, in the grid's
	// order.
	Rows []SweepRow `json:"rows"`
	// Runs are the finished runs in the grid's order (solver, learning
	// rate, seed).
	Runs         []SweepRun `json:"runs"`
	TotalRuns    int        `json:"total_runs"`
	FinishedRuns int        `json:"finished_runs"`
	// Interrupted is set when the context was cancelled (Ctrl-C for nnlr)
	// before every run finished.
	Interrupted bool     `json:"interrupted"`
	Figures     []string `json:"figures"`
}

// newSweepReport fills the data, grid, baseline and criterion sections.
func newSweepReport(ds *dataset.Dataset, cfg SweepConfig, gcfg graph.Config, b BaselineReport, crit explain.Criterion, total int) *SweepReport {
	pl, _ := resolvePlane(ds, nil) // the default plane: no error
	rep := &SweepReport{Data: dataSection(ds, pl), Baseline: b, TotalRuns: total, Runs: []SweepRun{}, Figures: []string{}}
	g := &rep.Graph
	g.Solvers, g.LearningRates = cfg.Solvers, cfg.LearningRates
	for k := 0; k < cfg.Seeds; k++ {
		g.Seeds = append(g.Seeds, cfg.Seed+uint64(k))
	}
	g.MaxEpochs, g.BatchSize, g.Dtype, g.Init, g.L2, g.C = cfg.MaxEpochs, cfg.BatchSize, string(gcfg.Dtype), cfg.Init, gcfg.L2, b.C
	rep.Criterion = CriterionReport{AngleTolDeg: explain.AngleTolDeg, OffsetTol: crit.OffsetTol(), OffsetScale: crit.Scale, Centroid: crit.Centroid}
	return rep
}

// finish adds the finished runs (those without an error) and the rows.
func (rep *SweepReport) finish(runs []SweepRun, errs []error, cfg SweepConfig) {
	k := 0
	for _, s := range cfg.Solvers {
		for _, lr := range cfg.LearningRates {
			row := SweepRow{Solver: s, LearningRate: lr}
			var epochs, angles, gaps []float64
			for range cfg.Seeds {
				r, err := runs[k], errs[k]
				k++
				if err != nil || r.Status == "" {
					continue // not finished
				}
				rep.Runs = append(rep.Runs, r)
				row.Runs++
				switch r.Status {
				case StatusAgreement:
					row.Reached++
					epochs = append(epochs, float64(*r.EpochsToAgreement))
				case StatusDiverged:
					row.Diverged++
					epochs = append(epochs, math.Inf(1))
				default:
					epochs = append(epochs, math.Inf(1))
				}
				if r.AngleDeg != nil {
					angles = append(angles, *r.AngleDeg)
				}
				if r.OffsetGap != nil {
					gaps = append(gaps, *r.OffsetGap)
				}
			}
			if row.Runs > 0 {
				share := float64(row.Reached) / float64(row.Runs)
				row.ReachedShare = &share
			}
			if med, _, _, err := explain.Spread(epochs); err == nil && !math.IsInf(med, 0) {
				row.MedianEpochs = &med
			}
			if med, _, _, err := explain.Spread(angles); err == nil {
				row.MedianAngleDeg = &med
			}
			if med, _, _, err := explain.Spread(gaps); err == nil {
				row.MedianOffsetGap = &med
			}
			rep.Rows = append(rep.Rows, row)
		}
	}
	rep.FinishedRuns = len(rep.Runs)
	rep.Interrupted = rep.FinishedRuns < rep.TotalRuns
}

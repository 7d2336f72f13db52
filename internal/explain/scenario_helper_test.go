package explain

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"nnlr/baseline"
	"nnlr/graph"
	"nnlr/train"
)

// setup is one comparison as nnlr compare runs it: the data and every
// setting of both sides.
type setup struct {
	x        *mat.Dense
	y        []float64
	features []string

	solver       string  // "" → sgd
	lr           float64 // 0 → the solver's Keras default
	epochs       int     // 0 → 100
	batch        int     // 0 → 32
	init         string  // "" → glorot_uniform; "zeros"
	seed         uint64
	c            float64 // 0 → +Inf (no penalty); both sides, as --C
	graphL2      float64 // the graph only, as --l2
	baselineC    float64 // the baseline only (0: as c), e.g. 1 for LogisticRegression()'s default
	hidden       []int   // hidden layers (relu)
	standardized bool

	sagMaxIter int     // 0 → 300
	sagTol     float64 // 0 → 1e-100
}

// train runs both sides and fills Inputs exactly as cmd/nnlr's compare.go
// and explain.go do, plus the fields the diagnosis of issue 11 adds:
// InitialBias, Init, Momentum, BatchSize, Standardized, LossHistory,
// DivergedEpoch, HiddenLayers, SAGMaxIter, SAGTol and BaselineTrajectory
// (SAG with RecordCoef).
func (s setup) train(t *testing.T) Inputs {
	t.Helper()
	n, d := s.x.Dims()
	if s.epochs == 0 {
		s.epochs = 100
	}
	if s.batch == 0 {
		s.batch = 32
	}
	if s.init == "" {
		s.init = "glorot_uniform"
	}
	if s.sagMaxIter == 0 {
		s.sagMaxIter = 300
	}
	if s.sagTol == 0 {
		s.sagTol = 1e-100
	}
	if s.features == nil {
		for j := 0; j < d; j++ {
			s.features = append(s.features, "x"+string(rune('1'+j)))
		}
	}
	fc := train.DefaultConfig()
	if s.solver != "" {
		if err := fc.SetSolver(s.solver); err != nil {
			t.Fatal(err)
		}
	}
	if s.lr != 0 {
		fc.LearningRate = s.lr
	}
	fc.Epochs, fc.BatchSize, fc.Seed = s.epochs, s.batch, s.seed
	gc := graph.Config{Features: d, BatchRows: min(s.batch, n), Seed: s.seed, L2: s.graphL2}
	if s.init == "zeros" {
		gc.Kernel = make([]float64, d)
	}
	cInf := math.Inf(1)
	if s.c > 0 {
		cInf = s.c
		gc.L2 = 1 / (s.c * float64(n))
	}
	for _, w := range s.hidden {
		gc.Hidden = append(gc.Hidden, graph.Dense{Units: w, Activation: graph.ReLU})
	}
	m, err := graph.New(gc)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	in := Inputs{
		X: s.x, Y: s.y, Features: s.features, L2: gc.L2,
		Solver: fc.Solver, Epochs: s.epochs, UpdatesPerEpoch: (n + s.batch - 1) / s.batch, LearningRate: fc.LearningRate,
		Init: s.init, Momentum: fc.Momentum, BatchSize: s.batch, Standardized: s.standardized,
		HiddenLayers: len(s.hidden), SAGMaxIter: s.sagMaxIter, SAGTol: s.sagTol,
	}
	linear := len(s.hidden) == 0
	if linear {
		in.InitialKernel, in.InitialBias = m.Kernel(), m.Bias()
	}
	fc.OnEpoch = func(_ int, loss float64) error {
		in.LossHistory = append(in.LossHistory, loss)
		if linear {
			in.Trajectory.Kernels = append(in.Trajectory.Kernels, m.Kernel())
			in.Trajectory.Biases = append(in.Trajectory.Biases, m.Bias())
		}
		return nil
	}
	if _, err := train.Fit(context.Background(), m, s.x, s.y, fc); err != nil {
		if !errors.Is(err, train.ErrDiverged) || in.Trajectory.Epochs() == 0 {
			t.Fatal(err)
		}
		// The last finite model, as a front end diagnosing a divergence
		// would pass it.
		in.DivergedEpoch = in.Trajectory.Epochs() + 1
		for in.Trajectory.Epochs() > 0 && !finiteModel(in.Trajectory.At(in.Trajectory.Epochs()), s.x) {
			in.Trajectory.Kernels = in.Trajectory.Kernels[:in.Trajectory.Epochs()-1]
			in.Trajectory.Biases = in.Trajectory.Biases[:in.Trajectory.Epochs()-1]
		}
		if in.Trajectory.Epochs() == 0 {
			t.Fatalf("diverged before any finite epoch")
		}
		in.Graph = in.Trajectory.At(in.Trajectory.Epochs())
	} else if linear {
		in.Graph = Linear{Coef: m.Kernel(), Intercept: m.Bias()}
	}
	sc := baseline.DefaultSAGConfig()
	sc.C, sc.MaxIter, sc.Tol, sc.RecordCoef = cInf, s.sagMaxIter, s.sagTol, true
	if s.baselineC > 0 {
		sc.C = s.baselineC
	}
	sag, err := baseline.FitSAG(s.x, s.y, sc)
	if err != nil {
		t.Fatal(err)
	}
	in.Baseline = Linear{Coef: sag.Coef, Intercept: sag.Intercept}
	in.Alpha, in.SAGEpochs, in.StepSize, in.SAGConverged = sag.Alpha, sag.NIter, sag.StepSize, sag.Converged
	in.BaselineTrajectory = Trajectory{Kernels: sag.CoefHistory, Biases: sag.InterceptHistory}
	return in
}

// finiteModel reports whether m's parameters and logits on x are finite.
func finiteModel(m Linear, x *mat.Dense) bool {
	n, _ := x.Dims()
	for i := 0; i < n; i++ {
		if z := m.Logit(x.RawRowView(i)); math.IsNaN(z) || math.IsInf(z, 0) {
			return false
		}
	}
	return true
}

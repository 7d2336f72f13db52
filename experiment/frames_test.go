package experiment

import (
	"context"
	"errors"
	"testing"

	"nnlr/dataset"
	"nnlr/graph"
)

// Every epoch of the report's graph sends one frame, in order; the frames'
// losses are the report's loss history and the last frame holds the
// trained kernel and bias, both as the output layer and as the end-to-end
// boundary.
func TestEpochFramesFollowTraining(t *testing.T) {
	t.Parallel()
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 40
	cfg.Runs = 3 // the other runs send no frames
	var frames []Frame
	rep, err := Compare(context.Background(), seedData(t), cfg, WithEpochFrame(func(f Frame) { frames = append(frames, f) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != cfg.Fit.Epochs {
		t.Fatalf("%d frames, want %d", len(frames), cfg.Fit.Epochs)
	}
	for i, f := range frames {
		if f.Epoch != i+1 || f.Epochs != cfg.Fit.Epochs {
			t.Fatalf("frame %d: epoch %d of %d", i, f.Epoch, f.Epochs)
		}
		if f.Loss != rep.Graph.LossHistory[i] {
			t.Errorf("frame %d loss %v, history %v", i, f.Loss, rep.Graph.LossHistory[i])
		}
		if f.Kernel[0] != rep.Trajectory.Kernels[i][0] || f.Kernel[1] != rep.Trajectory.Kernels[i][1] || f.Bias != rep.Trajectory.Biases[i] {
			t.Errorf("frame %d boundary %v %v, trajectory %v %v", i, f.Kernel, f.Bias, rep.Trajectory.Kernels[i], rep.Trajectory.Biases[i])
		}
	}
	last := frames[len(frames)-1]
	if len(last.Layers) != 1 || last.Layers[0].Kernel[0][0] != rep.Graph.Kernel[0] || last.Layers[0].Kernel[1][0] != rep.Graph.Kernel[1] || last.Layers[0].Bias[0] != rep.Graph.Bias {
		t.Errorf("last frame's layers %+v, report kernel %v bias %v", last.Layers, rep.Graph.Kernel, rep.Graph.Bias)
	}
}

// With a non-linear hidden layer the frames carry the layers and no
// boundary kernel.
func TestEpochFramesHiddenLayers(t *testing.T) {
	t.Parallel()
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 3
	cfg.Hidden = []graph.Dense{{Units: 4, Activation: graph.Tanh}}
	var last Frame
	if _, err := Compare(context.Background(), seedData(t), cfg, WithEpochFrame(func(f Frame) { last = f })); err != nil {
		t.Fatal(err)
	}
	if last.Epoch != 3 || last.Kernel != nil || len(last.Layers) != 2 || last.Layers[0].Cols() != 4 {
		t.Errorf("last frame epoch %d kernel %v, %d layers", last.Epoch, last.Kernel, len(last.Layers))
	}
}

// Cancelling the context from the frame callback stops training within one
// epoch: no frame after the one that cancelled, and Compare returns the
// context's error.
func TestEpochFrameCancelStops(t *testing.T) {
	t.Parallel()
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 1000
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen int
	_, err := Compare(ctx, seedData(t), cfg, WithEpochFrame(func(f Frame) {
		seen = f.Epoch
		if f.Epoch == 5 {
			cancel()
		}
	}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if seen != 5 {
		t.Errorf("last frame at epoch %d, want 5", seen)
	}
}

// CompareClasses sends frames of its softmax layer, and FitClassBaseline
// gives its regression.
func TestEpochFramesClasses(t *testing.T) {
	t.Parallel()
	b, err := dataset.LookupBuiltin("iris")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := b.Load(dataset.Options{Multiclass: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 4
	var frames []Frame
	rep, err := CompareClasses(context.Background(), ds, cfg, WithEpochFrame(func(f Frame) { frames = append(frames, f) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 4 || frames[3].Loss != rep.Graph.LossHistory[3] || frames[3].Layers[0].Kernel[2][1] != rep.Graph.Kernel[2][1] {
		t.Errorf("%d frames; last loss %v, history %v", len(frames), frames[len(frames)-1].Loss, rep.Graph.LossHistory)
	}
	bl, err := FitClassBaseline(ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(bl.Coef) != 3 || bl.Coef[1][2] != rep.Baseline.Coef[1][2] {
		t.Errorf("FitClassBaseline coef %v, CompareClasses %v", bl.Coef, rep.Baseline.Coef)
	}
}

// FitBaseline gives Compare's baseline section.
func TestFitBaselineMatchesCompare(t *testing.T) {
	t.Parallel()
	cfg := DefaultCompareConfig()
	cfg.Fit.Epochs = 2
	rep, err := Compare(context.Background(), seedData(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := FitBaseline(seedData(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b.Coef[0] != rep.Baseline.Coef[0] || b.Intercept != rep.Baseline.Intercept || len(b.ObjectiveHistory) != len(rep.Baseline.ObjectiveHistory) {
		t.Errorf("FitBaseline %v %v, Compare %v %v", b.Coef, b.Intercept, rep.Baseline.Coef, rep.Baseline.Intercept)
	}
	cfg.Runs = 0
	var se *SettingError
	if _, err := FitBaseline(seedData(t), cfg); !errors.As(err, &se) || se.Setting != "runs" {
		t.Errorf("runs 0: err %v, want a SettingError naming runs", err)
	}
}

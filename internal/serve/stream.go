package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/internal/explain"
	"nnlr/train"
)

// FrameInterval is the shortest time between two frames of a stream: at
// most ~30 frames a second whatever the epoch rate (the last frame of a
// run is always sent).
const FrameInterval = time.Second / 30

// Setup is the first event of a stream: the run's id (for POST
// /api/runs/{id}), the data in the figures' plane, the plane and the
// regression (experiment.BaselineReport, or experiment.ClassBaselineReport
// for k classes), fitted before the network trains.
type Setup struct {
	// Run is the id for POST /api/runs/{id}; Epochs the epochs to train.
	Run    string    `json:"run"`
	Epochs int       `json:"epochs"`
	Data   DataInfo  `json:"data"`
	Plane  PlaneInfo `json:"plane"`
	// Points are the n rows in the plane, each [x, y, class].
	Points [][3]float64 `json:"points"`
	// Baseline is the fitted regression's report section.
	Baseline any `json:"baseline"`
}

// PlaneInfo is experiment.Plane in JSON: the columns I and J of the
// plotted features (J = −1 for one feature), the value every feature is
// held at (its mean) and the box [xmin, xmax, ymin, ymax].
type PlaneInfo struct {
	I     int        `json:"i"`
	J     int        `json:"j"`
	Names [2]string  `json:"names"`
	Held  []float64  `json:"held"`
	Box   [4]float64 `json:"box"`
}

// FrameEvent is a "frame" event: the network after an epoch and the angle,
// degrees, between its boundary's normal and the regression's coef (null
// for a network that is not linear end to end or a zero normal).
type FrameEvent struct {
	experiment.Frame
	AngleDeg *float64 `json:"angle_deg"`
}

// gate pauses a run between epochs: the frame callback waits while the run
// is paused, unless a step lets one epoch through.
type gate struct {
	mu     sync.Mutex
	paused bool
	steps  int
	wake   chan struct{}
}

func newGate(paused bool) *gate { return &gate{paused: paused, wake: make(chan struct{})} }

// wait returns when the run may train its next epoch, or ctx is done.
func (g *gate) wait(ctx context.Context) {
	for {
		g.mu.Lock()
		if !g.paused {
			g.mu.Unlock()
			return
		}
		if g.steps > 0 {
			g.steps--
			g.mu.Unlock()
			return
		}
		ch := g.wake
		g.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

// set applies an action: pause, resume or step (one epoch, then paused).
func (g *gate) set(action string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch action {
	case "pause":
		g.paused = true
	case "resume":
		g.paused = false
	case "step":
		g.paused = true
		g.steps++
	default:
		return fieldErr("action", "%q: want pause, resume or step", action)
	}
	close(g.wake)
	g.wake = make(chan struct{})
	return nil
}

// handleRun pauses, resumes or steps a running stream.
func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Action string `json:"action"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&body); err != nil {
		writeError(w, fieldErr("action", "want {\"action\": \"pause\"|\"resume\"|\"step\"}"))
		return
	}
	s.mu.Lock()
	g := s.runs[r.PathValue("id")]
	s.mu.Unlock()
	if g == nil {
		writeError(w, &FieldError{Field: "run", Message: "no such run (finished or reset)", Status: http.StatusNotFound})
		return
	}
	if err := g.set(body.Action); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleStream runs a comparison and streams it as Server-Sent Events:
// "setup" (Setup), "frame" (FrameEvent, at most one per FrameInterval, the
// last one always), "trajectory" (Trajectory, linear networks), then
// "report" (the report, as POST /api/compare answers it) or "error"
// ({"field", "error"}); a diverged network sends its report (the last
// finite model, diagnosed) and then the error. A request that cannot start
// (bad settings, too many runs) is answered with a JSON error and its
// status instead. Closing the connection cancels the run within one epoch.
// With ?paused=1 the run starts paused.
func (s *Server) handleStream(w http.ResponseWriter, r *http.Request) {
	jb, err := s.prepare(r)
	if err != nil {
		writeError(w, err)
		return
	}
	ds, cfg := jb.ds, jb.cfg
	pl, err := experiment.PlaneOf(ds, cfg)
	if err != nil {
		writeError(w, settingErr(err))
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, errors.New("streaming unsupported"))
		return
	}
	if err := s.acquire(); err != nil {
		writeError(w, err)
		return
	}
	defer s.release()
	var b any
	var coef []float64 // a binary regression's, for the frames' angles
	if jb.classes {
		b, err = experiment.FitClassBaseline(ds, cfg)
	} else {
		var bb experiment.BaselineReport
		bb, err = experiment.FitBaseline(ds, cfg)
		b, coef = bb, bb.Coef
	}
	if err != nil {
		writeError(w, settingErr(err))
		return
	}

	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	g := newGate(r.URL.Query().Get("paused") == "1")
	s.mu.Lock()
	s.nextRun++
	id := strconv.Itoa(s.nextRun)
	s.runs[id] = g
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.runs, id)
		s.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// send writes one event. A value JSON cannot hold (NaN or ±Inf, a
	// diverging network) is an error wrapping *json.UnsupportedValueError
	// and writes nothing; any other error is the connection's.
	send := func(event string, v any) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data); err != nil {
			return err
		}
		flusher.Flush()
		return nil
	}
	gone := func(err error) bool {
		var uv *json.UnsupportedValueError
		return err != nil && !errors.As(err, &uv)
	}
	setup := Setup{Run: id, Epochs: cfg.Fit.Epochs, Data: dataInfo(ds, pl), Baseline: b,
		Plane: PlaneInfo{I: pl.I, J: pl.J, Names: pl.Names, Held: pl.Held, Box: pl.Box}}
	n, _ := ds.X.Dims()
	for i := 0; i < n; i++ {
		p := pl.Point(ds.X, i)
		setup.Points = append(setup.Points, [3]float64{p[0], p[1], ds.Y[i]})
	}
	if err := send("setup", setup); err != nil {
		s.sendError(send, notFinite(err))
		return
	}

	var (
		mu     sync.Mutex
		latest *FrameEvent
	)
	frame := func(f experiment.Frame) {
		ev := &FrameEvent{Frame: f}
		mu.Lock()
		latest = ev
		mu.Unlock()
		g.wait(ctx)
	}
	type result struct {
		rep any
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := jb.compare(ctx, experiment.WithEpochFrame(frame))
		done <- result{rep, err}
	}()
	flush := func() error {
		mu.Lock()
		f := latest
		latest = nil
		mu.Unlock()
		if f == nil {
			return nil
		}
		if f.Kernel != nil && coef != nil {
			if a, err := explain.AngleDeg(f.Kernel, coef); err == nil {
				f.AngleDeg = &a
			}
		}
		return send("frame", f)
	}
	tick := time.NewTicker(FrameInterval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if err := flush(); gone(err) {
				cancel()
				<-done
				return
			}
		case res := <-done:
			if err := flush(); gone(err) {
				return
			}
			if res.err != nil {
				if ctx.Err() == nil {
					// A diverged graph's report (its last finite model and
					// the diagnosis) goes before the error.
					if res.rep != nil && errors.Is(res.err, train.ErrDiverged) {
						_ = send("report", res.rep)
					}
					s.sendError(send, settingErr(res.err))
				}
				return
			}
			if tr := trajectoryOf(res.rep); tr != nil {
				if err := send("trajectory", tr); gone(err) {
					return
				}
			}
			if err := send("report", res.rep); err != nil {
				s.sendError(send, notFinite(err))
			}
			return
		}
	}
}

// Trajectory is the "trajectory" event, sent before the report for a
// network without hidden layers: the angle, degrees, between its boundary's
// normal and the regression's coef after every epoch (null where a normal
// is zero), from the report's Trajectory, whose frames the stream thinned;
// Epochs are the epochs of those angles (the report's TrajectoryEpochs:
// every epoch up to 2048, then log-spaced, see
// experiment.SeriesResolution).
type Trajectory struct {
	AngleDeg []*float64 `json:"angle_deg"`
	Epochs   []int      `json:"epochs"`
}

func trajectoryOf(r any) *Trajectory {
	rep, ok := r.(*experiment.CompareReport)
	if !ok || len(rep.Trajectory.Kernels) == 0 {
		return nil
	}
	tr := &Trajectory{AngleDeg: make([]*float64, len(rep.Trajectory.Kernels)), Epochs: rep.TrajectoryEpochs}
	for i, k := range rep.Trajectory.Kernels {
		if a, err := explain.AngleDeg(k, rep.Baseline.Coef); err == nil {
			tr.AngleDeg[i] = &a
		}
	}
	return tr
}

// sendError sends an "error" event holding a *FieldError (other errors
// name the field "server").
func (s *Server) sendError(send func(string, any) error, err error) {
	var fe *FieldError
	if !errors.As(err, &fe) {
		fe = &FieldError{Field: "server", Message: oneLine(err.Error())}
	}
	_ = send("error", fe)
}

// DataInfo describes the streamed data: its name, size, features, class
// names (class 0 first) and the plotted features.
type DataInfo struct {
	Name         string    `json:"name"`
	Samples      int       `json:"samples"`
	Features     []string  `json:"features"`
	Classes      []string  `json:"classes"`
	Standardized bool      `json:"standardized"`
	PlotFeatures [2]string `json:"plot_features"`
}

func dataInfo(ds *dataset.Dataset, pl experiment.Plane) DataInfo {
	n, _ := ds.X.Dims()
	return DataInfo{Name: ds.Name, Samples: n, Features: ds.Features, Classes: ds.Names(),
		Standardized: ds.Scaler != nil, PlotFeatures: pl.Names}
}

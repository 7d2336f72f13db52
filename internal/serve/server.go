// Package serve is nnlr's local web page: an HTTP server (standard library)
// with one embedded page (web/, plain JavaScript modules and SVG, nothing
// fetched at run time) and a JSON API over package experiment. The page
// changes the solver and its settings and watches the network's and the
// regression's decision boundaries move while the network trains: frames
// of experiment.WithEpochFrame, at most ~30 a second, by Server-Sent
// Events.
//
// API (every error is one line of JSON, {"field": "...", "error": "..."},
// naming the request's field):
//
//	GET  /api/meta     solvers, hyper-parameters and defaults, data sets, limits
//	POST /api/data     a CSV file (body, at most 10 MB, else 413) → {"id", "columns", ...}
//	POST /api/compare  a Request (JSON) → the report of experiment.Compare (JSON)
//	POST /api/stream   a Request → text/event-stream: setup, frame…, report or error
//	POST /api/runs/{id} {"action": "pause"|"resume"|"step"} → 204
//
// Safety: only requests whose Host header names the served address are
// answered (421 otherwise: DNS-rebinding protection); rows, features,
// epochs × rows and concurrent runs are bounded (Limits); uploads are held
// in memory only; a panic in a handler is logged and answered 500.
package serve

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
)

//go:embed web
var webFiles embed.FS

// Limits bound the work one request may ask for.
type Limits struct {
	// Upload is the largest CSV upload, bytes (10 MB).
	Upload int64 `json:"upload_bytes"`
	// Rows and Features bound the data; Points the clicked points.
	Rows     int `json:"rows"`
	Features int `json:"features"`
	Points   int `json:"points"`
	// Epochs bounds epochs and sag_max_iter; Work bounds
	// epochs × rows × runs (rows trained in all).
	Epochs int `json:"epochs"`
	Work   int `json:"work"`
	// Runs bounds the runs setting; Layers and Units the hidden layers.
	Runs   int `json:"runs"`
	Layers int `json:"layers"`
	Units  int `json:"units"`
	// Concurrent bounds the comparisons running at once (429 beyond);
	// Uploads the uploads held (the oldest is forgotten).
	Concurrent int `json:"concurrent"`
	Uploads    int `json:"uploads"`
}

// DefaultLimits returns the limits of nnlr serve: 10 MB uploads, 20,000
// rows, 100 features, 2,000 points, 100,000 epochs, 5,000,000 rows trained
// (epochs × rows × runs), 20 runs, 4 hidden layers of at most 64 units
// (every frame carries every layer, 30 times a second), 2
// comparisons at once and 8 uploads held.
func DefaultLimits() Limits {
	return Limits{Upload: 10 << 20, Rows: 20000, Features: 100, Points: 2000, Epochs: 100000, Work: 5_000_000,
		Runs: 20, Layers: 4, Units: 64, Concurrent: 2, Uploads: 8}
}

// Server answers the page and the API. Build it with New.
type Server struct {
	limits Limits
	log    *log.Logger
	hosts  map[string]bool
	slots  chan struct{}

	mu      sync.Mutex
	uploads map[string]*upload
	order   []string // upload ids, oldest first
	runs    map[string]*gate
	nextRun int
}

type upload struct {
	name  string
	table *dataset.Table
}

// New returns a server for the listener address addr (host:port, as
// net.Listener.Addr().String()): it answers requests whose Host header is
// that address, or localhost, 127.0.0.1 or [::1] with the same port when
// addr is a loopback address. logger receives panics (nil: discarded).
func New(addr string, lim Limits, logger *log.Logger) (*Server, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("serve: address %q: %w", addr, err)
	}
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	s := &Server{limits: lim, log: logger, hosts: map[string]bool{}, slots: make(chan struct{}, max(1, lim.Concurrent)),
		uploads: map[string]*upload{}, runs: map[string]*gate{}}
	s.hosts[strings.ToLower(net.JoinHostPort(host, port))] = true
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() || host == "localhost" {
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			s.hosts[net.JoinHostPort(h, port)] = true
		}
	}
	return s, nil
}

// DefaultAddr is nnlr serve's address: loopback only, port 8080.
const DefaultAddr = "127.0.0.1:8080"

// Listen listens on addr ("" is DefaultAddr: loopback only).
func Listen(addr string) (net.Listener, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return ln, nil
}

// Handler returns the page and the API behind the Host check and the
// recover middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	web, _ := fs.Sub(webFiles, "web")
	mux.Handle("GET /", http.FileServerFS(web))
	mux.HandleFunc("GET /api/meta", s.handleMeta)
	mux.HandleFunc("POST /api/data", s.handleData)
	mux.HandleFunc("POST /api/compare", s.handleCompare)
	mux.HandleFunc("POST /api/stream", s.handleStream)
	mux.HandleFunc("POST /api/runs/{id}", s.handleRun)
	return s.recoverer(s.hostCheck(mux))
}

// hostCheck answers 421 Misdirected Request to a Host that is not the
// served address.
func (s *Server) hostCheck(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hosts[strings.ToLower(r.Host)] {
			writeError(w, &FieldError{Field: "host", Message: fmt.Sprintf("host %q is not the address this server serves", r.Host), Status: http.StatusMisdirectedRequest})
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'")
		next.ServeHTTP(w, r)
	})
}

// recoverer logs a handler's panic and answers 500.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Printf("serve: panic in %s %s: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
				writeError(w, &FieldError{Field: "server", Message: "internal error (logged)", Status: http.StatusInternalServerError})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// writeError answers err as one line of JSON: a *FieldError with its
// status (400 by default), anything else 500 naming field "server".
func writeError(w http.ResponseWriter, err error) {
	var fe *FieldError
	if !errors.As(err, &fe) {
		fe = &FieldError{Field: "server", Message: oneLine(err.Error()), Status: http.StatusInternalServerError}
	}
	status := fe.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(fe)
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, notFinite(err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(append(b, '\n'))
}

// notFinite words a report that JSON cannot hold (NaN or ±Inf).
func notFinite(err error) error {
	var uv *json.UnsupportedValueError
	if errors.As(err, &uv) {
		return &FieldError{Field: "learning_rate", Message: fmt.Sprintf("the results are not finite numbers (%s): training blew up; lower the learning rate or standardize the data", uv.Str), Status: http.StatusUnprocessableEntity}
	}
	return err
}

// acquire takes a run slot, or answers 429.
func (s *Server) acquire() error {
	select {
	case s.slots <- struct{}{}:
		return nil
	default:
		return &FieldError{Field: "run", Message: fmt.Sprintf("%d comparisons are running already; wait for one or reset it", cap(s.slots)), Status: http.StatusTooManyRequests}
	}
}

func (s *Server) release() { <-s.slots }

// prepare reads a request's data and configuration, checking the limits.
// job is a prepared comparison: the data, the configuration, and whether
// it compares k classes (experiment.CompareClasses: a label of k ≥ 3
// classes, or output softmax).
type job struct {
	ds      *dataset.Dataset
	cfg     experiment.CompareConfig
	classes bool
}

// prepare reads a request into a job, checking the limits.
func (s *Server) prepare(r *http.Request) (job, error) {
	ds, cfg, q, err := s.prepareData(r)
	if err != nil {
		return job{}, err
	}
	jb := job{ds: ds, cfg: cfg, classes: ds.Multiclass()}
	switch q.Output {
	case "":
	case string(graph.Softmax):
		jb.classes = true
	case string(graph.Sigmoid):
		if ds.Multiclass() {
			return job{}, fieldErr("output", "sigmoid: the label has %d classes; a sigmoid output compares two (choose them in classes)", ds.K())
		}
	default:
		return job{}, fieldErr("output", "%q: want sigmoid or softmax", q.Output)
	}
	return jb, nil
}

// prepareData reads the request's data and configuration.
func (s *Server) prepareData(r *http.Request) (*dataset.Dataset, experiment.CompareConfig, Request, error) {
	var cfg experiment.CompareConfig
	q, err := decodeRequest(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil {
		return nil, cfg, q, err
	}
	if _, err := q.config(-1, s.limits); err != nil {
		return nil, cfg, q, err
	}
	ds, err := s.load(&q)
	if err != nil {
		return nil, cfg, q, err
	}
	n, d := ds.X.Dims()
	cfg, err = q.config(d, s.limits)
	if err != nil {
		return nil, cfg, q, err
	}
	switch {
	case n > s.limits.Rows:
		return nil, cfg, q, fieldErr("data", "%d rows: at most %d here", n, s.limits.Rows)
	case d > s.limits.Features:
		return nil, cfg, q, fieldErr("features", "%d features: at most %d here", d, s.limits.Features)
	case cfg.Fit.Epochs*n*cfg.Runs > s.limits.Work:
		return nil, cfg, q, fieldErr("epochs", "%d epochs × %d rows × %d runs = %d rows to train: at most %d here; lower epochs or runs",
			cfg.Fit.Epochs, n, cfg.Runs, cfg.Fit.Epochs*n*cfg.Runs, s.limits.Work)
	}
	return ds, cfg, q, nil
}

// load builds the request's data set: a built-in one, an upload or the
// clicked points, with the column and class choices and standardising.
func (s *Server) load(q *Request) (*dataset.Dataset, error) {
	given := 0
	for _, b := range []bool{q.Dataset != "", q.Data != "", q.Points != nil} {
		if b {
			given++
		}
	}
	if given > 1 {
		return nil, fieldErr("dataset", "give one of dataset, data and points")
	}
	// Without a choice of two classes every class of the label is kept: a
	// label of k ≥ 3 classes is compared by CompareClasses (softmax).
	opts := dataset.Options{Label: q.Label, Features: q.Features, Positive: q.Positive, Classes: q.Classes, Multiclass: q.Classes == nil}
	if err := opts.Validate(); err != nil {
		return nil, settingErr(err)
	}
	var (
		ds  *dataset.Dataset
		err error
	)
	switch {
	case q.Data != "":
		s.mu.Lock()
		up := s.uploads[q.Data]
		s.mu.Unlock()
		if up == nil {
			return nil, fieldErr("data", "no upload %q here (uploads live in memory until the server stops): upload the file again", q.Data)
		}
		ds, err = up.table.Select(opts)
		if err == nil {
			ds.Name = up.name
		}
	case q.Points != nil:
		if len(q.Points) > s.limits.Points {
			return nil, fieldErr("points", "%d points: at most %d here", len(q.Points), s.limits.Points)
		}
		var t *dataset.Table
		if t, err = pointsTable(q.Points); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return nil, err
			}
			return nil, fieldErr("points", "%v", oneLine(err.Error()))
		}
		ds, err = t.Select(opts)
		if err == nil {
			ds.Name = "points"
		}
	default:
		name := q.Dataset
		if name == "" {
			name = "seed"
		}
		var b dataset.BuiltinSet
		if b, err = dataset.LookupBuiltin(name); err == nil {
			ds, err = b.Load(opts, 0)
		}
	}
	if err != nil {
		if q.Points != nil {
			var pe *dataset.ParseError
			if errors.As(err, &pe) && pe.Field == "" {
				return nil, fieldErr("points", "%s", oneLine(err.Error()))
			}
		}
		return nil, settingErr(err)
	}
	if q.Standardize {
		ds = dataset.Standardize(ds)
	}
	return ds, nil
}

// handleCompare answers the report of experiment.Compare.
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	jb, err := s.prepare(r)
	if err != nil {
		writeError(w, err)
		return
	}
	if err := s.acquire(); err != nil {
		writeError(w, err)
		return
	}
	defer s.release()
	rep, err := jb.compare(r.Context())
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return
		}
		// A diverged graph comes with a report (the last finite model and
		// its diagnosis); the answer is the error, as the CLI's.
		writeError(w, settingErr(err))
		return
	}
	writeJSON(w, rep)
}

// compare runs experiment.Compare, or experiment.CompareClasses for k
// classes, with opts.
func (jb job) compare(ctx context.Context, opts ...experiment.Option) (any, error) {
	ds, cfg := jb.ds, jb.cfg
	if jb.classes {
		rep, err := experiment.CompareClasses(ctx, ds, cfg, opts...)
		if rep == nil {
			return nil, err
		}
		return rep, err
	}
	rep, err := experiment.Compare(ctx, ds, cfg, opts...)
	if rep == nil {
		return nil, err
	}
	return rep, err
}

// uploadID names an upload by its content.
func uploadID(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"nnlr/baseline"
	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
	"nnlr/train"
)

// Request is the JSON body of POST /api/compare and POST /api/stream: the
// data and the settings of one comparison, named as the CLI's settings
// (epochs, batch_size, learning_rate, C, sag_max_iter, …). Every field is
// optional; a missing field takes nnlr compare's default.
type Request struct {
	// Dataset names a built-in data set (default "seed"); Data is the id of
	// an upload (POST /api/data) and Points are clicked points, each
	// [x1, x2, class] (class 0, 1, …); give at most one of the three.
	Dataset string       `json:"dataset"`
	Data    string       `json:"data"`
	Points  [][3]float64 `json:"points"`
	// Label, Features, Positive and Classes choose columns and classes as
	// dataset.Options (a label of k ≥ 3 classes is kept whole unless
	// Classes names two); Standardize z-scores the features; PlotFeatures
	// names the two features of the plane (default the first two).
	Label        string   `json:"label"`
	Features     []string `json:"features"`
	Positive     string   `json:"positive"`
	Classes      []string `json:"classes"`
	Standardize  bool     `json:"standardize"`
	PlotFeatures []string `json:"plot_features"`

	// Epochs (default 100), BatchSize (rows per update, default 32) and
	// Seed (of glorot_uniform and the shuffling, default 0) are the
	// network's training.
	Epochs    *int    `json:"epochs"`
	BatchSize *int    `json:"batch_size"`
	Seed      *uint64 `json:"seed"`
	// Solver names the graph's solver (default sgd); the hyper-parameters
	// LearningRate … InitialAccumulator must be ones it uses (default: its
	// defaults, see train.Solvers).
	Solver             string   `json:"solver"`
	LearningRate       *float64 `json:"learning_rate"`
	Momentum           *float64 `json:"momentum"`
	Beta1              *float64 `json:"beta1"`
	Beta2              *float64 `json:"beta2"`
	Epsilon            *float64 `json:"epsilon"`
	Rho                *float64 `json:"rho"`
	WeightDecay        *float64 `json:"weight_decay"`
	InitialAccumulator *float64 `json:"initial_accumulator"`
	// Clip clips every gradient element to [−clip, clip] (0 or missing:
	// off); L2 adds (l2/2)·‖kernel‖² to the network's loss.
	Clip *float64 `json:"clip"`
	L2   *float64 `json:"l2"`
	// C is the inverse L2 strength of both models; null or missing is no
	// penalty (+Inf).
	C *float64 `json:"C"`
	// Dtype is float64 (default) or float32.
	Dtype string `json:"dtype"`
	// Init is glorot_uniform (default), zeros, or the kernel's values then
	// the bias, comma-separated.
	Init string `json:"init"`
	// Hidden lists the hidden layers' widths (units), input side first;
	// Activation is theirs (default relu).
	Hidden     []int  `json:"hidden"`
	Activation string `json:"activation"`
	// Output is the network's output: sigmoid (two classes) or softmax;
	// default sigmoid for two classes, softmax for a label of k ≥ 3
	// classes (kept whole unless Classes names two).
	Output string `json:"output"`
	// Baseline is the regression: sag (default) or sklearn-default
	// (LogisticRegression()'s defaults: C = 1, lbfgs).
	Baseline string `json:"baseline"`
	// SAGMaxIter (epochs, default 300), SAGTol (default 1e-100) and
	// SAGSeed are SAG's max_iter, tol and random_state.
	SAGMaxIter *int     `json:"sag_max_iter"`
	SAGTol     *float64 `json:"sag_tol"`
	SAGSeed    *uint64  `json:"sag_seed"`
	// Runs is the number of networks trained with seeds seed … seed+runs−1
	// (default 1).
	Runs *int `json:"runs"`
}

// FieldError is a bad request naming the request's field: the page shows
// Message next to that field's control.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"error"`
	// Status is the HTTP status to answer (400 when 0).
	Status int `json:"-"`
}

// Error returns "field: message".
func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// decodeRequest reads one JSON object; unknown fields are refused by name.
func decodeRequest(r io.Reader) (Request, error) {
	var req Request
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			f, _ := strconv.Unquote(name)
			return req, fieldErr(f, "unknown setting %s", name)
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return req, &FieldError{Field: "request", Message: fmt.Sprintf("the settings are larger than %d bytes", mbe.Limit), Status: http.StatusRequestEntityTooLarge}
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return req, fieldErr(te.Field, "want %s, got a JSON %s", kindName(te.Type.Kind()), te.Value)
		}
		return req, fieldErr("request", "not a JSON object: %v", err)
	}
	return req, nil
}

// settingFields maps experiment settings to the request's fields where
// they differ.
var settingFields = map[string]string{"max_iter": "sag_max_iter", "tol": "sag_tol"}

// hyper lists the request's hyper-parameter fields by train's name.
func (q *Request) hyper() map[string]*float64 {
	return map[string]*float64{
		"learning_rate": q.LearningRate, "momentum": q.Momentum, "beta1": q.Beta1, "beta2": q.Beta2,
		"epsilon": q.Epsilon, "rho": q.Rho, "weight_decay": q.WeightDecay, "initial_accumulator": q.InitialAccumulator,
	}
}

// config returns the experiment's configuration for the request's
// settings (without the data: an explicit init is checked against d
// features, d < 0 skips that check). Errors are *FieldError.
func (q *Request) config(d int, lim Limits) (experiment.CompareConfig, error) {
	cfg := experiment.DefaultCompareConfig()
	if q.Solver != "" {
		if err := cfg.Fit.SetSolver(q.Solver); err != nil {
			return cfg, fieldErr("solver", "%v", err)
		}
	}
	info, _ := train.LookupSolver(cfg.Fit.Solver)
	for name, v := range q.hyper() {
		if v == nil {
			continue
		}
		if !info.Uses(name) {
			return cfg, fieldErr(name, "solver %s does not use %s", info.Name, name)
		}
		if err := cfg.Fit.SetHyperparameter(name, *v); err != nil {
			return cfg, fieldErr(name, "%v: %v", *v, err)
		}
	}
	if q.Clip != nil {
		if c := *q.Clip; math.IsNaN(c) || math.IsInf(c, 0) || c < 0 {
			return cfg, fieldErr("clip", "%v: must be a positive number (0: no clipping)", c)
		}
		cfg.Fit.Clip = *q.Clip
	}
	if q.Epochs != nil {
		cfg.Fit.Epochs = *q.Epochs
		if *q.Epochs > lim.Epochs {
			return cfg, fieldErr("epochs", "%d: at most %d here", *q.Epochs, lim.Epochs)
		}
	}
	if q.BatchSize != nil {
		cfg.Fit.BatchSize = *q.BatchSize
	}
	if q.Seed != nil {
		cfg.Fit.Seed = *q.Seed
	}
	if q.Dtype != "" {
		cfg.Dtype = graph.Dtype(q.Dtype)
	}
	if err := q.init(&cfg, d); err != nil {
		return cfg, err
	}
	if len(q.Hidden) > lim.Layers {
		return cfg, fieldErr("hidden", "%d layers: at most %d here", len(q.Hidden), lim.Layers)
	}
	act := graph.ReLU
	if q.Activation != "" {
		a, err := graph.ParseActivation(q.Activation)
		if err != nil {
			return cfg, fieldErr("activation", "%v", err)
		}
		if len(q.Hidden) == 0 {
			return cfg, fieldErr("activation", "the hidden layers' activation needs hidden layers")
		}
		act = a
	}
	for i, w := range q.Hidden {
		if w > lim.Units {
			return cfg, fieldErr("hidden", "layer %d: %d units, at most %d here", i+1, w, lim.Units)
		}
		cfg.Hidden = append(cfg.Hidden, graph.Dense{Units: w, Activation: act})
	}
	if q.L2 != nil {
		cfg.L2 = *q.L2
	}
	if q.C != nil {
		cfg.C = *q.C
	}
	if q.Baseline != "" {
		cfg.Baseline = q.Baseline
	}
	if q.SAGMaxIter != nil {
		cfg.SAG.MaxIter = *q.SAGMaxIter
		if *q.SAGMaxIter > lim.Epochs {
			return cfg, fieldErr("sag_max_iter", "%d: at most %d here", *q.SAGMaxIter, lim.Epochs)
		}
	}
	if q.SAGTol != nil {
		cfg.SAG.Tol = *q.SAGTol
	}
	if q.SAGSeed != nil {
		cfg.SAG.Seed = *q.SAGSeed
	}
	if q.Runs != nil {
		cfg.Runs = *q.Runs
		if *q.Runs > lim.Runs {
			return cfg, fieldErr("runs", "%d: at most %d here", *q.Runs, lim.Runs)
		}
	}
	cfg.PlotFeatures = q.PlotFeatures
	if err := cfg.Validate(); err != nil {
		return cfg, settingErr(err)
	}
	return cfg, nil
}

// init reads the init setting into cfg for d features.
func (q *Request) init(cfg *experiment.CompareConfig, d int) error {
	switch s := strings.TrimSpace(q.Init); s {
	case "", experiment.InitGlorot:
		cfg.Init = experiment.InitGlorot
		return nil
	case experiment.InitZeros:
		cfg.Init = s
		return nil
	}
	fields := strings.Split(q.Init, ",")
	vals := make([]float64, len(fields))
	for i, s := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fieldErr("init", "%q: want glorot_uniform, zeros, or the kernel's values then the bias, comma-separated", q.Init)
		}
		vals[i] = v
	}
	if d >= 0 && len(vals) != d+1 {
		return fieldErr("init", "%d values given, want %d (the kernel's %d values, then the bias)", len(vals), d+1, d)
	}
	cfg.Init = experiment.InitExplicit
	if d >= 0 {
		cfg.InitialKernel, cfg.InitialBias = vals[:d], vals[d]
	}
	return nil
}

// settingErr names the request's field of an experiment or dataset error.
func settingErr(err error) error {
	var se *experiment.SettingError
	if errors.As(err, &se) {
		f := se.Setting
		if m, ok := settingFields[f]; ok {
			f = m
		}
		msg := se.Problem
		if se.Value != "" {
			msg = se.Value + ": " + msg
		}
		return &FieldError{Field: f, Message: msg}
	}
	var pe *dataset.ParseError
	if errors.As(err, &pe) {
		f := pe.Field
		switch {
		case f != "":
		case errors.Is(err, dataset.ErrTooManyClasses):
			f = "classes"
		case errors.Is(err, dataset.ErrOneClass):
			f = "label"
		default:
			f = "data"
		}
		return &FieldError{Field: f, Message: settingWords(oneLine(err.Error()))}
	}
	var de *experiment.DivergedError
	if errors.As(err, &de) {
		return &FieldError{Field: "learning_rate", Message: de.Prefix() + "; lower the learning rate or standardize the data", Status: 422}
	}
	if errors.Is(err, train.ErrDiverged) {
		msg := settingWords(oneLine(err.Error()))
		if !strings.Contains(msg, "learning rate") {
			msg += "; lower the learning rate or standardize the data"
		}
		return &FieldError{Field: "learning_rate", Message: msg, Status: 422}
	}
	if errors.Is(err, baseline.ErrNotFinite) {
		return &FieldError{Field: "standardize", Message: oneLine(err.Error()) + "; standardize the data", Status: 422}
	}
	return err
}

// kindName words a JSON field's Go kind for an error message.
func kindName(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int64, reflect.Uint64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return k.String()
}

// flagWord matches a CLI flag in a library's message.
var flagWord = regexp.MustCompile(`--([a-z][a-z0-9-]*)`)

// settingWords rewords the CLI's flags in a message (--classes A,B) as the
// request's settings (classes A,B).
func settingWords(s string) string {
	return flagWord.ReplaceAllStringFunc(s, func(f string) string { return strings.ReplaceAll(f[2:], "-", "_") })
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// pointsTable writes clicked points as a CSV table x1,x2,y (the class as
// a whole number) for dataset.Table.Select.
func pointsTable(pts [][3]float64) (*dataset.Table, error) {
	var b bytes.Buffer
	b.WriteString("x1,x2,y\n")
	for i, p := range pts {
		for _, v := range p {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fieldErr("points", "point %d: not a finite number", i+1)
			}
		}
		if p[2] != math.Trunc(p[2]) || p[2] < 0 {
			return nil, fieldErr("points", "point %d: class %v, want 0, 1, …", i+1, p[2])
		}
		fmt.Fprintf(&b, "%s,%s,%d\n", strconv.FormatFloat(p[0], 'g', -1, 64), strconv.FormatFloat(p[1], 'g', -1, 64), int(p[2]))
	}
	return dataset.ReadTable(&b, "points")
}

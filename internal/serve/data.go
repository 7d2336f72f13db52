package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"nnlr/dataset"
	"nnlr/experiment"
	"nnlr/graph"
	"nnlr/train"
)

// TableInfo describes a table's columns for the page's pickers.
type TableInfo struct {
	// ID names an upload in Request.Data ("" for a built-in set).
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	Rows int    `json:"rows"`
	// Columns are the header's names; Label the default label column (the
	// last).
	Columns []string `json:"columns"`
	Label   string   `json:"label"`
	// Values lists the distinct values of each column with at most 20 of
	// them (a possible label), sorted.
	Values map[string][]string `json:"values"`
}

// maxValues is the most distinct values TableInfo lists for a column.
const maxValues = 20

func tableInfo(t *dataset.Table, name string) TableInfo {
	ti := TableInfo{Name: name, Rows: t.Rows(), Columns: t.Header, Label: t.Header[len(t.Header)-1], Values: map[string][]string{}}
	for j, col := range t.Header {
		seen := map[string]bool{}
		for _, rec := range t.Records {
			seen[strings.TrimSpace(rec[j])] = true
			if len(seen) > maxValues {
				break
			}
		}
		if len(seen) <= maxValues {
			vals := make([]string, 0, len(seen))
			for v := range seen {
				vals = append(vals, v)
			}
			slices.Sort(vals)
			ti.Values[col] = vals
		}
	}
	return ti
}

// handleData holds an uploaded CSV file (the body) in memory and answers
// its TableInfo; a body over Limits.Upload is 413, a table over the row or
// column limits 400, a file that does not parse 400 naming line and column.
func (s *Server) handleData(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "upload.csv"
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.limits.Upload))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, &FieldError{Field: "data", Message: fmt.Sprintf("the file is larger than %d MB", s.limits.Upload>>20), Status: http.StatusRequestEntityTooLarge})
			return
		}
		writeError(w, fieldErr("data", "reading the upload: %v", err))
		return
	}
	t, err := dataset.ReadTable(bytes.NewReader(body), name)
	if err != nil {
		writeError(w, &FieldError{Field: "data", Message: oneLine(err.Error())})
		return
	}
	if t.Rows() > s.limits.Rows {
		writeError(w, fieldErr("data", "%d rows: at most %d here", t.Rows(), s.limits.Rows))
		return
	}
	if len(t.Header) > s.limits.Features+1 {
		writeError(w, fieldErr("data", "%d columns: at most %d features and a label here", len(t.Header), s.limits.Features))
		return
	}
	id := uploadID(body)
	s.mu.Lock()
	if _, ok := s.uploads[id]; !ok {
		s.order = append(s.order, id)
		if len(s.order) > s.limits.Uploads {
			delete(s.uploads, s.order[0])
			s.order = s.order[1:]
		}
	}
	s.uploads[id] = &upload{name: name, table: t}
	s.mu.Unlock()
	ti := tableInfo(t, name)
	ti.ID = id
	writeJSON(w, ti)
}

// Meta is the answer of GET /api/meta: what the page's controls offer.
type Meta struct {
	// Solvers, Activations and Datasets are the choices of the solver, the
	// hidden layers' activation and the built-in data set.
	Solvers     []SolverInfo  `json:"solvers"`
	Activations []string      `json:"activations"`
	Datasets    []DatasetInfo `json:"datasets"`
	// Defaults are nnlr compare's defaults, by setting.
	Defaults map[string]any `json:"defaults"`
	Limits   Limits         `json:"limits"`
}

// SolverInfo is a solver of train.Solvers: its name, Keras counterpart,
// update rule and hyper-parameters with their defaults.
type SolverInfo struct {
	Name            string       `json:"name"`
	Keras           string       `json:"keras"`
	Rule            []string     `json:"rule"`
	Hyperparameters []Hyperparam `json:"hyperparameters"`
}

// Hyperparam is one hyper-parameter of a solver (train.Hyperparameter).
type Hyperparam struct {
	Name    string  `json:"name"`
	Symbol  string  `json:"symbol"`
	Default float64 `json:"default"`
	Range   string  `json:"range"`
}

// DatasetInfo is a built-in data set with its columns.
type DatasetInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	TableInfo
}

func (s *Server) handleMeta(w http.ResponseWriter, r *http.Request) {
	m := Meta{Limits: s.limits}
	for _, si := range train.Solvers() {
		out := SolverInfo{Name: si.Name, Keras: si.Keras, Rule: si.Rule}
		for _, h := range si.Hyperparameters {
			out.Hyperparameters = append(out.Hyperparameters, Hyperparam{h.Name, h.Symbol, h.Default, h.Range})
		}
		m.Solvers = append(m.Solvers, out)
	}
	for _, a := range graph.Activations() {
		m.Activations = append(m.Activations, string(a))
	}
	for _, b := range dataset.Builtins() {
		t, err := b.Table(0)
		if err != nil {
			writeError(w, err)
			return
		}
		m.Datasets = append(m.Datasets, DatasetInfo{Name: b.Name, Description: b.Description, TableInfo: tableInfo(t, b.Name)})
	}
	c := experiment.DefaultCompareConfig()
	m.Defaults = map[string]any{"dataset": "seed", "epochs": c.Fit.Epochs, "batch_size": c.Fit.BatchSize, "seed": c.Fit.Seed,
		"solver": c.Fit.Solver, "dtype": string(c.Dtype), "init": c.Init, "activation": string(graph.ReLU),
		"sag_max_iter": c.SAG.MaxIter, "sag_tol": c.SAG.Tol, "sag_seed": c.SAG.Seed, "runs": c.Runs}
	writeJSON(w, m)
}

package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"nnlr/dataset"
	"nnlr/experiment"
)

// newTest serves s.Handler() by httptest and returns the server, its
// base URL and the Server.
func newTest(t *testing.T, lim Limits) (*httptest.Server, *Server) {
	t.Helper()
	var s *Server
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.Handler().ServeHTTP(w, r) })
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	var err error
	if s, err = New(ts.Listener.Addr().String(), lim, nil); err != nil {
		t.Fatal(err)
	}
	return ts, s
}

func post(t *testing.T, url, body string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// compareJSON runs experiment.Compare directly and returns the report as
// the API writes it.
func compareJSON(t *testing.T, ds *dataset.Dataset, cfg experiment.CompareConfig) []byte {
	t.Helper()
	rep, err := experiment.Compare(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// POST /api/compare answers byte for byte the report experiment.Compare
// gives for the configuration written out here by hand.
func TestCompareSameAsLibrary(t *testing.T) {
	t.Parallel()
	ts, _ := newTest(t, DefaultLimits())

	resp, got := post(t, ts.URL+"/api/compare", `{}`)
	if resp.StatusCode != 200 {
		t.Fatalf("seed defaults: %d %s", resp.StatusCode, got)
	}
	seed, err := dataset.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	if want := compareJSON(t, seed, experiment.DefaultCompareConfig()); !bytes.Equal(got, want) {
		t.Errorf("seed defaults: the API's report differs from experiment.Compare's:\n%.300s\n%.300s", got, want)
	}

	resp, got = post(t, ts.URL+"/api/compare", `{"dataset": "breast-cancer", "standardize": true, "solver": "adam",
		"learning_rate": 0.01, "epochs": 30, "batch_size": 64, "seed": 3, "C": 10, "init": "zeros",
		"sag_max_iter": 50, "sag_seed": 2, "runs": 2, "plot_features": ["mean_area", "worst_texture"]}`)
	if resp.StatusCode != 200 {
		t.Fatalf("breast cancer: %d %s", resp.StatusCode, got)
	}
	resp0, got0 := post(t, ts.URL+"/api/compare", `{"baseline": "sklearn-default", "epochs": 20}`)
	cfg0 := experiment.DefaultCompareConfig()
	cfg0.Baseline, cfg0.Fit.Epochs = experiment.BaselineSklearnDefault, 20
	if want := compareJSON(t, seed, cfg0); resp0.StatusCode != 200 || !bytes.Equal(got0, want) {
		t.Errorf("sklearn-default baseline: %d, the API's report differs from experiment.Compare's", resp.StatusCode)
	}

	b, err := dataset.LookupBuiltin("breast-cancer")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := b.Load(dataset.Options{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := experiment.DefaultCompareConfig()
	if err := cfg.Fit.SetSolver("adam"); err != nil {
		t.Fatal(err)
	}
	cfg.Fit.LearningRate, cfg.Fit.Epochs, cfg.Fit.BatchSize, cfg.Fit.Seed = 0.01, 30, 64, 3
	cfg.C, cfg.Init, cfg.SAG.MaxIter, cfg.SAG.Seed, cfg.Runs = 10, experiment.InitZeros, 50, 2, 2
	cfg.PlotFeatures = []string{"mean_area", "worst_texture"}
	if want := compareJSON(t, dataset.Standardize(ds), cfg); !bytes.Equal(got, want) {
		t.Errorf("breast cancer: the API's report differs from experiment.Compare's")
	}
}

// Data of k ≥ 3 classes (iris, no choice of two) is compared by
// experiment.CompareClasses: the API's report is its report, and the stream
// sends the multinomial regression and frames of the softmax layer.
func TestClassesSameAsLibrary(t *testing.T) {
	t.Parallel()
	ts, _ := newTest(t, DefaultLimits())
	body := `{"dataset": "iris", "epochs": 30, "solver": "adam", "learning_rate": 0.05}`
	resp, got := post(t, ts.URL+"/api/compare", body)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, got)
	}
	b, err := dataset.LookupBuiltin("iris")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := b.Load(dataset.Options{Multiclass: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := experiment.DefaultCompareConfig()
	if err := cfg.Fit.SetSolver("adam"); err != nil {
		t.Fatal(err)
	}
	cfg.Fit.Epochs, cfg.Fit.LearningRate = 30, 0.05
	rep, err := experiment.CompareClasses(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, append(want, '\n')) {
		t.Errorf("iris: the API's report differs from experiment.CompareClasses's")
	}

	// Two classes with output softmax: Dense(2, softmax).
	resp, got = post(t, ts.URL+"/api/compare", `{"output": "softmax", "epochs": 5}`)
	var two struct {
		Graph struct {
			Output  string `json:"output"`
			Classes int    `json:"classes"`
		} `json:"graph"`
	}
	if err := json.Unmarshal(got, &two); err != nil || resp.StatusCode != 200 || two.Graph.Output != "softmax" || two.Graph.Classes != 2 {
		t.Errorf("output softmax on the seed problem: %d %.200s", resp.StatusCode, got)
	}

	_, events := stream(t, context.Background(), ts.URL+"/api/stream", body)
	var setup struct {
		Data     DataInfo `json:"data"`
		Baseline struct {
			Coef [][]float64 `json:"coef"`
		} `json:"baseline"`
	}
	var last experiment.Frame
	var names []string
	for ev := range events {
		names = append(names, ev.name)
		switch ev.name {
		case "setup":
			if err := json.Unmarshal(ev.data, &setup); err != nil {
				t.Fatal(err)
			}
		case "frame":
			if err := json.Unmarshal(ev.data, &last); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(setup.Data.Classes) != 3 || len(setup.Baseline.Coef) != 3 || len(setup.Baseline.Coef[0]) != 4 {
		t.Errorf("setup: classes %v, coef %d rows", setup.Data.Classes, len(setup.Baseline.Coef))
	}
	if last.Epoch != 30 || len(last.Layers) != 1 || last.Layers[0].Cols() != 3 || last.Kernel != nil {
		t.Errorf("last frame: epoch %d, %d layers", last.Epoch, len(last.Layers))
	}
	if names[len(names)-1] != "report" {
		t.Errorf("events end with %q", names[len(names)-1])
	}
}

// Bad settings are 4xx answers of one JSON line naming the field.
func TestBadRequestsNameTheField(t *testing.T) {
	t.Parallel()
	lim := DefaultLimits()
	ts, _ := newTest(t, lim)
	for _, c := range []struct {
		body   string
		status int
		field  string
	}{
		{`{"epochs": 0}`, 400, "epochs"},
		{`{"epochs": "x"}`, 400, "epochs"},
		{`{"epochs": 200000}`, 400, "epochs"},
		{`{"dataset": "breast-cancer", "epochs": 10000}`, 400, "epochs"}, // 569 × 10000 rows to train
		{`{"batch_size": -1}`, 400, "batch_size"},
		{`{"solver": "newton"}`, 400, "solver"},
		{`{"momentum": 0.5}`, 400, "momentum"}, // sgd does not use it
		{`{"solver": "adam", "beta1": 1.5}`, 400, "beta1"},
		{`{"learning_rate": -1}`, 400, "learning_rate"},
		{`{"colour": 1}`, 400, "colour"},
		{`{"C": -1}`, 400, "C"},
		{`{"l2": 0.1, "C": 1}`, 400, "l2"},
		{`{"sag_max_iter": 0}`, 400, "sag_max_iter"},
		{`{"sag_tol": -1}`, 400, "sag_tol"},
		{`{"runs": 0}`, 400, "runs"},
		{`{"runs": 1000}`, 400, "runs"},
		{`{"hidden": [0]}`, 400, "hidden"},
		{`{"hidden": [4, 4, 4, 4, 4]}`, 400, "hidden"},
		{`{"activation": "relu"}`, 400, "activation"},
		{`{"hidden": [3], "activation": "swish"}`, 400, "activation"},
		{`{"init": "1,2"}`, 400, "init"},
		{`{"init": "ones"}`, 400, "init"},
		{`{"dtype": "float16"}`, 400, "dtype"},
		{`{"dataset": "mnist"}`, 400, "dataset"},
		{`{"dataset": "iris", "runs": 2}`, 400, "runs"}, // k classes: one network
		{`{"dataset": "iris", "positive": "setosa"}`, 400, "positive"},
		{`{"dataset": "iris", "classes": ["setosa", "tulip"]}`, 400, "classes"},
		{`{"label": "z"}`, 400, "label"},
		{`{"features": ["x1", "x1"]}`, 400, "features"},
		{`{"plot_features": ["x1", "q"]}`, 400, "plot_features"},
		{`{"data": "0123456789abcdef"}`, 400, "data"},
		{`{"dataset": "seed", "points": [[0, 0, 0], [1, 1, 1]]}`, 400, "dataset"},
		{`{"points": [[0, 0, 0], [1, 1, 0]]}`, 400, "points"},
		{`{"points": [[0, 0, 0.5], [1, 1, 1]]}`, 400, "points"},
		{`{"baseline": "lbfgs"}`, 400, "baseline"},
		{`{"output": "tanh"}`, 400, "output"},
		{`{"dataset": "iris", "output": "sigmoid"}`, 400, "output"},
		{`not json`, 400, "request"},
	} {
		resp, body := post(t, ts.URL+"/api/compare", c.body)
		var e FieldError
		lines := strings.Count(strings.TrimSpace(string(body)), "\n") + 1
		if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != c.status || e.Field != c.field || e.Message == "" || lines != 1 || strings.Contains(e.Message, "--") {
			t.Errorf("%s: %d %s, want %d naming %s in one line, without CLI flags", c.body, resp.StatusCode, body, c.status, c.field)
		}
	}
}

// Settings over 1 MB are 413.
func TestRequestTooLarge(t *testing.T) {
	t.Parallel()
	ts, _ := newTest(t, DefaultLimits())
	resp, body := post(t, ts.URL+"/api/compare", `{"points": [`+strings.Repeat(`[1.000000, 2.000000, 0],`, 60000)+`[2, 2, 1]]}`)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `"field":"request"`) {
		t.Errorf("%d %s, want 413 naming request", resp.StatusCode, body)
	}
}

// Clicked points are a data set of their own.
func TestPoints(t *testing.T) {
	t.Parallel()
	ts, _ := newTest(t, DefaultLimits())
	resp, body := post(t, ts.URL+"/api/compare", `{"points": [[1, 1, 0], [2, 2, 1], [0.5, 2, 0]], "epochs": 5}`)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var rep experiment.CompareReport
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Data.Samples != 3 || rep.Data.Name != "points" || rep.Data.ClassCounts != [2]int{2, 1} {
		t.Errorf("data %+v", rep.Data)
	}
}

const tinyCSV = "a,b,kind\n1,1,cat\n2,2,dog\n0,1.5,cat\n3,1,dog\n"

// An upload is held in memory and used by id; its report is the library's
// on the same table.
func TestUpload(t *testing.T) {
	t.Parallel()
	ts, _ := newTest(t, DefaultLimits())
	resp, body := post(t, ts.URL+"/api/data?name=pets.csv", tinyCSV)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var ti TableInfo
	if err := json.Unmarshal(body, &ti); err != nil {
		t.Fatal(err)
	}
	if ti.ID == "" || ti.Rows != 4 || strings.Join(ti.Columns, ",") != "a,b,kind" || ti.Label != "kind" || strings.Join(ti.Values["kind"], ",") != "cat,dog" {
		t.Fatalf("table info %+v", ti)
	}
	resp, got := post(t, ts.URL+"/api/compare", fmt.Sprintf(`{"data": %q, "epochs": 7, "positive": "cat"}`, ti.ID))
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, got)
	}
	tab, err := dataset.ReadTable(strings.NewReader(tinyCSV), "pets.csv")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := tab.Select(dataset.Options{Positive: "cat"})
	if err != nil {
		t.Fatal(err)
	}
	ds.Name = "pets.csv"
	cfg := experiment.DefaultCompareConfig()
	cfg.Fit.Epochs = 7
	if want := compareJSON(t, ds, cfg); !bytes.Equal(got, want) {
		t.Errorf("upload: report differs from the library's:\n%.300s\n%.300s", got, want)
	}

	resp, body = post(t, ts.URL+"/api/data", "a,b\n1,2,3\n")
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"field":"data"`) || !strings.Contains(string(body), ":2:") {
		t.Errorf("bad CSV: %d %s, want 400 naming data and line 2", resp.StatusCode, body)
	}
}

// An upload over 10 MB is 413, without holding more than the limit.
func TestUploadTooLarge(t *testing.T) {
	t.Parallel()
	lim := DefaultLimits()
	ts, s := newTest(t, lim)
	big := strings.Repeat("1,2,0\n", int(lim.Upload)/6+10)
	resp, body := post(t, ts.URL+"/api/data", "a,b,y\n"+big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `"field":"data"`) {
		t.Errorf("%d %s, want 413 naming data", resp.StatusCode, body)
	}
	if len(s.uploads) != 0 {
		t.Errorf("%d uploads held after a refused one", len(s.uploads))
	}
}

// Only the served address is answered: a foreign Host (DNS rebinding) is
// 421; the loopback names with the same port are fine.
func TestForeignHostRefused(t *testing.T) {
	t.Parallel()
	ts, _ := newTest(t, DefaultLimits())
	_, port, _ := net.SplitHostPort(ts.Listener.Addr().String())
	for host, want := range map[string]int{
		"evil.example":            421,
		"evil.example:" + port:    421,
		"127.0.0.1:1":             421,
		"192.168.0.9:" + port:     421,
		"127.0.0.1:" + port:       200,
		"localhost:" + port:       200,
		"LOCALHOST:" + port:       200,
		"[::1]:" + port:           200,
		"127.0.0.1." + ":" + port: 421,
	} {
		for _, path := range []string{"/", "/api/meta"} {
			req, _ := http.NewRequest("GET", ts.URL+path, nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("Host %q %s: %d, want %d", host, path, resp.StatusCode, want)
			}
			if want == 421 && !strings.Contains(string(body), `"field":"host"`) {
				t.Errorf("Host %q: body %s", host, body)
			}
		}
	}
}

// The default address is loopback, and a server listening there cannot be
// reached through the machine's other addresses.
func TestNotReachableOffLoopback(t *testing.T) {
	t.Parallel()
	host, _, err := net.SplitHostPort(DefaultAddr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		t.Fatalf("DefaultAddr %q is not a loopback address", DefaultAddr)
	}
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	tried := 0
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() {
			continue
		}
		tried++
		c, err := net.DialTimeout("tcp", net.JoinHostPort(ipn.IP.String(), port), time.Second)
		if err == nil {
			c.Close()
			t.Errorf("reached the server through %s", ipn.IP)
		}
	}
	c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second)
	if err != nil {
		t.Fatalf("not reachable on loopback either: %v", err)
	}
	c.Close()
	if tried == 0 {
		t.Log("no non-loopback address on this machine: only the default address was checked")
	}
	t.Logf("tried %d non-loopback addresses", tried)
}

// event is one Server-Sent Event.
type event struct {
	name string
	data []byte
}

// readEvents sends the events of an event stream on a channel, closed at
// the end of the stream.
func readEvents(r io.Reader) <-chan event {
	ch := make(chan event, 1024)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data = []byte(line[6:])
			case line == "":
				ch <- ev
				ev = event{}
			}
		}
	}()
	return ch
}

func stream(t *testing.T, ctx context.Context, url, body string) (*http.Response, <-chan event) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "POST", url, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp, readEvents(resp.Body)
}

// The stream sends setup, frames at most ~30 a second (the last epoch's
// always), the per-epoch angles and the report, which is /api/compare's.
func TestStreamThrottledAndComplete(t *testing.T) {
	ts, _ := newTest(t, DefaultLimits())
	const epochs = 30000
	body := fmt.Sprintf(`{"epochs": %d, "solver": "momentum"}`, epochs)
	start := time.Now()
	resp, events := stream(t, context.Background(), ts.URL+"/api/stream", body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var names []string
	var frames []FrameEvent
	var report []byte
	var tr Trajectory
	for ev := range events {
		names = append(names, ev.name)
		switch ev.name {
		case "frame":
			var f FrameEvent
			if err := json.Unmarshal(ev.data, &f); err != nil {
				t.Fatal(err)
			}
			frames = append(frames, f)
		case "trajectory":
			if err := json.Unmarshal(ev.data, &tr); err != nil {
				t.Fatal(err)
			}
		case "report":
			report = append(ev.data, '\n')
		}
	}
	elapsed := time.Since(start)
	if len(names) < 3 || names[0] != "setup" || names[len(names)-1] != "report" || names[len(names)-2] != "trajectory" {
		t.Fatalf("events %v", names[:min(len(names), 5)])
	}
	limit := int(elapsed/FrameInterval) + 2
	if len(frames) > limit || len(frames) == 0 {
		t.Errorf("%d frames in %v, want 1 to %d (≤ 30 a second)", len(frames), elapsed, limit)
	}
	for i := 1; i < len(frames); i++ {
		if frames[i].Epoch <= frames[i-1].Epoch {
			t.Errorf("frame epochs out of order: %d after %d", frames[i].Epoch, frames[i-1].Epoch)
		}
	}
	last := frames[len(frames)-1]
	if last.Epoch != epochs {
		t.Errorf("last frame at epoch %d, want %d", last.Epoch, epochs)
	}
	// The report's trajectory is at the series' resolution (every epoch
	// up to 2048, then log-spaced), the last epoch among its epochs.
	nt := len(tr.AngleDeg)
	if nt == 0 || nt >= epochs || len(tr.Epochs) != nt || tr.Epochs[nt-1] != epochs || tr.AngleDeg[nt-1] == nil {
		t.Fatalf("trajectory of %d angles at %d epochs (last %v), want fewer than %d ending at %d", nt, len(tr.Epochs), tr.Epochs[max(0, len(tr.Epochs)-1):], epochs, epochs)
	}
	for i := 1; i < nt; i++ {
		if tr.Epochs[i] <= tr.Epochs[i-1] || (tr.Epochs[i] <= 2048 && tr.Epochs[i] != i+1) {
			t.Fatalf("trajectory epochs %d after %d at %d", tr.Epochs[i], tr.Epochs[i-1], i)
		}
	}
	t.Logf("%d frames in %v", len(frames), elapsed)
	_, want := post(t, ts.URL+"/api/compare", body)
	if !bytes.Equal(report, want) {
		t.Errorf("streamed report differs from /api/compare's")
	}
	var rep experiment.CompareReport
	if err := json.Unmarshal(report, &rep); err != nil {
		t.Fatal(err)
	}
	if a := *tr.AngleDeg[nt-1]; *rep.Agreement.AngleDeg-a > 1e-9 || a-*rep.Agreement.AngleDeg > 1e-9 {
		t.Errorf("last trajectory angle %v, report %v", a, *rep.Agreement.AngleDeg)
	}
	if last.AngleDeg == nil || *last.AngleDeg != *rep.Agreement.AngleDeg {
		t.Errorf("last frame's angle %v, report %v", last.AngleDeg, *rep.Agreement.AngleDeg)
	}
}

// A diverging network streams its report (diagnosed) and then the error
// naming learning_rate; /api/compare answers 422 naming it.
func TestStreamDiverged(t *testing.T) {
	ts, _ := newTest(t, DefaultLimits())
	// lr·l2 = 0.5 · 1/(0.001·200) = 2.5 > 2: the penalised steps overshoot
	// until the loss overflows (experiment's divergence scenario).
	body := `{"dataset": "xor", "learning_rate": 0.5, "C": 0.001, "epochs": 500, "batch_size": 60}`
	_, events := stream(t, context.Background(), ts.URL+"/api/stream", body)
	var names []string
	var last event
	for ev := range events {
		names = append(names, ev.name)
		last = ev
	}
	var e FieldError
	if len(names) < 3 || names[len(names)-2] != "report" || last.name != "error" || json.Unmarshal(last.data, &e) != nil || e.Field != "learning_rate" {
		t.Errorf("events %v, last %s, want …, report, error naming learning_rate", names, last.data)
	}
	resp, b := post(t, ts.URL+"/api/compare", body)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"field":"learning_rate"`) {
		t.Errorf("/api/compare: %d %s, want 422 naming learning_rate", resp.StatusCode, b)
	}
}

// waitIdle waits until no run holds a slot or a gate: the comparison has
// returned.
func waitIdle(t *testing.T, s *Server, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		n := len(s.runs)
		s.mu.Unlock()
		if len(s.slots) == 0 && n == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: the run still holds its slot after 5 s", what)
}

// Closing the stream stops the run, training or paused.
func TestStreamCancelStopsRun(t *testing.T) {
	ts, s := newTest(t, DefaultLimits())
	for _, paused := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		url := ts.URL + "/api/stream"
		if paused {
			url += "?paused=1"
		}
		_, events := stream(t, ctx, url, `{"epochs": 100000}`) // minutes of training
		if ev := <-events; ev.name != "setup" {
			t.Fatalf("first event %q", ev.name)
		}
		if ev := <-events; ev.name != "frame" {
			t.Fatalf("second event %q", ev.name)
		}
		if len(s.slots) != 1 {
			t.Fatalf("%d slots held while running", len(s.slots))
		}
		start := time.Now()
		cancel()
		waitIdle(t, s, fmt.Sprintf("paused %v", paused))
		t.Logf("paused %v: stopped %v after the stream closed", paused, time.Since(start))
	}
}

// Pause, one epoch, resume.
func TestStreamPauseStep(t *testing.T) {
	ts, s := newTest(t, DefaultLimits())
	_, events := stream(t, context.Background(), ts.URL+"/api/stream?paused=1", `{"epochs": 5}`)
	var setup Setup
	ev := <-events
	if err := json.Unmarshal(ev.data, &setup); err != nil || ev.name != "setup" {
		t.Fatalf("%s %s", ev.name, ev.data)
	}
	nextFrame := func() int {
		t.Helper()
		select {
		case ev := <-events:
			var f experiment.Frame
			if ev.name != "frame" || json.Unmarshal(ev.data, &f) != nil {
				t.Fatalf("event %s %s, want a frame", ev.name, ev.data)
			}
			return f.Epoch
		case <-time.After(5 * time.Second):
			t.Fatal("no frame")
		}
		return 0
	}
	quiet := func() {
		t.Helper()
		select {
		case ev := <-events:
			t.Fatalf("paused, yet event %s %.80s", ev.name, ev.data)
		case <-time.After(300 * time.Millisecond):
		}
	}
	action := func(a string, want int) {
		t.Helper()
		resp, body := post(t, ts.URL+"/api/runs/"+setup.Run, fmt.Sprintf(`{"action": %q}`, a))
		if resp.StatusCode != want {
			t.Fatalf("%s: %d %s", a, resp.StatusCode, body)
		}
	}
	if e := nextFrame(); e != 1 {
		t.Fatalf("paused start: frame of epoch %d, want 1", e)
	}
	quiet()
	action("step", 204)
	if e := nextFrame(); e != 2 {
		t.Fatalf("step: frame of epoch %d, want 2", e)
	}
	quiet()
	action("jump", 400)
	action("resume", 204)
	var last string
	for ev := range events {
		last = ev.name
	}
	if last != "report" {
		t.Errorf("after resume the stream ended with %q, want report", last)
	}
	waitIdle(t, s, "finished")
	action("pause", 404)
}

// Beyond Limits.Concurrent runs the answer is 429 naming run.
func TestConcurrentRunsBounded(t *testing.T) {
	lim := DefaultLimits()
	lim.Concurrent = 1
	ts, s := newTest(t, lim)
	ctx, cancel := context.WithCancel(context.Background())
	_, events := stream(t, ctx, ts.URL+"/api/stream?paused=1", `{"epochs": 50}`)
	<-events
	resp, body := post(t, ts.URL+"/api/compare", `{}`)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), `"field":"run"`) {
		t.Errorf("second run: %d %s, want 429 naming run", resp.StatusCode, body)
	}
	cancel()
	waitIdle(t, s, "cancelled")
	if resp, body := post(t, ts.URL+"/api/compare", `{"epochs": 3}`); resp.StatusCode != 200 {
		t.Errorf("after the first run stopped: %d %s", resp.StatusCode, body)
	}
}

// A panic in a handler is logged and answered 500 in JSON.
func TestRecoverAnswers500(t *testing.T) {
	t.Parallel()
	var logged bytes.Buffer
	s, err := New("127.0.0.1:80", DefaultLimits(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.log.SetOutput(&logged)
	h := s.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"field":"server"`) || !strings.Contains(logged.String(), "boom") {
		t.Errorf("%d %s; log %q", rec.Code, rec.Body, logged.String())
	}
}

// The page and its modules are embedded and served with the page's hooks.
func TestPageServed(t *testing.T) {
	t.Parallel()
	ts, _ := newTest(t, DefaultLimits())
	for path, want := range map[string]string{"/": `id="verdict"`, "/app.js": "api/stream", "/model.js": "probabilities", "/draw.js": "drawPlane", "/style.css": "#verdict"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d, missing %q", path, resp.StatusCode, want)
		}
	}
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := strings.ToLower(string(b))
	if !strings.Contains(page, `id="plot"`) || strings.Contains(page, `src="http`) || strings.Contains(page, `href="http`) || strings.Contains(page, `src="//`) {
		t.Errorf("page: want id=plot and no external addresses")
	}
}

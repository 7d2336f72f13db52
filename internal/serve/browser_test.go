package serve

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns the path of the Chromium binary, skipping the test when
// there is none, except in CI (CI=true), where a missing browser fails it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (CI=true: .ci/run installs it)")
	}
	t.Skip("chromium is not installed")
	return ""
}

// startReal serves the page on a real loopback listener, as nnlr serve does.
func startReal(t *testing.T) string {
	t.Helper()
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(ln.Addr().String(), DefaultLimits(), nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return "http://" + ln.Addr().String() + "/"
}

// A real browser: the page loads, runs the seed problem by itself and shows
// a verdict and both boundaries; another solver (Adam at learning rate 0.05) gives another verdict. The
// screenshot goes to $NNLR_SCREENSHOT (e.g. docs/serve.png), else into the
// test's temporary folder.
func TestBrowserPage(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	url := startReal(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1380, 1040),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	verdict := func(what string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("verdict")))
		if err != nil {
			t.Fatalf("%s: reading #verdict: %v", what, err)
		}
		return strings.TrimSpace(v)
	}
	boundaries := func(what string) {
		t.Helper()
		models, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#plot .boundary")].map(l => l.dataset.model)`))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !contains(models, "graph") || !contains(models, "baseline") {
			t.Errorf("%s: boundaries drawn %v, want the network's (graph) and the regression's (baseline)", what, models)
		}
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.Poll[chromedp.Void](`document.getElementById("verdict").textContent.trim().length > 0`, chromedp.WithPollingTimeout(time.Minute)),
	)
	if err != nil {
		t.Fatalf("default run: %v", err)
	}
	first := verdict("default run")
	t.Logf("sgd verdict: %s", first)
	boundaries("default run")

	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("solver"), "adam"),
		chromedp.Poll[chromedp.Void](`document.getElementById("solver").dispatchEvent(new Event("change")) || true`),
		chromedp.SetValue(chromedp.ID("learning_rate"), "0.05"), // Adam's input, drawn for the new solver
		chromedp.Click(chromedp.ID("play")),
		chromedp.Poll[chromedp.Void](`(() => { const v = document.getElementById("verdict").textContent.trim(); return v.length > 0 && v !== `+jsString(first)+
			` && location.search.includes("learning_rate=0.05") && document.getElementById("status").textContent.startsWith("done"); })()`,
			chromedp.WithPollingTimeout(time.Minute)),
	)
	if err != nil {
		t.Fatalf("adam run: %v", err)
	}
	second := verdict("adam run")
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("status")))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("adam verdict: %s (%s)", second, status)
	boundaries("adam run")
	if !strings.Contains(status, "done") {
		t.Errorf("status %q, want the finished run", status)
	}
	// The figure downloads: the SVG text and a PNG rendered from it.
	svgLen, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.nnlrFigures.svgText().includes('data-model="baseline"') ? window.nnlrFigures.svgText().length : 0`))
	if err != nil || svgLen < 1000 {
		t.Errorf("figure SVG: %d characters with the regression's line (%v)", svgLen, err)
	}
	pngHead, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`window.nnlrFigures.pngBlob().then(b => b.arrayBuffer()).then(a => Array.from(new Uint8Array(a.slice(0, 8))))`, chromedp.EvalAwaitPromise))
	if err != nil || fmt.Sprint(pngHead) != "[137 80 78 71 13 10 26 10]" {
		t.Errorf("figure PNG starts %v (%v), want the PNG signature", pngHead, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := os.Getenv("NNLR_SCREENSHOT")
	if path == "" {
		path = t.TempDir() + "/serve.png"
	}
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)

	// A remedy button applies its setting and runs again.
	done := func(what, cond string) {
		t.Helper()
		err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`(() => `+cond+` && document.getElementById("status").textContent.startsWith("done"))()`,
			chromedp.WithPollingTimeout(time.Minute)))
		if err != nil {
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("status").textContent + " | " + [...document.querySelectorAll(".err")].map(e => e.textContent).join(" ")`))
			t.Fatalf("%s: %v (page: %s)", what, err, msg)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#remedies button.remedy`))); err != nil {
		t.Fatalf("remedy: %v", err)
	}
	done("remedy", `location.search.includes("init=zeros") || location.search.includes("C=")`)

	// An uploaded CSV file is trained on.
	csv := t.TempDir() + "/pets.csv"
	if err := os.WriteFile(csv, []byte("weight,height,kind\n1,1,cat\n1.5,0.5,cat\n0.5,1.2,cat\n3,3,dog\n2.5,3.5,dog\n3.2,2.4,dog\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("upload"), []string{csv})); err != nil {
		t.Fatalf("upload: %v", err)
	}
	done("upload", `document.getElementById("dataset").value === "__upload" && document.querySelectorAll("#plot circle.point").length === 6 && document.getElementById("plot").textContent.includes("weight")`)

	// Own points: the uploaded ones, plus one clicked onto the plane.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("drawown"))); err != nil {
		t.Fatal(err)
	}
	done("draw own", `location.search.includes("points=")`)
	xy, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById("plot").getBoundingClientRect(); return [r.left + r.width * 0.3, r.top + r.height * 0.7]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(xy[0], xy[1])); err != nil {
		t.Fatal(err)
	}
	done("clicked point", `new URLSearchParams(location.search).get("points").split(";").length === 7 && document.querySelectorAll("#plot circle.point").length === 7`)

	// Three classes (iris, from a shared link): softmax against the
	// multinomial regression, both drawn as class regions, with a verdict.
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"?dataset=iris&epochs=40&solver=adam&learning_rate=0.05&plot_features=petal_length_cm,petal_width_cm")); err != nil {
		t.Fatal(err)
	}
	done("iris", `document.getElementById("verdict").textContent.trim().length > 0`)
	boundaries("iris")
	classes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`new Set([...document.querySelectorAll("#plot circle.point")].map(c => c.getAttribute("fill"))).size`))
	if err != nil || classes != 3 {
		t.Errorf("iris: %d point colours (%v), want 3", classes, err)
	}
	t.Logf("iris verdict: %s", verdict("iris"))
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return `"` + r.Replace(s) + `"`
}

// nnlr serve's page: the controls, the API calls and the live view.
import { probabilities, angleDeg, inPlane } from "./model.js";
import { drawPlane, drawChart, shadingImage, classColors, lineColors } from "./draw.js";

const $ = (id) => document.getElementById(id);
const GRID = 60; // shading cells per side

// Request fields read from text controls, by kind.
const intFields = ["epochs", "batch_size", "seed", "runs", "sag_max_iter", "sag_seed"];
const floatFields = ["clip", "l2", "C", "sag_tol"];
const listFields = ["features", "classes", "plot_features"];
const textFields = ["label", "positive", "init", "dtype", "activation", "solver", "baseline", "output"];

let meta = null;
let run = null;        // {controller, id, paused}
let setup = null;      // the stream's setup event
let report = null;     // the last report
let frame = null;      // the last frame
let curves = null;     // {epochs, loss, angle}
let points = [];       // clicked points [x, y, class]
let upload = null;     // {id, name, info}
let lastBox = [0, 3, 0, 3];

function solverInfo(name) { return meta.solvers.find((s) => s.name === name) || meta.solvers[0]; }

function renderHyper(values) {
  const info = solverInfo($("solver").value);
  const box = $("hyper");
  box.replaceChildren();
  for (const h of info.hyperparameters) {
    const lab = document.createElement("label");
    lab.textContent = `${h.name} ${h.symbol} `;
    lab.title = `${h.range}; default ${h.default}`;
    const inp = document.createElement("input");
    inp.id = h.name; inp.name = h.name; inp.placeholder = String(h.default);
    inp.dataset.hyper = "1";
    if (values && values[h.name] != null) inp.value = values[h.name];
    lab.appendChild(inp);
    box.appendChild(lab);
    const err = document.createElement("span");
    err.className = "err"; err.dataset.for = h.name;
    box.appendChild(err);
  }
}

function fillSelect(sel, values, labels) {
  sel.replaceChildren();
  values.forEach((v, i) => {
    const o = document.createElement("option");
    o.value = v; o.textContent = labels ? labels[i] : v;
    sel.appendChild(o);
  });
}

function tableOf(name) {
  if (name === "__points") return { columns: ["x1", "x2", "y"], label: "y", values: { y: ["0", "1", "2"] } };
  if (name === "__upload") return upload ? upload.info : null;
  return meta.datasets.find((d) => d.name === name);
}

function renderDatasets() {
  const names = meta.datasets.map((d) => d.name), labels = names.slice();
  names.push("__points"); labels.push("my points (click the plane)");
  if (upload) { names.push("__upload"); labels.push(`uploaded: ${upload.name}`); }
  const cur = $("dataset").value;
  fillSelect($("dataset"), names, labels);
  [...$("dataset").options].forEach((o) => { const d = meta.datasets.find((x) => x.name === o.value); if (d) o.title = d.description; });
  if (cur && names.includes(cur)) $("dataset").value = cur;
}

function renderLabel(keep) {
  const t = tableOf($("dataset").value);
  const cols = t ? t.columns : [];
  fillSelect($("label"), [""].concat(cols), [`default (${t ? t.label : "last"})`].concat(cols));
  if (keep && cols.includes(keep)) $("label").value = keep;
  const lab = $("label").value || (t && t.label);
  const vals = t && t.values && t.values[lab];
  $("classes").placeholder = vals && vals.length > 2 ? `all; or two of ${vals.join(", ")}` : "both";
  $("pointsbar").hidden = $("dataset").value !== "__points";
}

// readRequest builds the API request from the controls.
function readRequest() {
  const q = {};
  const ds = $("dataset").value;
  if (ds === "__points") q.points = points;
  else if (ds === "__upload" && upload) q.data = upload.id;
  else if (ds && ds !== "seed") q.dataset = ds;
  for (const f of textFields) { const v = $(f).value.trim(); if (v) q[f] = v; }
  if (q.activation && !$("hidden").value.trim()) delete q.activation;
  if (q.dtype === "float64") delete q.dtype;
  if (q.baseline === "sag") delete q.baseline;
  for (const f of listFields) { const v = $(f).value.trim(); if (v) q[f] = v.split(",").map((s) => s.trim()); }
  const hidden = $("hidden").value.trim();
  if (hidden) q.hidden = hidden.split(",").map((s) => (/^\s*\d+\s*$/.test(s) ? +s : s.trim()));
  else delete q.activation;
  const num = (f, v) => (v === "" ? undefined : isFinite(+v) ? +v : v);
  for (const f of intFields.concat(floatFields)) { const v = num(f, $(f).value.trim()); if (v !== undefined) q[f] = v; }
  if (typeof q.C === "string" && /^\+?inf/i.test(q.C)) delete q.C;
  for (const inp of document.querySelectorAll("[data-hyper]")) {
    const v = num(inp.id, inp.value.trim());
    if (v !== undefined) q[inp.id] = v;
  }
  if ($("standardize").checked) q.standardize = true;
  return q;
}

// URL state: every request field as a query parameter.
function writeURL(q) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (k === "points") p.set(k, v.map((pt) => pt.map((x) => +(+x).toPrecision(5)).join(",")).join(";"));
    else if (k === "data") { p.set(k, v); if (upload) p.set("data_name", upload.name); }
    else p.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  const url = location.pathname + (p.toString() ? "?" + p : "");
  history.replaceState(null, "", url);
  $("share").href = url;
}

function readURL() {
  const p = new URLSearchParams(location.search);
  if (p.has("points")) {
    points = p.get("points").split(";").filter(Boolean).map((s) => s.split(",").map(Number));
    $("dataset").value = "__points";
  } else if (p.has("data")) {
    upload = { id: p.get("data"), name: p.get("data_name") || "upload.csv", info: null };
    renderDatasets();
    $("dataset").value = "__upload";
  } else if (p.has("dataset")) $("dataset").value = p.get("dataset");
  renderLabel(p.get("label"));
  for (const f of textFields.concat(intFields, floatFields, listFields, ["hidden"])) {
    if (p.has(f) && $(f)) $(f).value = p.get(f);
  }
  $("standardize").checked = p.get("standardize") === "true";
  const hv = {};
  for (const h of solverInfo($("solver").value).hyperparameters) if (p.has(h.name)) hv[h.name] = p.get(h.name);
  renderHyper(hv);
  return p.toString() !== "";
}

function clearErrors() {
  document.querySelectorAll(".err").forEach((e) => { e.textContent = ""; });
  document.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
}

function showError(e) {
  const field = e.field || "server";
  let span = document.querySelector(`.err[data-for="${CSS.escape(field)}"]`);
  if (!span) span = document.querySelector('.err[data-for="server"]');
  span.textContent = e.error || String(e);
  const ctl = $(field);
  if (ctl) ctl.classList.add("invalid");
  $("status").textContent = "stopped: " + field + " " + (e.error || "");
}

// ---- running ----

let pending = null; // a scheduled run (schedule)

// schedule runs again shortly, once for a burst of changes.
function schedule() {
  clearTimeout(pending);
  pending = setTimeout(() => startRun(false), 300);
}

function stopRun() {
  if (run) { run.controller.abort(); run = null; }
}

async function startRun(paused) {
  clearTimeout(pending);
  stopRun();
  clearErrors();
  const q = readRequest();
  writeURL(q);
  const controller = new AbortController();
  const me = { controller, id: null, paused: !!paused };
  run = me;
  $("pause").textContent = paused ? "▶ Resume" : "❚❚ Pause";
  $("status").textContent = "starting…";
  let resp;
  try {
    resp = await fetch("/api/stream" + (paused ? "?paused=1" : ""), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(q), signal: controller.signal,
    });
  } catch (err) {
    if (run === me) showError({ field: "server", error: String(err) });
    return;
  }
  if (!resp.ok) {
    let e;
    try { e = await resp.json(); } catch { e = { field: "server", error: resp.statusText }; }
    if (run === me) { showError(e); run = null; drawAll(); }
    return;
  }
  const reader = resp.body.getReader(), dec = new TextDecoder();
  let buf = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let k;
      while ((k = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, k); buf = buf.slice(k + 2);
        let ev = "message", data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) ev = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        if (run !== me) return;
        onEvent(me, ev, JSON.parse(data));
      }
    }
  } catch (err) {
    if (err.name !== "AbortError" && run === me) showError({ field: "server", error: String(err) });
  }
  if (run === me) run = null;
}

function onEvent(me, ev, data) {
  if (ev === "setup") {
    me.id = data.run;
    setup = data; report = null; frame = null;
    curves = { epochs: [], loss: [], angle: [] };
    lastBox = data.plane.box;
    if ($("dataset").value === "__points") points = points.length ? points : data.points;
    $("verdict").textContent = "";
    $("findings").replaceChildren(); $("remedies").replaceChildren();
    drawAll();
    $("status").textContent = me.paused ? "paused" : "training…";
  } else if (ev === "frame") {
    frame = data;
    curves.epochs.push(data.epoch); curves.loss.push(data.loss);
    curves.angle.push(data.angle_deg !== undefined ? data.angle_deg : angleDeg(data.kernel, setup.baseline.coef));
    const a = curves.angle[curves.angle.length - 1];
    $("status").textContent = `epoch ${data.epoch} / ${data.epochs} · loss ${data.loss.toPrecision(4)}` +
      (a != null ? ` · angle ${a.toFixed(2)}°` : "") + (me.paused ? " · paused" : "") +
      (data.epoch === data.epochs ? " · measuring and diagnosing…" : "");
    drawAll();
  } else if (ev === "trajectory") {
    curves.full = data.angle_deg;
    curves.fullEpochs = data.epochs;
  } else if (ev === "report") {
    report = data;
    const a = data.agreement.angle_deg;
    $("status").textContent = `done: ${data.graph.epochs} epochs` + (a != null ? ` · angle ${a.toFixed(2)}°` : "") +
      (data.agreement.grid_agreement != null ? ` · same class on ${(100 * data.agreement.grid_agreement).toFixed(1)} % of the plane` : "");
    showReport(data);
    drawAll();
  } else if (ev === "error") {
    showError(data);
  }
}

async function control(action) {
  if (!run || !run.id) return false;
  const r = await fetch(`/api/runs/${run.id}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ action }) });
  return r.ok;
}

// ---- the report ----

function verdictOf(rep) {
  const d = rep.diagnosis;
  if (d && d.verdict && d.verdict.summary) return d.verdict.summary;
  if (d && d.findings && d.findings.length) return d.findings[0];
  const a = rep.agreement.angle_deg, g = rep.agreement.grid_agreement;
  let s = `After ${rep.graph.epochs} epochs of ${rep.graph.solver} the network's boundary`;
  s += a != null ? ` is ${a.toFixed(2)}° from the regression's` : " differs from the regression's";
  if (g != null) s += `; they predict the same class on ${(100 * g).toFixed(1)} % of the plane`;
  return s + ".";
}

function remedyLabel(r) { return `${r.setting} = ${r.value}`; }

function showReport(rep) {
  $("verdict").textContent = verdictOf(rep);
  const d = rep.diagnosis;
  const ol = $("findings");
  ol.replaceChildren();
  const items = (d && d.items && d.items.length) ? d.items : ((d && d.findings) || []).map((s) => ({ summary: s }));
  for (const it of items) {
    const li = document.createElement("li");
    li.textContent = it.summary + " ";
    for (const r of it.remedies || []) li.appendChild(remedyButton(r));
    ol.appendChild(li);
  }
  const box = $("remedies");
  box.replaceChildren();
  if (d && d.remedies && d.remedies.length) {
    const lab = document.createElement("span");
    lab.textContent = "Remedies: ";
    box.appendChild(lab);
    for (const r of d.remedies) box.appendChild(remedyButton(r));
  }
  const g = rep.graph, b = rep.baseline;
  $("numbers").textContent =
    `network: ${(g.hidden || []).length ? "output kernel" : "kernel"} [${fmtList(g.end_to_end_kernel || g.kernel)}], bias ${fmtList(g.end_to_end_bias ?? g.bias)}, loss ${fmtNum(g.loss)}, accuracy ${fmtNum(g.accuracy)}\n` +
    `regression (${b.solver}): coef [${fmtList(b.coef)}], intercept ${fmtList(b.intercept)}, loss ${fmtNum(b.loss)}, ${b.n_iter} epochs, ${b.converged ? "converged" : "not converged"}`;
}

function fmtNum(v) { return typeof v === "number" ? String(+v.toPrecision(5)) : String(v); }
function fmtList(v) { return v == null ? "" : [].concat(v).flat(2).map(fmtNum).join(", "); }

function remedyButton(r) {
  const btn = document.createElement("button");
  btn.type = "button"; btn.className = "remedy";
  btn.textContent = "apply " + remedyLabel(r);
  btn.title = [r.keras && "Keras: " + r.keras, r.sklearn && "scikit-learn: " + r.sklearn].filter(Boolean).join("\n");
  btn.addEventListener("click", () => { applyRemedy(r); startRun(false); });
  return btn;
}

function applyRemedy(r) {
  const id = { sag_max_iter: "sag_max_iter", sag_tol: "sag_tol" }[r.setting] || r.setting;
  if (id === "standardize") { $("standardize").checked = r.value === "true"; return; }
  if (id === "solver") { $("solver").value = r.value; renderHyper(); return; }
  const ctl = $(id);
  if (ctl) ctl.value = r.value;
}

// ---- drawing ----

function classNames() {
  const c = setup ? setup.data.classes : ["0", "1"];
  if ($("dataset").value === "__points") {
    const k = Math.max(1, ...points.map((p) => p[2])) + 1;
    return Array.from({ length: k }, (_, i) => String(i));
  }
  return c;
}

// regionContours returns the boundaries of the class regions of a
// probability function prob(u, v) → [p_0, …, p_{k−1}] over the plane: the
// p = 0.5 contour for two classes, else the zero level of
// p_c − max_{j ≠ c} p_j for every class c.
function regionContours(prob, cx, cy) {
  const cache = new Map();
  const at = (c, r) => {
    const key = r * (GRID + 1) + c;
    if (!cache.has(key)) cache.set(key, prob(cx(c), cy(r)));
    return cache.get(key);
  };
  const k = at(0, 0).length;
  if (k === 2) return contour((c, r) => at(c, r)[1] - 0.5, cx, cy);
  const segs = [];
  for (let cl = 0; cl < k; cl++) {
    segs.push(...contour((c, r) => {
      const p = at(c, r);
      let m = -Infinity;
      p.forEach((v, j) => { if (j !== cl && v > m) m = v; });
      return p[cl] - m;
    }, cx, cy));
  }
  return segs;
}

// baselineProbabilities returns the regression's class probabilities at x:
// a binary coef (d values) by the sigmoid, a k × d coef by the softmax.
function baselineProbabilities(b, x) {
  const dot = (w, c) => w.reduce((s, v, i) => s + v * x[i], c);
  if (typeof b.coef[0] === "number") {
    const p = 1 / (1 + Math.exp(-dot(b.coef, b.intercept)));
    return [1 - p, p];
  }
  const z = b.coef.map((w, c) => dot(w, [].concat(b.intercept)[c] || 0));
  const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), t = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / t);
}

function drawAll() {
  const view = { box: lastBox, names: setup ? setup.plane.names : ["x1", "x2"], points: [], lines: [], contours: [], classes: classNames() };
  if ($("dataset").value === "__points") view.points = points;
  else if (setup) view.points = setup.points;
  if (setup) {
    const pl = setup.plane;
    const x = pl.held.slice();
    const put = (u, v) => { x[pl.i] = u; if (pl.j >= 0) x[pl.j] = v; return x; };
    const cx = (c) => pl.box[0] + (c / GRID) * (pl.box[1] - pl.box[0]), cy = (r) => pl.box[2] + (r / GRID) * (pl.box[3] - pl.box[2]);
    const solver = report ? report.graph.solver : $("solver").value;
    const layers = frame ? frame.layers : report ? report.graph.layers : null;
    const b = setup.baseline;
    const bname = `regression (${b.solver === "sag" ? "SAG" : b.solver})`;
    const mm = report && report.diagnosis && report.diagnosis.max_margin;
    if (mm && mm.coef) {
      const l = inPlane(mm.coef, mm.intercept, pl);
      view.lines.push({ ...l, color: lineColors.maxMargin, dash: "7 2.5 1.5 2.5", width: 1.5, label: "max-margin boundary", model: "max_margin" });
    }
    if (b.coef && typeof b.coef[0] === "number") {
      const l = inPlane(b.coef, b.intercept, pl);
      view.lines.push({ ...l, color: lineColors.regression, dash: "9 5", label: bname, model: "baseline" });
    } else if (b.coef && Array.isArray(b.coef[0])) {
      view.contours.push({ segs: regionContours((u, v) => baselineProbabilities(b, put(u, v)), cx, cy),
        color: lineColors.regression, dash: "4 3", label: bname + ": class regions", model: "baseline" });
    }
    if (report && report.runs && report.runs.count > 1 && !(report.graph.hidden || []).length) {
      report.runs.runs.slice(1).forEach((r, i) => {
        const l = inPlane(r.kernel, r.bias, pl);
        view.lines.push({ ...l, color: lineColors.networkLight, width: 1.2, label: i === 0 ? `other runs (seeds ${report.runs.runs[1].seed} to ${report.runs.runs[report.runs.count - 1].seed})` : "", model: "run" });
      });
    }
    if (layers) {
      const probs = [];
      for (let r = 0; r < GRID; r++) for (let c = 0; c < GRID; c++) probs.push(probabilities(layers, put(cx(c + 0.5), cy(r + 0.5))));
      view.shading = shadingImage(probs, GRID, GRID);
    }
    const k = frame ? frame.kernel : report ? report.graph.end_to_end_kernel : null;
    const bias = frame ? frame.bias : report ? report.graph.end_to_end_bias : 0;
    if (k && typeof k[0] === "number") {
      const l = inPlane(k, bias, pl);
      view.lines.push({ ...l, color: lineColors.network, label: `network (${solver})`, model: "graph" });
    } else if (layers) {
      const multi = probabilities(layers, put(cx(0), cy(0))).length > 2;
      view.contours.push({ segs: regionContours((u, v) => probabilities(layers, put(u, v)), cx, cy),
        color: lineColors.network, label: multi ? `network class regions (${solver})` : `network p = 0.5 (${solver})`, model: "graph" });
    }
  }
  drawPlane($("plot"), view);
  drawCurves();
}

function drawCurves() {
  const s = [];
  if (curves && curves.epochs.length) {
    let xs = curves.epochs, ys = curves.loss;
    if (report && report.graph.loss_history) { ys = report.graph.loss_history; xs = report.graph.loss_epochs || ys.map((_, i) => i + 1); }
    s.push({ xs, ys, color: lineColors.network, label: "network loss" });
  }
  if (setup && setup.baseline.objective_history) {
    const ys = setup.baseline.objective_history;
    s.push({ xs: setup.baseline.objective_epochs || ys.map((_, i) => i + 1), ys, color: lineColors.regression, dash: "6 4", label: `${setup.baseline.solver === "sag" ? "SAG" : setup.baseline.solver} objective` });
  }
  drawChart($("losschart"), s, { title: "loss / objective per epoch", xlabel: "epoch", logY: true });
  let a = { xs: [], ys: [], color: lineColors.network, label: "angle to SAG (°)" };
  if (curves && curves.full) a = { ...a, xs: curves.fullEpochs || curves.full.map((_, i) => i + 1), ys: curves.full.map((v) => (v == null ? NaN : v)) };
  else if (curves) a = { ...a, xs: curves.epochs, ys: curves.angle.map((v) => (v == null ? NaN : v)) };
  drawChart($("anglechart"), [a], { title: "angle between the boundaries (degrees)", xlabel: "epoch",
    empty: setup ? "no angle: the network's boundary is not one line" : "" });
}

// contour returns the segments [x1, y1, x2, y2] of the zero level of
// f(c, r) over the GRID × GRID cells (marching squares; cx, cy map vertex
// indices to data units).
function contour(f, cx, cy) {
  const v = [];
  for (let r = 0; r <= GRID; r++) for (let c = 0; c <= GRID; c++) v.push(f(c, r));
  const V = (c, r) => v[r * (GRID + 1) + c];
  const segs = [];
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const corners = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
      const pts = [];
      for (let e = 0; e < 4; e++) {
        const [a, b] = [corners[e], corners[(e + 1) % 4]];
        const va = V(a[0], a[1]), vb = V(b[0], b[1]);
        if ((va < 0) !== (vb < 0)) {
          const t = va / (va - vb);
          pts.push([cx(a[0] + t * (b[0] - a[0])), cy(a[1] + t * (b[1] - a[1]))]);
        }
      }
      if (pts.length >= 2) segs.push([...pts[0], ...pts[1]]);
      if (pts.length === 4) segs.push([...pts[2], ...pts[3]]);
    }
  }
  return segs;
}

// ---- points ----

function setupPoints() {
  const svg = $("plot");
  let drag = null;
  const toData = (ev) => {
    const pt = svg.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    const p = pt.matrixTransform(svg.getScreenCTM().inverse());
    const W = +svg.getAttribute("width"), H = +svg.getAttribute("height");
    const m = { l: 56, r: 12, t: 12, b: 44 }, w = W - m.l - m.r, h = H - m.t - m.b, box = lastBox;
    const s = Math.min(w / (box[1] - box[0]), h / (box[3] - box[2]));
    const x0 = m.l + (w - s * (box[1] - box[0])) / 2, y0 = m.t + (h + s * (box[3] - box[2])) / 2;
    return [box[0] + (p.x - x0) / s, box[2] + (y0 - p.y) / s];
  };
  const rerun = schedule;
  svg.addEventListener("pointerdown", (ev) => {
    if ($("dataset").value !== "__points") return;
    const t = ev.target;
    if (t.classList && t.classList.contains("point")) {
      const i = +t.dataset.index;
      if (ev.shiftKey) { points.splice(i, 1); drawAll(); rerun(); return; }
      drag = i; svg.setPointerCapture(ev.pointerId);
      return;
    }
    const [x, y] = toData(ev);
    points.push([+x.toPrecision(4), +y.toPrecision(4), +$("pointclass").value]);
    drawAll(); rerun();
  });
  svg.addEventListener("pointermove", (ev) => {
    if (drag == null) return;
    const [x, y] = toData(ev);
    points[drag] = [+x.toPrecision(4), +y.toPrecision(4), points[drag][2]];
    drawAll();
  });
  svg.addEventListener("pointerup", () => { if (drag != null) { drag = null; rerun(); } });
  $("clearpoints").addEventListener("click", () => { points = []; stopRun(); setup = null; report = null; frame = null; drawAll(); });
  $("drawown").addEventListener("click", () => {
    if (setup && setup.plane.j >= 0) points = setup.points.map((p) => [+p[0].toPrecision(4), +p[1].toPrecision(4), p[2]]);
    $("dataset").value = "__points";
    for (const f of ["label", "features", "classes", "positive", "plot_features"]) $(f).value = "";
    renderLabel();
    startRun(false);
  });
}

// ---- downloads ----

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob); a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function svgText() { return new XMLSerializer().serializeToString($("plot")); }

function setupDownloads() {
  $("dlreport").addEventListener("click", () => {
    if (report) download("nnlr-report.json", new Blob([JSON.stringify(report, null, 2)], { type: "application/json" }));
  });
  $("dlsvg").addEventListener("click", () => download("nnlr-boundary.svg", new Blob([svgText()], { type: "image/svg+xml" })));
  $("dlpng").addEventListener("click", async () => {
    try {
      download("nnlr-boundary.png", await pngBlob());
    } catch (err) {
      showError({ field: "server", error: "PNG: " + err });
    }
  });
}

// pngBlob renders the plot's SVG at twice its size into a PNG.
function pngBlob() {
  const svg = $("plot"), W = +svg.getAttribute("width"), H = +svg.getAttribute("height");
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onerror = () => reject(new Error("the SVG did not load as an image"));
    img.onload = () => {
      const c = document.createElement("canvas");
      c.width = 2 * W; c.height = 2 * H;
      const ctx = c.getContext("2d");
      ctx.scale(2, 2); ctx.drawImage(img, 0, 0);
      c.toBlob((b) => (b ? resolve(b) : reject(new Error("the canvas gave no PNG"))), "image/png");
    };
    img.src = URL.createObjectURL(new Blob([svgText()], { type: "image/svg+xml" }));
  });
}

// For the browser test: the figure downloads' contents.
window.nnlrFigures = { svgText, pngBlob };

// ---- start ----

async function main() {
  meta = await (await fetch("/api/meta")).json();
  const d = meta.defaults;
  fillSelect($("solver"), meta.solvers.map((s) => s.name));
  [...$("solver").options].forEach((o) => { const s = solverInfo(o.value); o.title = (s.keras ? `Keras ${s.keras}\n` : "") + s.rule.join("\n"); });
  fillSelect($("activation"), meta.activations);
  renderDatasets();
  $("dataset").value = d.dataset; $("solver").value = d.solver; $("activation").value = d.activation;
  for (const f of ["epochs", "batch_size", "seed", "runs", "sag_max_iter", "sag_seed"]) $(f).value = d[f];
  $("sag_tol").value = d.sag_tol;
  readURL();
  renderLabel($("label").value);
  $("solver").addEventListener("change", () => { renderHyper(); });
  $("dataset").addEventListener("change", () => {
    for (const f of ["label", "features", "classes", "positive", "plot_features"]) $(f).value = "";
    renderLabel(); startRun(false);
  });
  $("label").addEventListener("change", () => renderLabel($("label").value));
  $("upload").addEventListener("change", async () => {
    const file = $("upload").files[0];
    if (!file) return;
    clearErrors();
    const r = await fetch("/api/data?name=" + encodeURIComponent(file.name), { method: "POST", headers: { "Content-Type": "text/csv" }, body: file });
    const body = await r.json();
    if (!r.ok) { showError(body); return; }
    upload = { id: body.id, name: body.name, info: body };
    renderDatasets();
    $("dataset").value = "__upload";
    for (const f of ["label", "features", "classes", "positive", "plot_features"]) $(f).value = "";
    renderLabel();
    startRun(false);
  });
  $("play").addEventListener("click", () => startRun(false));
  $("pause").addEventListener("click", async () => {
    if (!run) return;
    const action = run.paused ? "resume" : "pause";
    if (await control(action)) { run.paused = !run.paused; $("pause").textContent = run.paused ? "▶ Resume" : "❚❚ Pause"; }
  });
  $("step").addEventListener("click", async () => {
    if (run && run.id) { run.paused = true; $("pause").textContent = "▶ Resume"; await control("step"); return; }
    await startRun(true);
  });
  $("reset").addEventListener("click", () => {
    stopRun(); setup = null; report = null; frame = null; curves = null;
    $("verdict").textContent = ""; $("findings").replaceChildren(); $("remedies").replaceChildren(); $("numbers").textContent = "";
    $("status").textContent = "reset"; clearErrors(); drawAll();
  });
  // Any changed setting runs again (a text field when it loses focus or
  // on Enter); the data set and the upload have their own handlers.
  $("controls").addEventListener("change", (ev) => {
    if (!["upload", "dataset", "pointclass"].includes(ev.target.id)) schedule();
  });
  $("controls").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target.tagName === "INPUT" && ev.target.type !== "file") startRun(false);
  });
  setupPoints();
  setupDownloads();
  window.addEventListener("pagehide", stopRun);
  drawAll();
  startRun(false);
}

main().catch((err) => showError({ field: "server", error: String(err) }));

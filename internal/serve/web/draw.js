// SVG drawing: the plane with points, shading and boundaries, and the
// curves. Everything is drawn with attributes (no style sheet) so that a
// downloaded SVG looks the same.

const NS = "http://www.w3.org/2000/svg";
// classColors are the CLI figures' class colours (nnlr/internal/plot's
// ClassColors, Okabe–Ito): class 0 blue, class 1 orange, then green,
// vermilion, reddish purple, sky blue, yellow, black.
export const classColors = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442", "#000000"];
// lineColors are the CLI figures' model colours (internal/plot): the
// network vermilion, the regression blue, the max-margin boundary black.
export const lineColors = { network: "#d55e00", networkLight: "rgba(213, 94, 0, 0.43)", regression: "#0072b2", maxMargin: "#000000" };

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function text(parent, x, y, s, attrs) {
  const t = el("text", { x, y, "font-size": 12, "font-family": "sans-serif", fill: "#222", ...attrs }, parent);
  t.textContent = s;
  return t;
}

function niceTicks(lo, hi, n) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= n) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function fmt(v) {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(+v.toPrecision(4));
}

// Frame maps the box [xmin, xmax, ymin, ymax] onto the SVG with equal
// units on both axes.
export class PlaneFrame {
  constructor(box, width, height) {
    this.box = box;
    const m = { l: 56, r: 12, t: 12, b: 44 };
    const w = width - m.l - m.r, h = height - m.t - m.b;
    const sx = w / (box[1] - box[0]), sy = h / (box[3] - box[2] || 1);
    this.s = Math.min(sx, sy);
    this.x0 = m.l + (w - this.s * (box[1] - box[0])) / 2;
    this.y0 = m.t + (h + this.s * (box[3] - box[2])) / 2;
    this.w = this.s * (box[1] - box[0]);
    this.h = this.s * (box[3] - box[2]);
  }
  px(x) { return this.x0 + (x - this.box[0]) * this.s; }
  py(y) { return this.y0 - (y - this.box[2]) * this.s; }
  ux(px) { return this.box[0] + (px - this.x0) / this.s; }
  uy(py) { return this.box[2] + (this.y0 - py) / this.s; }
}

// clipLine returns the segment of normal·(x, y) + offset = 0 inside the box,
// or null.
export function clipLine(normal, offset, box) {
  const [a, b] = normal, [x0, x1, y0, y1] = box;
  const pts = [];
  const add = (x, y) => {
    if (x >= x0 - 1e-9 && x <= x1 + 1e-9 && y >= y0 - 1e-9 && y <= y1 + 1e-9 &&
      !pts.some((p) => Math.abs(p[0] - x) < 1e-9 && Math.abs(p[1] - y) < 1e-9)) pts.push([x, y]);
  };
  if (b !== 0) { add(x0, -(a * x0 + offset) / b); add(x1, -(a * x1 + offset) / b); }
  if (a !== 0) { add(-(b * y0 + offset) / a, y0); add(-(b * y1 + offset) / a, y1); }
  return pts.length >= 2 ? [pts[0], pts[1]] : null;
}

function hexRGB(h) { return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)); }

// shadingImage paints per-cell class probabilities (cols × rows, row 0 at
// the bottom) as an image: a binary model's P(y = 1) from class 0's colour
// to class 1's, several classes as the winning class's colour.
export function shadingImage(probs, cols, rows) {
  const c = document.createElement("canvas");
  c.width = cols; c.height = rows;
  const ctx = c.getContext("2d"), img = ctx.createImageData(cols, rows);
  const rgb = classColors.map(hexRGB);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const p = probs[r * cols + q];
      let col, strength;
      if (p.length === 2) {
        const t = p[1];
        col = t >= 0.5 ? rgb[1] : rgb[0];
        strength = Math.abs(t - 0.5) * 2;
      } else {
        let k = 0;
        p.forEach((v, i) => { if (v > p[k]) k = i; });
        col = rgb[k % rgb.length];
        strength = p[k];
      }
      const o = ((rows - 1 - r) * cols + q) * 4, a = 0.08 + 0.27 * strength;
      img.data[o] = col[0]; img.data[o + 1] = col[1]; img.data[o + 2] = col[2]; img.data[o + 3] = Math.round(255 * a);
    }
  }
  ctx.putImageData(img, 0, 0);
  return c.toDataURL("image/png");
}

// drawPlane draws the plane: shading, axes, boundaries, points, legend.
// view: {box, names, points [[x, y, class]], classes, shading (data URL),
// lines [{normal, offset, color, dash, width, label}], title}.
export function drawPlane(svg, view) {
  svg.replaceChildren();
  const W = +svg.getAttribute("width"), H = +svg.getAttribute("height");
  el("rect", { x: 0, y: 0, width: W, height: H, fill: "#fff" }, svg);
  if (!view || !view.box) return null;
  const f = new PlaneFrame(view.box, W, H);
  const clipId = "clip-" + svg.id;
  const defs = el("defs", {}, svg);
  const cp = el("clipPath", { id: clipId }, defs);
  el("rect", { x: f.x0, y: f.y0 - f.h, width: f.w, height: f.h }, cp);
  if (view.shading) {
    el("image", { href: view.shading, x: f.x0, y: f.y0 - f.h, width: f.w, height: f.h, preserveAspectRatio: "none",
      style: "image-rendering:pixelated" }, svg);
  }
  el("rect", { x: f.x0, y: f.y0 - f.h, width: f.w, height: f.h, fill: "none", stroke: "#555" }, svg);
  for (const t of niceTicks(view.box[0], view.box[1], 6)) {
    el("line", { x1: f.px(t), x2: f.px(t), y1: f.y0, y2: f.y0 + 5, stroke: "#555" }, svg);
    text(svg, f.px(t), f.y0 + 18, fmt(t), { "text-anchor": "middle" });
  }
  for (const t of niceTicks(view.box[2], view.box[3], 6)) {
    el("line", { x1: f.x0 - 5, x2: f.x0, y1: f.py(t), y2: f.py(t), stroke: "#555" }, svg);
    text(svg, f.x0 - 8, f.py(t) + 4, fmt(t), { "text-anchor": "end" });
  }
  text(svg, f.x0 + f.w / 2, f.y0 + 36, view.names[0], { "text-anchor": "middle", "font-size": 13 });
  text(svg, 14, f.y0 - f.h / 2, view.names[1] || "", { "text-anchor": "middle", "font-size": 13,
    transform: `rotate(-90 14 ${f.y0 - f.h / 2})` });
  const g = el("g", { "clip-path": `url(#${clipId})` }, svg);
  for (const ln of view.lines || []) {
    const seg = clipLine(ln.normal, ln.offset, view.box);
    if (!seg) continue;
    el("line", { x1: f.px(seg[0][0]), y1: f.py(seg[0][1]), x2: f.px(seg[1][0]), y2: f.py(seg[1][1]),
      stroke: ln.color, "stroke-width": ln.width || 2.5, "stroke-dasharray": ln.dash || "none",
      class: "boundary", "data-model": ln.model || "" }, g);
  }
  for (const ct of view.contours || []) {
    if (!ct.segs.length) continue;
    const d = ct.segs.map((q) => `M${f.px(q[0]).toFixed(1)},${f.py(q[1]).toFixed(1)}L${f.px(q[2]).toFixed(1)},${f.py(q[3]).toFixed(1)}`).join("");
    el("path", { d, fill: "none", stroke: ct.color, "stroke-width": ct.width || 2.5, "stroke-dasharray": ct.dash || "none",
      "stroke-linecap": "round", class: "boundary", "data-model": ct.model }, g);
  }
  const r = view.points.length > 200 ? 3 : view.points.length > 50 ? 4.5 : 7;
  view.points.forEach((p, idx) => {
    el("circle", { cx: f.px(p[0]), cy: f.py(p[1]), r, fill: classColors[p[2] % classColors.length],
      stroke: "#fff", "stroke-width": 1.2, "data-index": idx, class: "point" }, g);
  });
  // Legend: the lines, then the classes.
  const items = (view.lines || []).filter((l) => l.label).map((l) => ({ kind: "line", ...l }));
  for (const ct of view.contours || []) if (ct.label && ct.segs.length) items.push({ kind: "line", ...ct });
  (view.classes || []).forEach((c, k) => items.push({ kind: "point", label: `class ${c}`, color: classColors[k % classColors.length] }));
  const lw = 230, lh = 18 * items.length + 8;
  // The legend goes into the corner that covers the fewest points and
  // boundary pixels.
  const corners = [[f.x0 + 8, f.y0 - f.h + 8], [f.x0 + f.w - lw - 8, f.y0 - f.h + 8], [f.x0 + f.w - lw - 8, f.y0 - lh - 8], [f.x0 + 8, f.y0 - lh - 8]];
  const inside = (x, y, c) => x >= c[0] - 4 && x <= c[0] + lw + 4 && y >= c[1] - 4 && y <= c[1] + lh + 4;
  let best = corners[0], bestScore = Infinity;
  for (const c of corners) {
    let score = 0;
    for (const p of view.points) if (inside(f.px(p[0]), f.py(p[1]), c)) score += 10;
    for (const ct of view.contours || []) {
      for (const q of ct.segs) if (inside(f.px(q[0]), f.py(q[1]), c)) score += 1;
    }
    for (const ln of view.lines || []) {
      const seg = clipLine(ln.normal, ln.offset, view.box);
      if (!seg) continue;
      for (let k = 0; k <= 40; k++) {
        const x = seg[0][0] + ((seg[1][0] - seg[0][0]) * k) / 40, y = seg[0][1] + ((seg[1][1] - seg[0][1]) * k) / 40;
        if (inside(f.px(x), f.py(y), c)) score += 1;
      }
    }
    if (score < bestScore) { bestScore = score; best = c; }
  }
  const [lx, ly] = best;
  if (items.length) {
    el("rect", { x: lx, y: ly, width: lw, height: lh, fill: "#fff", "fill-opacity": 0.85, stroke: "#bbb", rx: 4 }, svg);
    items.forEach((it, i) => {
      const y = ly + 16 + 18 * i;
      if (it.kind === "line") {
        el("line", { x1: lx + 8, x2: lx + 38, y1: y - 4, y2: y - 4, stroke: it.color, "stroke-width": it.width || 2.5, "stroke-dasharray": it.dash || "none" }, svg);
      } else {
        el("circle", { cx: lx + 23, cy: y - 4, r: 5, fill: it.color }, svg);
      }
      text(svg, lx + 46, y, it.label);
    });
  }
  return f;
}

// drawChart draws curves: series [{xs, ys, color, label, dash}], options
// {title, xlabel, logY}.
export function drawChart(svg, series, opt) {
  svg.replaceChildren();
  const W = +svg.getAttribute("width"), H = +svg.getAttribute("height");
  el("rect", { x: 0, y: 0, width: W, height: H, fill: "#fff" }, svg);
  const m = { l: 52, r: 10, t: 22, b: 32 };
  text(svg, W / 2, 15, opt.title, { "text-anchor": "middle", "font-size": 13, "font-weight": "bold" });
  const pts = series.flatMap((s) => s.xs.map((x, i) => [x, s.ys[i]])).filter(([x, y]) => isFinite(x) && isFinite(y) && (!opt.logY || y > 0));
  if (!pts.length) {
    if (opt.empty) text(svg, W / 2, H / 2, opt.empty, { "text-anchor": "middle", "font-size": 11, fill: "#777" });
    return;
  }
  let [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  let ys = pts.map((p) => (opt.logY ? Math.log10(p[1]) : p[1]));
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 - y0 < 1e-12) { y0 -= 0.5; y1 += 0.5; }
  const X = (x) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const Y = (y) => H - m.b - (((opt.logY ? Math.log10(y) : y) - y0) / (y1 - y0)) * (H - m.t - m.b);
  el("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: "none", stroke: "#999" }, svg);
  for (const t of niceTicks(x0, x1, 5)) text(svg, X(t), H - m.b + 14, fmt(t), { "text-anchor": "middle", "font-size": 10 });
  let yt = niceTicks(y0, y1, 4);
  if (opt.logY) {
    yt = [];
    for (let k = Math.ceil(y0 - 1e-9); k <= y1 + 1e-9; k++) yt.push(k);
    if (yt.length < 2) yt = [2, 5, 20, 50].map((m) => Math.log10(m) + Math.floor(y0)).filter((v) => v >= y0 && v <= y1).concat(yt);
  }
  for (const t of yt) {
    const v = opt.logY ? Math.pow(10, t) : t;
    text(svg, m.l - 4, Y(v) + 3, fmt(v), { "text-anchor": "end", "font-size": 10 });
  }
  text(svg, W / 2, H - 4, opt.xlabel, { "text-anchor": "middle", "font-size": 11 });
  series.forEach((s, k) => {
    const d = s.xs.map((x, i) => [x, s.ys[i]]).filter(([x, y]) => isFinite(y) && (!opt.logY || y > 0))
      .map(([x, y], i) => `${i ? "L" : "M"}${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join("");
    if (d) el("path", { d, fill: "none", stroke: s.color, "stroke-width": 2, "stroke-dasharray": s.dash || "none" }, svg);
    el("line", { x1: W - m.r - 120, x2: W - m.r - 100, y1: m.t + 12 + 14 * k, y2: m.t + 12 + 14 * k, stroke: s.color, "stroke-width": 2, "stroke-dasharray": s.dash || "none" }, svg);
    text(svg, W - m.r - 96, m.t + 16 + 14 * k, s.label, { "font-size": 10 });
  });
}

// The network's forward pass on the page, from the layers a frame carries
// (graph.Model.Layers: kernel in × units, bias per unit, input side first).

const acts = {
  relu: (v) => Math.max(0, v),
  tanh: Math.tanh,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  linear: (v) => v,
};

// logits returns the output layer's pre-activations for one input x.
export function logits(layers, x) {
  let h = x;
  for (let l = 0; l < layers.length; l++) {
    const { kernel, bias, activation } = layers[l];
    const out = bias.slice();
    for (let i = 0; i < kernel.length; i++) {
      const hi = h[i], row = kernel[i];
      for (let j = 0; j < out.length; j++) out[j] += hi * row[j];
    }
    if (l < layers.length - 1) {
      const f = acts[activation] || acts.linear;
      for (let j = 0; j < out.length; j++) out[j] = f(out[j]);
    }
    h = out;
  }
  return h;
}

// probabilities returns P(class k | x) for every class: [1 − p, p] for a
// sigmoid output, the softmax of the logits otherwise.
export function probabilities(layers, x) {
  const z = logits(layers, x);
  if (z.length === 1) {
    const p = 1 / (1 + Math.exp(-z[0]));
    return [1 - p, p];
  }
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

// angleDeg is the angle between two normals, degrees (0 parallel, 180
// opposite), or null when one is zero or missing.
export function angleDeg(a, b) {
  if (!a || !b || a.length !== b.length || typeof b[0] !== "number") return null;
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  if (na === 0 || nb === 0) return null;
  const c = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
  return (Math.acos(c) * 180) / Math.PI;
}

// inPlane returns the line normal·(x, y) + offset = 0 of the boundary
// w·x + b = 0 in the plane of features i and j, the others held.
export function inPlane(w, b, plane) {
  const normal = [w[plane.i], plane.j >= 0 ? w[plane.j] : 0];
  let offset = b;
  w.forEach((v, k) => { if (k !== plane.i && k !== plane.j) offset += v * plane.held[k]; });
  return { normal, offset };
}

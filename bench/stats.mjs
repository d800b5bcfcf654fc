// Small helpers shared by the bench sections: quantiles and byte/ms formatting.

/** Linear-interpolated quantile of an ascending array. */
export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** { n, median, p10, p90, min, max } of the samples. */
export function summary(samples) {
  const s = samples.slice().sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p10: quantile(s, 0.1), p90: quantile(s, 0.9), min: s[0], max: s[s.length - 1] };
}

export const fmtMs = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
export const fmtB = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const fmtRatio = (x, d = 2) => (Number.isFinite(x) ? `${x.toFixed(d)}×` : 'n/a');

/** "median (p10–p90)" in ms. */
export const spread = (s, d = 1) => `${fmtMs(s.median, d)} (${fmtMs(s.p10, d)}–${fmtMs(s.p90, d)})`;

/** Mean, standard deviation (population), L2 norm and a 20-bin histogram of a flat array, in float64. */
export function summarize(
  values: ArrayLike<number>,
  bins = 20,
): { mean: number; std: number; norm: number; histogram: { edges: number[]; counts: number[] } } {
  const n = values.length;
  let sum = 0;
  let sq = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    sum += v;
    sq += v * v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const mean = n ? sum / n : 0;
  const std = n ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : 0;
  if (!n) return { mean, std, norm: 0, histogram: { edges: [], counts: [] } };
  if (hi === lo) hi = lo + 1e-12;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((((values[i] as number) - lo) / (hi - lo)) * bins))]! += 1;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  return { mean, std, norm: Math.sqrt(sq), histogram: { edges, counts } };
}

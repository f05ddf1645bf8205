/** One bar: the bin [start, end), its count, and the group and facet it belongs to. */
export interface HistogramBin {
  start: number;
  end: number;
  count: number;
  color?: string | number;
  facet?: string | number;
}

/**
 * Counts `values` into `bins` equal bins over [lo, hi] (the last bin closed), per colour and facet group.
 *
 * @example
 * binCounts([0, 0.1, 0.6, 1], 2, [0, 1]) // [{ start: 0, end: 0.5, count: 2 }, { start: 0.5, end: 1, count: 2 }]
 */
export function binCounts(
  values: ArrayLike<number>,
  bins: number,
  [lo, hi]: [number, number],
  color?: (string | number)[],
  facet?: (string | number)[],
): HistogramBin[] {
  if (hi <= lo) [lo, hi] = [lo - 0.5, hi + 0.5]; // all values equal: one bar of width 1 around them
  const width = (hi - lo) / bins;
  const groups = new Map<string, { color?: string | number; facet?: string | number; counts: number[] }>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    const key = `${color?.[i]}\u0000${facet?.[i]}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { ...(color ? { color: color[i]! } : {}), ...(facet ? { facet: facet[i]! } : {}), counts: new Array(bins).fill(0) }),
      );
    g.counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  const out: HistogramBin[] = [];
  for (const { counts, ...group } of groups.values()) {
    counts.forEach((count, b) => out.push({ start: lo + b * width, end: b === bins - 1 ? hi : lo + (b + 1) * width, count, ...group }));
  }
  return out;
}

/**
 * Float64 arithmetic on the small square matrices of an iterated function system (d ≤ 3), in plain arrays.
 * Internal: the public functions check their arguments before they get here.
 */

/** Determinant and inverse by Gauss–Jordan elimination with partial pivoting; `inverse` is null when det = 0. */
export function invert(matrix: readonly (readonly number[])[]): { det: number; inverse: number[][] | null } {
  const d = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))]); // [d][2d]
  let det = 1;
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let row = col + 1; row < d; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (a[pivot]![col] === 0) return { det: 0, inverse: null };
    if (pivot !== col) {
      [a[pivot], a[col]] = [a[col]!, a[pivot]!];
      det = -det;
    }
    const p = a[col]![col]!;
    det *= p;
    const pivotRow = a[col]!.map((v) => v / p);
    a[col] = pivotRow;
    for (let row = 0; row < d; row++) {
      if (row === col) continue;
      const f = a[row]![col]!;
      if (f !== 0) a[row] = a[row]!.map((v, j) => v - f * pivotRow[j]!);
    }
  }
  return { det, inverse: a.map((row) => row.slice(d)) };
}

/** matrix · v (+ offset). */
export function apply(matrix: readonly (readonly number[])[], v: ArrayLike<number>, offset?: readonly number[]): number[] {
  return matrix.map((row, i) => {
    let s = offset ? offset[i]! : 0;
    for (let j = 0; j < row.length; j++) s += row[j]! * v[j]!;
    return s;
  });
}

/** Product a · b of an [m][k] and a [k][n] matrix. */
export function multiply(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const n = b[0]?.length ?? 0;
  return a.map((row) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < row.length; k++) s += row[k]! * b[k]![j]!;
      return s;
    }),
  );
}

/** The ∞-norm (largest row sum of absolute values), the contraction factor in the max-distance. */
export function infinityNorm(matrix: readonly (readonly number[])[]): number {
  return Math.max(...matrix.map((row) => row.reduce((s, v) => s + Math.abs(v), 0)));
}

/**
 * Orthonormalises the columns of a `rows × cols` matrix (rows >= cols) stored column by column, in place, in float64:
 * the Q of the QR decomposition whose R has a positive diagonal. That is the factor torch.nn.init.orthogonal_ gets
 * from LAPACK's Householder QR after multiplying by sign(diag(R)), so for a Gaussian input the result is
 * Haar-distributed.
 *
 * Modified Gram–Schmidt, run over blocks of 16 columns so that each earlier column is read once per block (the
 * arithmetic is MGS's, in the same order). A column that loses more than three digits of its norm to the projections
 * is projected a second time ("twice is enough"), which keeps QᵀQ = I to ~1e-13 even for nearly dependent columns.
 * About 2·rows·cols² flops: 0.05 s for 512 × 256, 2 s for 1024 × 1024.
 */
export function orthonormalColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  const BLOCK = 16;
  for (let j0 = 0; j0 < cols; j0 += BLOCK) {
    const j1 = Math.min(cols, j0 + BLOCK);
    const before = Array.from({ length: j1 - j0 }, (_, j) => squaredNorm(a, rows, (j0 + j) * rows));
    for (let i = 0; i < j0; i++) for (let j = j0; j < j1; j++) project(a, rows, i * rows, j * rows);
    for (let j = j0; j < j1; j++) {
      for (let i = j0; i < j; i++) project(a, rows, i * rows, j * rows);
      let norm = squaredNorm(a, rows, j * rows);
      if (norm < 1e-6 * (before[j - j0] as number)) {
        for (let i = 0; i < j; i++) project(a, rows, i * rows, j * rows);
        norm = squaredNorm(a, rows, j * rows);
      }
      if (!(norm > 0)) throw new Error(`orthonormalColumns: column ${j} depends linearly on the previous ones`);
      const scale = 1 / Math.sqrt(norm);
      for (let k = j * rows; k < (j + 1) * rows; k++) a[k] = (a[k] as number) * scale;
    }
  }
  return a;
}

/** v ← v − (q·v) q for the columns starting at offsets q and v (q of unit norm). */
function project(a: Float64Array, rows: number, q: number, v: number): void {
  let r0 = 0;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let k = 0;
  for (; k + 3 < rows; k += 4) {
    // four partial sums break the add chain's latency
    r0 += (a[q + k] as number) * (a[v + k] as number);
    r1 += (a[q + k + 1] as number) * (a[v + k + 1] as number);
    r2 += (a[q + k + 2] as number) * (a[v + k + 2] as number);
    r3 += (a[q + k + 3] as number) * (a[v + k + 3] as number);
  }
  for (; k < rows; k++) r0 += (a[q + k] as number) * (a[v + k] as number);
  const r = r0 + r1 + r2 + r3;
  for (k = 0; k < rows; k++) a[v + k] = (a[v + k] as number) - r * (a[q + k] as number);
}

function squaredNorm(a: Float64Array, rows: number, v: number): number {
  let s = 0;
  for (let k = v; k < v + rows; k++) s += (a[k] as number) ** 2;
  return s;
}

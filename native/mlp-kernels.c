// Kernels of depthlab's fused MLP training step (lib/train/fused/), compiled to WebAssembly with SIMD128.
// Freestanding C: no libc, no allocator; the caller lays buffers out in linear memory and passes their addresses.
// Every matrix is row-major float32. Build: `npm run build:wasm` (native/build-wasm.mjs, clang 14 + wasm-ld); one
// build runs on a shared memory, where gemm_part splits a product between threads (lib/threads/).
// The arithmetic follows PyTorch's definitions (nn.Linear, nn.BatchNorm1d, torch.optim.SGD / Adam); the
// TypeScript side checks the results against the tfjs layers and against PyTorch fixtures.

#include <wasm_simd128.h>

#include "kernels.h"

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

// ---------------------------------------------------------------------------------------------------------------
// Matrix product: C[M×N] = A[M×K]·B[K×N] (+ bias[N] on every row) (+ the old C when acc ≠ 0).
// Tiles of R ≤ 4 rows × 4·V columns kept in registers; k runs in order, so results do not depend on the tiling
// of other rows. Columns past the last multiple of 4 take a scalar loop with the same order of additions.
// With TA = 1, A is stored transposed ([K×M], rows lda apart): the same products in the same order as after a
// transpose, without it.

#define A_RK(r, k) (TA ? A[(k) * lda + (r)] : A[(r) * lda + (k)])

INLINE void tile(const int R, const int V, const int TA, int K, const float *A, int lda, const float *B, int ldb,
                 float *C, int ldc, const float *bias, int acc) {
  v128_t c[4][2];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++)
      c[r][v] = acc ? wasm_v128_load(C + r * ldc + 4 * v) : bias ? wasm_v128_load(bias + 4 * v) : wasm_f32x4_splat(0.0f);
  for (int k = 0; k < K; k++) {
    v128_t b[2];
    for (int v = 0; v < V; v++) b[v] = wasm_v128_load(B + k * ldb + 4 * v);
    for (int r = 0; r < R; r++) {
      v128_t a = wasm_f32x4_splat(A_RK(r, k));
      for (int v = 0; v < V; v++) c[r][v] = wasm_f32x4_add(c[r][v], wasm_f32x4_mul(a, b[v]));
    }
  }
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) wasm_v128_store(C + r * ldc + 4 * v, c[r][v]);
}

INLINE void row_block(const int R, const int TA, int N, int K, const float *A, int lda, const float *B, int ldb,
                      float *C, int ldc, const float *bias, int acc) {
  int j = 0;
  for (; j + 8 <= N; j += 8) tile(R, 2, TA, K, A, lda, B + j, ldb, C + j, ldc, bias ? bias + j : 0, acc);
  for (; j + 4 <= N; j += 4) tile(R, 1, TA, K, A, lda, B + j, ldb, C + j, ldc, bias ? bias + j : 0, acc);
  for (; j < N; j++)
    for (int r = 0; r < R; r++) {
      float s = acc ? C[r * ldc + j] : bias ? bias[j] : 0.0f;
      for (int k = 0; k < K; k++) s += A_RK(r, k) * B[k * ldb + j];
      C[r * ldc + j] = s;
    }
}

INLINE void rows(const int TA, int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc,
                 const float *bias, int acc) {
  int i = 0;
  for (; i + 4 <= M; i += 4) row_block(4, TA, N, K, TA ? A + i : A + i * lda, lda, B, ldb, C + i * ldc, ldc, bias, acc);
  const float *a = TA ? A + i : A + i * lda;
  switch (M - i) {
    case 3: row_block(3, TA, N, K, a, lda, B, ldb, C + i * ldc, ldc, bias, acc); break;
    case 2: row_block(2, TA, N, K, a, lda, B, ldb, C + i * ldc, ldc, bias, acc); break;
    case 1: row_block(1, TA, N, K, a, lda, B, ldb, C + i * ldc, ldc, bias, acc); break;
    default: break;
  }
}

void gemm_strided(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc,
                  const float *bias, int acc) {
  rows(0, M, N, K, A, lda, B, ldb, C, ldc, bias, acc);
}

EXPORT(gemm)
void gemm(int M, int N, int K, const float *A, const float *B, float *C, const float *bias, int acc) {
  gemm_strided(M, N, K, A, K, B, N, C, N, bias, acc);
}

Band band(int n, int unit, int part, int parts) {
  const long long units = (n + unit - 1) / unit;
  const int lo = (int)(units * part / parts) * unit, hi = (int)(units * (part + 1) / parts) * unit;
  return (Band){lo < n ? lo : n, hi < n ? hi : n};
}

// Part `part` of `parts` of gemm's product: a band of C's rows (cut at multiples of 4, the tiles' height) when every
// part gets at least 4, else a band of columns (multiples of 8, a tile's width) when every part gets at least 8,
// else all of C for part 0. Each element is summed as gemm sums it, so the parts together equal gemm bit for bit.
INLINE void product_part(const int TA, int M, int N, int K, const float *A, const float *B, float *C, const float *bias,
                         int acc, int part, int parts) {
  Band r = {0, M}, c = {0, N};
  if (M >= 4 * parts) r = band(M, 4, part, parts);
  else if (N >= 8 * parts) c = band(N, 8, part, parts);
  else if (part > 0) return;
  if (r.hi <= r.lo || c.hi <= c.lo) return;
  const int lda = TA ? M : K;
  rows(TA, r.hi - r.lo, c.hi - c.lo, K, TA ? A + r.lo : A + r.lo * K, lda, B + c.lo, N, C + r.lo * N + c.lo, N,
       bias ? bias + c.lo : 0, acc);
}

EXPORT(gemm_part)
void gemm_part(int M, int N, int K, const float *A, const float *B, float *C, const float *bias, int acc, int part,
               int parts) {
  product_part(0, M, N, K, A, B, C, bias, acc, part, parts);
}

// C[M×N] = Aᵀ·B (+ the old C when acc ≠ 0) for A stored as [K×M]: the weight gradient xᵀ·dz without transposing x.
// Part `part` of `parts`, cut as gemm_part cuts.
EXPORT(gemm_tn_part)
void gemm_tn_part(int M, int N, int K, const float *A, const float *B, float *C, int acc, int part, int parts) {
  product_part(1, M, N, K, A, B, C, 0, acc, part, parts);
}

// AT[N×M] = transpose of A[M×N], in blocks of 8×8 for the cache: AT's rows j0 … j1−1.
INLINE void transpose_rows(int M, int N, int j0, int j1, const float *A, float *AT) {
  for (int ib = 0; ib < M; ib += 8)
    for (int jb = j0; jb < j1; jb += 8) {
      int ie = ib + 8 < M ? ib + 8 : M, je = jb + 8 < j1 ? jb + 8 : j1;
      for (int i = ib; i < ie; i++)
        for (int j = jb; j < je; j++) AT[j * M + i] = A[i * N + j];
    }
}

EXPORT(transpose)
void transpose(int M, int N, const float *A, float *AT) { transpose_rows(M, N, 0, N, A, AT); }

// Part `part` of `parts` of transpose: a band of AT's rows (A's columns), cut at multiples of 8.
EXPORT(transpose_part)
void transpose_part(int M, int N, const float *A, float *AT, int part, int parts) {
  const Band j = band(N, 8, part, parts);
  transpose_rows(M, N, j.lo, j.hi, A, AT);
}

// out[j] = Σ_i A[i, j] over the M rows of A[M×N].
EXPORT(colsum)
void colsum(int M, int N, const float *A, float *out) {
  for (int j = 0; j < N; j++) out[j] = 0.0f;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) out[j] += A[i * N + j];
}

// ---------------------------------------------------------------------------------------------------------------
// Piecewise-linear activations; the smooth ones (tanh, sigmoid, elu) are computed in JavaScript.
enum { LINEAR = 0, RELU = 1, LEAKY = 2, ABS = 3 };

// y = f(z) for n values. A NaN passes through, as in PyTorch and tfjs: a comparison that is false for NaN
// (v > 0 ? v : 0) would turn a NaN into a believable 0.
EXPORT(act_forward)
void act_forward(int n, int kind, float alpha, const float *z, float *y) {
  for (int i = 0; i < n; i++) {
    float v = z[i];
    y[i] = kind == RELU ? (v < 0.0f ? 0.0f : v) : kind == LEAKY ? (v < 0.0f ? alpha * v : v) : kind == ABS ? (v < 0.0f ? -v : v) : v;
  }
}

// dz = dy · f'(z); f' is taken as 0 at the kink for relu and abs (and alpha for leaky relu), as tfjs and PyTorch do.
EXPORT(act_backward)
void act_backward(int n, int kind, float alpha, const float *z, const float *dy, float *dz) {
  for (int i = 0; i < n; i++) {
    float v = z[i], g = dy[i];
    dz[i] = kind == RELU    ? (v > 0.0f ? g : 0.0f)
            : kind == LEAKY ? (v > 0.0f ? g : alpha * g)
            : kind == ABS   ? (v > 0.0f ? g : v < 0.0f ? -g : 0.0f)
                            : g;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Batch normalisation in training mode over the M rows of z[M×N] (nn.BatchNorm1d): batch mean and biased variance
// normalise; the running averages take the unbiased variance. gamma and beta may be 0 (no affine part).
// Keeps xhat and 1/√(var + eps) for the backward pass, and the batch's mean and biased variance.
// Part `part` of `parts`: a band of the features (multiples of 4), each summed over the rows in order as by one thread.
EXPORT(bn_forward)
void bn_forward(int M, int N, const float *z, const float *gamma, const float *beta, float eps, float momentum, float *xhat,
                float *y, float *mean, float *var, float *invstd, float *running_mean, float *running_var, int part,
                int parts) {
  const Band f = band(N, 4, part, parts);
  for (int j = f.lo; j < f.hi; j++) mean[j] = 0.0f, var[j] = 0.0f;
  for (int i = 0; i < M; i++)
    for (int j = f.lo; j < f.hi; j++) mean[j] += z[i * N + j];
  for (int j = f.lo; j < f.hi; j++) mean[j] /= (float)M;
  for (int i = 0; i < M; i++)
    for (int j = f.lo; j < f.hi; j++) {
      float d = z[i * N + j] - mean[j];
      var[j] += d * d;
    }
  for (int j = f.lo; j < f.hi; j++) {
    var[j] /= (float)M;
    invstd[j] = 1.0f / __builtin_sqrtf(var[j] + eps);
    running_mean[j] = (1.0f - momentum) * running_mean[j] + momentum * mean[j];
    running_var[j] = (1.0f - momentum) * running_var[j] + momentum * var[j] * ((float)M / (float)(M - 1));
  }
  for (int i = 0; i < M; i++)
    for (int j = f.lo; j < f.hi; j++) {
      float h = (z[i * N + j] - mean[j]) * invstd[j];
      xhat[i * N + j] = h;
      y[i * N + j] = gamma ? gamma[j] * h + beta[j] : h;
    }
}

// Gradient of bn_forward: dz = γ/σ · (dy − mean(dy) − xhat · mean(dy · xhat)); dgamma = Σ dy·xhat, dbeta = Σ dy.
// sum and sumx are scratch vectors of N floats (they hold Σ dy and Σ dy·xhat); dgamma and dbeta may be 0.
// Part `part` of `parts`: a band of the features, as bn_forward.
EXPORT(bn_backward)
void bn_backward(int M, int N, const float *xhat, const float *dy, const float *gamma, const float *invstd, float *dz,
                 float *dgamma, float *dbeta, float *sum, float *sumx, int part, int parts) {
  const Band f = band(N, 4, part, parts);
  for (int j = f.lo; j < f.hi; j++) sum[j] = 0.0f, sumx[j] = 0.0f;
  for (int i = 0; i < M; i++)
    for (int j = f.lo; j < f.hi; j++) {
      float g = dy[i * N + j];
      sum[j] += g;
      sumx[j] += g * xhat[i * N + j];
    }
  for (int j = f.lo; j < f.hi; j++) {
    if (dgamma) dgamma[j] = sumx[j];
    if (dbeta) dbeta[j] = sum[j];
  }
  for (int j = f.lo; j < f.hi; j++) {
    sum[j] /= (float)M;
    sumx[j] /= (float)M;
  }
  for (int i = 0; i < M; i++)
    for (int j = f.lo; j < f.hi; j++) {
      float scale = (gamma ? gamma[j] : 1.0f) * invstd[j];
      dz[i * N + j] = scale * (dy[i * N + j] - sum[j] - xhat[i * N + j] * sumx[j]);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Optimiser steps over n parameters, torch.optim's rules (see lib/train/optimizers/sgd.ts and adam.ts).

// SGD: g ← g + wd·w; with momentum μ: buf ← g (first step) or μ·buf + (1 − τ)·g, then g ← g + μ·buf (Nesterov) or
// buf; w ← w − lr·g.
EXPORT(sgd_step)
void sgd_step(int n, float *w, const float *grad, float *buf, float lr, float mu, float dampening, float wd, int nesterov,
              int first) {
  for (int i = 0; i < n; i++) {
    float g = wd != 0.0f ? grad[i] + w[i] * wd : grad[i];
    if (buf) {
      float b = first ? g : buf[i] * mu + (dampening == 0.0f ? g : g * (1.0f - dampening));
      buf[i] = b;
      g = nesterov ? g + b * mu : b;
    }
    w[i] = w[i] - g * lr;
  }
}

// Adam / AdamW: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², w ← w0 − step·m / (√v + epsHat), with w0 = w·shrink
// (AdamW) or w, the L2 term wd·w added to g (Adam), and step = lr·√bc2 / bc1, epsHat = eps·√bc2 computed by the caller.
EXPORT(adam_step)
void adam_step(int n, float *w, const float *grad, float *m, float *v, float *vmax, float beta1, float beta2, float wd,
               float shrink, float step, float eps_hat) {
  for (int i = 0; i < n; i++) {
    float g = wd != 0.0f ? grad[i] + w[i] * wd : grad[i];
    float mi = m[i] * beta1 + g * (1.0f - beta1);
    float vi = v[i] * beta2 + g * g * (1.0f - beta2);
    m[i] = mi;
    v[i] = vi;
    if (vmax) {
      if (vi > vmax[i]) vmax[i] = vi;
      vi = vmax[i];
    }
    w[i] = w[i] * shrink - (mi / (__builtin_sqrtf(vi) + eps_hat)) * step;
  }
}

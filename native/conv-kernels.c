// Convolution kernels for depthlab's tfjs backends (lib/backend/conv-kernels.ts), compiled with native/mlp-kernels.c
// into one WebAssembly module (SIMD128). Freestanding C: no libc, no allocator; the caller lays buffers out in linear
// memory and passes their addresses. Tensors are NHWC float32; a filter is [KH, KW, C, O], as in tfjs.
//
// Every kernel works on chunks of `chunk` output positions p = (b·Ho + y)·Wo + x, so its scratch fits in the cache:
// im2col copies the chunk's receptive fields into col[n × KKC], KKC = KH·KW·C (zeros outside the image), and a
// matrix product (gemm of mlp-kernels.c: register tiles of 4 rows × 8 columns, SIMD) does the arithmetic. The
// gradients pad KKC to KKCp, a multiple of 4, with zero columns, so gemm never takes its scalar path for the last
// columns (a 3×3 filter on one channel: 9 → 12):
//   forward   Y[n × O]        = col[n × KKC] · W[KKC × O] (+ bias)
//   filter    dWᵀ[O × KKCp]  += dY[n × O]ᵀ · col[n × KKCp]  (each chunk summed apart, then added: shorter sums)
//   input     dcol[n × KKCp]  = dY[n × O] · Wᵀ[O × KKCp], then col2im adds dcol back into dX at the same places.
//
// Each kernel is part `part` of `parts` (0 of 1: all of it), so that threads on one shared memory (lib/threads/) can
// share a call: each part writes its own band of the output, every element summed in the same order as with one
// thread, so the result is the same bit for bit. Scratch buffers hold one region per part, one after the other.
//   forward   a band of output positions (Y's rows)
//   filter    a band of taps (dWᵀ's columns): its im2col copies only those taps
//   input     a band of dX's rows (b, iy): its positions are those whose receptive field meets the band, and its
//             col2im adds only into the band, in the order of positions as one thread does

#include <wasm_simd128.h>

#include "kernels.h"

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

// The geometry of one convolution, written by the caller as 14 int32 (tfjs's computeConv2DInfo, channels last).
typedef struct {
  int batch, in_h, in_w, in_c;   // X [batch, in_h, in_w, in_c]
  int out_h, out_w, out_c;       // Y [batch, out_h, out_w, out_c]
  int k_h, k_w;                  // W [k_h, k_w, in_c, out_c]
  int stride_h, stride_w;
  int pad_top, pad_left;         // input row of output row y, filter row kh: y·stride_h − pad_top + kh
  int chunk;                     // output positions per chunk: col and dcol hold chunk·KKCp floats per part
} Conv;

INLINE void copy(int n, const float *src, float *dst) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  for (; i < n; i++) dst[i] = src[i];
}

INLINE void zero(int n, float *dst) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_splat(0.0f));
  for (; i < n; i++) dst[i] = 0.0f;
}

INLINE void add_into(int n, const float *src, float *dst) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
  for (; i < n; i++) dst[i] += src[i];
}

// Which taps and which input rows a visit of receptive fields touches: taps t0 … t1−1 of a col row (KKC ≤ t < KKCp
// are the zero padding) and rows r0 … r1−1 of X seen as [batch·in_h, in_w·C].
typedef struct {
  int t0, t1, r0, r1;
} Window;

// The taps lo … hi−1 of one col row that fall inside the window, `x` pointing at tap lo in X (0: outside the image).
// back = 0 copies them from x into the row, or zeros without x; back = 1 adds them from the row onto x (dX).
INLINE void span(int lo, int hi, const Window *w, float *row, float *x, int back) {
  const int a = lo > w->t0 ? lo : w->t0, b = hi < w->t1 ? hi : w->t1;
  if (a >= b) return;
  float *at = row + (a - w->t0);
  if (back) {
    if (x) add_into(b - a, at, x + (a - lo));
  } else if (x) {
    copy(b - a, x + (a - lo), at);
  } else {
    zero(b - a, at);
  }
}

// Visits the receptive fields of output positions p0 … p0+n−1 in order. Row j of col holds position j's taps
// (kh, kw, c) of the window; for one kh, the taps kw0 … kw1−1 that fall inside the image are (kw1 − kw0)·C
// consecutive floats of X (ix = x·stride_w − pad_left + kw), so each is one copy. Rows of col are ld ≥ t1 − t0 floats
// apart. back = 0: col = X there, 0 elsewhere, padding included (im2col); back = 1: X += col there, for the rows of
// X inside the window only (col2im: X is dX).
INLINE void fields(const Conv *g, int p0, int n, float *x, float *col, int ld, const Window *w, int back) {
  const int C = g->in_c, KW = g->k_w, KWC = KW * C, KKC = g->k_h * KWC;
  int xo = p0 % g->out_w, y = (p0 / g->out_w) % g->out_h, b = p0 / (g->out_w * g->out_h);
  for (int j = 0; j < n; j++) {
    float *row = col + j * ld;
    const int ix0 = xo * g->stride_w - g->pad_left;
    const int kw0 = ix0 < 0 ? -ix0 : 0;
    int kw1 = g->in_w - ix0 < KW ? g->in_w - ix0 : KW;
    if (kw1 < kw0) kw1 = kw0;
    for (int kh = 0; kh < g->k_h; kh++) {
      const int iy = y * g->stride_h - g->pad_top + kh, r = b * g->in_h + iy, t = kh * KWC;
      if (iy < 0 || iy >= g->in_h || r < w->r0 || r >= w->r1) {
        span(t, t + KWC, w, row, 0, back);
        continue;
      }
      float *pixel = x + (r * g->in_w + ix0 + kw0) * C;
      span(t, t + kw0 * C, w, row, 0, back);
      span(t + kw0 * C, t + kw1 * C, w, row, pixel, back);
      span(t + kw1 * C, t + KWC, w, row, 0, back);
    }
    span(KKC, w->t1, w, row, 0, back);
    if (++xo == g->out_w) {
      xo = 0;
      if (++y == g->out_h) y = 0, b++;
    }
  }
}

static int positions(const Conv *g) { return g->batch * g->out_h * g->out_w; }
static int taps(const Conv *g) { return g->k_h * g->k_w * g->in_c; }
static int padded(int n) { return (n + 3) & ~3; }
static int min(int a, int b) { return a < b ? a : b; }

// Y[P × O] = conv(X, W) + bias (bias may be 0). col: chunk·KKC floats per part.
// Part: a band of positions (multiples of 4), else of output channels (multiples of 8), else all for part 0.
EXPORT(conv2d_forward)
void conv2d_forward(const Conv *g, float *x, const float *w, const float *bias, float *y, float *col, int part,
                    int parts) {
  const int P = positions(g), KKC = taps(g), O = g->out_c;
  const Window all = {0, KKC, 0, g->batch * g->in_h};
  Band p = {0, P}, o = {0, O};
  if (P >= 4 * parts) p = band(P, 4, part, parts);
  else if (O >= 8 * parts) o = band(O, 8, part, parts);
  else if (part > 0) return;
  col += part * g->chunk * KKC;
  for (int p0 = p.lo; p0 < p.hi; p0 += g->chunk) {
    const int n = min(p.hi - p0, g->chunk);
    fields(g, p0, n, x, col, KKC, &all, 0);
    gemm_strided(n, o.hi - o.lo, KKC, col, KKC, w + o.lo, O, y + p0 * O + o.lo, O, bias ? bias + o.lo : 0, 0);
  }
}

// dW[KKC × O] = Σ_p col[p, :]ᵀ · dY[p, :]. dw holds KKCp·O floats (the last rows are the zero padding); dwt, its
// transpose, KKCp·O floats. Scratch per part: col chunk·KKCp, dyt chunk·O, partial KKCp·O floats.
// Part: a band of taps (multiples of 4), else of output channels (multiples of 4), else all for part 0.
EXPORT(conv2d_filter_grad)
void conv2d_filter_grad(const Conv *g, float *x, const float *dy, float *dw, float *col, float *dyt, float *partial,
                        float *dwt, int part, int parts) {
  const int P = positions(g), KKCp = padded(taps(g)), O = g->out_c;
  Band t = {0, KKCp}, o = {0, O};
  if (KKCp >= 4 * parts) t = band(KKCp, 4, part, parts);
  else if (O >= 4 * parts) o = band(O, 4, part, parts);
  else if (part > 0) return;
  const int rows = o.hi - o.lo, cols = t.hi - t.lo;
  if (rows <= 0 || cols <= 0) return;
  const Window taps_band = {t.lo, t.hi, 0, g->batch * g->in_h};
  col += part * g->chunk * KKCp;
  dyt += part * g->chunk * O;
  partial += part * KKCp * O;
  for (int r = o.lo; r < o.hi; r++) zero(cols, dwt + r * KKCp + t.lo);
  for (int p0 = 0; p0 < P; p0 += g->chunk) {
    const int n = min(P - p0, g->chunk);
    fields(g, p0, n, x, col, cols, &taps_band, 0);                       // [n × cols]
    transpose(n, O, dy + p0 * O, dyt);                                   // [O × n]
    gemm_strided(rows, cols, n, dyt + o.lo * n, n, col, cols, partial, cols, 0, 0); // [rows × cols]
    for (int r = 0; r < rows; r++) add_into(cols, partial + r * cols, dwt + (o.lo + r) * KKCp + t.lo);
  }
  for (int k = t.lo; k < t.hi; k++)
    for (int r = o.lo; r < o.hi; r++) dw[k * O + r] = dwt[r * KKCp + k];
}

// dX[batch, in_h, in_w, C] = col2im(dY · Wᵀ). Scratch per part: wt KKCp·O, dcol chunk·KKCp floats.
// Part: a band of dX's batch·in_h rows; it computes dcol for the output rows whose receptive field meets the band
// (a few rows at each edge of the band are computed by both neighbours) and adds only into the band.
EXPORT(conv2d_input_grad)
void conv2d_input_grad(const Conv *g, const float *dy, const float *w, float *dx, float *wt, float *dcol, int part,
                       int parts) {
  const int KKC = taps(g), KKCp = padded(KKC), O = g->out_c, rowFloats = g->in_w * g->in_c;
  const Band r = band(g->batch * g->in_h, 1, part, parts);
  if (r.lo >= r.hi) return;
  const Window rows = {0, KKCp, r.lo, r.hi};
  wt += part * KKCp * O;
  dcol += part * g->chunk * KKCp;
  for (int o = 0; o < O; o++) { // wt [O × KKCp] = Wᵀ, zero in the padding
    for (int t = 0; t < KKC; t++) wt[o * KKCp + t] = w[t * O + o];
    zero(KKCp - KKC, wt + o * KKCp + KKC);
  }
  zero((r.hi - r.lo) * rowFloats, dx + r.lo * rowFloats);
  // output rows q = b·out_h + y whose receptive rows b·in_h + iy (iy inside the image) meet the band: a run q0 … q1−1
  int q0 = -1, q1 = 0;
  for (int q = 0; q < g->batch * g->out_h; q++) {
    const int b = q / g->out_h, top = (q % g->out_h) * g->stride_h - g->pad_top;
    const int lo = b * g->in_h + (top > 0 ? top : 0), hi = b * g->in_h + min(top + g->k_h, g->in_h);
    if (lo < hi && hi > r.lo && lo < r.hi) {
      if (q0 < 0) q0 = q;
      q1 = q + 1;
    }
  }
  if (q0 < 0) return;
  for (int p0 = q0 * g->out_w; p0 < q1 * g->out_w; p0 += g->chunk) {
    const int n = min(q1 * g->out_w - p0, g->chunk);
    gemm(n, KKCp, O, dy + p0 * O, wt, dcol, 0, 0);
    fields(g, p0, n, dx, dcol, KKCp, &rows, 1);
  }
}

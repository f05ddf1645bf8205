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

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

// From mlp-kernels.c: C[M×N] = A[M×K]·B[K×N] (+ bias[N]) (+ C when acc ≠ 0); AT[N×M] = Aᵀ.
void gemm(int M, int N, int K, const float *A, const float *B, float *C, const float *bias, int acc);
void transpose(int M, int N, const float *A, float *AT);

// The geometry of one convolution, written by the caller as 14 int32 (tfjs's computeConv2DInfo, channels last).
typedef struct {
  int batch, in_h, in_w, in_c;   // X [batch, in_h, in_w, in_c]
  int out_h, out_w, out_c;       // Y [batch, out_h, out_w, out_c]
  int k_h, k_w;                  // W [k_h, k_w, in_c, out_c]
  int stride_h, stride_w;
  int pad_top, pad_left;         // input row of output row y, filter row kh: y·stride_h − pad_top + kh
  int chunk;                     // output positions per chunk: col and dcol hold chunk·KKCp floats
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

// Visits the receptive fields of output positions p0 … p0+n−1 in order. Row j of col holds position j's taps
// (kh, kw, c); for one kh, the taps kw0 … kw1−1 that fall inside the image are (kw1 − kw0)·C consecutive floats of X
// (ix = x·stride_w − pad_left + kw), so each is one copy. Rows of col are ld ≥ KKC floats apart. back = 0: col = X
// there, 0 elsewhere, padding included (im2col); back = 1: X += col there (col2im: X is dX).
INLINE void fields(const Conv *g, int p0, int n, float *x, float *col, int ld, int back) {
  const int C = g->in_c, KW = g->k_w, KKC = g->k_h * KW * C;
  int xo = p0 % g->out_w, y = (p0 / g->out_w) % g->out_h, b = p0 / (g->out_w * g->out_h);
  for (int j = 0; j < n; j++) {
    float *row = col + j * ld;
    if (!back) zero(ld - KKC, row + KKC);
    const int ix0 = xo * g->stride_w - g->pad_left;
    const int kw0 = ix0 < 0 ? -ix0 : 0;
    int kw1 = g->in_w - ix0 < KW ? g->in_w - ix0 : KW;
    if (kw1 < kw0) kw1 = kw0;
    for (int kh = 0; kh < g->k_h; kh++) {
      const int iy = y * g->stride_h - g->pad_top + kh;
      float *dst = row + kh * KW * C;
      if (iy < 0 || iy >= g->in_h) {
        if (!back) zero(KW * C, dst);
        continue;
      }
      float *pixel = x + ((b * g->in_h + iy) * g->in_w + ix0 + kw0) * C;
      if (back) {
        add_into((kw1 - kw0) * C, dst + kw0 * C, pixel);
      } else {
        zero(kw0 * C, dst);
        copy((kw1 - kw0) * C, pixel, dst + kw0 * C);
        zero((KW - kw1) * C, dst + kw1 * C);
      }
    }
    if (++xo == g->out_w) {
      xo = 0;
      if (++y == g->out_h) y = 0, b++;
    }
  }
}

static int positions(const Conv *g) { return g->batch * g->out_h * g->out_w; }
static int taps(const Conv *g) { return g->k_h * g->k_w * g->in_c; }
static int padded(int n) { return (n + 3) & ~3; }

// Y[P × O] = conv(X, W) + bias (bias may be 0). col: chunk·KKC floats.
EXPORT(conv2d_forward)
void conv2d_forward(const Conv *g, float *x, const float *w, const float *bias, float *y, float *col) {
  const int P = positions(g), KKC = taps(g), O = g->out_c;
  for (int p0 = 0; p0 < P; p0 += g->chunk) {
    const int n = P - p0 < g->chunk ? P - p0 : g->chunk;
    fields(g, p0, n, x, col, KKC, 0);
    gemm(n, O, KKC, col, w, y + p0 * O, bias, 0);
  }
}

// dW[KKC × O] = Σ_p col[p, :]ᵀ · dY[p, :]. dw holds KKCp·O floats (the last rows are the zero padding).
// Scratch: col chunk·KKCp, dyt chunk·O, part and dwt KKCp·O floats each.
EXPORT(conv2d_filter_grad)
void conv2d_filter_grad(const Conv *g, float *x, const float *dy, float *dw, float *col, float *dyt, float *part,
                        float *dwt) {
  const int P = positions(g), KKCp = padded(taps(g)), O = g->out_c;
  zero(O * KKCp, dwt);
  for (int p0 = 0; p0 < P; p0 += g->chunk) {
    const int n = P - p0 < g->chunk ? P - p0 : g->chunk;
    fields(g, p0, n, x, col, KKCp, 0);
    transpose(n, O, dy + p0 * O, dyt);    // [O × n]
    gemm(O, KKCp, n, dyt, col, part, 0, 0); // [O × KKCp]
    add_into(O * KKCp, part, dwt);
  }
  transpose(O, KKCp, dwt, dw);
}

// dX[batch, in_h, in_w, C] = col2im(dY · Wᵀ). Scratch: wt KKCp·O, dcol chunk·KKCp floats.
EXPORT(conv2d_input_grad)
void conv2d_input_grad(const Conv *g, const float *dy, const float *w, float *dx, float *wt, float *dcol) {
  const int P = positions(g), KKC = taps(g), KKCp = padded(KKC), O = g->out_c;
  for (int o = 0; o < O; o++) { // wt [O × KKCp] = Wᵀ, zero in the padding
    for (int t = 0; t < KKC; t++) wt[o * KKCp + t] = w[t * O + o];
    zero(KKCp - KKC, wt + o * KKCp + KKC);
  }
  zero(g->batch * g->in_h * g->in_w * g->in_c, dx);
  for (int p0 = 0; p0 < P; p0 += g->chunk) {
    const int n = P - p0 < g->chunk ? P - p0 : g->chunk;
    gemm(n, KKCp, O, dy + p0 * O, wt, dcol, 0, 0);
    fields(g, p0, n, dx, dcol, KKCp, 1);
  }
}

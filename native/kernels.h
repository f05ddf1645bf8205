// Declarations shared by native/mlp-kernels.c and native/conv-kernels.c, which build into one WebAssembly module.
#pragma once

// C[M×N] = A[M×K]·B[K×N] (+ bias[N]) (+ C when acc ≠ 0), rows lda, ldb and ldc floats apart (mlp-kernels.c).
void gemm_strided(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc,
                  const float *bias, int acc);
void gemm(int M, int N, int K, const float *A, const float *B, float *C, const float *bias, int acc);
void transpose(int M, int N, const float *A, float *AT);

// Work split between threads (mlp-kernels.c). Part `part` of `parts` (0 ≤ part < parts) takes [lo, hi) of 0 … n−1:
// contiguous bands in order, cut at multiples of `unit`, so the parts cover every index once. A kernel that splits
// its output this way writes disjoint elements from each thread, each summed in the same order as with one thread:
// results do not depend on the number of threads, bit for bit.
typedef struct {
  int lo, hi;
} Band;
Band band(int n, int unit, int part, int parts);

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../lib/backend/index.js";
import { ConvWasm } from "../../lib/backend/conv-wasm.js";
import { mlp } from "../../lib/models/index.js";
import { Rng } from "../../lib/random/rng.js";
import { ThreadPool } from "../../lib/threads/index.js";
import { FusedMlp } from "../../lib/train/fused/fused-mlp.js";
import { Kernels } from "../../lib/train/fused/kernels.js";
import { planMlp, type MlpPlan } from "../../lib/train/fused/plan.js";
import { adam, sgd } from "../../lib/train/index.js";

// depthlab's WebAssembly kernels give the same floats, bit for bit, on one thread and on several (lib/threads/):
// each part of a split call writes its own band of the output and sums each element in the order one thread does.
// The pools here split every call on all their threads (minWork 0, adapt false), small ones included, so that the
// edges of the bands are exercised.

const pools = {
  two: new ThreadPool({ threads: 2, minWork: 0, adapt: false }),
  three: new ThreadPool({ threads: 3, minWork: 0, adapt: false }),
};
before(async () => {
  await ready();
});
after(() => Promise.all(Object.values(pools).map((p) => p.close())));

/** The same float32 bits: a difference of one rounding is a failure. */
function assertBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  const [a, e] = [new Uint32Array(Float32Array.from(actual).buffer), new Uint32Array(Float32Array.from(expected).buffer)];
  const i = a.findIndex((bits, j) => bits !== e[j]);
  assert.equal(i, -1, `${what}: element ${i} is ${actual[i]} on threads, ${expected[i]} on one`);
}

const random = (rng: Rng, n: number) => Float32Array.from({ length: n }, () => rng.normal());

describe("gemm on 1, 2 and 3 threads", () => {
  // rows split (M ≥ 4 per part), columns split (few rows, N ≥ 8 per part), neither (all in part 0), one element
  const shapes = [
    [1, 1, 1],
    [2, 10, 3],
    [5, 40, 12],
    [7, 13, 5],
    [9, 2, 17],
    [33, 36, 1],
    [64, 64, 64],
    [130, 9, 31],
    [256, 256, 256],
  ] as const;
  for (const [M, N, K] of shapes)
    it(`C[${M}×${N}] = A·B + bias, then += A·B: the same bits`, () => {
      const rng = new Rng(M * 1000 + N * 10 + K);
      const [a, b, bias] = [random(rng, M * K), random(rng, K * N), random(rng, N)];
      const run = (pool: ThreadPool | null) => {
        const k = new Kernels({ pool });
        const [ap, bp, cp, biasp] = [k.alloc(M * K), k.alloc(K * N), k.alloc(M * N), k.alloc(N)];
        k.f32(ap).set(a);
        k.f32(bp).set(b);
        k.f32(biasp).set(bias);
        k.gemm({ M, N, K, A: ap.ptr, B: bp.ptr, C: cp.ptr, bias: biasp.ptr, acc: 0 });
        k.gemm({ M, N, K, A: ap.ptr, B: bp.ptr, C: cp.ptr, acc: 1 });
        const c = k.f32(cp).slice();
        k.dispose();
        return c;
      };
      const one = run(null);
      assertBits(run(pools.two), one, "2 threads");
      assertBits(run(pools.three), one, "3 threads");
    });

  for (const [M, N, K] of shapes)
    it(`Aᵀ[${K}×${M}] transposed, then C[${M}×${N}] = A·B, equals C = Aᵀᵀ·B straight from Aᵀ (gemmTN): the same bits`, () => {
      const rng = new Rng(M + N + K);
      const [at, b] = [random(rng, K * M), random(rng, K * N)];
      const run = (pool: ThreadPool | null, straight: boolean) => {
        const k = new Kernels({ pool });
        const [atp, ap, bp, cp] = [k.alloc(K * M), k.alloc(M * K), k.alloc(K * N), k.alloc(M * N)];
        k.f32(atp).set(at);
        k.f32(bp).set(b);
        if (straight) k.gemmTN({ M, N, K, A: atp.ptr, B: bp.ptr, C: cp.ptr, acc: 0 });
        else {
          k.transpose({ M: K, N: M, A: atp.ptr, AT: ap.ptr });
          k.gemm({ M, N, K, A: ap.ptr, B: bp.ptr, C: cp.ptr, acc: 0 });
        }
        const c = k.f32(cp).slice();
        k.dispose();
        return c;
      };
      const one = run(null, false);
      assertBits(run(null, true), one, "gemmTN, 1 thread");
      assertBits(run(pools.two, false), one, "transpose and gemm, 2 threads");
      assertBits(run(pools.three, true), one, "gemmTN, 3 threads");
    });
});

describe("the fused MLP step on 1 and 2 threads", () => {
  /** Trains a fresh copy of the net for `steps` steps; returns the losses and the weights written back. */
  async function train(pool: ThreadPool | null, width: number, depth: number, batch: number, useAdam: boolean) {
    const model = mlp({ inputs: 2, hidden: { depth, width }, outputs: 4, norm: "batch", seed: 5 });
    const plan = planMlp(model) as MlpPlan;
    const n = 2 * batch;
    const rng = new Rng(9);
    const data = { x: random(rng, 2 * n), y: Int32Array.from({ length: n }, (_, i) => (i * 7) % 4), n };
    const optimizer = useAdam ? adam({ lr: 1e-3 }) : sgd({ lr: 0.05, momentum: 0.9 });
    const trainer = await FusedMlp.create(plan, optimizer, "crossEntropy", data, batch, { pool });
    const losses = [0, 1, 0].map((b) => trainer.step(null, b * batch, batch, false).loss);
    trainer.sync();
    trainer.dispose();
    const weights = await Promise.all(model.weights.map(async (w) => (await w.read().data()) as Float32Array));
    optimizer.dispose();
    model.dispose();
    return { losses: Float32Array.from(losses), weights };
  }

  for (const [width, depth, batch, useAdam] of [
    [256, 3, 64, false],
    [12, 4, 30, true],
  ] as const)
    it(`width ${width}, depth ${depth}, batch ${batch}, BN, ${useAdam ? "Adam" : "SGD with momentum"}: the same losses and weights after 3 steps`, async () => {
      const [one, two] = [await train(null, width, depth, batch, useAdam), await train(pools.two, width, depth, batch, useAdam)];
      assertBits(two.losses, one.losses, "losses");
      one.weights.forEach((w, i) => assertBits(two.weights[i]!, w, `weight ${i}`));
    });
});

describe("the convolution kernels on 1, 2 and 3 threads", () => {
  type Pad = "same" | "valid" | tf.backend_util.ExplicitPadding;
  const cases: { batch: number; h: number; w: number; c: number; o: number; k: number; stride: number; pad: Pad }[] = [
    { batch: 1, h: 5, w: 7, c: 3, o: 5, k: 3, stride: 2, pad: "same" },
    { batch: 2, h: 9, w: 6, c: 1, o: 2, k: 5, stride: 1, pad: "valid" },
    { batch: 1, h: 7, w: 7, c: 4, o: 8, k: 1, stride: 1, pad: "same" },
    {
      batch: 3,
      h: 8,
      w: 10,
      c: 5,
      o: 4,
      k: 3,
      stride: 2,
      pad: [
        [0, 0],
        [1, 2],
        [2, 0],
        [0, 0],
      ],
    },
    { batch: 1, h: 2, w: 2, c: 1, o: 1, k: 3, stride: 1, pad: "same" },
    { batch: 1, h: 28, w: 27, c: 8, o: 16, k: 3, stride: 2, pad: "same" },
    { batch: 4, h: 14, w: 14, c: 16, o: 12, k: 3, stride: 1, pad: "same" },
  ];
  for (const c of cases)
    it(`${c.batch}×${c.h}×${c.w}×${c.c} * ${c.k}×${c.k}→${c.o}, stride ${c.stride}, ${JSON.stringify(c.pad)}: forward, dW and dX, the same bits`, () => {
      const info = tf.backend_util.computeConv2DInfo([c.batch, c.h, c.w, c.c], [c.k, c.k, c.c, c.o], c.stride, 1, c.pad as never);
      const rng = new Rng(c.h * 31 + c.o);
      const x = random(rng, c.batch * c.h * c.w * c.c);
      const w = random(rng, c.k * c.k * c.c * c.o);
      const bias = random(rng, c.o);
      const dy = random(rng, c.batch * info.outHeight * info.outWidth * c.o);
      const run = (pool: ThreadPool | null) => {
        const conv = new ConvWasm({ pool });
        const out = {
          y: conv.forward(info, x, w, bias).slice(),
          dw: conv.filterGrad(info, x, dy).slice(),
          dx: conv.inputGrad(info, dy, w).slice(),
        };
        conv.dispose();
        return out;
      };
      const one = run(null);
      for (const [name, pool] of Object.entries(pools)) {
        const many = run(pool);
        assertBits(many.y, one.y, `forward, ${name} threads`);
        assertBits(many.dw, one.dw, `filter gradient, ${name} threads`);
        assertBits(many.dx, one.dx, `input gradient, ${name} threads`);
      }
    });
});

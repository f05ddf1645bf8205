import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tf } from "../../lib/index.js";
import { selectBackend } from "../../lib/backend/index.js";
import { adapterName, isSoftwareAdapter, webgpuCandidate } from "../../lib/backend/webgpu.js";

// The webgpu backend's numerics, checked against the cpu backend on Mesa's software Vulkan (lavapipe) where it is
// installed (.ci/run installs it from bookworm-backports; Debian 12's own Mesa 22 lacks a feature Dawn needs). Without
// an adapter this file says why and skips, except where DEPTHLAB_REQUIRE_WEBGPU=1 makes that a failure.
const required = process.env["DEPTHLAB_REQUIRE_WEBGPU"] === "1";

describe("webgpu adapters", () => {
  it("names an adapter and tells a software renderer from a GPU", () => {
    const lavapipe = { vendor: "mesa", architecture: "", device: "", description: "llvmpipe (LLVM 19.1.7, 256 bits)" };
    assert.equal(adapterName(lavapipe), "llvmpipe (LLVM 19.1.7, 256 bits) (mesa)");
    assert.equal(isSoftwareAdapter(lavapipe), true);
    assert.equal(isSoftwareAdapter({ vendor: "google", description: "SwiftShader Device (Subzero)" }), true);
    assert.equal(isSoftwareAdapter({ vendor: "nvidia", architecture: "hopper", description: "NVIDIA H100 80GB HBM3" }), false);
    assert.equal(isSoftwareAdapter({ vendor: "intel", description: "Intel(R) UHD", isFallbackAdapter: true }), true);
  });
});

/** Tensors computed by `f` on the cpu backend, as plain arrays. */
async function onCpu(f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend("cpu");
  const outs = tf.tidy(f);
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  outs.forEach((t) => t.dispose());
  return values;
}

/** The largest |a − b| relative to the largest |b| (a scale-free error for sums of many float32 products). */
function relativeError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

describe("the webgpu backend on this machine", () => {
  it("is skipped with the reason when the only adapter is a software renderer, and loads when forced", async (t) => {
    await tf.setBackend("cpu");
    // this machine has no GPU: the default chain must pass over WebGPU (at once, without a GPU device node, or after
    // finding that Dawn's only adapter is lavapipe)
    await assert.rejects(
      webgpuCandidate.load(tf, { forced: false }),
      /no GPU device \(\/dev\/nvidia\*, \/dev\/dri\/renderD\*\)|not installed|no WebGPU adapter|the only WebGPU adapter is a software renderer, .*: slower than wasm/,
    );
    try {
      await webgpuCandidate.load(tf, { forced: true });
    } catch (error) {
      const reason = (error as Error).message;
      if (required) assert.fail(`DEPTHLAB_REQUIRE_WEBGPU=1 but ${reason}`);
      t.skip(`no webgpu here: ${reason}`);
      return;
    }
    await tf.setBackend("cpu");

    // Same seeded inputs on both backends: a matrix product, a strided convolution and an MLP's gradients.
    const make = () => {
      const x = tf.randomNormal([37, 29], 0, 1, "float32", 1);
      const w1 = tf.randomNormal([29, 23], 0, 0.3, "float32", 2);
      const w2 = tf.randomNormal([23, 5], 0, 0.3, "float32", 3);
      const img = tf.randomNormal([2, 9, 11, 3], 0, 1, "float32", 4);
      const k = tf.randomNormal([3, 3, 3, 4], 0, 0.3, "float32", 5);
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.relu(x.matMul(a)).matMul(b).square().mean() as tf.Scalar;
      const grads = tf.grads(loss)([w1, w2]);
      return [x.matMul(w1), tf.conv2d(img as tf.Tensor4D, k as tf.Tensor4D, 2, "same"), ...grads];
    };
    const expected = await onCpu(make);
    const info = await selectBackend(tf, { force: "webgpu" });
    assert.equal(info.backend, "webgpu");
    assert.equal(tf.getBackend(), "webgpu");
    const outs = tf.tidy(make);
    const got = await Promise.all(outs.map(async (o) => (await o.data()) as Float32Array));
    outs.forEach((o) => o.dispose());
    // float32 sums of ≤ 37 products in another order (and GPU fma): relative errors ~1e-6; 1e-4 leaves room and still
    // catches a wrong index or a missing term (which gives errors of order 1)
    ["matMul", "conv2d", "dL/dw1", "dL/dw2"].forEach((what, i) =>
      assert.ok(relativeError(got[i]!, expected[i]!) < 1e-4, `${what}: relative error ${relativeError(got[i]!, expected[i]!)}`),
    );
    t.diagnostic(`webgpu on ${info.device}`);
  });
});

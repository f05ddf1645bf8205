import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tf } from "../../lib/index.js";
import { backendInfo, ready, selectBackend, type BackendCandidate } from "../../lib/backend/index.js";
import { explainLoadError } from "../../lib/backend/candidates.js";

const failing = (name: string, backend: "tensorflow" | "wasm" | "cpu", reason: string): BackendCandidate => ({
  name,
  backend,
  load: () => Promise.reject(new Error(reason)),
});
const working = (name: string, backend: "tensorflow" | "wasm" | "cpu"): BackendCandidate => ({
  name,
  backend,
  load: async () => ({ backend, provider: name, device: "CPU", simd: null, threads: 1 }),
});

describe("backend selection", () => {
  it("takes the first candidate that loads and says why the faster ones were skipped", async () => {
    const info = await selectBackend(tf, {
      candidates: [
        failing("tfjs-node-gpu", "tensorflow", "tfjs-node-gpu is not installed"),
        working("wasm", "wasm"),
        working("cpu", "cpu"),
      ],
    });
    assert.equal(info.backend, "wasm");
    assert.deepEqual(info.skipped, [{ candidate: "tfjs-node-gpu", reason: "tfjs-node-gpu is not installed" }]);
    assert.equal(info.forced, false);
  });

  it("forces a backend by name and ignores the others", async () => {
    const info = await selectBackend(tf, { force: " CPU ", candidates: [working("wasm", "wasm"), working("cpu", "cpu")] });
    assert.equal(info.backend, "cpu");
    assert.equal(info.forced, true);
  });

  it("rejects an unknown DEPTHLAB_BACKEND, listing the allowed names", async () => {
    await assert.rejects(selectBackend(tf, { force: "gpu" }), /DEPTHLAB_BACKEND must be one of tensorflow, webgpu, wasm, cpu, got "gpu"/);
  });

  it("fails clearly when the forced backend cannot load", async () => {
    await assert.rejects(
      selectBackend(tf, { force: "tensorflow", candidates: [failing("tfjs-node", "tensorflow", "tfjs-node is not installed")] }),
      /DEPTHLAB_BACKEND=tensorflow was requested but cannot load \(tfjs-node: tfjs-node is not installed\)/,
    );
  });

  it("tells a missing package from one that is present but broken", () => {
    const missing = Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node'"), { code: "MODULE_NOT_FOUND" });
    assert.equal(explainLoadError("@tensorflow/tfjs-node", missing), "tfjs-node is not installed");
    const broken = new Error("The specified module could not be found.\n/x/tfjs_binding.node");
    assert.equal(
      explainLoadError("@tensorflow/tfjs-node", broken),
      "tfjs-node is installed but failed to load: The specified module could not be found.",
    );
  });

  it("on this machine picks a backend tfjs actually runs, and reports it", async () => {
    const info = await ready();
    assert.equal(tf.getBackend(), info.backend);
    assert.deepEqual(backendInfo(), info);
    assert.equal(info.tfjsVersion, tf.version_core);
    // every faster candidate than the one chosen is accounted for
    const order = ["tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"];
    const chosen = { tensorflow: info.provider.endsWith("gpu") ? 0 : 2, webgpu: 1, wasm: 3, cpu: 4 }[info.backend];
    assert.deepEqual(
      info.skipped.map((s) => s.candidate),
      order.slice(0, chosen),
    );
    assert.equal(tf.square(tf.scalar(3)).dataSync()[0], 9);
  });
});

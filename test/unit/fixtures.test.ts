import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PACKAGE_ROOT } from "../../lib/version.js";

const PYTHON = "/usr/bin/python3";
const FIXTURES = join(PACKAGE_ROOT, "test", "fixtures");
const hasTorch = spawnSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" }).status === 0;

/**
 * Equal up to float32 rounding, recursively; keys, lengths and nulls exactly. The scripts pin every thread count to
 * 1, so on one machine they regenerate bit for bit whatever OMP_NUM_THREADS and OPENBLAS_NUM_THREADS say; another
 * CPU or BLAS (OpenBLAS's kernels, the netlib reference BLAS, oneDNN's convolutions) still sums float32 in another
 * order: up to 1.6e-7 relative measured between OpenBLAS and netlib, threaded or not (layers.json is float64: 1e-16).
 * 1e-6·(1 + |b|) leaves 6× that, and suffices because the scripts record nothing ill-conditioned: they assert margins
 * at every ReLU and maxout, and store the exact 0 (gradient) or null (Adam's step) where PyTorch's value would be
 * rounding noise, as for a bias before a batch norm.
 */
function near(a: unknown, b: unknown, path: string): void {
  if (typeof a === "number" && typeof b === "number") {
    assert.ok(Math.abs(a - b) <= 1e-6 * (1 + Math.abs(b)), `${path}: regenerated ${a}, committed ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${path}: length`);
    a.forEach((v, i) => near(v, b[i], `${path}[${i}]`));
  } else if (a && b && typeof a === "object" && typeof b === "object") {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${path}: keys`);
    for (const k of Object.keys(a)) near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
  } else assert.equal(a, b, path);
}

describe("the committed PyTorch fixtures are what the scripts produce", () => {
  for (const [script, file] of [
    ["torch_models.py", "models.json"],
    ["torch_layers.py", "layers.json"],
    ["torch_optim.py", "optim.json"],
    ["torch_residual.py", "residual.json"],
    ["torch_conv.py", "conv.json"],
  ] as const) {
    it(`${script} regenerates ${file}`, (t) => {
      if (!hasTorch) {
        // CI installs python3-torch and sets this, so there the comparison can never be skipped
        if (process.env["DEPTHLAB_REQUIRE_TORCH"]) assert.fail("PyTorch is missing (apt-get install python3-torch)");
        return t.skip("PyTorch is not installed (apt-get install python3-torch); the committed fixtures are used as they are");
      }
      const dir = mkdtempSync(join(tmpdir(), "depthlab-fixtures-"));
      try {
        const run = spawnSync(PYTHON, [join(FIXTURES, script)], { env: { ...process.env, DEPTHLAB_FIXTURE_DIR: dir }, encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        const fresh = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>;
        const committed = JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as Record<string, unknown>;
        near(fresh, committed, file);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

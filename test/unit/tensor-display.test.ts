import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tf } from "../../lib/index.js";
import { formatTensor, tensorBundle } from "../../lib/display/tensor-display.js";

describe("tensor display", () => {
  it("prints a 2×2 matrix with aligned columns", () => {
    assert.equal(formatTensor([1, 22, 333, 4], [2, 2], "float32"), "[[  1,  22],\n [333,   4]]");
  });

  it("rounds floats to 4 significant digits and keeps int32 exact", () => {
    assert.equal(formatTensor([1 / 3, 2 / 3], [2], "float32"), "[0.3333, 0.6667]");
    assert.equal(formatTensor([123456789], [1], "int32"), "[123456789]");
    assert.equal(formatTensor([1, 0], [2], "bool"), "[ true, false]");
  });

  it("shows a scalar bare and separates rank-3 blocks by a blank line", () => {
    assert.equal(formatTensor([7], [], "float32"), "7");
    assert.equal(formatTensor([1, 2, 3, 4], [2, 1, 2], "int32"), "[[[1, 2]],\n\n [[3, 4]]]");
  });

  it("keeps 3 items at each edge past 1000 elements, as numpy does", () => {
    const values = Array.from({ length: 1001 }, (_, i) => i);
    assert.equal(formatTensor(values, [1001], "int32"), "[   0,    1,    2, ...,  998,  999, 1000]");
  });

  it("bundles text and an HTML table with one cell per shown element", async () => {
    const t = tf.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = await tensorBundle(t);
    assert.equal(b["text/plain"], "Tensor float32 [2, 3]\n[[1, 2, 3],\n [4, 5, 6]]");
    assert.equal(String(b["text/html"]).match(/<td /g)?.length, 6);
    t.dispose();
    assert.equal((await tensorBundle(t))["text/plain"], "Tensor float32 [2, 3] (disposed)");
  });
});

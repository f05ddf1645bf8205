import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildBook, type BuildBookOptions } from "../../book/build-book.js";
import type { ExecuteOptions, ExecuteResult } from "../../book/execute-notebook.js";
import type { Notebook } from "../../book/notebook.js";

// The book runs its kernels in quick mode (DEPTHLAB_QUICK=1), so that notebooks training on real data (08's full
// Fashion-MNIST section) take the shipped sample and the book stays fast; an explicit DEPTHLAB_QUICK wins.
const root = mkdtempSync(join(tmpdir(), "depthlab-book-quick-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const cell = { cell_type: "code", id: "c1", metadata: {}, execution_count: null, outputs: [], source: "1" };
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [{ cell_type: "markdown", id: "t", metadata: {}, source: "# A" }, cell],
  };
  writeFileSync(join(dir, "00-a.ipynb"), JSON.stringify(nb));
  return dir;
}

/** Builds `dir` with a fake executor and returns the environment each kernel would get. */
async function kernelEnvs(dir: string, options: BuildBookOptions = {}): Promise<(NodeJS.ProcessEnv | undefined)[]> {
  const envs: (NodeJS.ProcessEnv | undefined)[] = [];
  const execute = async (notebook: Notebook, o: ExecuteOptions): Promise<ExecuteResult> => {
    envs.push(o.env);
    return { notebook, failure: null, elapsedMs: 1 };
  };
  const progress = { start: () => undefined, cell: () => undefined, chapter: () => undefined };
  await buildBook({ notebooks: dir, out: join(dir, "out"), cacheDir: join(dir, "cache"), library: "v1", execute, progress, ...options });
  return envs;
}
const quick = async (dir: string, options: BuildBookOptions = {}) => (await kernelEnvs(dir, options)).map((e) => e?.["DEPTHLAB_QUICK"]);

describe("the book's quick mode", () => {
  it("starts every kernel with DEPTHLAB_QUICK=1 (unless this process sets it) and the rest of this process's environment", async () => {
    const envs = await kernelEnvs(folder("default"));
    assert.equal(envs.length, 1);
    assert.equal(envs[0]?.["DEPTHLAB_QUICK"], process.env["DEPTHLAB_QUICK"] ?? "1");
    assert.equal(envs[0]?.["PATH"], process.env["PATH"]);
  });

  it("passes an explicit DEPTHLAB_QUICK=0 on, and caches that run apart from the quick one", async () => {
    const dir = folder("explicit");
    assert.deepEqual(await quick(dir, { env: { DEPTHLAB_QUICK: "0" } }), ["0"]);
    assert.deepEqual(await quick(dir, { env: { DEPTHLAB_QUICK: "0" } }), [], "the second full build comes from the cache");
    assert.deepEqual(await quick(dir, { env: { DEPTHLAB_QUICK: "1" } }), ["1"], "the quick build does not reuse the full run");
    assert.deepEqual(await quick(dir, { env: { DEPTHLAB_QUICK: "1" } }), []);
  });
});

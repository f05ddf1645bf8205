import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { MAX_THREADS, ThreadPool, threadCount, threadSupport } from "../../lib/threads/index.js";
import { Pace } from "../../lib/threads/pace.js";
import { instantiateKernels } from "../../lib/train/fused/instantiate.js";
import { Kernels } from "../../lib/train/fused/kernels.js";
import { PACKAGE_ROOT } from "../../lib/version.js";

// The thread pool of depthlab's WebAssembly kernels (lib/threads/): its settings, its fallback to one thread, its
// errors, and a process that uses it exits on its own. That the kernels compute the same on any number of threads
// is in threads-kernels.test.ts.

const pools: ThreadPool[] = [];
const pool = (options: ConstructorParameters<typeof ThreadPool>[0]) => {
  const p = new ThreadPool(options);
  pools.push(p);
  return p;
};
after(() => Promise.all(pools.map((p) => p.close())));

/** Runs a script in a fresh Node process from the package root, with `env` added; its status, output and time. */
function node(script: string, env: Record<string, string> = {}) {
  const start = performance.now();
  const run = spawnSync(process.execPath, ["-e", script], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, out: run.stdout.trim(), err: run.stderr, ms: performance.now() - start };
}
const LIB = JSON.stringify(join(PACKAGE_ROOT, "dist", "lib"));

describe("DEPTHLAB_THREADS (threadCount)", () => {
  it("defaults to the cores this process may use, at least 1 and at most 64", () => {
    assert.equal(threadCount({ env: {}, cores: 2 }), 2);
    assert.equal(threadCount({ env: { DEPTHLAB_THREADS: "" }, cores: 16 }), 16);
    assert.equal(threadCount({ env: {}, cores: 256 }), MAX_THREADS);
    assert.equal(threadCount({ env: {}, cores: 0 }), 1);
  });

  it("takes an integer from 1 to 64, spaces around it allowed", () => {
    assert.equal(threadCount({ env: { DEPTHLAB_THREADS: "1" }, cores: 8 }), 1);
    assert.equal(threadCount({ env: { DEPTHLAB_THREADS: " 3 " }, cores: 2 }), 3);
    assert.equal(threadCount({ env: { DEPTHLAB_THREADS: "64" }, cores: 2 }), 64);
  });

  for (const bad of ["0", "65", "-1", "1.5", "two", "2x", "1e1"])
    it(`refuses ${JSON.stringify(bad)}, naming the variable and its range`, () => {
      assert.throws(
        () => threadCount({ env: { DEPTHLAB_THREADS: bad } }),
        new RegExp(
          `^ArgumentError: depthlab: the environment variable DEPTHLAB_THREADS must be an integer in \\[1, 64\\] ` +
            `\\(default: the number of cores\\), got "${bad.replace(".", "\\.")}"$`,
        ),
      );
    });

  it("is read by the process's pool: 1 thread with DEPTHLAB_THREADS=1, and an invalid value is an error", () => {
    const script = `const t = require(${LIB} + "/threads/index.js"); console.log(t.kernelThreads());`;
    assert.equal(node(script, { DEPTHLAB_THREADS: "1" }).out, "1");
    assert.equal(node(script, { DEPTHLAB_THREADS: "2" }).out, "2");
    const bad = node(script, { DEPTHLAB_THREADS: "all" });
    assert.notEqual(bad.status, 0);
    assert.match(bad.err, /depthlab: the environment variable DEPTHLAB_THREADS must be an integer in \[1, 64\]/);
  });
});

describe("threadSupport", () => {
  it("says nothing is missing in Node", () => assert.equal(threadSupport(), undefined));

  it("names what a runtime without threads lacks", () => {
    const Memory = WebAssembly.Memory as never;
    assert.equal(threadSupport({}), "this runtime has no SharedArrayBuffer");
    assert.equal(threadSupport({ SharedArrayBuffer, Atomics: {} }), "this runtime has no Atomics.wait and Atomics.notify");
    assert.equal(threadSupport({ SharedArrayBuffer, Atomics }), "this runtime has no WebAssembly");
    const plainOnly = class {
      constructor(d: { shared: boolean }) {
        if (d.shared) throw new Error("shared memory is off");
      }
    };
    assert.equal(
      threadSupport({ SharedArrayBuffer, Atomics, WebAssembly: { Memory: plainOnly as never } }),
      "this runtime has no shared WebAssembly memory (shared memory is off)",
    );
    assert.equal(threadSupport({ SharedArrayBuffer, Atomics, WebAssembly: { Memory } }), undefined);
  });
});

describe("Pace: whether splitting pays", () => {
  it("tries all threads, then one, then keeps the faster per unit of work, trying the other after 32, 64, 128 … calls", () => {
    const pace = new Pace();
    assert.equal(pace.choose(0, 1000, 0), true);
    pace.record(0, 1000, true, 3); // 3 µs per unit on all threads
    assert.equal(pace.choose(0, 1000, 0), false);
    pace.record(0, 1000, false, 4); // 4 µs per unit alone
    const alone: number[] = [];
    for (let call = 1; call <= 300; call++) {
      const all = pace.choose(0, 1000, call / 10); // 0.1 ms apart
      if (!all) alone.push(call);
      pace.record(0, 1000, all, all ? 3 : 4);
    }
    assert.deepEqual(alone, [32, 96, 224]);
    assert.equal(pace.choose(0, 1000, 30), true);
    pace.record(0, 1000, true, 10); // the threads get slow: 10 µs per unit
    assert.equal(pace.choose(0, 1000, 30), false);
    assert.equal(pace.choose(1, 1000, 30), true, "each function learns apart");
    assert.equal(pace.choose(0, 64_000, 30), true, "and each size");
  });

  it("tries the slower mode at least every 250 ms, however rare the calls", () => {
    const pace = new Pace();
    pace.choose(0, 1000, 0);
    pace.record(0, 1000, true, 5);
    pace.choose(0, 1000, 0);
    pace.record(0, 1000, false, 4); // alone is faster
    assert.equal(pace.choose(0, 1000, 100), false);
    assert.equal(pace.choose(0, 1000, 200), false);
    assert.equal(pace.choose(0, 1000, 300), true, "a try of the threads after 300 ms");
    pace.record(0, 1000, true, 2); // the load went: the threads are faster now
    assert.equal(pace.choose(0, 1000, 310), true);
  });
});

describe("ThreadPool", () => {
  it("checks its options, naming the bad one", () => {
    assert.throws(() => new ThreadPool({ threads: 0 }), /ThreadPool: threads must be an integer in \[1, 64\], got 0/);
    assert.throws(() => new ThreadPool({ threads: 2.5 }), /ThreadPool: threads must be an integer in \[1, 64\], got 2.5/);
    assert.throws(() => new ThreadPool({ minWork: -1 }), /ThreadPool: minWork must be a finite number >= 0, got -1/);
    assert.throws(() => new ThreadPool({ thread: 2 } as never), /ThreadPool: unknown option "thread": did you mean "threads"\?/);
  });

  it("keeps work under its threshold on one thread, and cuts work over it into parts per thread while each keeps the threshold", () => {
    const p = new ThreadPool({ threads: 2, minWork: 1000 });
    assert.equal(p.partsFor(999), 1);
    assert.equal(p.partsFor(1000), 2);
    assert.equal(p.partsFor(1000, 4), 2); // 500 per part would be under the threshold
    assert.equal(p.partsFor(4000, 4), 4);
    assert.equal(p.partsFor(10 ** 6, 4), 8);
    assert.equal(new ThreadPool({ threads: 1, minWork: 0 }).partsFor(10 ** 9, 4), 1);
    assert.equal(new ThreadPool({ threads: 2, minWork: Infinity }).partsFor(10 ** 9, 4), 1);
  });

  it("with one thread gives the single-thread build on a plain memory, and never starts a worker", () => {
    const k = instantiateKernels({ pool: pool({ threads: 1 }) });
    assert.equal(k.shared, false);
    assert.ok(k.fn.memory.buffer instanceof ArrayBuffer);
    assert.equal(k.partsFor(10 ** 9), 1);
    assert.equal(instantiateKernels({ pool: null }).shared, false);
  });

  it("with more gives the shared build on a shared memory, with room for each worker's stack before the heap", () => {
    const k = instantiateKernels({ pool: pool({ threads: 3 }) });
    assert.equal(k.shared, true);
    assert.ok(k.fn.memory.buffer instanceof SharedArrayBuffer);
    assert.equal(k.fn.heapBase - instantiateKernels({ pool: null }).fn.heapBase, 2 * 65536);
  });

  it("falls back to one thread when its workers cannot take an instance, and the kernels still compute the same", () => {
    const p = pool({ threads: 2, minWork: 0 });
    const k = instantiateKernels({ pool: p }); // the shared build, made while the pool has two threads
    assert.equal(p.attach({ module: {}, imports: {}, stackTops: [0], functions: [] }), null);
    assert.match(p.fallback ?? "", /^a worker could not instantiate the kernels: thread 1: .*Module/);
    assert.equal(p.threads, 1);
    assert.equal(k.partsFor(10 ** 9, 4), 1);
    // a call cut into 8 parts before the fallback runs on this thread as one part: the same product
    const base = k.fn.heapBase;
    const f32 = new Float32Array(k.fn.memory.buffer);
    f32.set(
      Array.from({ length: 64 }, (_, i) => i),
      base / 4,
    );
    k.split("gemm_part", { M: 8, N: 8, K: 8, A: base, B: base, C: base + 256, acc: 0 }, 8, 512);
    k.split("gemm_part", { M: 8, N: 8, K: 8, A: base, B: base, C: base + 512, acc: 0 }, 1, 512);
    const product = Array.from({ length: 64 }, (_, idx) => {
      const [i, j] = [Math.floor(idx / 8), idx % 8];
      return Array.from({ length: 8 }, (_, q) => (8 * i + q) * (8 * q + j)).reduce((s, v) => s + v);
    });
    assert.deepEqual(Array.from(f32.subarray(base / 4 + 64, base / 4 + 128)), product);
    assert.deepEqual(Array.from(f32.subarray(base / 4 + 128, base / 4 + 192)), product);
  });

  it("throws a part's error after every part has finished, and runs the next call as before", () => {
    const k = new Kernels({ pool: pool({ threads: 2, minWork: 0, adapt: false }) });
    const [a, c] = [k.alloc(64), k.alloc(64)];
    k.f32(a).fill(1);
    const outside = 2 ** 31; // far past the end of memory: every part traps
    assert.throws(() => k.gemm({ M: 64, N: 64, K: 64, A: outside, B: outside, C: c.ptr, acc: 0 }), /memory access out of bounds/);
    k.gemm({ M: 8, N: 8, K: 8, A: a.ptr, B: a.ptr, C: c.ptr, acc: 0 });
    assert.deepEqual(Array.from(k.f32(c)), Array(64).fill(8));
  });

  it("stops its workers on close, and runs on one thread after", async () => {
    const p = new ThreadPool({ threads: 2, minWork: 0 });
    const k = new Kernels({ pool: p });
    const [a, c] = [k.alloc(64), k.alloc(64)];
    k.f32(a).fill(2);
    k.gemm({ M: 8, N: 8, K: 8, A: a.ptr, B: a.ptr, C: c.ptr, acc: 0 }); // starts the workers
    await p.close();
    assert.equal(p.threads, 1);
    assert.equal(p.fallback, "the pool was closed");
    k.gemm({ M: 8, N: 8, K: 8, A: a.ptr, B: a.ptr, C: c.ptr, acc: 1 });
    assert.deepEqual(Array.from(k.f32(c)), Array(64).fill(64));
  });

  it("never keeps the process alive: a script whose products ran on its workers exits at once without close", () => {
    const script = [
      `const { Kernels } = require(${LIB} + "/train/fused/kernels.js");`,
      `const { defaultPool } = require(${LIB} + "/threads/index.js");`,
      "const k = new Kernels(); const n = 128; const [a, c] = [k.alloc(n * n), k.alloc(n * n)]; k.f32(a).fill(1);",
      "k.gemm({ M: n, N: n, K: n, A: a.ptr, B: a.ptr, C: c.ptr, acc: 0 });",
      "console.log(defaultPool().threads, defaultPool().fallback ?? 'ok', k.f32(c)[0]);",
    ].join("\n");
    const run = node(script, { DEPTHLAB_THREADS: "2" });
    assert.equal(run.status, 0, run.err);
    assert.equal(run.out, "2 ok 128");
    assert.ok(run.ms < 30_000, `${run.ms} ms`);
  });
});

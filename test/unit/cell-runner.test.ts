import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { after, before, describe, it } from "node:test";
import { ready, tslabApi } from "../../lib/index.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { CellRunner, calleeBefore } from "../../kernel/cell-runner.js";
import { patchTypeResolution, withPackageFallback } from "../../kernel/module-resolution.js";
import { PRELUDE } from "../../kernel/prelude.js";

// The runner works in a folder outside the package, as a notebook anywhere on disk would.
const outside = mkdtempSync(join(tmpdir(), "depthlab-cells-"));

describe("cells under tslab's TypeScript 5.0.4", () => {
  let runner: CellRunner;
  before(async () => {
    await ready();
    process.chdir(outside); // tslab's compiler works in the process's current folder, as in the kernel
    patchTypeResolution(outside, PACKAGE_ROOT);
    runner = new CellRunner(outside, {
      require: withPackageFallback(createRequire(join(outside, "src.js")), PACKAGE_ROOT),
      modules: { tslab: tslabApi },
      graceMs: 50,
    });
  });
  after(() => runner.close());

  it("type-checks and runs the prelude: our declaration files compile under tslab's compiler", async () => {
    assert.deepEqual(await runner.run(PRELUDE), { ok: true, value: undefined });
  });

  it("gives every cell dl, tf, aq and display with their real types", async () => {
    const r = await runner.run("const n: number = tf.tensor([1, 2, 3]).size;\nn * aq.table({ a: [1] }).numRows()");
    assert.deepEqual(r, { ok: true, value: 3 });
    const typed = await runner.run("const wrong: string = dl.backendInfo().simd;");
    assert.equal(typed.ok, false);
    if (!typed.ok) assert.match(typed.error.evalue, /Type 'boolean' is not assignable to type 'string'/);
  });

  it("uses names from earlier cells in shorthand properties and as property names", async () => {
    assert.deepEqual(await runner.run("const px = 2;\nconst supError = (a: number) => a * 10;\nconst holder = { supError, px };"), {
      ok: true,
      value: undefined,
    });
    assert.deepEqual(await runner.run("({ px, py: 3 })"), { ok: true, value: { px: 2, py: 3 } });
    assert.deepEqual(await runner.run("const { supError: err } = holder;\nerr(px)"), { ok: true, value: 20 });
    assert.deepEqual(await runner.run("({ supError: 1, px: holder.px })"), { ok: true, value: { supError: 1, px: 2 } });
  });

  it('resolves import from "depthlab" in a folder without node_modules', async () => {
    const r = await runner.run('import { describeBackend } from "depthlab";\ndescribeBackend(dl.backendInfo()).split(" ")[0]');
    assert.deepEqual(r, { ok: true, value: (await ready()).backend });
  });

  it("points a runtime error at the cell line that threw", async () => {
    const r = await runner.run('const first = 1;\n\n// a comment\nif (first > 0) throw new RangeError("too big");', 7);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.ename, "RangeError");
      assert.deepEqual(r.error.traceback.slice(0, 3), [
        "RangeError: too big",
        "Cell In[7], line 4:",
        '> if (first > 0) throw new RangeError("too big");',
      ]);
    }
  });

  it("reports a type error with line, column and a caret", async () => {
    const r = await runner.run("const ok = 1;\nconst s: string = ok;", 2);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.ename, "TypeScriptError");
      assert.deepEqual(r.error.traceback, [
        "Cell In[2], line 2, col 7: Type 'number' is not assignable to type 'string'.",
        "  const s: string = ok;",
        "        ^",
      ]);
    }
  });

  it("turns a rejected top-level await into an error and keeps earlier variables", async () => {
    assert.equal((await runner.run("const kept = 41;")).ok, true);
    const r = await runner.run('await Promise.reject(new TypeError("no"));');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.ename, "TypeError");
    assert.deepEqual(await runner.run("kept + 1"), { ok: true, value: 42 });
  });

  it("stops an async loop on interrupt, so the loop does not keep running", async () => {
    const g = globalThis as unknown as { ticks?: number };
    g.ticks = 0;
    // Interrupt once the loop is under way, however long the type-check before it took.
    const poll = setInterval(() => {
      if ((g.ticks ?? 0) >= 20) {
        clearInterval(poll);
        runner.interrupt();
      }
    }, 5);
    const r = await runner.run("for (;;) { await new Promise((r) => setTimeout(r, 5)); (globalThis as any).ticks++; }");
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.ename, "KeyboardInterrupt");
    const before = g.ticks;
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(before > 5, `the loop ran ${before} times before the interrupt`);
    assert.equal(g.ticks, before, "the loop kept running after the interrupt");
  });

  it("keeps what a failing cell assigned before the error, and only that", async () => {
    assert.equal((await runner.run("const older = 1;")).ok, true);
    const r = await runner.run(
      'const early = 2;\nlet older2 = early + 1;\nthrow new Error("boom");\nconst unreached = 3;\nconst older = 5;',
    );
    assert.equal(r.ok, false);
    // What ran stays, with its type; what never ran is unknown (a type error, like Python's NameError), and
    // a name the cell redeclared without reaching keeps its earlier value and type.
    assert.deepEqual(await runner.run("early + older2 + older"), { ok: true, value: 6 });
    const never = await runner.run("unreached");
    assert.equal(never.ok, false);
    if (!never.ok) assert.match(never.error.evalue, /Cannot find name 'unreached'/);
    // Re-running the corrected cell redeclares everything.
    assert.deepEqual(await runner.run("const early = 20;\nconst unreached = 30;\nconst older = 50;\nearly + unreached + older"), {
      ok: true,
      value: 100,
    });
  });

  it("runs await with any operand, parenthesised or not, in any expression position", async () => {
    assert.deepEqual(await runner.run("await (Promise.resolve(1))"), { ok: true, value: 1 });
    assert.deepEqual(await runner.run("const w4 = await (async () => 4)();\nw4"), { ok: true, value: 4 });
    assert.deepEqual(await runner.run("const o3 = { a: await (Promise.resolve(1)), b: 2 };\no3.a + o3.b"), { ok: true, value: 3 });
    assert.deepEqual(await runner.run("let s6 = 0;\nfor await (const v of [1, 2, 3]) s6 += v;\ns6"), { ok: true, value: 6 });
  });

  it("stops a synchronous loop after an await through the interrupt flag, keeping what was assigned", async () => {
    // The cell spins synchronously after its await, so nothing on this thread can run until an interrupt check
    // throws: as in the kernel, another thread raises the flag in shared memory (here 100 ms after the cell says,
    // in slot 1, that it is spinning).
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const raiser = new Worker(
      "const { workerData } = require('node:worker_threads'); const a = new Int32Array(workerData);" +
        "Atomics.wait(a, 1, 0); setTimeout(() => Atomics.store(a, 0, 77), 100);",
      { eval: true, workerData: shared.buffer },
    );
    (globalThis as unknown as { spinShared?: Int32Array }).spinShared = shared;
    const own = new CellRunner(outside, { interruptRequested: (seq) => seq !== 0 && Atomics.load(shared, 0) === seq });
    try {
      const code = [
        "const before = 7;",
        "await new Promise((r) => setTimeout(r, 20));",
        "Atomics.store((globalThis as any).spinShared, 1, 1);",
        "Atomics.notify((globalThis as any).spinShared, 1);",
        "const t0 = Date.now();",
        "while (Date.now() - t0 < 60_000) {}",
      ].join("\n");
      const started = Date.now();
      const r = await own.run(code, 1, 77);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.ename, "KeyboardInterrupt");
      assert.ok(Date.now() - started < 10_000, "the loop was not stopped");
      Atomics.store(shared, 0, 0);
      assert.deepEqual(await own.run("before"), { ok: true, value: 7 });
    } finally {
      own.close();
      await raiser.terminate();
    }
  });

  it('answers require("tslab") with the tslab-compatible display API, typed by tslab\'s own declarations', async () => {
    const r = await runner.run(
      'import * as tslab from "tslab";\n[typeof tslab.display.html, typeof tslab.newDisplay, tslab.versions.typescript]',
    );
    assert.deepEqual(r, { ok: true, value: ["function", "function", "5.0.4"] });
    const typed = await runner.run('import * as tslab2 from "tslab";\ntslab2.display.html(42);');
    assert.equal(typed.ok, false, "tslab's declarations type-check the calls");
  });

  it("completes members and says whether code is complete", () => {
    assert.ok(runner.complete("dl.backe", 8).matches.includes("backendInfo"));
    assert.deepEqual(runner.isComplete("function f() {"), { status: "incomplete", indent: "  " });
    assert.equal(runner.isComplete("1 + 1").status, "complete");
    assert.match(runner.inspect("dl.backendInfo", 5)?.signature ?? "", /function backendInfo\(\): BackendInfo/);
    // Shift-Tab inside a call's parentheses (JupyterLab's tooltip) describes the called function
    assert.match(
      runner.inspect("dl.datasets.disc(", 17)?.signature ?? "",
      /disc\(options\?: dl\.datasets\.DiscOptions\): dl\.datasets\.Dataset/,
    );
    assert.match(runner.inspect("dl.datasets.disc({ n: [1, 2], ", 30)?.signature ?? "", /disc\(options/);
    assert.equal(runner.inspect("1 + ", 4), null);
  });

  it("finds the called function of the innermost open call before the cursor", () => {
    assert.equal(calleeBefore("f(1, g(2), ", 11), 0);
    assert.equal(calleeBefore("f(1, g(2, ", 10), 5);
    assert.equal(calleeBefore("f (x", 4), 0);
    assert.equal(calleeBefore("(1 + 2", 6), null);
    assert.equal(calleeBefore("x", 1), null);
  });
});

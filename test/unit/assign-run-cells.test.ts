import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCells, type RunnableKernel } from "../../assign/run-cells.js";
import { findSources, findSubmissions } from "../../assign/submissions.js";
import type { Message } from "../../kernel/wire.js";

/**
 * A fake kernel that "runs" cells by their text: `ok`, `fail`, `print N` (N characters of stdout), `hang` (until
 * interrupted, then a KeyboardInterrupt reply), `stubborn` (ignores interrupts), `die` (the process exits).
 */
class FakeKernel implements RunnableKernel {
  exited: string | null = null;
  ran: string[] = [];
  #count = 0;
  #interrupt: (() => void) | null = null;
  #onExit: (() => void)[] = [];

  execute(code: string, onIopub: (msg: Message) => void): Promise<Message> {
    this.ran.push(code);
    const n = ++this.#count;
    const reply = (status: "ok" | "error", extra: Record<string, unknown> = {}) =>
      ({ header: { msg_type: "execute_reply" }, content: { status, execution_count: n, ...extra } }) as unknown as Message;
    const iopub = (type: string, content: Record<string, unknown>) =>
      onIopub({ header: { msg_type: type }, content } as unknown as Message);
    if (code === "ok") return Promise.resolve(reply("ok"));
    if (code === "fail") {
      iopub("error", { ename: "CheckError", evalue: "check failed: no", traceback: [] });
      return Promise.resolve(reply("error", { ename: "CheckError", evalue: "check failed: no" }));
    }
    if (code.startsWith("print ")) {
      for (let i = 0; i < 10; i++) iopub("stream", { name: "stdout", text: "x".repeat(Number(code.slice(6)) / 10) });
      return Promise.resolve(reply("ok"));
    }
    if (code === "die")
      return new Promise((_, reject) => {
        this.exited = "the kernel process exited (code 3)";
        reject(new Error(this.exited));
      });
    return new Promise((resolve, reject) => {
      this.#onExit.push(() => reject(new Error("killed")));
      if (code === "hang")
        this.#interrupt = () => {
          iopub("error", { ename: "KeyboardInterrupt", evalue: "the cell was interrupted", traceback: [] });
          resolve(reply("error"));
        };
    });
  }

  request(): Promise<Message> {
    const f = this.#interrupt;
    this.#interrupt = null;
    setTimeout(() => f?.(), 5);
    return Promise.resolve({ header: { msg_type: "interrupt_reply" }, content: { status: "ok" } } as unknown as Message);
  }

  async kill(): Promise<void> {
    this.exited ??= "killed";
    for (const f of this.#onExit.splice(0)) f();
  }

  async shutdown(): Promise<void> {
    await this.kill();
  }
}

function fakes() {
  const kernels: FakeKernel[] = [];
  return {
    kernels,
    startKernel: async () => {
      const k = new FakeKernel();
      kernels.push(k);
      return k;
    },
  };
}

const limits = { cellTimeoutMs: 60, wallMs: 10_000, interruptGraceMs: 60 };

describe("runCells, on a fake kernel", () => {
  it("keeps going after errors, and interrupts a cell past its limit, then runs the next in the same kernel", async () => {
    const { kernels, startKernel } = fakes();
    const runs = await runCells(["ok", "fail", "hang", "ok"], { startKernel, ...limits });
    assert.deepEqual(
      runs.map((r) => r.status),
      ["ok", "error", "timeout", "ok"],
    );
    assert.equal(runs[1]!.message, "CheckError: check failed: no");
    assert.match(runs[2]!.message, /ran past its 0.1 s limit; it was interrupted/);
    assert.equal(kernels.length, 1);
  });

  it("replaces a kernel whose cell ignores the interrupt, replaying the cells before it but not other timed-out ones", async () => {
    const { kernels, startKernel } = fakes();
    const runs = await runCells(["ok", "hang", "fail", "stubborn", "ok"], { startKernel, ...limits });
    assert.deepEqual(
      runs.map((r) => r.status),
      ["ok", "timeout", "error", "timeout", "ok"],
    );
    assert.match(runs[3]!.message, /ignored the interrupt, so the kernel was restarted/);
    assert.equal(kernels.length, 2);
    assert.deepEqual(kernels[1]!.ran, ["ok", "fail", "ok"]); // replay of cells 1 and 3, then cell 5
  });

  it("marks the cell where the kernel died and every later one crashed", async () => {
    const { startKernel } = fakes();
    const runs = await runCells(["ok", "die", "ok"], {
      startKernel,
      ...limits,
      deathReason: () => "it used 2100 MB, more than the 2048 MB memory cap",
    });
    assert.deepEqual(
      runs.map((r) => r.status),
      ["ok", "crashed", "crashed"],
    );
    assert.match(runs[1]!.message, /the kernel died: it used 2100 MB/);
    assert.match(runs[2]!.message, /^not run: /);
  });

  it("stops at the notebook's wall-clock limit: the running cell and the rest are timeouts", async () => {
    const { startKernel } = fakes();
    const runs = await runCells(["ok", "hang", "ok", "ok"], { startKernel, cellTimeoutMs: 10_000, wallMs: 80, interruptGraceMs: 60 });
    assert.deepEqual(
      runs.map((r) => r.status),
      ["ok", "timeout", "timeout", "timeout"],
    );
    assert.match(runs[1]!.message, /the notebook's 0.1 s limit passed/);
    assert.match(runs[2]!.message, /^not run: the notebook's 0.1 s limit passed/);
  });

  it("cuts a cell's output at the limit and says so", async () => {
    const { startKernel } = fakes();
    const runs = await runCells(["print 5000"], { startKernel, ...limits, maxOutputChars: 2000 });
    const text = runs[0]!.outputs.map((o) => (o.output_type === "stream" ? o.text : "")).join("");
    assert.ok(text.length < 2200, `kept ${text.length} characters`);
    assert.match(text, /\[output cut at 2000 characters by the grader\]/);
  });

  it("reports a kernel that does not start as crashed on every cell", async () => {
    const runs = await runCells(["ok", "ok"], { startKernel: () => Promise.reject(new Error("bwrap: no permission")), ...limits });
    assert.deepEqual(
      runs.map((r) => [r.status, r.message]),
      [
        ["crashed", "the kernel did not start: bwrap: no permission"],
        ["crashed", "not run: the kernel did not start: bwrap: no permission"],
      ],
    );
  });
});

describe("findSubmissions and findSources", () => {
  const root = mkdtempSync(join(tmpdir(), "depthlab-subs-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const touch = (...parts: string[]) => {
    mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
    writeFileSync(join(root, ...parts), "{}");
  };

  it("accepts <student>/<notebook>.ipynb and nbgrader's <student>/<assignment>/<notebook>.ipynb, and names missing ones", () => {
    touch("submitted", "ada", "hw1.ipynb");
    touch("submitted", "ben", "hw1-assignment", "hw1.ipynb");
    touch("submitted", "cy", "notes.txt");
    touch("submitted", ".ipynb_checkpoints", "hw1.ipynb");
    assert.deepEqual(findSubmissions(join(root, "submitted"), ["hw1"]), [
      { student: "ada", notebook: "hw1", file: join(root, "submitted", "ada", "hw1.ipynb") },
      { student: "ben", notebook: "hw1", file: join(root, "submitted", "ben", "hw1-assignment", "hw1.ipynb") },
      { student: "cy", notebook: "hw1", file: null },
    ]);
  });

  it("finds sources in the folder or one level down, and refuses two with one name", () => {
    touch("source", "hw1", "hw1.ipynb");
    touch("source", "hw1", "extra.ipynb");
    assert.deepEqual(
      findSources(join(root, "source")).map((s) => s.name),
      ["extra", "hw1"],
    );
    touch("source2", "a", "hw.ipynb");
    touch("source2", "b", "hw.ipynb");
    assert.throws(() => findSources(join(root, "source2")), /two source notebooks are named hw.ipynb/);
    assert.throws(() => findSubmissions(join(root, "nowhere"), ["hw1"]), /SUBMISSIONS_DIR must be a folder of student folders/);
  });
});

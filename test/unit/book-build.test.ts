import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildBook, describeFailure, type BuildBookOptions } from "../../book/build-book.js";
import type { ExecuteOptions, ExecuteResult } from "../../book/execute-notebook.js";
import { executeNotebook } from "../../book/execute-notebook.js";
import type { Notebook } from "../../book/notebook.js";
import { parseBookArgs } from "../../book/parse-args.js";
import { progressReporter } from "../../book/progress.js";

const root = mkdtempSync(join(tmpdir(), "depthlab-build-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

const code = (source: string) => ({ cell_type: "code", id: source.slice(0, 8), metadata: {}, execution_count: null, outputs: [], source });
const notebook = (title: string, ...sources: string[]) => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [{ cell_type: "markdown", id: "title", metadata: {}, source: `# ${title}\n\nmaths $2^D$` }, ...sources.map(code)],
});

/** A folder of notebooks: name → [title, ...code cells]. */
function notebooks(name: string, files: Record<string, string[]>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, [title, ...cells]] of Object.entries(files)) writeFileSync(join(dir, file), JSON.stringify(notebook(title!, ...cells)));
  return dir;
}

/** Runs no kernel: a cell whose source contains "FAIL" fails; the calls are recorded. */
function fakeExecute(calls: string[]) {
  return async (nb: Notebook, options: ExecuteOptions): Promise<ExecuteResult> => {
    calls.push(options.name!);
    const at = nb.cells.findIndex((c) => c.source.includes("FAIL"));
    const cells = nb.cells.map((c, i) =>
      c.cell_type !== "code"
        ? c
        : {
            ...c,
            execution_count: i,
            outputs: i === at ? [{ output_type: "error" as const, ename: "Error", evalue: "check failed", traceback: [] }] : [],
          },
    );
    return { notebook: { ...nb, cells }, failure: at >= 0 ? { cell: at + 1, message: "Error: check failed" } : null, elapsedMs: 1 };
  };
}

function build(dir: string, calls: string[], options: BuildBookOptions = {}) {
  return buildBook({
    notebooks: dir,
    out: join(dir, "out"),
    cacheDir: join(dir, "cache"),
    library: "lib-v1",
    execute: fakeExecute(calls),
    progress: { start: () => undefined, cell: () => undefined, chapter: () => undefined },
    ...options,
  });
}

describe("book build", () => {
  it("writes a page per chapter, the index, the executed notebooks and the assets, with prev/next links", async () => {
    const dir = notebooks("ok", { "00-a.ipynb": ["Alpha", "1"], "01-b.ipynb": ["Beta", "2"] });
    const result = await build(dir, []);
    assert.deepEqual(result.failures, []);
    assert.deepEqual(
      result.chapters.map((c) => [c.slug, c.number, c.title, c.source]),
      [
        ["00-a", "00", "Alpha", "ran"],
        ["01-b", "01", "Beta", "ran"],
      ],
    );
    for (const f of [
      "index.html",
      "00-a.html",
      "01-b.html",
      "notebooks/00-a.ipynb",
      "assets/plotly.min.js",
      "assets/vega-embed.min.js",
      "assets/katex/katex.min.css",
      "assets/book.js",
    ]) {
      assert.ok(existsSync(join(dir, "out", f)), f);
    }
    const a = readFileSync(join(dir, "out", "00-a.html"), "utf8");
    assert.match(a, /<a class="nav-next" rel="next" href="01-b.html">→ Beta<\/a>/);
    assert.match(a, /<span class="katex">/);
    assert.doesNotMatch(a, /plotly\.min\.js/, "a page without figures loads no figure library");
    assert.equal((JSON.parse(readFileSync(join(dir, "out", "notebooks", "00-a.ipynb"), "utf8")) as Notebook).nbformat, 4);
  });

  it("runs an unchanged chapter only once: the second build takes it from the cache, a library change runs it again", async () => {
    const dir = notebooks("cached", { "00-a.ipynb": ["Alpha", "1"] });
    const calls: string[] = [];
    await build(dir, calls);
    const again = await build(dir, calls);
    assert.deepEqual(calls, ["00-a.ipynb"]);
    assert.equal(again.chapters[0]!.source, "cache");
    await build(dir, calls, { library: "lib-v2" });
    await build(dir, calls, { library: "lib-v2", cache: false });
    assert.deepEqual(calls, ["00-a.ipynb", "00-a.ipynb", "00-a.ipynb"]);
  });

  it("a failing cell stops the build, naming the notebook and the cell; the failure is not cached", async () => {
    const dir = notebooks("fails", {
      "00-a.ipynb": ["Alpha", "1"],
      "01-b.ipynb": ["Beta", "1", "dl.check(false) // FAIL"],
      "02-c.ipynb": ["Gamma", "3"],
    });
    const calls: string[] = [];
    const result = await build(dir, calls);
    assert.deepEqual(result.failures.map(describeFailure), ["01-b.ipynb, cell 3: Error: check failed"]);
    assert.deepEqual(calls, ["00-a.ipynb", "01-b.ipynb"], "stopped at the failure");
    assert.match(readFileSync(join(dir, "out", "01-b.html"), "utf8"), /failed to build at <a href="#cell-3">cell 3<\/a>/);
    await build(dir, calls);
    assert.deepEqual(calls.slice(2), ["01-b.ipynb"], "the failed chapter runs again, the good one is cached");
  });

  it("--keep-going builds the rest and lists every failure", async () => {
    const dir = notebooks("keep", { "00-a.ipynb": ["A", "FAIL"], "01-b.ipynb": ["B", "1"], "02-c.ipynb": ["C", "x", "FAIL"] });
    const calls: string[] = [];
    const result = await build(dir, calls, { keepGoing: true });
    assert.deepEqual(calls, ["00-a.ipynb", "01-b.ipynb", "02-c.ipynb"]);
    assert.deepEqual(result.failures.map(describeFailure), [
      "00-a.ipynb, cell 2: Error: check failed",
      "02-c.ipynb, cell 3: Error: check failed",
    ]);
  });

  it("--only 01 runs one chapter; the others come from the cache or are left out", async () => {
    const dir = notebooks("only", { "00-a.ipynb": ["A", "1"], "01-b.ipynb": ["B", "2"], "02-c.ipynb": ["C", "3"] });
    const calls: string[] = [];
    await build(dir, calls, { only: "00" });
    const result = await build(dir, calls, { only: "01" });
    assert.deepEqual(calls, ["00-a.ipynb", "01-b.ipynb"]);
    assert.deepEqual(
      result.chapters.map((c) => `${c.slug}:${c.source}`),
      ["00-a:cache", "01-b:ran"],
    );
    await assert.rejects(build(dir, calls, { only: "07" }), /--only 07 matches no notebook/);
  });

  it("a notebook whose kernel cannot start fails with the kernel's message, not an exception", async () => {
    const nb = notebook("A", "1") as Notebook;
    const result = await executeNotebook(nb, { name: "00-a.ipynb", startKernel: () => Promise.reject(new Error("no zeromq")) });
    assert.deepEqual(result.failure, { cell: 0, message: "no zeromq" });
    assert.equal(describeFailure({ notebook: "00-a.ipynb", ...result.failure! }), "00-a.ipynb, kernel start: no zeromq");
  });

  it("the progress display prints one line per finished cell and per chapter when not on a terminal", () => {
    const lines: string[] = [];
    const progress = progressReporter({ stream: { write: (text: string) => lines.push(text), isTTY: false } });
    progress.start(1, 2, "00-a");
    progress.cell(1, 2, "00-a", { cell: 3, cells: 5, phase: "start", elapsedMs: 1000 });
    progress.cell(1, 2, "00-a", { cell: 3, cells: 5, phase: "done", elapsedMs: 2500 });
    progress.chapter(1, 2, "00-a", "ran in 2.6 s");
    assert.deepEqual(lines, ["[1/2] 00-a  starting a kernel\n", "[1/2] 00-a  cell 3/5  2.5 s\n", "[1/2] 00-a: ran in 2.6 s\n"]);
  });

  it("parses the command line, naming a bad option", () => {
    assert.deepEqual(parseBookArgs(["--only", "06", "--keep-going", "--timeout", "90", "--no-cache"]), {
      only: "06",
      keepGoing: true,
      timeoutMs: 90_000,
      cache: false,
    });
    assert.equal(parseBookArgs(["--help"]), "help");
    assert.throws(() => parseBookArgs(["--timeout", "-1"]), /--timeout must be a positive number of seconds, got -1/);
    assert.throws(() => parseBookArgs(["--only"]), /--only needs a value/);
    assert.throws(() => parseBookArgs(["--fast"]), /unknown option --fast/);
  });
});

import { KernelClient } from "./kernel-client.js";
import type { Cell, Notebook, Output } from "./notebook.js";
import { OutputCollector } from "./output-collector.js";

/** Where a run stands, for a progress display: `cell` is 1-based among all cells. */
export interface CellProgress {
  cell: number;
  cells: number;
  /** "start" before the cell is sent, "done" after its outputs arrived. */
  phase: "start" | "done";
  /** Milliseconds since the notebook started (kernel start included). */
  elapsedMs: number;
}

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** The notebook's name in messages (default "notebook"). */
  name?: string;
  /** Time limit for the whole notebook, kernel start included (ms, default 300 000). */
  timeoutMs?: number;
  /** The kernel's working folder (default: the package's notebooks/). */
  cwd?: string;
  /** Called before and after each code cell. */
  onProgress?: (progress: CellProgress) => void;
  /** The default kernel's environment (default: this process's). Not used with `startKernel`. */
  env?: NodeJS.ProcessEnv;
  /** Starts the kernel (default: a fresh depthlab process); tests pass a fake. */
  startKernel?: () => Promise<Pick<KernelClient, "execute" | "shutdown" | "kill" | "stderr">>;
}

/** The executed notebook and, when a cell failed, which one and why (`cell` is 1-based among all cells). */
export interface ExecuteResult {
  notebook: Notebook;
  failure: { cell: number; message: string } | null;
  elapsedMs: number;
}

/**
 * Runs every code cell of `notebook` in order in a fresh kernel and returns a copy holding the outputs. It stops at the
 * first cell that shows an error or whose execute_reply says error, or when the time limit passes; never throws for
 * those, the failure comes back as a value.
 *
 * @example
 * const { notebook, failure } = await executeNotebook(readNotebook("notebooks/00-welcome.ipynb"), { name: "00-welcome" });
 * if (failure) console.error(`00-welcome, cell ${failure.cell}: ${failure.message}`);
 */
export async function executeNotebook(notebook: Notebook, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const { name = "notebook", timeoutMs = 300_000, cwd, env, onProgress = () => undefined } = options;
  if (!(timeoutMs > 0)) throw new Error(`executeNotebook: timeoutMs must be a positive number, got ${timeoutMs}`);
  const wrap = env && ((argv: string[]) => ({ command: argv[0]!, args: argv.slice(1), env }));
  const startKernel =
    options.startKernel ??
    (() => KernelClient.start({ startTimeoutMs: timeoutMs, ...(cwd === undefined ? {} : { cwd }), ...(wrap ? { wrap } : {}) }));
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const cells: Cell[] = notebook.cells.map((c) => (c.cell_type === "code" ? { ...c, execution_count: null, outputs: [] } : { ...c }));
  const result = (failure: ExecuteResult["failure"]): ExecuteResult => ({
    notebook: { ...notebook, cells },
    failure,
    elapsedMs: elapsed(),
  });

  let kernel: Awaited<ReturnType<typeof startKernel>>;
  try {
    kernel = await startKernel();
  } catch (error) {
    return result({ cell: 0, message: (error as Error).message });
  }
  const collector = new OutputCollector();
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell.cell_type !== "code" || cell.source.trim() === "") continue;
    onProgress({ cell: i + 1, cells: cells.length, phase: "start", elapsedMs: elapsed() });
    const outputs: Output[] = collector.cell();
    cell.outputs = outputs;
    const left = timeoutMs - elapsed();
    const reply = await (
      left > 0 ? kernel.execute(cell.source, (msg) => collector.receive(msg, outputs), left) : Promise.reject(new Error(""))
    )
      .then((m) => m.content as { status?: string; execution_count?: number; ename?: string; evalue?: string })
      .catch((error: Error) => error);
    if (reply instanceof Error) {
      await kernel.kill();
      const why = elapsed() >= timeoutMs ? `timed out after ${(timeoutMs / 1000).toFixed(0)} s` : reply.message;
      return result({ cell: i + 1, message: `${why}\n${kernel.stderr}`.trim() });
    }
    cell.execution_count = reply.execution_count ?? null;
    for (const out of outputs) if (out.output_type === "execute_result") out.execution_count = cell.execution_count;
    onProgress({ cell: i + 1, cells: cells.length, phase: "done", elapsedMs: elapsed() });
    const error = outputs.find((o) => o.output_type === "error");
    if (error || reply.status !== "ok") {
      await kernel.shutdown();
      const message = error
        ? `${error.ename}: ${error.evalue}`
        : `${reply.ename ?? "error"}: ${reply.evalue ?? `execute_reply status ${reply.status}`}`;
      return result({ cell: i + 1, message });
    }
  }
  await kernel.shutdown();
  return result(null);
}

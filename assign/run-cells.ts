import type { Message } from "../kernel/wire.js";
import type { Output } from "../book/notebook.js";
import { OutputCollector } from "../book/output-collector.js";

/** How one cell's run ended. */
export type RunStatus =
  /** It ran and its reply said ok. */
  | "ok"
  /** It raised an error (or did not type-check). */
  | "error"
  /** It ran past the per-cell limit (or the notebook's wall-clock limit) and was interrupted. */
  | "timeout"
  /** The kernel died while it ran (memory cap, `process.exit`, a crash), or had died before it. */
  | "crashed";

/** One cell's run: its outputs (capped), the number the kernel gave it, and for a failure a one-line reason. */
export interface CellRun {
  status: RunStatus;
  outputs: Output[];
  executionCount: number | null;
  /** For "error": `ename: evalue`; for "timeout" and "crashed": what happened. Empty for "ok". */
  message: string;
}

/** The part of a kernel the runner needs (book/kernel-client.ts's KernelClient has it). */
export interface RunnableKernel {
  execute(code: string, onIopub: (msg: Message) => void): Promise<Message>;
  request(
    channel: "control",
    msgType: "interrupt_request",
    content: Record<string, never>,
    onIopub?: undefined,
    timeoutMs?: number,
  ): Promise<Message>;
  readonly exited: string | null;
  kill(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Options of {@link runCells}. */
export interface RunCellsOptions {
  /** Starts a fresh kernel; called again to replay after a cell that would not stop. */
  startKernel: () => Promise<RunnableKernel>;
  /** Time limit for each cell (ms). */
  cellTimeoutMs: number;
  /** Time limit for the whole notebook, restarts included (ms). */
  wallMs: number;
  /** How long an interrupted cell may take to stop before its kernel is replaced (ms, default 5 000). */
  interruptGraceMs?: number;
  /** Why the kernel died, when the caller killed it (the memory watch); read when a kernel exits. */
  deathReason?: () => string | null;
  /** Called after each cell with its position (0-based) and run. */
  onCell?: (index: number, run: CellRun) => void;
  /** Called with each kernel started (the memory watch attaches to it). */
  onKernel?: (kernel: RunnableKernel) => void;
  /** Most output kept per cell, in characters of message content (default 1 000 000); the rest is dropped with a note. */
  maxOutputChars?: number;
}

const seconds = (ms: number) => `${+(ms / 1000).toFixed(1)} s`;

/**
 * Runs a notebook's code cells in order, the way a grader must: every cell runs even after errors (nbgrader's
 * allow_errors); a cell that passes its time limit is interrupted and scores as "timeout", and the next cells still
 * run. If the interrupted cell does not stop within the grace period (a tight synchronous loop), its kernel is
 * killed, a fresh one replays the cells that ran before it (outputs discarded, same limits), and the run goes on.
 * A kernel that dies (out of memory, `process.exit`) ends the run: that cell and the rest are "crashed". Never
 * throws for anything the cells do.
 *
 * @example
 * const runs = await runCells(["const x = 1;", "x + 1"], { startKernel: () => KernelClient.start(), cellTimeoutMs: 60_000, wallMs: 600_000 });
 * runs[1].outputs // [{ output_type: "execute_result", data: { "text/plain": "2" }, … }]
 */
export async function runCells(sources: readonly string[], options: RunCellsOptions): Promise<CellRun[]> {
  const { startKernel, cellTimeoutMs, wallMs, interruptGraceMs = 5000, onCell = () => undefined } = options;
  const { maxOutputChars = 1_000_000, onKernel = () => undefined, deathReason = () => null } = options;
  const started = Date.now();
  const left = () => wallMs - (Date.now() - started);
  const runs: CellRun[] = [];
  const finish = (i: number, run: CellRun) => {
    runs[i] = run;
    onCell(i, run);
  };
  const crashAll = (from: number, message: string) => {
    for (let k = from; k < sources.length; k++)
      finish(k, { status: "crashed", outputs: [], executionCount: null, message: k === from ? message : `not run: ${message}` });
  };

  let kernel: RunnableKernel;
  const fresh = async (): Promise<RunnableKernel | string> => {
    try {
      const k = await startKernel();
      onKernel(k);
      return k;
    } catch (error) {
      return `the kernel did not start: ${(error as Error).message.split("\n")[0]}`;
    }
  };
  const first = await fresh();
  if (typeof first === "string") {
    crashAll(0, first);
    return runs;
  }
  kernel = first;
  const collector = new OutputCollector();

  for (let i = 0; i < sources.length; i++) {
    if (left() <= 0) {
      for (let k = i; k < sources.length; k++)
        finish(k, {
          status: "timeout",
          outputs: [],
          executionCount: null,
          message: `not run: the notebook's ${seconds(wallMs)} limit passed`,
        });
      break;
    }
    const outputs = collector.cell();
    let chars = 0;
    let dropped = false;
    const onIopub = (msg: Message) => {
      if (dropped) return;
      chars += JSON.stringify(msg.content).length;
      if (chars > maxOutputChars) {
        dropped = true;
        outputs.push({ output_type: "stream", name: "stderr", text: `\n[output cut at ${maxOutputChars} characters by the grader]\n` });
      } else collector.receive(msg, outputs);
    };
    const limit = Math.min(cellTimeoutMs, left());
    const execution = kernel.execute(sources[i]!, onIopub).then(
      (reply) => ({ reply }),
      (error: Error) => ({ error }),
    );
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([execution, new Promise<"late">((r) => (timer = setTimeout(() => r("late"), limit)))]);
    clearTimeout(timer);
    const why =
      limit < cellTimeoutMs ? `the notebook's ${seconds(wallMs)} limit passed` : `the cell ran past its ${seconds(cellTimeoutMs)} limit`;

    if (outcome === "late") {
      await kernel.request("control", "interrupt_request", {}, undefined, interruptGraceMs).catch(() => undefined);
      let graceTimer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([execution, new Promise<null>((r) => (graceTimer = setTimeout(() => r(null), interruptGraceMs)))]);
      clearTimeout(graceTimer);
      if (stopped && "reply" in stopped && !kernel.exited) {
        finish(i, { status: "timeout", outputs, executionCount: countOf(stopped.reply), message: `${why}; it was interrupted` });
        continue;
      }
      // It would not stop: replace the kernel and replay what ran before this cell.
      await kernel.kill();
      finish(i, {
        status: "timeout",
        outputs,
        executionCount: null,
        message: `${why}; it ignored the interrupt, so the kernel was restarted`,
      });
      const next = await fresh();
      if (typeof next === "string") {
        crashAll(i + 1, next);
        break;
      }
      kernel = next;
      const before = sources.slice(0, i).filter((_, k) => runs[k]!.status !== "timeout");
      const replayed = await replay(kernel, before, Math.min(left(), cellTimeoutMs * i + interruptGraceMs));
      if (replayed !== null) {
        crashAll(i + 1, `restarting after the timeout failed: ${replayed}`);
        break;
      }
      continue;
    }
    if ("error" in outcome || kernel.exited) {
      const reason = deathReason() ?? kernel.exited ?? ("error" in outcome ? outcome.error.message : "the kernel exited");
      await kernel.kill();
      crashAll(i, `the kernel died: ${reason}`);
      runs[i]!.outputs = outputs;
      break;
    }
    const content = outcome.reply.content as { status?: string; ename?: string; evalue?: string };
    const error = outputs.find((o): o is Extract<Output, { output_type: "error" }> => o.output_type === "error");
    const executionCount = countOf(outcome.reply);
    for (const out of outputs) if (out.output_type === "execute_result") out.execution_count = executionCount;
    if (error || content.status !== "ok") {
      const message = error ? `${error.ename}: ${error.evalue}` : `${content.ename ?? "Error"}: ${content.evalue ?? content.status}`;
      finish(i, { status: "error", outputs, executionCount, message });
    } else finish(i, { status: "ok", outputs, executionCount, message: "" });
  }
  if (!kernel.exited) await kernel.shutdown();
  return runs;
}

function countOf(reply: Message): number | null {
  const n = (reply.content as { execution_count?: unknown }).execution_count;
  return typeof n === "number" ? n : null;
}

/** Runs `sources` in `kernel` for their effects only; null when all were run, otherwise why not. */
async function replay(kernel: RunnableKernel, sources: readonly string[], budgetMs: number): Promise<string | null> {
  const end = Date.now() + budgetMs;
  for (const source of sources) {
    const left = end - Date.now();
    if (left <= 0) return "no time left to replay the cells before it";
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      kernel
        .execute(source, () => undefined)
        .then(
          () => true,
          () => false,
        ),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), left))),
    ]);
    clearTimeout(timer);
    if (!done || kernel.exited) return kernel.exited ?? "a cell before it did not finish when replayed";
  }
  return null;
}

import { CellExecutor } from "./executor.js";
import { loadConverter } from "./tslab-converter.js";
import { installTimerGuards, outsideCells, runInCell, type CellScope } from "./interrupt-guard.js";
import { diagnosticsError, runtimeError, type CellError } from "./traceback.js";
import { protectPropertyNames } from "./property-names.js";

/** What running a cell produced: its last value, or an error. */
export type CellOutcome = { ok: true; value: unknown } | { ok: false; error: CellError };

/** Completion candidates and the span they replace (UTF-16 offsets in the cell). */
export interface Completion {
  start: number;
  end: number;
  matches: string[];
}

/** Documentation of the symbol at a position: its signature and doc comment, or null. */
export interface Inspection {
  signature: string;
  documentation: string;
}

/** Options of {@link CellRunner}. */
export interface CellRunnerOptions {
  /** The cells' `require` (default: Node's, from rootDir). */
  require?: NodeJS.Require;
  /** Modules a cell's `require` answers itself (`tslab`). */
  modules?: Readonly<Record<string, unknown>>;
  /** Whether an interrupt is pending for execution `seq` (shared memory written by the I/O thread). */
  interruptRequested?: (seq: number) => boolean;
  /**
   * How long an interrupted cell may take to stop by itself (its next interrupt check, which lets `fit`
   * write back its weights and free its tensors) before the kernel stops waiting for its `await` (ms).
   */
  graceMs?: number;
}

/** The error an interrupt check throws: the cell (and the library call it is in) unwinds through its `finally`s. */
export class KernelInterrupt extends Error {
  constructor() {
    super("the cell was interrupted");
    this.name = "KeyboardInterrupt";
  }
}

const INTERRUPTED: CellError = {
  ename: "KeyboardInterrupt",
  evalue: "the cell was interrupted",
  traceback: [
    "KeyboardInterrupt: the cell was interrupted",
    "What the cell assigned before the interrupt is kept (a model keeps the weights of its last training step).",
  ],
};

/**
 * Runs cells with depthlab's executor (tslab's type-checking converter) and turns what they produce
 * (the last value, diagnostics, exceptions, interrupts) into values. One per kernel: it owns the
 * executor's state.
 */
export class CellRunner {
  readonly #executor: CellExecutor;
  readonly #requested: (seq: number) => boolean;
  readonly #graceMs: number;
  #scope: CellScope | null = null;
  #seq = 0;
  #abandon: ((error: Error) => void) | null = null;

  constructor(rootDir: string = process.cwd(), options: CellRunnerOptions = {}) {
    installTimerGuards();
    this.#requested = options.interruptRequested ?? (() => false);
    this.#graceMs = options.graceMs ?? 300;
    this.#executor = new CellExecutor({
      rootDir,
      ...(options.require ? { require: options.require } : {}),
      modules: options.modules ?? {},
      check: () => this.check(),
    });
  }

  /** The I/O thread's number of the execution running now, 0 when none (or an unnumbered one) runs. */
  get runningSeq(): number {
    return this.#seq;
  }

  /** Throws {@link KernelInterrupt} when the running cell has been interrupted; the library calls it in long loops. */
  check(): void {
    if (this.#scope?.cancelled || this.#requested(this.#seq)) throw new KernelInterrupt();
  }

  /** Runs a cell; `count` names it in tracebacks (`Cell In[3]`), `seq` ties it to the interrupt flag. Never throws. */
  async run(code: string, count: number | null = null, seq = 0): Promise<CellOutcome> {
    const scope: CellScope = { cancelled: false };
    this.#scope = scope;
    this.#seq = seq;
    const abandon = new Promise<never>((_, reject) => (this.#abandon = reject));
    abandon.catch(() => undefined);
    let execution;
    try {
      execution = await runInCell(scope, () => this.#executor.execute(protectPropertyNames(code), abandon));
    } finally {
      this.#scope = null;
      this.#seq = 0;
      this.#abandon = null;
    }
    if (execution.kind === "ok") return { ok: true, value: execution.hasValue ? execution.value : undefined };
    if (execution.kind === "diagnostics") {
      const diagnostics = execution.diagnostics.map((d) => ({
        fileName: d.fileName ?? "",
        line: d.start.line,
        character: d.start.character,
        message: d.messageText,
      }));
      return { ok: false, error: diagnosticsError(code, diagnostics, count) };
    }
    if (scope.cancelled || isInterrupt(execution.error)) return { ok: false, error: INTERRUPTED };
    return { ok: false, error: runtimeError(execution.error, code, execution.compiled, count) };
  }

  /**
   * Stops execution `seq` (the running one when omitted or 0). Its interrupt checks already throw (they
   * read the flag); if it is still waiting after the grace period, its `await` is abandoned and the timers
   * it scheduled are dropped.
   */
  interrupt(seq = 0): void {
    const scope = this.#scope;
    if (!scope || (seq !== 0 && seq !== this.#seq)) return;
    const abandon = this.#abandon;
    const stop = () => {
      if (this.#scope !== scope) return;
      scope.cancelled = true;
      abandon?.(new KernelInterrupt());
    };
    if (seq === 0) stop();
    else outsideCells(() => setTimeout(stop, this.#graceMs));
  }

  complete(code: string, cursor: number): Completion {
    const info = this.#executor.complete(code, cursor);
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  /** What the name at `cursor` is, or, inside a call's parentheses (Shift-Tab after `f(`), the called function. */
  inspect(code: string, cursor: number): Inspection | null {
    let info = this.#executor.inspect(code, cursor);
    if (!info) {
      const callee = calleeBefore(code, cursor);
      if (callee !== null) info = this.#executor.inspect(code, callee);
    }
    if (!info) return null;
    const text = (parts: readonly { text: string }[] | undefined) => (parts ?? []).map((p) => p.text).join("");
    const tags = (info.tags ?? []).map((t) => `@${t.name} ${text(t.text)}`.trim());
    return { signature: text(info.displayParts), documentation: [text(info.documentation), ...tags].filter((s) => s).join("\n\n") };
  }

  variables(): Readonly<Record<string, unknown>> {
    return this.#executor.locals;
  }

  isComplete(code: string): { status: "complete" | "incomplete"; indent: string } {
    const r = loadConverter().isCompleteCode(code);
    return r.completed ? { status: "complete", indent: "" } : { status: "incomplete", indent: r.indent ?? "" };
  }

  close(): void {
    this.#executor.close();
  }
}

function isInterrupt(error: unknown): boolean {
  return error instanceof KernelInterrupt || (error as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}

/**
 * The position of the last character of the function called by the innermost unclosed `(` before `cursor`, or
 * null when the cursor is in no call: `dl.datasets.disc({ n: 3, ` → the `c` of `disc`.
 *
 * @example
 * calleeBefore("f(1, g(2), ", 11) // 0
 */
export function calleeBefore(code: string, cursor: number): number | null {
  let depth = 0;
  for (let i = Math.min(cursor, code.length) - 1; i >= 0; i--) {
    const c = code[i]!;
    if (c === ")" || c === "]" || c === "}") depth++;
    else if (c === "[" || c === "{") depth = Math.max(0, depth - 1);
    else if (c === "(") {
      if (depth > 0) depth--;
      else {
        let j = i - 1;
        while (j >= 0 && /\s/.test(code[j]!)) j--;
        return j >= 0 && /[\w$]/.test(code[j]!) ? j : null;
      }
    }
  }
  return null;
}

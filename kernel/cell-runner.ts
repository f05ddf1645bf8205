import { createConverter, isCompleteCode, type Converter } from "tslab/dist/converter";
import { createExecutor, type Executor } from "tslab/dist/executor";
import { installTimerGuards, outsideCells, runInCell, type CellScope } from "./interrupt-guard.js";
import { diagnosticsError, runtimeError, type CellDiagnostic, type CellError } from "./traceback.js";
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

const INTERRUPTED_ASYNC = "Interrupted asynchronously";

/**
 * Runs cells with tslab's type-checking executor and turns what tslab prints (the last value,
 * diagnostics, exceptions) into values. One per kernel: it owns the executor's state.
 */
export class CellRunner {
  readonly #executor: Executor;
  #record: { value: unknown; hasValue: boolean; diagnostics: CellDiagnostic[]; errors: unknown[] } = CellRunner.#blank();
  #lastCompiled = "";
  #scope: CellScope | null = null;

  constructor(rootDir: string = process.cwd()) {
    installTimerGuards();
    const real = createConverter({ isJS: false, isBrowser: false });
    let browser: Converter | null = null;
    const node: Converter = {
      ...real,
      convert: (prev, src) => {
        const out = real.convert(prev, src);
        this.#lastCompiled = "(function(exports, require) { " + (out.output ?? "");
        return out;
      },
    };
    const convs = {
      node,
      get browser() {
        browser ??= createConverter({ isJS: false, isBrowser: true });
        return browser;
      },
      close: () => {
        real.close();
        browser?.close();
      },
    };
    this.#executor = createExecutor(rootDir, convs, {
      log: (value: unknown) => {
        this.#record.value = value;
        this.#record.hasValue = true;
      },
      error: (first: unknown, ...rest: unknown[]) => {
        // tslab reports a diagnostic as console.error("%s%d:%d - %s", file, line, col, message)
        // and an exception as console.error(error).
        if (first === "%s%d:%d - %s" && rest.length === 4) {
          const [fileName, line, character, message] = rest as [string, number, number, string];
          this.#record.diagnostics.push({ fileName: fileName.trim(), line: line - 1, character: character - 1, message });
        } else {
          this.#record.errors.push(first);
        }
      },
    });
  }

  static #blank() {
    return { value: undefined as unknown, hasValue: false, diagnostics: [] as CellDiagnostic[], errors: [] as unknown[] };
  }

  /** Runs a cell; `count` names it in tracebacks (`Cell In[3]`). Never throws. */
  async run(code: string, count: number | null = null): Promise<CellOutcome> {
    this.#record = CellRunner.#blank();
    this.#lastCompiled = "";
    const scope: CellScope = { cancelled: false };
    this.#scope = scope;
    let ok: boolean;
    try {
      ok = await runInCell(scope, () => this.#executor.execute(protectPropertyNames(code)));
    } catch (error) {
      ok = false;
      this.#record.errors.push(error);
    } finally {
      this.#scope = null;
    }
    const record = this.#record;
    if (record.diagnostics.length > 0) return { ok: false, error: diagnosticsError(code, record.diagnostics, count) };
    if (!ok || record.errors.length > 0) {
      const error = record.errors[0];
      if (scope.cancelled || isInterrupt(error)) {
        return {
          ok: false,
          error: { ename: "Interrupted", evalue: "the cell was interrupted", traceback: ["Interrupted: the cell was interrupted"] },
        };
      }
      return { ok: false, error: runtimeError(error, code, this.#lastCompiled, count) };
    }
    return { ok: true, value: record.hasValue ? record.value : undefined };
  }

  /** Stops the running cell: its pending timers are dropped and its await is abandoned. */
  interrupt(): void {
    if (this.#scope) this.#scope.cancelled = true;
    outsideCells(() => this.#executor.interrupt());
  }

  complete(code: string, cursor: number): Completion {
    const info = this.#executor.complete(code, cursor);
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  inspect(code: string, cursor: number): Inspection | null {
    const info = this.#executor.inspect(code, cursor);
    if (!info) return null;
    const text = (parts: readonly { text: string }[] | undefined) => (parts ?? []).map((p) => p.text).join("");
    const tags = (info.tags ?? []).map((t) => `@${t.name} ${text(t.text)}`.trim());
    return { signature: text(info.displayParts), documentation: [text(info.documentation), ...tags].filter((s) => s).join("\n\n") };
  }

  isComplete(code: string): { status: "complete" | "incomplete"; indent: string } {
    const r = isCompleteCode(code);
    return r.completed ? { status: "complete", indent: "" } : { status: "incomplete", indent: r.indent ?? "" };
  }

  close(): void {
    this.#executor.close();
  }
}

function isInterrupt(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.message === INTERRUPTED_ASYNC || (error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}

import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import type { Converter, Diagnostic } from "tslab/dist/converter";
import { getCodeMetadata } from "tslab/dist/metadata";
import { keepReached, takeResetHeader, topLevelNames } from "./cell-declarations.js";
import { CHECK_NAME, insertChecks } from "./interrupt-checks.js";
import { CellExports } from "./cell-exports.js";
import { sideModuleRequire } from "./side-modules.js";
import { loadConverter } from "./tslab-converter.js";

/** What one execution gave: a value, type errors, or an exception thrown (or an interrupt) while it ran. */
export type Execution =
  | { kind: "ok"; value: unknown; hasValue: boolean }
  | { kind: "diagnostics"; diagnostics: readonly Diagnostic[] }
  | { kind: "error"; error: unknown; compiled: string };

/** Options of {@link CellExecutor}. */
export interface ExecutorOptions {
  /** The notebook's folder: relative imports and files resolve from here. */
  rootDir: string;
  /** The cells' `require` before side modules and `modules` are added (default: Node's, from rootDir). */
  require?: NodeJS.Require;
  /** Modules a cell's `require` answers itself, such as `tslab` (depthlab's tslab-compatible API). */
  modules?: Readonly<Record<string, unknown>>;
  /** Called at every loop iteration and function entry of a cell; throws to stop it. */
  check: () => void;
}

/**
 * Compiles cells with tslab's type-checking converter and runs them. It does what tslab's executor does
 * (declarations carried from cell to cell, side modules, `require("tslab")`), with four differences a user
 * can see: every cell runs as an async function, so `await` works with any operand (`await (p)`); what a
 * cell assigned before a runtime error or an interrupt stays usable, as in Python; a name the failing cell
 * declared but never reached keeps its earlier value; and the compiled code checks for interrupts in every
 * loop and function.
 */
export class CellExecutor {
  readonly #node: Converter;
  #browser: Converter | null = null;
  readonly #exports = new CellExports();
  readonly #sideOutputs = new Map<string, string>();
  readonly #require: NodeJS.Require;
  readonly #check: () => void;
  #prevDecl = "";

  constructor(options: ExecutorOptions) {
    this.#node = loadConverter().createConverter({ isJS: false, isBrowser: false });
    const base = options.require ?? createRequire(path.join(options.rootDir, "src.js"));
    this.#require = sideModuleRequire(base, options.rootDir, this.#sideOutputs, options.modules ?? {});
    this.#check = options.check;
  }

  /** The values of every cell's declarations, by name. */
  get locals(): Record<string, unknown> {
    return this.#exports.values;
  }

  /**
   * Compiles and runs a cell. `abandon` rejects when the cell is interrupted while it awaits: the cell's
   * promise is then left behind (its timers are dropped by the interrupt guards).
   */
  async execute(src: string, abandon: Promise<never>): Promise<Execution> {
    const meta = getCodeMetadata(src);
    if (meta.module) {
      const diagnostics = this.#converter(meta.mode).addModule(meta.module, src, meta);
      return diagnostics.length > 0 ? { kind: "diagnostics", diagnostics } : { kind: "ok", value: undefined, hasValue: false };
    }
    if (meta.mode === "browser") return { kind: "ok", value: undefined, hasValue: false }; // as tslab: not run in Node
    const converted = this.#node.convert(this.#prevDecl, src);
    for (const out of converted.sideOutputs ?? []) this.#sideOutputs.set(out.path, out.data);
    if (converted.diagnostics.length > 0) return { kind: "diagnostics", diagnostics: converted.diagnostics };
    const declOutput = converted.declOutput ?? "";
    if (!converted.output) {
      this.#prevDecl = declOutput;
      return { kind: "ok", value: undefined, hasValue: false };
    }
    const { code, names } = takeResetHeader(converted.output, topLevelNames(src));
    const compiled = `(async function (exports, require, ${CHECK_NAME}) { ${CHECK_NAME}(); ${insertChecks(code)}\n})`;
    const reached = this.#exports.record();
    try {
      const fn = vm.runInThisContext(compiled) as (e: unknown, r: NodeJS.Require, c: () => void) => Promise<void>;
      const holder = globalThis as unknown as Record<symbol, unknown>;
      holder[RUN] = () => fn(this.#exports.proxy, this.#require, this.#check);
      let promise: Promise<void>;
      try {
        // Called inside vm with breakOnSigint, so a SIGINT stops the cell's synchronous start.
        promise = vm.runInThisContext(`globalThis[Symbol.for("depthlab.cell")]()`, { breakOnSigint: true }) as Promise<void>;
      } finally {
        delete holder[RUN];
      }
      promise.catch(() => undefined); // reported through the race below, or left behind after an interrupt
      await Promise.race([promise, abandon]);
    } catch (error) {
      this.#exports.stopRecording();
      this.#exports.take(converted.lastExpressionVar);
      this.#prevDecl = keepReached(this.#prevDecl, declOutput, new Set(names), reached);
      return { kind: "error", error, compiled };
    }
    this.#exports.stopRecording();
    this.#prevDecl = declOutput;
    const taken = this.#exports.take(converted.lastExpressionVar);
    return { kind: "ok", value: taken.value, hasValue: taken.found && taken.value != null };
  }

  complete(src: string, position: number) {
    return this.#converter(getCodeMetadata(src).mode).complete(this.#prevDecl, src, position);
  }

  inspect(src: string, position: number) {
    return this.#converter(getCodeMetadata(src).mode).inspect(this.#prevDecl, src, position);
  }

  close(): void {
    this.#node.close();
    this.#browser?.close();
  }

  #converter(mode: string | undefined): Converter {
    if (mode !== "browser") return this.#node;
    this.#browser ??= loadConverter().createConverter({ isJS: false, isBrowser: true });
    return this.#browser;
  }
}

const RUN = Symbol.for("depthlab.cell");

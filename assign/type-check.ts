// Type-checks a notebook's code cells the way depthlab's kernel does, without running them: the prelude first, then
// every cell converted by tslab's converter against the declarations of the cells before it.
import type { Converter, Diagnostic } from "tslab/dist/converter";
import * as path from "node:path";
import * as ts from "@tslab/typescript-for-tslab";
import { getCodeMetadata } from "tslab/dist/metadata";
import { patchTypeResolution } from "../kernel/module-resolution.js";
import { PRELUDE } from "../kernel/prelude.js";
import { protectPropertyNames } from "../kernel/property-names.js";
import { loadConverter } from "../kernel/tslab-converter.js";
import { PACKAGE_ROOT } from "../lib/version.js";
import { SourceError } from "./source-error.js";

/** Options of {@link typeCheckCells} and {@link cellDeclarations}. */
export interface TypeCheckOptions {
  /**
   * The folder the kernel would start in (the notebook's): relative imports and `node_modules` resolve from it, and
   * `depthlab` (with tfjs, arquero…) from depthlab's own package where it has none, as in the kernel. Default:
   * depthlab's package root.
   */
  rootDir?: string;
}

/** The first type error of a notebook: its 1-based cell and line, and tslab's message. */
export interface CellTypeError {
  cell: number;
  line: number;
  message: string;
}

/**
 * The first type error the kernel would report when the notebook's cells are run in order, or null when every
 * cell type-checks. Nothing runs. `cells` are the notebook's cells in order, `null` for a cell that is not code
 * (markdown, raw), so that `cell` in the answer is the notebook's own 1-based cell number. A cell in tslab's browser
 * mode (`//%browser`) is skipped, as the kernel does not run it; a `//%module` cell is added as a module. A type
 * error inside a notebook-folder file that a cell imports is reported at that cell, line 1, naming the file.
 *
 * @example
 * typeCheckCells(["function f(x: number) { return x * 2; }", null, "const y: string = f(2);"])
 * // { cell: 3, line: 1, message: "Type 'number' is not assignable to type 'string'." }
 */
export function typeCheckCells(cells: readonly (string | null)[], options: TypeCheckOptions = {}): CellTypeError | null {
  return checkNotebook(cells, options).error;
}

/**
 * The declarations the kernel carries forward after each code cell (tslab's `declOutput`: a .d.ts of every name the
 * cells so far declare, the cell's own inferred types included), `null` for a cell that is not code. This is what
 * {@link stubSolutions} reads a solution's missing type annotations from. Throws a {@link SourceError} naming the
 * cell and line when a cell does not type-check.
 *
 * @example
 * cellDeclarations(["function f(x: number) { return x * 2; }"])[0] // "declare function f(x: number): number;\n…"
 */
export function cellDeclarations(cells: readonly (string | null)[], options: TypeCheckOptions = {}): (string | null)[] {
  const { declarations, error } = checkNotebook(cells, options);
  if (error) throw new SourceError(error.cell, error.line, `does not type-check: ${error.message}`);
  return declarations;
}

const patched = new Set<string>();

/** Walks the cells with one converter, stopping at the first type error; the converter is always closed. */
function checkNotebook(
  cells: readonly (string | null)[],
  { rootDir = PACKAGE_ROOT }: TypeCheckOptions,
): { declarations: (string | null)[]; error: CellTypeError | null } {
  if (!path.isAbsolute(rootDir)) throw new RangeError(`typeCheckCells: rootDir must be an absolute path, got ${JSON.stringify(rootDir)}`);
  if (!patched.has(rootDir)) {
    patchTypeResolution(rootDir, PACKAGE_ROOT); // wraps ts.sys for good: once per folder
    patched.add(rootDir);
  }
  const converter = createConverterIn(rootDir);
  try {
    const prelude = converter.convert("", PRELUDE);
    if (prelude.diagnostics.length > 0)
      throw new Error(`typeCheckCells: the prelude does not type-check: ${prelude.diagnostics[0]!.messageText}`);
    let previous = prelude.declOutput ?? "";
    const declarations: (string | null)[] = [];
    for (const [i, source] of cells.entries()) {
      if (source === null) {
        declarations.push(null);
        continue;
      }
      const meta = getCodeMetadata(source);
      let diagnostics: readonly Diagnostic[] = [];
      if (meta.module) diagnostics = converter.addModule(meta.module, source, meta);
      else if (meta.mode !== "browser") {
        const converted = converter.convert(previous, protectPropertyNames(source));
        diagnostics = converted.diagnostics;
        if (diagnostics.length === 0) previous = converted.declOutput ?? "";
      }
      const first = diagnostics.find((d) => d.fileName === undefined) ?? diagnostics[0];
      if (first) {
        const inCell = first.fileName === undefined;
        const message = inCell ? first.messageText : `${first.fileName}:${first.start.line + 1}: ${first.messageText}`;
        return { declarations, error: { cell: i + 1, line: inCell ? first.start.line + 1 : 1, message } };
      }
      declarations.push(previous);
    }
    return { declarations, error: null };
  } finally {
    converter.close();
  }
}

/**
 * tslab's converter, working in `rootDir`. The converter takes its folder from TypeScript's `sys.getCurrentDirectory()`
 * when it is created, and TypeScript memoizes that as the process's folder at its first call, so changing the
 * process's folder would not do: the function is swapped for the converter's creation (nothing else runs meanwhile).
 */
function createConverterIn(rootDir: string): Converter {
  const sys = ts.sys;
  const own = Object.prototype.hasOwnProperty.call(sys, "getCurrentDirectory");
  const original = sys.getCurrentDirectory;
  sys.getCurrentDirectory = () => rootDir;
  try {
    return loadConverter().createConverter({ isJS: false, isBrowser: false });
  } finally {
    if (own) sys.getCurrentDirectory = original;
    else delete (sys as Partial<typeof sys>).getCurrentDirectory;
  }
}

import { createRequire } from "node:module";
import * as path from "node:path";
import type * as TS from "@tslab/typescript-for-tslab";

type ConverterModule = typeof import("tslab/dist/converter");

let loaded: ConverterModule | null = null;

/**
 * tslab's converter module, loaded so that its watch program uses TypeScript's abstract builder instead
 * of the default emit-and-semantic-diagnostics builder. Load the converter only through this function:
 * the choice is made when the module is first loaded.
 *
 * Why: the default builder recomputes, for every new program (one per cell, two for a cell that declares
 * something), the references of every source file (about 1,000 declaration files once depthlab and tfjs
 * are imported) and checks every ambient module for each. That was most of a trivial cell's time and
 * garbage. tslab needs only one thing from the builder beyond the program: `getAllDependencies(cell)`, to
 * type-check the notebook's own .ts/.js files that a cell imports. Here a walk over those files gives it.
 * Declaration files are not walked, so a .ts file reached only through a .d.ts is not re-checked.
 *
 * tslab gives no hook for the builder. Its converter gets a view of its TypeScript module in which
 * `createWatchCompilerHost` defaults the builder.
 *
 * @example
 * const { createConverter } = loadConverter();
 * const converter = createConverter({ isJS: false, isBrowser: false });
 */
export function loadConverter(): ConverterModule {
  if (loaded) return loaded;
  const req = createRequire(require.resolve("tslab/package.json"));
  const converterPath = req.resolve("tslab/dist/converter");
  if (req.cache[converterPath]) throw new Error("loadConverter: tslab's converter was loaded before the lean builder was installed");
  const tsPath = req.resolve("@tslab/typescript-for-tslab");
  const ts = req(tsPath) as typeof TS;
  const lean: Record<string, unknown> = {};
  for (const key of Object.keys(ts)) {
    if (key !== "createWatchCompilerHost") Object.defineProperty(lean, key, { enumerable: true, get: () => ts[key as keyof typeof TS] });
  }
  const createProgram: TS.CreateProgram<TS.BuilderProgram> = (...args) => {
    const builder = ts.createAbstractBuilder(...(args as Parameters<typeof ts.createAbstractBuilder>));
    const program = builder.getProgram();
    return Object.assign(builder, {
      getAllDependencies: (file: TS.SourceFile) => sourceDependencies(program, file),
      // tslab's completion walks the cell's syntax tree up through parent links, which binding sets.
      // The default builder bound every file while it computed references; here, whoever asks for the
      // program gets it with its checker made (which binds every file; cached per program).
      getProgram: () => (program.getTypeChecker(), program),
    });
  };
  const original = ts.createWatchCompilerHost as (...a: unknown[]) => unknown;
  lean.createWatchCompilerHost = (...args: unknown[]) => original(...args.slice(0, 3), args[3] ?? createProgram, ...args.slice(4));
  const cached = req.cache[tsPath]!;
  const exports = cached.exports;
  cached.exports = lean;
  try {
    loaded = req(converterPath) as ConverterModule;
  } finally {
    cached.exports = exports; // anyone else who loads TypeScript gets it unchanged
  }
  return loaded;
}

/** The file names of `file` and of the non-declaration files it imports or references, transitively. */
function sourceDependencies(program: TS.Program, file: TS.SourceFile): string[] {
  const seen = new Set<string>([file.fileName]);
  const queue = [file];
  const visit = (name: string | undefined) => {
    const dep = name === undefined ? undefined : program.getSourceFile(name);
    if (dep && !dep.isDeclarationFile && !seen.has(dep.fileName)) {
      seen.add(dep.fileName);
      queue.push(dep);
    }
  };
  for (let current = queue.pop(); current; current = queue.pop()) {
    type Resolved = { resolvedFileName?: string; resolvedModule?: { resolvedFileName?: string } } | undefined;
    const modules = (current as unknown as { resolvedModules?: { forEach(f: (r: Resolved) => void): void } }).resolvedModules;
    modules?.forEach((r) => visit(r?.resolvedModule?.resolvedFileName ?? r?.resolvedFileName));
    for (const ref of current.referencedFiles) visit(path.resolve(path.dirname(current.fileName), ref.fileName));
  }
  return [...seen];
}

import "./early-guards.js";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as TS from "@tslab/typescript-for-tslab";
import { installKernelspec, parseInstallArgs } from "./kernelspec.js";
import { startJupyter } from "./start-jupyter.js";

const USAGE = `usage: depthlab <command>

  kernel <connection-file>                 run the kernel (Jupyter starts it this way)
  install [--user | --sys-prefix | --prefix P]
                                           register the "TypeScript (depthlab)" kernelspec
  start [jupyter arguments]                open Jupyter on notebooks/ with the kernel (npm start)
  --version                                print the version`;

/** The `depthlab` command line. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "kernel": {
      const file = rest[0];
      if (!file) throw new Error("depthlab kernel: a connection file is required");
      useLeanBuilder();
      const { startKernel } = await import("./start-kernel.js"); // after useLeanBuilder: it loads tslab's converter
      await startKernel(file);
      return -1; // keeps running
    }
    case "install":
      return installKernelspec(parseInstallArgs(rest));
    case "start":
      return startJupyter(rest);
    case "--version":
    case "version":
      process.stdout.write((await import("../lib/version.js")).version + "\n");
      return 0;
    case undefined:
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(USAGE + "\n");
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`depthlab: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

/**
 * Makes tslab's converter build its watch program with TypeScript's abstract builder instead of the
 * default emit-and-semantic-diagnostics builder. The default builder recomputes, for every new program
 * (one per cell), the references of every source file (about 1,000 declaration files once depthlab and
 * tfjs are imported) and checks every ambient module for each: most of a trivial cell's time and garbage.
 * tslab needs only one thing from it beyond the program, `getAllDependencies(cell)`, to type-check the
 * notebook's own .ts/.js files a cell imports; the abstract builder gets that from a walk over those
 * files (declaration files are not walked: a .ts file reached only through a .d.ts is not re-checked).
 * tslab gives no hook for the builder, so this hands its converter a copy of its TypeScript module with
 * `createWatchCompilerHost` defaulting the builder; it must run before tslab's converter is loaded.
 */
function useLeanBuilder(): void {
  const req = createRequire(require.resolve("tslab/package.json"));
  const tsPath = req.resolve("@tslab/typescript-for-tslab");
  const ts = req(tsPath) as typeof TS;
  const lean: Record<string, unknown> = {};
  for (const key of Object.keys(ts)) {
    if (key !== "createWatchCompilerHost") Object.defineProperty(lean, key, { enumerable: true, get: () => ts[key as keyof typeof TS] });
  }
  const createProgram: TS.CreateProgram<TS.BuilderProgram> = (...args) => {
    const builder = ts.createAbstractBuilder(...(args as Parameters<typeof ts.createAbstractBuilder>));
    return Object.assign(builder, { getAllDependencies: (file: TS.SourceFile) => sourceDependencies(builder.getProgram(), file) });
  };
  lean.createWatchCompilerHost = (...args: unknown[]) =>
    (ts.createWatchCompilerHost as (...a: unknown[]) => unknown)(...args.slice(0, 3), args[3] ?? createProgram, ...args.slice(4));
  req.cache[tsPath]!.exports = lean;
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

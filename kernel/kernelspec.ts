import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { PLOTLY_NBEXTENSION, plotlyPath } from "../lib/plot/plotly/library.js";
import { PACKAGE_ROOT } from "../lib/version.js";

/** Where `depthlab install` puts the kernelspec. */
export type InstallTarget = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; prefix: string };

/** Parses `[--user | --sys-prefix | --prefix P]`; the error names the bad argument. */
export function parseInstallArgs(args: readonly string[]): InstallTarget {
  const targets: InstallTarget[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--user") targets.push({ kind: "user" });
    else if (a === "--sys-prefix") targets.push({ kind: "sys-prefix" });
    else if (a === "--prefix" || a.startsWith("--prefix=")) {
      const prefix = a === "--prefix" ? args[++i] : a.slice("--prefix=".length);
      if (!prefix) throw new Error("depthlab install: --prefix needs a directory");
      targets.push({ kind: "prefix", prefix });
    } else throw new Error(`depthlab install: unknown option "${a}" (use --user, --sys-prefix or --prefix P)`);
  }
  if (targets.length > 1) throw new Error("depthlab install: give at most one of --user, --sys-prefix, --prefix P");
  return targets[0] ?? { kind: "user" };
}

/** The kernel.json that starts this copy of depthlab with this Node. */
export function kernelJson(): Record<string, unknown> {
  return {
    argv: [process.execPath, join(PACKAGE_ROOT, "bin", "depthlab.js"), "kernel", "{connection_file}"],
    display_name: "TypeScript (depthlab)",
    language: "typescript",
    interrupt_mode: "message",
    env: {},
    metadata: { debugger: true, depthlab: { root: PACKAGE_ROOT } },
  };
}

/** The Jupyter data directory (the one holding `kernels/`) for a target. */
export function dataDir(target: InstallTarget): string {
  switch (target.kind) {
    case "prefix":
      return join(target.prefix, "share", "jupyter");
    case "sys-prefix": {
      const prefix = execFileSync("python3", ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" }).trim();
      return join(prefix, "share", "jupyter");
    }
    case "user":
      if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
      if (process.platform === "win32") return join(process.env.APPDATA ?? homedir(), "jupyter");
      return join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter");
  }
}

/**
 * Writes `kernels/depthlab/kernel.json` under the target's Jupyter data directory, and beside it
 * `nbextensions/depthlab/plotly.min.js`, which classic Notebook serves to the plotly figures' HTML (it serves
 * `nbextensions/` of every data directory on its path; lib/plot/plotly/notebook-html.ts); returns 0.
 *
 * @example
 * installKernelspec({ kind: "prefix", prefix: ".jupyter" })
 * // writes .jupyter/share/jupyter/kernels/depthlab/kernel.json and .jupyter/share/jupyter/nbextensions/depthlab/plotly.min.js
 */
export function installKernelspec(target: InstallTarget, quiet = false): number {
  const data = dataDir(target);
  const dir = join(data, "kernels", "depthlab");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelJson(), null, 2) + "\n");
  const plotly = join(data, ...PLOTLY_NBEXTENSION.split("/"));
  mkdirSync(dirname(plotly), { recursive: true });
  copyFileSync(plotlyPath(), plotly);
  if (!quiet)
    process.stdout.write(`Installed the "TypeScript (depthlab)" kernelspec in ${dir}, and plotly.js for classic Notebook in ${plotly}\n`);
  return 0;
}

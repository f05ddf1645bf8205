import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The Jupyter front-ends `npm start` can open. */
export type FrontEndName = "lab" | "notebook" | "classic";

/** What each front-end is called in messages, and the command that starts it. */
export const FRONT_ENDS: Record<FrontEndName, { title: string; command: string; minMajor: number; maxMajor: number }> = {
  lab: { title: "JupyterLab 4", command: "jupyter-lab", minMajor: 4, maxMajor: Infinity },
  notebook: { title: "Notebook 7", command: "jupyter-notebook", minMajor: 7, maxMajor: Infinity },
  classic: { title: "classic Notebook 6", command: "jupyter-notebook", minMajor: 5, maxMajor: 6 },
};

/** The parsed `depthlab start` command line: the front-end, whether a venv may be made, and what goes to Jupyter. */
export interface StartArgs {
  frontEnd: FrontEndName;
  /** False with `--no-install`: use only what is installed. */
  install: boolean;
  /** Arguments passed on to Jupyter unchanged. */
  rest: string[];
}

const FLAG_TO_FRONT_END: Record<string, FrontEndName> = { "--lab": "lab", "--notebook": "notebook", "--classic": "classic" };

/**
 * Parses `depthlab start [--lab | --notebook | --classic] [--no-install] [jupyter arguments]`. The front-end
 * defaults to `$DEPTHLAB_FRONTEND` (lab, notebook or classic), else JupyterLab.
 *
 * @example
 * parseStartArgs(["--notebook", "--port=9000"], {}) // { frontEnd: "notebook", install: true, rest: ["--port=9000"] }
 */
export function parseStartArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env, fn = "start"): StartArgs {
  const fromEnv = env["DEPTHLAB_FRONTEND"];
  if (fromEnv !== undefined && fromEnv !== "" && !(fromEnv in FRONT_ENDS))
    throw new Error(`${fn}: DEPTHLAB_FRONTEND must be lab, notebook or classic, got "${fromEnv}"`);
  const chosen = args.filter((a) => a in FLAG_TO_FRONT_END);
  if (chosen.length > 1) throw new Error(`${fn}: give at most one of --lab, --notebook, --classic (got ${chosen.join(" ")})`);
  const frontEnd = chosen.length === 1 ? FLAG_TO_FRONT_END[chosen[0]!]! : fromEnv ? (fromEnv as FrontEndName) : "lab";
  return {
    frontEnd,
    install: !args.includes("--no-install"),
    rest: args.filter((a) => !(a in FLAG_TO_FRONT_END) && a !== "--no-install"),
  };
}

/** The major version a Jupyter command prints for `--version` (`4.6.4` → 4), or null when it does not run. */
export function majorVersion(command: string): number | null {
  const r = spawnSync(command, ["--version"], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] });
  if (r.status !== 0) return null;
  const m = /(\d+)\.\d+/.exec(r.stdout);
  return m ? Number(m[1]) : null;
}

/**
 * The command that starts `frontEnd`: one on $PATH of a suitable version (what the user installed), else the
 * project's own environment's (`venvBin`); null when neither.
 *
 * @example
 * findFrontEnd("lab", ".jupyter/venv/bin") // "jupyter-lab" where JupyterLab ≥ 4 is installed, else ".jupyter/venv/bin/jupyter-lab" if made
 */
export function findFrontEnd(frontEnd: FrontEndName, venvBin: string, version = majorVersion): string | null {
  const { command, minMajor, maxMajor } = FRONT_ENDS[frontEnd];
  const fits = (cmd: string) => {
    const major = version(cmd);
    return major !== null && major >= minMajor && major <= maxMajor;
  };
  if (fits(command)) return command;
  // classic Notebook 6 is never in the project's environment (it has Notebook 7): only on $PATH
  const own = join(venvBin, command);
  return frontEnd !== "classic" && existsSync(own) && fits(own) ? own : null;
}

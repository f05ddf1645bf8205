import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * The Python packages of the project's own Jupyter environment, pinned to the versions the browser tests run:
 * JupyterLab 4, Notebook 7 (same server and renderers) and plotly (whose wheel carries the jupyterlab-plotly
 * extension that draws `application/vnd.plotly.v1+json`; JupyterLab renders vega-lite itself).
 */
export const FRONT_END_PACKAGES = ["jupyterlab==4.6.4", "notebook==7.6.3", "plotly==7.1.0"] as const;

/**
 * pip's network settings: without them pip retries an unreachable index for minutes before it tries the
 * next source, so an offline machine with the wheels on disk would wait; with them a reachable index works as
 * usual. On a slow network set `PIP_RETRIES` or `PIP_TIMEOUT`: then these are left out and pip reads those.
 */
export const PIP_NETWORK_ARGS = ["--retries", "0", "--timeout", "5"] as const;

/** The oldest Python that JupyterLab 4.6 supports. */
const MIN_PYTHON: readonly [number, number] = [3, 9];

/** Where the environment lives, and its `bin` folder. */
export function venvPaths(root: string): { dir: string; bin: string; python: string } {
  const dir = join(root, ".jupyter", "venv");
  const bin = join(dir, process.platform === "win32" ? "Scripts" : "bin");
  return { dir, bin, python: join(bin, process.platform === "win32" ? "python.exe" : "python") };
}

/** A Python that can make the environment, or a sentence saying what is missing and how to install it. */
export function findPython(candidates: readonly string[] = ["python3", "python"]): { python: string } | { missing: string } {
  const probe = `import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])`;
  let found: string | null = null;
  for (const python of candidates) {
    const version = spawnSync(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8", timeout: 30_000 });
    if (version.status !== 0) continue;
    const [major, minor] = version.stdout.trim().split(".").map(Number) as [number, number];
    if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
      found ??= `${python} is Python ${major}.${minor}; JupyterLab 4 needs ${MIN_PYTHON.join(".")} or newer`;
      continue;
    }
    if (spawnSync(python, ["-c", probe], { stdio: "ignore", timeout: 30_000 }).status === 0) return { python };
    found ??= `${python} (Python ${major}.${minor}) lacks the venv module: on Debian or Ubuntu, sudo apt-get install python3-venv`;
  }
  return { missing: found ?? "no Python 3 found (python3 or python on PATH)" };
}

/** Options of {@link makeVenv}. */
export interface MakeVenvOptions {
  /** The repository root: the environment goes to `<root>/.jupyter/venv`. */
  root: string;
  /** The Python that makes it (from {@link findPython}). */
  python: string;
  /** Where progress lines go (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Makes the project's own Jupyter environment, `<root>/.jupyter/venv` (ignored by git), with
 * {@link FRONT_END_PACKAGES}. pip's output is shown as it installs. Returns null on success, else what failed and
 * the command to run by hand; a half-made environment is removed so that the next start tries again.
 *
 * @example
 * const py = findPython();
 * if ("python" in py) makeVenv({ root: PACKAGE_ROOT, python: py.python }); // about 25 s from wheels on disk
 */
export function makeVenv(options: MakeVenvOptions): string | null {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const { dir, python } = venvPaths(options.root);
  const ownNetwork = process.env["PIP_RETRIES"] !== undefined || process.env["PIP_TIMEOUT"] !== undefined;
  const pipArgs = ["-m", "pip", "install", "--disable-pip-version-check", ...(ownNetwork ? [] : PIP_NETWORK_ARGS), ...FRONT_END_PACKAGES];
  const byHand = `${options.python} -m venv ${dir} && ${python} ${pipArgs.join(" ")}`;
  log(`depthlab: making ${dir} with ${FRONT_END_PACKAGES.join(", ")} (once; about 330 MB)`);
  const steps: [string, string, string[]][] = [
    ["python -m venv", options.python, ["-m", "venv", dir]],
    ["pip install", python, pipArgs],
  ];
  for (const [what, command, args] of steps) {
    const r = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      const why = r.error ? r.error.message : `exit status ${r.status}`;
      return `${what} failed (${why}). Run it by hand to see why:\n  ${byHand}`;
    }
  }
  return existsSync(python) ? null : `${python} is missing after pip install`;
}

import { spawn } from "node:child_process";
import { delimiter, join } from "node:path";
import { PACKAGE_ROOT } from "../lib/version.js";
import { FRONT_ENDS, findFrontEnd, parseStartArgs, type FrontEndName } from "./front-end.js";
import { findPython, makeVenv, venvPaths } from "./jupyter-venv.js";
import { installKernelspec } from "./kernelspec.js";

/** The project-local Jupyter data directory: the kernelspec lives here, not in the user's config. */
export const LOCAL_JUPYTER = join(PACKAGE_ROOT, ".jupyter");

/** The environment with the project-local kernelspec first on JUPYTER_PATH. */
export function localJupyterEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const own = join(LOCAL_JUPYTER, "share", "jupyter");
  return { ...env, JUPYTER_PATH: env.JUPYTER_PATH ? `${own}${delimiter}${env.JUPYTER_PATH}` : own };
}

const HOW_TO_INSTALL = `Install one of:
  Python 3.9 or newer with venv (npm start then makes .jupyter/venv with JupyterLab 4 itself):
                     sudo apt-get install python3-venv   (Debian/Ubuntu; elsewhere python.org or your package manager)
  JupyterLab 4:      pip install "jupyterlab>=4" plotly   (or: conda install -c conda-forge jupyterlab plotly)
  VS Code:           the Jupyter extension; then pick the kernel "TypeScript (depthlab)" after \`npx depthlab install\`
then run \`npm start\` again.`;

/**
 * The command that starts `frontEnd`, making the project's own environment (`.jupyter/venv`) when it is missing
 * and `install` allows; else null, after saying on stderr what to install.
 */
export function ensureFrontEnd(
  frontEnd: FrontEndName,
  install: boolean,
  log: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): string | null {
  const { bin } = venvPaths(PACKAGE_ROOT);
  const found = findFrontEnd(frontEnd, bin);
  if (found) return found;
  const { title } = FRONT_ENDS[frontEnd];
  if (frontEnd === "classic") {
    log(`depthlab: ${title} was not found. Install it (sudo apt-get install jupyter-notebook, or pip install "notebook<7"), or use --lab.`);
    return null;
  }
  if (!install) {
    log(`depthlab: ${title} was not found on PATH or in .jupyter/venv, and --no-install forbids making .jupyter/venv.\n${HOW_TO_INSTALL}`);
    return null;
  }
  const python = findPython();
  if ("missing" in python) {
    log(`depthlab: ${title} was not found, and .jupyter/venv cannot be made: ${python.missing}.\n${HOW_TO_INSTALL}`);
    return null;
  }
  log(`depthlab: ${title} was not found on PATH; installing it into this clone's own environment (use --no-install to refuse)`);
  const failed = makeVenv({ root: PACKAGE_ROOT, python: python.python, log });
  if (failed) {
    log(`depthlab: ${failed}`);
    return null;
  }
  return findFrontEnd(frontEnd, bin);
}

/**
 * `npm start`: opens JupyterLab 4 (or Notebook 7 with --notebook, classic Notebook with --classic, or the front-end
 * named by $DEPTHLAB_FRONTEND) on notebooks/, with the depthlab kernel registered through JUPYTER_PATH only, so
 * the user's own Jupyter configuration is untouched. Where the front-end is not installed, makes `.jupyter/venv`
 * first (see ensureFrontEnd).
 */
export async function startJupyter(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseStartArgs(argv);
  } catch (error) {
    process.stderr.write(`depthlab ${(error as Error).message}\n`);
    return 2;
  }
  installKernelspec({ kind: "prefix", prefix: LOCAL_JUPYTER }, true);
  const command = ensureFrontEnd(parsed.frontEnd, parsed.install);
  if (command === null) return 1;
  const notebooks = join(PACKAGE_ROOT, "notebooks");
  // Jupyter refuses to run as root without --allow-root (containers and CI machines often run as root)
  const root = process.getuid?.() === 0 && !parsed.rest.includes("--allow-root") ? ["--allow-root"] : [];
  const dirArg = parsed.frontEnd === "classic" ? `--notebook-dir=${notebooks}` : `--ServerApp.root_dir=${notebooks}`;
  const args = [dirArg, ...root, ...parsed.rest];
  process.stdout.write(`Starting ${FRONT_ENDS[parsed.frontEnd].title}: ${command} ${args.join(" ")} (kernel: TypeScript (depthlab))\n`);
  const child = spawn(command, args, { stdio: "inherit", env: localJupyterEnv() });
  return new Promise((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(`depthlab: could not start ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on("exit", (code) => resolve(code ?? 0));
  });
}

/** `depthlab setup [--lab | --notebook | --classic] [--no-install]`: finds or makes the front-end, prints its command. */
export function setupJupyter(argv: string[]): number {
  const parsed = parseStartArgs(argv, process.env, "setup");
  if (parsed.rest.length > 0) throw new Error(`setup: unknown argument "${parsed.rest[0]}"`);
  installKernelspec({ kind: "prefix", prefix: LOCAL_JUPYTER }, true);
  const command = ensureFrontEnd(parsed.frontEnd, parsed.install);
  if (command === null) return 1;
  process.stdout.write(command + "\n");
  return 0;
}

import { spawn, spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { PACKAGE_ROOT } from "../lib/version.js";
import { installKernelspec } from "./kernelspec.js";

/** The project-local Jupyter data directory: the kernelspec lives here, not in the user's config. */
export const LOCAL_JUPYTER = join(PACKAGE_ROOT, ".jupyter");

/** The environment with the project-local kernelspec first on JUPYTER_PATH. */
export function localJupyterEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const own = join(LOCAL_JUPYTER, "share", "jupyter");
  return { ...env, JUPYTER_PATH: env.JUPYTER_PATH ? `${own}${delimiter}${env.JUPYTER_PATH}` : own };
}

function has(subcommand: string): boolean {
  const r = spawnSync("jupyter", [subcommand, "--version"], { stdio: "ignore" });
  return r.status === 0;
}

const HOW_TO_INSTALL = `Jupyter was not found. Install one of:
  JupyterLab:        pip install jupyterlab        (or: conda install -c conda-forge jupyterlab)
  classic Notebook:  sudo apt-get install jupyter-notebook   (Debian/Ubuntu)
  VS Code:           the Jupyter extension; then pick the kernel "TypeScript (depthlab)" after \`npx depthlab install\`
then run \`npm start\` again.`;

/**
 * Opens JupyterLab (or classic Notebook where Lab is missing) on notebooks/, with the depthlab kernel
 * registered through JUPYTER_PATH only, so the user's own Jupyter configuration is untouched.
 */
export async function startJupyter(extraArgs: string[]): Promise<number> {
  installKernelspec({ kind: "prefix", prefix: LOCAL_JUPYTER }, true);
  const app = has("lab") ? "lab" : has("notebook") ? "notebook" : null;
  if (app === null) {
    process.stderr.write(HOW_TO_INSTALL + "\n");
    return 1;
  }
  // Jupyter refuses to run as root without --allow-root (containers and CI machines often run as root)
  const root = process.getuid?.() === 0 && !extraArgs.includes("--allow-root") ? ["--allow-root"] : [];
  const args = [app, `--notebook-dir=${join(PACKAGE_ROOT, "notebooks")}`, ...root, ...extraArgs];
  process.stdout.write(`Starting jupyter ${args.join(" ")} (kernel: TypeScript (depthlab))\n`);
  const child = spawn("jupyter", args, { stdio: "inherit", env: localJupyterEnv() });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
}

import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { localJupyterEnv } from "../../kernel/start-jupyter.js";

/** A free TCP port on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Resolves when `url` answers 200, rejects after `ms`. */
export async function waitForUrl(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** A running Jupyter server for a browser test. */
export interface JupyterServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  token: string;
  /** Its root folder, where the test puts notebooks. */
  dir: string;
  stop(): void;
}

/**
 * Starts `command` (the project environment's jupyter-lab or jupyter-notebook) on a free
 * loopback port with root `dir`, and with its own configuration, settings, workspaces and runtime folders under
 * `dir`, so that the user's are neither read nor written and every run starts from a fresh workspace. The app
 * objects are exposed to page scripts (`window.jupyterapp`) so that tests can run commands.
 *
 * @example
 * const server = await startJupyterServer("/repo/.jupyter/venv/bin/jupyter-lab", dir);
 * await page.goto(`${server.base}/lab/tree/x.ipynb?token=${server.token}`);
 */
export async function startJupyterServer(command: string, dir: string): Promise<JupyterServer> {
  const token = "depthlab-front-ends";
  const port = await freePort();
  const own = (name: string) => {
    const path = join(dir, ".jupyter-test", name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const env = {
    ...localJupyterEnv(),
    JUPYTER_CONFIG_DIR: own("config"),
    JUPYTERLAB_SETTINGS_DIR: own("settings"),
    JUPYTERLAB_WORKSPACES_DIR: own("workspaces"),
    JUPYTER_RUNTIME_DIR: own("runtime"),
  };
  const args = [
    `--port=${port}`,
    "--ip=127.0.0.1",
    "--no-browser",
    "--allow-root",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${dir}`,
    "--LabApp.expose_app_in_browser=True",
    "--JupyterNotebookApp.expose_app_in_browser=True",
    // no "would you like news?" toast: it asks the internet, which tests must not
    "--LabApp.news_url=None",
  ];
  const child: ChildProcess = spawn(command, args, { env, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForUrl(`${base}/api?token=${token}`, 60_000);
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  }
  return { base, token, dir, stop: () => void child.kill("SIGTERM") };
}

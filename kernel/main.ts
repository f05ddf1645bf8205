import "./early-guards.js";
import { startKernel } from "./start-kernel.js";
import { installKernelspec, parseInstallArgs } from "./kernelspec.js";
import { setupJupyter, startJupyter } from "./start-jupyter.js";

const USAGE = `usage: depthlab <command>

  kernel <connection-file>                 run the kernel (Jupyter starts it this way)
  install [--user | --sys-prefix | --prefix P]
                                           register the "TypeScript (depthlab)" kernelspec
  start [--lab | --notebook | --classic] [--no-install] [jupyter arguments]
                                           open JupyterLab 4 (or Notebook 7, or classic Notebook) on
                                           notebooks/ with the kernel (npm start); makes .jupyter/venv
                                           with JupyterLab when none is installed, unless --no-install
  setup [--lab | --notebook | --classic] [--no-install]
                                           the same without starting: prints the front-end's command
  assign | validate | grade …              assignment handouts and autograding (depthlab assign --help)
  --version                                print the version`;

/** The `depthlab` command line. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "kernel": {
      const file = rest[0];
      if (!file) throw new Error("depthlab kernel: a connection file is required");
      await startKernel(file);
      return -1; // keeps running
    }
    case "install":
      return installKernelspec(parseInstallArgs(rest));
    case "start":
      return startJupyter(rest);
    case "setup":
      return setupJupyter(rest);
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

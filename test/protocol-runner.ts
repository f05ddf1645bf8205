import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../lib/version.js";
import { installKernelspec } from "../kernel/kernelspec.js";
import { LOCAL_JUPYTER, localJupyterEnv } from "../kernel/start-jupyter.js";

// Runs the protocol tests (jupyter_kernel_test, nbclient and our own) with Debian's Python against
// the real kernel process. Without the Python packages they are skipped with a visible message,
// unless DEPTHLAB_REQUIRE_JUPYTER=1 (set by .ci/run), where a skip is a failure.
const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const modules = ["jupyter_client", "nbclient", "nbformat", "jupyter_kernel_test", "pytest", "zmq"];
const probe = spawnSync(python, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" });
if (probe.status !== 0) {
  const banner = [
    "SKIPPED: the Jupyter protocol tests need Python with " + modules.join(", ") + ".",
    "  Debian/Ubuntu: apt-get install jupyter-client python3-nbclient python3-jupyter-kernel-test jupyter-notebook python3-ipykernel python3-pytest",
    `  (${python} said: ${(probe.stderr || probe.error?.message || "").trim().split("\n").pop()})`,
  ].join("\n");
  process.stderr.write("\n" + banner + "\n\n");
  process.exit(process.env.DEPTHLAB_REQUIRE_JUPYTER === "1" ? 1 : 0);
}
installKernelspec({ kind: "prefix", prefix: LOCAL_JUPYTER }, true);
const result = spawnSync(
  python,
  ["-m", "pytest", "-q", "-p", "no:cacheprovider", join(PACKAGE_ROOT, "test", "protocol"), ...process.argv.slice(2)],
  {
    stdio: "inherit",
    env: localJupyterEnv(),
    cwd: PACKAGE_ROOT,
  },
);
process.exit(result.status ?? 1);

// The PyTorch the training benchmark compares with: PyTorch 2.13 CPU from pip's wheel (on these machines it lies on
// disk, /opt/wheels, where pip's find-links points), in its own environment <root>/.bench/venv (ignored by git),
// made once the way kernel/jupyter-venv.ts makes .jupyter/venv. Debian's python3-torch (1.13) is the fallback.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { findPython, PIP_NETWORK_ARGS } from "../kernel/jupyter-venv.js";

/** The PyTorch release the benchmark pins: the CPU build (MKL for GEMMs, oneDNN for convolutions). */
export const TORCH_VERSION = "2.13.0+cpu";

/**
 * What goes into the environment: the pinned CPU wheel, and NumPy (without it torch warns at import). Elsewhere the
 * CPU wheel comes from PyTorch's own index: `PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu`.
 */
export const TORCH_REQUIREMENTS = [`torch==${TORCH_VERSION}`, "numpy"] as const;

/** Debian's python3-torch, the reference when the environment cannot be made. */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/** Where the environment lives, and its python. */
export function torchVenvPaths(root: string): { dir: string; python: string } {
  const dir = join(root, ".bench", "venv");
  return { dir, python: join(dir, process.platform === "win32" ? "Scripts/python.exe" : "bin/python") };
}

/** torch.__version__ as `python` imports it, or null when it cannot (no such python, no torch). */
export function torchVersion(python: string): string | null {
  const r = spawnSync(python, ["-W", "ignore", "-c", "import torch; print(torch.__version__)"], { encoding: "utf8", timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The python the reference runs on, and what the report says about it. */
export interface TorchReference {
  python: string;
  /** torch.__version__ there (null when it has none: the reference script then says why it cannot run). */
  version: string | null;
  /** One sentence for the report: where this python and its torch come from. */
  source: string;
  /** Set when this is not the pinned wheel: why, loudly, for the top of the report. */
  warning?: string;
}

/** Options of {@link torchReference}. */
export interface TorchReferenceOptions {
  /** Use this python and no environment (the benchmark passes `BENCH_TORCH_PYTHON`); default: none. */
  python?: string;
  /** Where progress lines go (default: stderr); pip's own output goes to stderr too. */
  log?: (line: string) => void;
}

/**
 * The python that runs the benchmark's PyTorch reference: `<root>/.bench/venv` with {@link TORCH_REQUIREMENTS},
 * made on first use (about 40 s from the wheels on disk; a made one is checked, about 2 s) and made again if its
 * torch is not {@link TORCH_VERSION}. If it cannot be made, Debian's {@link SYSTEM_PYTHON} with a `warning` saying
 * why; `options.python` skips the environment.
 *
 * @example
 * const ref = torchReference(PACKAGE_ROOT); // { python: ".../.bench/venv/bin/python", version: "2.13.0+cpu", ... }
 * runPython("bench/training-torch.py", job, "training-torch.py", { python: ref.python });
 */
export function torchReference(root: string, options: TorchReferenceOptions = {}): TorchReference {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  if (options.python) {
    const version = torchVersion(options.python);
    const source = `${options.python} (BENCH_TORCH_PYTHON), torch ${version ?? "not importable"}`;
    return version === TORCH_VERSION
      ? { python: options.python, version, source }
      : { python: options.python, version, source, warning: `the reference is ${source}, not the pinned PyTorch ${TORCH_VERSION} wheel` };
  }
  const { dir, python } = torchVenvPaths(root);
  const found = existsSync(python) ? torchVersion(python) : null;
  if (found === TORCH_VERSION) return { python, version: found, source: `${dir} (pip's torch ${TORCH_VERSION} wheel)` };
  const t = performance.now();
  const failure = makeTorchVenv(dir, python, log);
  const version = failure === null ? torchVersion(python) : null;
  if (version === TORCH_VERSION) {
    const seconds = (performance.now() - t) / 1000;
    log(`bench: made ${dir} in ${seconds.toFixed(0)} s`);
    return { python, version, source: `${dir} (pip's torch ${TORCH_VERSION} wheel; made by this run in ${seconds.toFixed(0)} s)` };
  }
  const why = failure ?? `its torch is ${version ?? "not importable"} after pip install`;
  const system = torchVersion(SYSTEM_PYTHON);
  return {
    python: SYSTEM_PYTHON,
    version: system,
    source: `${SYSTEM_PYTHON} (Debian's python3-torch), torch ${system ?? "not importable"}`,
    warning:
      `PyTorch ${TORCH_VERSION} could not be set up in ${dir}: ${why}. The reference is ${SYSTEM_PYTHON}'s torch ` +
      `(${system ?? "not importable"}) instead: Debian's python3-torch is older and slower than what users install, so every ratio to PyTorch here flatters tfjs`,
  };
}

/** Makes the environment afresh; null on success, else what failed and the commands to run by hand. */
function makeTorchVenv(dir: string, python: string, log: (line: string) => void): string | null {
  const maker = findPython();
  if ("missing" in maker) return maker.missing;
  const ownNetwork = process.env["PIP_RETRIES"] !== undefined || process.env["PIP_TIMEOUT"] !== undefined;
  const pipArgs = ["-m", "pip", "install", "--disable-pip-version-check", ...(ownNetwork ? [] : PIP_NETWORK_ARGS), ...TORCH_REQUIREMENTS];
  const byHand = `${maker.python} -m venv ${dir} && ${python} ${pipArgs.join(" ")}`;
  log(`bench: making ${dir} with ${TORCH_REQUIREMENTS.join(", ")} (once; about 1 GB, 40 s from wheels on disk)`);
  rmSync(dir, { recursive: true, force: true });
  const steps: [string, string, string[]][] = [
    ["python -m venv", maker.python, ["-m", "venv", dir]],
    ["pip install", python, pipArgs],
  ];
  for (const [what, command, args] of steps) {
    // pip's progress to stderr: stdout is the benchmark's own log
    const r = spawnSync(command, args, { stdio: ["ignore", 2, 2] });
    if (r.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return `${what} failed (${r.error ? r.error.message : `exit status ${r.status}`}); by hand: ${byHand}`;
    }
  }
  return null;
}

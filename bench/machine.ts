// What the benchmarks say about the machine, and how they run their PyTorch reference in the same run (Debian's
// python3-torch through /usr/bin/python3 by default). Shared by bench/regions.ts, bench/training.ts, bench/grading.ts.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";

/** "2 × AMD EPYC": the number of logical CPUs and their model. */
export function cpuDescription(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}`;
}

/** The 1-minute load average, two decimals (the machine may be shared: say how busy it was). */
export function loadAverage(): string {
  return loadavg()[0]!.toFixed(2);
}

/** Options of {@link runPython}. */
export interface RunPythonOptions {
  /** The interpreter (default /usr/bin/python3, Debian's, with python3-torch; bench/torch-venv.ts finds PyTorch 2.13). */
  python?: string;
  /** Kill it after this long (default 20 minutes). */
  timeoutMs?: number;
}

/**
 * Runs `python script` with `input` as JSON on stdin and parses the JSON it prints; a string says why it could not
 * (PyTorch missing, python missing, the script failed). `what` names the script in messages.
 *
 * @example
 * const run = runPython<GridRun>("bench/regions-grid.py", { reps: 3, cases }, "regions-grid.py");
 * if (typeof run === "string") console.log(`reference not run: ${run}`);
 */
export function runPython<T>(script: string, input: unknown, what: string, options: RunPythonOptions = {}): T | string {
  const { python = "/usr/bin/python3", timeoutMs = 20 * 60_000 } = options;
  const r = spawnSync(python, [script], {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 1 << 26,
    timeout: timeoutMs,
    stdio: ["pipe", "pipe", "pipe"],
  });
  // without torch, python exits before it reads its input, so writing it may fail (EPIPE): read stderr first
  if (/No module named 'torch'/.test(r.stderr ?? ""))
    return `PyTorch is not installed for ${python}` + (python === "/usr/bin/python3" ? " (Debian: apt-get install python3-torch)" : "");
  if (r.error) return `could not run ${python} (${r.error.message})`;
  if (r.status !== 0) return `${what} failed (exit ${r.status}): ${(r.stderr ?? "").trim().split("\n").slice(-1)[0]}`;
  return JSON.parse(r.stdout) as T;
}

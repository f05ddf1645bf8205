import { readdirSync, readFileSync } from "node:fs";

// Why polling rather than a kernel-enforced limit:
// - RLIMIT_AS caps virtual address space, not memory used. V8 reserves large virtual ranges up front (the pointer
//   cage, code space) and every WebAssembly memory reserves its whole guard region (8 GiB or more for tfjs-wasm on
//   64-bit), so a cap of a few GB makes Node or the wasm backend fail at start while using a few hundred MB.
// - cgroups would be exact (memory.limit_in_bytes / memory.max) but need a writable cgroup hierarchy: this machine
//   mounts cgroup v1 and root may create groups under /sys/fs/cgroup/memory, yet a non-root grader cannot, and CI
//   containers usually mount /sys/fs/cgroup read-only (or give cgroup v2 without delegation). A grader that works
//   in only some places is worse than one that is slightly late everywhere.
// So we sum the resident set size of the kernel's whole process tree (the sandbox launcher, bubblewrap's init, the
// kernel and anything it spawned) every `intervalMs` and report once it is over the cap. A hog allocating 1 GB/s
// can overshoot by about intervalMs worth of allocation (50 MB at the default) before the caller kills it.
// CONFIG_PROC_CHILDREN is off on this kernel (no /proc/<pid>/task/<tid>/children), so descendants are found by
// reading every /proc/<pid>/stat's parent pid: about 2 ms for 80 processes.

/**
 * Polls the summed RSS of process `pid` and all its descendants and calls `onExceed(rssMb)` once, the first time
 * the sum is over `capMb`; the caller then kills the tree (for a sandboxed kernel, killing the launcher is enough).
 * Returns a function that stops watching. The timer does not keep Node alive.
 *
 * @example
 * const kernel = await KernelClient.start({ wrap: sandbox.wrap });
 * const stop = watchMemory(kernel.pid!, 2048, (mb) => {
 *   flags.push(`stopped at ${mb.toFixed(0)} MB`);
 *   void kernel.kill();
 * });
 * // … run the cells …
 * stop();
 */
export function watchMemory(pid: number, capMb: number, onExceed: (rssMb: number) => void, intervalMs = 50): () => void {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`watchMemory: pid must be a positive integer, got ${pid}`);
  if (!(capMb > 0)) throw new Error(`watchMemory: capMb must be a positive number of MB, got ${capMb}`);
  if (!(intervalMs >= 1)) throw new Error(`watchMemory: intervalMs must be at least 1, got ${intervalMs}`);
  let stopped = false;
  const timer = setInterval(() => {
    const rssMb = treeRssKb(pid) / 1024;
    if (rssMb > capMb && !stopped) {
      stop();
      onExceed(rssMb);
    }
  }, intervalMs);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}

/** The summed VmRSS (kB) of `root` and its descendants; 0 once they are all gone. */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = parentPid(Number(name));
    if (ppid !== null) children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  let total = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += rssKb(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The parent pid from /proc/<pid>/stat (field 4, after the command name, which may hold spaces and parentheses). */
function parentPid(pid: number): number | null {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields.length > 1 ? Number(fields[1]) : null;
}

function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readOrEmpty(`/proc/${pid}/status`));
  return match ? Number(match[1]) : 0; // a zombie or a vanished process has none
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return ""; // the process ended between readdir and read
  }
}

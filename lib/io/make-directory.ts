import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * `mkdir -p` that always fails at once: the missing directories are created one at a time, top down, and the first
 * error is final. Node's own `mkdir(dir, { recursive: true })` (as of Node 20) spins forever where a directory exists
 * but cannot hold a new entry and answers ENOENT, as procfs does (`/proc/x/model`): it reads ENOENT as "the parent
 * is missing", finds the parent there, and tries the child again. The error names `dir` and the system's reason.
 *
 * @example
 * await makeDirectory("save", "/proc/x/model");
 * // throws "save: cannot create the directory /proc/x/model: ENOENT: no such file or directory, mkdir '/proc/x'"
 */
export async function makeDirectory(fn: string, dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT" || dirname(at) === at) throw cannotCreate(fn, dir, error);
      return null;
    });
    if (found === null) {
      missing.unshift(at);
      continue;
    }
    if (!found.isDirectory()) throw new Error(`${fn}: cannot create the directory ${dir}: ${at} is a file, not a directory`);
    break;
  }
  for (const at of missing) {
    await mkdir(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw cannotCreate(fn, dir, error); // EEXIST: made meanwhile, by someone else
    });
  }
}

function cannotCreate(fn: string, dir: string, error: Error): Error {
  return new Error(`${fn}: cannot create the directory ${dir}: ${error.message}`, { cause: error });
}

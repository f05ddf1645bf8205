import { execFileSync, spawnSync } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  lchownSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { SpawnPlan } from "../book/kernel-client.js";
import { PACKAGE_ROOT } from "../lib/version.js";

// The sandbox a student's kernel runs in while it is graded. Longer than most files because choosing a sandbox,
// building its command line and cleaning up share the same facts (which launcher works, which uid runs the kernel).
//
// bwrap: bubblewrap with every namespace unshared (an empty network namespace: no network at all, not even
//   loopback to the host; own pid, ipc, uts and cgroup namespaces), all capabilities dropped, a new session (no
//   TIOCSTI into the grader's terminal), and a file system made only of read-only /usr (with the /bin, /lib…
//   links), the Node binary, the pieces of the depthlab package the kernel reads, a private /tmp, /proc and /dev,
//   the submission's own folder at /home/student and the kernel's socket folder, both read-write. The rest of the
//   machine, the repository's assignments/ and notebooks/, the other students' folders, /root and /etc, does not
//   exist inside. The kernel runs as uid 65534.
// user: for root without bubblewrap. A throw-away system user per sandbox, a new network and pid namespace
//   (`unshare --net --pid`), setpriv to that user. It sees the whole file system with that user's rights, so the
//   instructor's folders must not be readable by others: check them with assertPrivate.
// none: no isolation at all; only when asked for by name, and never as root.

/** Which isolation a submission's kernel runs in. */
export type SandboxKind = "bwrap" | "user" | "none";

/** What {@link chooseSandbox} found to work. */
export interface SandboxPlan {
  kind: SandboxKind;
  /** One line for the grading report, e.g. "bubblewrap 0.8.0, uid 65534, no network". */
  description: string;
  /** How bubblewrap is entered: `setpriv` (as uid 65534 outside too) or `uid` (bwrap --uid, as the grader outside). */
  launcher?: "setpriv" | "uid";
  /** The bwrap executable found on the PATH. */
  bwrap?: string;
}

/** Options of {@link chooseSandbox}. */
export interface ChooseSandboxOptions {
  /** Where to look for bwrap, setpriv and unshare (default: `process.env.PATH`). */
  path?: string;
}

/** The uid and gid the kernel runs as under bubblewrap (nobody / nogroup on Debian). */
export const SANDBOX_UID = 65534;
const KINDS = ["auto", "bwrap", "user", "none"];
const INSTALL = "install bubblewrap (Debian: apt-get install bubblewrap)";
const isRoot = () => process.getuid?.() === 0;

/**
 * Chooses the sandbox for grading: `auto` takes bubblewrap when `bwrap` is on the PATH and a trial run works, else,
 * as root, a throw-away user; it throws otherwise. `none` must be asked for by name and is refused as root.
 *
 * @example
 * const plan = chooseSandbox(); // or chooseSandbox("bwrap") to insist
 * console.log(`sandbox: ${plan.description}`); // "sandbox: bubblewrap 0.8.0, uid 65534 inside and out, no network"
 */
export function chooseSandbox(requested: SandboxKind | "auto" = "auto", options: ChooseSandboxOptions = {}): SandboxPlan {
  const { path = process.env["PATH"] ?? "" } = options;
  if (!KINDS.includes(requested))
    throw new Error(`chooseSandbox: requested must be one of ${KINDS.join(", ")}, got ${JSON.stringify(requested)}`);
  if (requested === "none") {
    if (isRoot())
      throw new Error(`chooseSandbox: refusing to run untrusted submissions as root without a sandbox: ${INSTALL}, or ask for "user"`);
    return { kind: "none", description: `no sandbox: submissions run as uid ${process.getuid?.()} with the grader's rights and network` };
  }
  let bwrapProblem = "";
  if (requested !== "user") {
    const bwrap = which("bwrap", path);
    if (bwrap === null) bwrapProblem = `bwrap is not on the PATH: ${INSTALL}`;
    else {
      const tried = tryBwrap(bwrap, path);
      if ("plan" in tried) return tried.plan;
      bwrapProblem = `bwrap is installed but a trial run failed (${tried.error}); unprivileged user namespaces may be off (sysctl kernel.unprivileged_userns_clone=1)`;
    }
    if (requested === "bwrap") throw new Error(`chooseSandbox: "bwrap" requested but ${bwrapProblem}`);
  }
  const missing = ["useradd", "userdel", "unshare", "setpriv"].filter((tool) => which(tool, path) === null);
  if (!isRoot() || missing.length > 0) {
    const why = !isRoot() ? "a throw-away user needs root" : `${missing.join(", ")} missing (apt-get install passwd util-linux)`;
    throw new Error(
      `chooseSandbox: no sandbox for untrusted submissions: ${bwrapProblem ? bwrapProblem + "; " : ""}${why}. Pass "none" to grade without one (not as root)`,
    );
  }
  return {
    kind: "user",
    description:
      "throw-away user per submission (setpriv), unshare --net --pid: no network; relies on the instructor's folders being private",
  };
}

/** Options of {@link sandboxWrap}. */
export interface SandboxWrapOptions {
  /** The submission's private folder: the kernel's working folder, the only one it may write besides /tmp. */
  workDir: string;
  /** The memory cap (MB); the kernel's V8 heap gets 3/4 of it (`--max-old-space-size`), the rest is for buffers and wasm. */
  memoryMb: number;
  /** Extra host paths the kernel may read, bound read-only at the same path (default none). */
  readOnly?: string[];
  /** Extra environment variables for the kernel (default none; the environment is otherwise clean). */
  env?: Record<string, string>;
}

/** A sandbox for one submission: `wrap` for {@link KernelClient.start}, `dispose` once its kernel has ended. */
export interface Sandbox {
  wrap: (argv: string[], socketDir: string, cwd: string) => SpawnPlan;
  /** The host uid that runs the kernel and owns the files it writes. */
  hostUid: number;
  /** The folder the kernel sees as its working folder (`/home/student` under bubblewrap). */
  home: string;
  /** Removes what the sandbox made (the throw-away user, the staged /etc files). */
  dispose: () => void;
}

/**
 * Builds the sandbox for one submission from a plan of {@link chooseSandbox}. The work folder (and, at each
 * `wrap`, the kernel's socket folder) is given to the sandbox's user with mode 0700.
 *
 * @example
 * const sandbox = sandboxWrap(chooseSandbox(), { workDir: "/tmp/grade-x/alice", memoryMb: 2048 });
 * const kernel = await KernelClient.start({ cwd: "/tmp/grade-x/alice", wrap: sandbox.wrap });
 * try { await kernel.execute("dl.version", onIopub); } finally { await kernel.shutdown(); sandbox.dispose(); }
 */
export function sandboxWrap(plan: SandboxPlan, options: SandboxWrapOptions): Sandbox {
  const { workDir, memoryMb, readOnly = [], env = {} } = options;
  if (!KINDS.includes(plan?.kind))
    throw new Error(`sandboxWrap: plan.kind must be one of bwrap, user, none, got ${JSON.stringify(plan?.kind)}`);
  if (!existsSync(workDir) || !statSync(workDir).isDirectory())
    throw new Error(`sandboxWrap: workDir must be an existing folder, got ${workDir}`);
  if (!(memoryMb >= 64)) throw new Error(`sandboxWrap: memoryMb must be at least 64, got ${memoryMb}`);
  for (const p of readOnly) if (!existsSync(p)) throw new Error(`sandboxWrap: readOnly paths must exist, got ${p}`);
  if (plan.kind === "none" && isRoot()) throw new Error("sandboxWrap: refusing to run a submission as root without a sandbox");

  const heapMb = Math.floor((memoryMb * 3) / 4);
  const user = plan.kind === "user" ? makeThrowawayUser() : null;
  // setpriv: the kernel is nobody outside the namespaces too, so a bubblewrap bug or a mistaken bind still meets
  // ordinary file permissions (no reading /root, no writing root's files). bwrap --uid as root maps the inner uid
  // to root outside: files it writes are root's and any escape is root. So setpriv is tried first.
  const hostUid = user?.uid ?? (plan.kind === "bwrap" && plan.launcher === "setpriv" ? SANDBOX_UID : (process.getuid?.() ?? 0));
  const hostGid = user?.gid ?? (hostUid === SANDBOX_UID ? SANDBOX_UID : (process.getgid?.() ?? 0));
  const home = plan.kind === "bwrap" ? "/home/student" : workDir;
  const cleanEnv = {
    HOME: home,
    PATH: "/usr/local/bin:/usr/bin:/bin",
    LANG: "C.UTF-8",
    TMPDIR: "/tmp",
    NODE_OPTIONS: `--max-old-space-size=${heapMb}`,
    ...env,
  };
  giveTo(workDir, hostUid, hostGid, true);
  const staged = plan.kind === "bwrap" ? stageEtc() : null;

  const wrap = (argv: string[], socketDir: string): SpawnPlan => {
    giveTo(socketDir, hostUid, hostGid, true);
    if (plan.kind === "none") return { command: argv[0]!, args: argv.slice(1), cwd: workDir, env: cleanEnv };
    if (user) {
      // unshare's --kill-child sets a parent-death signal, but changing uid clears it, so setpriv sets it again
      // after the switch: killing `unshare` (the pid the grader holds) kills the kernel, pid 1 of its namespace,
      // and with it everything the submission started.
      const drop = ["setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--no-new-privs", "--inh-caps=-all"];
      drop.push("--pdeathsig", "KILL", "--");
      const args = ["--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--", ...drop, ...argv];
      return { command: "unshare", args, cwd: workDir, env: cleanEnv };
    }
    const binds = bwrapArgs({ workDir, socketDir, home, readOnly, staged: staged!, uidInside: plan.launcher === "uid" });
    const args = [...binds, "--clearenv", ...Object.entries(cleanEnv).flatMap(([k, v]) => ["--setenv", k, v]), "--", ...argv];
    if (plan.launcher === "setpriv") {
      const drop = [`--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, "--clear-groups", "--no-new-privs", "--"];
      return { command: "setpriv", args: [...drop, plan.bwrap ?? "bwrap", ...args], cwd: "/", env: cleanEnv };
    }
    return { command: plan.bwrap ?? "bwrap", args, cwd: "/", env: cleanEnv };
  };
  const dispose = () => {
    if (staged) rmSync(staged, { recursive: true, force: true });
    if (user) spawnSync("userdel", ["--force", user.name], { stdio: "ignore" });
  };
  return { wrap, hostUid, home, dispose };
}

/**
 * Throws unless `dir` is closed to other users (no read or search bit for "other"). The "user" sandbox sees the
 * whole file system with a throw-away user's rights, so the source notebooks, the submissions and the output
 * folder must each pass this check (a parent with mode 0700 is enough for everything below it).
 *
 * @example
 * if (plan.kind === "user") for (const dir of [sourceDir, submissionsDir, outDir]) assertPrivate(dir);
 */
export function assertPrivate(dir: string): void {
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o005) !== 0) {
    const octal = mode.toString(8).padStart(3, "0");
    throw new Error(
      `assertPrivate: ${dir} is open to other users (mode ${octal}); a sandboxed submission could read it: chmod o-rwx ${dir}`,
    );
  }
}

/** The bubblewrap options: namespaces, identity and the file system the kernel sees. */
function bwrapArgs(o: {
  workDir: string;
  socketDir: string;
  home: string;
  readOnly: string[];
  staged: string;
  uidInside: boolean;
}): string[] {
  const args = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "sandbox"];
  if (o.uidInside) args.push("--uid", String(SANDBOX_UID), "--gid", String(SANDBOX_UID));
  args.push("--ro-bind", "/usr", "/usr");
  for (const top of ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]) {
    const p = `/${top}`;
    if (!existsSync(p)) continue;
    if (lstatSync(p).isSymbolicLink()) args.push("--symlink", readlinkSync(p), p);
    else args.push("--ro-bind", p, p);
  }
  // /tmp is the sandbox's own before anything is bound below it: the package (or the node binary) may live in /tmp
  args.push("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp");
  const node = realpathSync(process.execPath);
  if (!node.startsWith("/usr/")) args.push("--ro-bind", node, node);
  if (process.execPath !== node && !process.execPath.startsWith("/usr/")) args.push("--symlink", node, process.execPath);
  for (const piece of ["package.json", "bin", join("dist", "lib"), join("dist", "kernel"), "node_modules", "datasets"]) {
    const p = join(PACKAGE_ROOT, piece);
    if (existsSync(p)) args.push("--ro-bind", p, p);
  }
  for (const p of o.readOnly) args.push("--ro-bind", p, p);
  args.push("--ro-bind", join(o.staged, "passwd"), "/etc/passwd", "--ro-bind", join(o.staged, "group"), "/etc/group");
  args.push("--ro-bind-try", "/etc/localtime", "/etc/localtime");
  args.push("--bind", o.workDir, o.home, "--bind", o.socketDir, o.socketDir, "--chdir", o.home);
  args.push("--remount-ro", "/"); // the tmpfs root bubblewrap builds would otherwise take new files in /, /etc, /home
  return args;
}

/** /etc/passwd and /etc/group naming only the sandbox's user, so `os.userInfo()` works inside. */
function stageEtc(): string {
  const dir = mkdtempSync(join(tmpdir(), "depthlab-sandbox-etc-"));
  writeFileSync(join(dir, "passwd"), `student:x:${SANDBOX_UID}:${SANDBOX_UID}:student:/home/student:/usr/sbin/nologin\n`);
  writeFileSync(join(dir, "group"), `student:x:${SANDBOX_UID}:\n`);
  chmodSync(dir, 0o755);
  return dir;
}

/** Makes `dir` (and, when `deep`, what it holds, without following links) the sandbox user's, mode 0700. */
function giveTo(dir: string, uid: number, gid: number, deep: boolean): void {
  if (process.getuid?.() !== 0) return; // not root: the kernel runs as the grader, who owns the folder already
  lchownSync(dir, uid, gid);
  chmodSync(dir, 0o700);
  if (!deep) return;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    lchownSync(join(entry.parentPath ?? entry.path, entry.name), uid, gid);
}

let users = 0;
/** A fresh system user with its own group, no home and no login shell. */
function makeThrowawayUser(): { name: string; uid: number; gid: number } {
  const name = `depthlab-grade-${process.pid}-${users++}`;
  execFileSync(
    "useradd",
    ["--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", "--home-dir", "/nonexistent", name],
    { stdio: "pipe" },
  );
  const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim()));
  return { name, uid: uid!, gid: gid! };
}

/** The first executable `name` on `path`, or null. */
function which(name: string, path: string): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

/** Runs `node -e 0` in bubblewrap as the kernel will run, first entered through setpriv (as root), then with --uid. */
function tryBwrap(bwrap: string, path: string): { plan: SandboxPlan } | { error: string } {
  const version = spawnSync(bwrap, ["--version"], { encoding: "utf8" }).stdout.trim() || "bubblewrap";
  const work = mkdtempSync(join(tmpdir(), "depthlab-sandbox-try-"));
  const staged = stageEtc();
  const launchers: ("setpriv" | "uid")[] = isRoot() && which("setpriv", path) !== null ? ["setpriv", "uid"] : ["uid"];
  let error = "";
  try {
    for (const launcher of launchers) {
      const hostUid = launcher === "setpriv" ? SANDBOX_UID : (process.getuid?.() ?? 0);
      if (isRoot()) lchownSync(work, hostUid, hostUid);
      const args = bwrapArgs({
        workDir: work,
        socketDir: work,
        home: "/home/student",
        readOnly: [],
        staged,
        uidInside: launcher === "uid",
      });
      const check = `require(${JSON.stringify(join(PACKAGE_ROOT, "package.json"))}); require("fs").writeFileSync("ok", "")`;
      const cmd = [...args, "--", process.execPath, "-e", check];
      const drop = [`--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, "--clear-groups", "--no-new-privs", "--", bwrap];
      const run =
        launcher === "setpriv"
          ? spawnSync("setpriv", [...drop, ...cmd], { encoding: "utf8", timeout: 20_000, env: { PATH: path } })
          : spawnSync(bwrap, cmd, { encoding: "utf8", timeout: 20_000, env: { PATH: path } });
      if (run.status === 0 && existsSync(join(work, "ok"))) {
        const who =
          launcher === "setpriv"
            ? `uid ${SANDBOX_UID} inside and out`
            : `uid ${SANDBOX_UID} inside, ${process.getuid?.()} outside (bwrap --uid)`;
        return { plan: { kind: "bwrap", launcher, bwrap, description: `${version}, ${who}, no network` } };
      }
      error += `${error ? "; " : ""}${launcher}: ${(run.stderr || run.error?.message || `exit ${run.status}`).trim().split("\n").pop()}`;
    }
    return { error };
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(staged, { recursive: true, force: true });
  }
}

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { watchMemory } from "../../assign/memory-watch.js";
import { assertPrivate, chooseSandbox, sandboxWrap, type Sandbox, type SandboxPlan } from "../../assign/sandbox.js";
import { KernelClient } from "../../book/kernel-client.js";
import { PACKAGE_ROOT } from "../../lib/version.js";

// Real kernels in real sandboxes: a student's code probes what it can read, write and reach. bubblewrap must be
// installed (apt-get install bubblewrap); without it these tests skip loudly, and fail under CI=true or
// DEPTHLAB_REQUIRE_BWRAP=1. The "user" sandbox needs root; likewise a skip elsewhere, a failure in CI.

const required = (what: string) => process.env["CI"] === "true" || process.env[`DEPTHLAB_REQUIRE_${what}`] === "1";
const isRoot = process.getuid?.() === 0;
const hasBwrap = spawnSync("bwrap", ["--version"]).status === 0;

/** Skips with a loud reason, or fails where the environment says this test must run. */
function unavailable(t: TestContext, what: string, why: string): void {
  if (required(what)) assert.fail(`${why} (CI=true or DEPTHLAB_REQUIRE_${what}=1: this test must run)`);
  process.stderr.write(`\n*** assign-sandbox: SKIPPED: ${why} ***\n\n`);
  t.skip(why);
}

/** Runs a cell and returns its stdout, throwing with the kernel's error message if the cell failed. */
async function run(kernel: KernelClient, code: string): Promise<string> {
  let stdout = "";
  let error = "";
  await kernel.execute(code, (msg) => {
    const c = msg.content as { name?: string; text?: string; ename?: string; evalue?: string };
    if (msg.header.msg_type === "stream" && c.name === "stdout") stdout += c.text;
    if (msg.header.msg_type === "error") error = `${c.ename}: ${c.evalue}`;
  });
  if (error) throw new Error(error);
  return stdout;
}

/** The pids of `root` and all its descendants. */
function tree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    const stat = existsSync(`/proc/${name}/stat`) ? readFileSync(`/proc/${name}/stat`, "utf8") : "";
    parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
  }
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of parent) if (ppid === pids[i]) pids.push(pid);
  return pids;
}

/** A memory hog is stopped by watchMemory at 300 MB over the idle kernel, and nothing of its process tree survives. */
async function stopHog(t: TestContext, kernel: KernelClient): Promise<void> {
  const pids = tree(kernel.pid!);
  const idleMb = pids.reduce((mb, pid) => mb + rssMb(pid), 0);
  const capMb = idleMb + 300;
  let stoppedAt = 0;
  const stop = watchMemory(kernel.pid!, capMb, (mb) => {
    stoppedAt = mb;
    void kernel.kill();
  });
  await assert.rejects(run(kernel, hogCell), /kernel process exited \(SIGKILL\)/);
  stop();
  t.diagnostic(
    `idle kernel tree ${idleMb.toFixed(0)} MB (${pids.length} processes); cap ${capMb.toFixed(0)} MB; stopped at ${stoppedAt.toFixed(0)} MB`,
  );
  assert.ok(stoppedAt > capMb && stoppedAt < capMb + 400, `stopped at ${stoppedAt} MB for a cap of ${capMb} MB`);
  let left = pids;
  for (let waited = 0; left.length > 0 && waited < 5000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100)); // a big process takes a moment to give its memory back
    left = pids.filter((pid) => existsSync(`/proc/${pid}`));
  }
  assert.deepEqual(left, [], "killing the launcher takes the whole sandbox down");
}

// What a submission tries: read other people's files, write outside its folder, reach the network.
const probeCell = (paths: { secret: string; work: string; tmp: string }) => `
import * as fs from "node:fs";
import * as os from "node:os";
function attempt(f: () => unknown): string {
  try { f(); return "ok"; } catch (e) { return (e as NodeJS.ErrnoException).code ?? String(e); }
}
const notebooks = ${JSON.stringify(join(PACKAGE_ROOT, "notebooks"))};
const assignments = ${JSON.stringify(join(PACKAGE_ROOT, "assignments"))};
console.log(JSON.stringify({
  uid: process.getuid!(),
  user: os.userInfo().username,
  cwd: process.cwd(),
  readOtherStudent: attempt(() => fs.readFileSync(${JSON.stringify(paths.secret)}, "utf8")),
  listNotebooks: attempt(() => fs.readdirSync(notebooks)),
  readAssignments: attempt(() => fs.readdirSync(assignments)),
  readReadme: attempt(() => fs.readFileSync(${JSON.stringify(join(PACKAGE_ROOT, "README.md"))})),
  listRoot: attempt(() => fs.readdirSync("/root")),
  readShadow: attempt(() => fs.readFileSync("/etc/shadow")),
  writeUsr: attempt(() => fs.writeFileSync("/usr/pwned", "x")),
  writeEtc: attempt(() => fs.writeFileSync("/etc/pwned", "x")),
  writePackage: attempt(() => fs.writeFileSync(${JSON.stringify(join(PACKAGE_ROOT, "dist", "lib", "pwned.js"))}, "x")),
  writeNextToWork: attempt(() => fs.writeFileSync(${JSON.stringify(join(paths.work, "..", "pwned"))}, "x")),
  writeOwn: attempt(() => fs.writeFileSync("answer.txt", "42")),
  readOwn: attempt(() => fs.readFileSync("given.txt")),
  writeTmp: attempt(() => fs.writeFileSync(${JSON.stringify(paths.tmp)}, "x")),
  depthlab: require("depthlab").version === dl.version ? "ok" : "different",
}));
`;

const connectCell = (port: number) => `
import * as net from "node:net";
const tcp = await new Promise<string>((resolve) => {
  const socket = net.connect(${port}, "127.0.0.1", () => { socket.destroy(); resolve("connected"); });
  socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  socket.setTimeout(3000, () => { socket.destroy(); resolve("timeout"); });
});
console.log(JSON.stringify({ tcp }));
`;

const hogCell = `
const hoard: Float64Array[] = [];
for (;;) hoard.push(new Float64Array(1 << 20).fill(1)); // 8 MB a step, touched so that it is resident
`;

describe("grading sandbox", () => {
  let base = "";
  let server: Server;
  let port = 0;
  let connections = 0;
  before(async () => {
    base = mkdtempSync(join(tmpdir(), "depthlab-sandbox-test-"));
    chmodSync(base, 0o711); // the sandbox's user must reach its folder below, without listing its neighbours
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => {
    server.close();
    rmSync(base, { recursive: true, force: true });
  });

  /** A student's folder (with a file the grader put there) and a neighbour's secret, readable by `secretMode`. */
  function folders(name: string, secretMode: number): { work: string; secret: string } {
    const work = join(base, name);
    mkdirSync(work);
    writeFileSync(join(work, "given.txt"), "data");
    const other = join(base, `${name}-neighbour`);
    mkdirSync(other, { mode: secretMode });
    chmodSync(other, secretMode);
    writeFileSync(join(other, "secret.txt"), "hidden tests", { mode: 0o644 });
    return { work, secret: join(other, "secret.txt") };
  }

  /** Probes a sandbox from inside and checks everything the issue forbids and allows. */
  async function probe(t: TestContext, plan: SandboxPlan, paths: { work: string; secret: string }, sandbox: Sandbox) {
    const started = performance.now();
    const kernel = await KernelClient.start({ cwd: paths.work, wrap: sandbox.wrap });
    t.diagnostic(`${plan.kind} kernel started in ${(performance.now() - started).toFixed(0)} ms (${plan.description})`);
    try {
      const tmp = join("/tmp", `depthlab-probe-${process.pid}-${plan.kind}`);
      const seen = JSON.parse(await run(kernel, probeCell({ ...paths, tmp }))) as Record<string, string | number>;
      rmSync(tmp, { force: true }); // the user sandbox shares the host's /tmp
      t.diagnostic(JSON.stringify(seen));
      assert.equal(seen["readOtherStudent"], plan.kind === "bwrap" ? "ENOENT" : "EACCES");
      assert.equal(seen["listRoot"], plan.kind === "bwrap" ? "ENOENT" : "EACCES");
      assert.notEqual(seen["readShadow"], "ok");
      for (const key of ["writeUsr", "writeEtc", "writePackage", "writeNextToWork"]) assert.notEqual(seen[key], "ok", key);
      assert.equal(seen["writeOwn"], "ok");
      assert.equal(seen["readOwn"], "ok");
      assert.equal(seen["writeTmp"], "ok");
      assert.equal(seen["depthlab"], "ok");
      assert.equal(readFileSync(join(paths.work, "answer.txt"), "utf8"), "42", "the answer lands in the student's own folder");
      const { tcp } = JSON.parse(await run(kernel, connectCell(port))) as { tcp: string };
      assert.notEqual(tcp, "connected");
      assert.equal(connections, 0, "the test's server on 127.0.0.1 got no connection");
      return { kernel, seen };
    } catch (error) {
      await kernel.kill();
      throw error;
    }
  }

  it("bubblewrap: the student's code runs as nobody, sees only its folder and the package, and has no network", async (t) => {
    if (!hasBwrap) return unavailable(t, "BWRAP", "bwrap is not installed (apt-get install bubblewrap)");
    const plan = chooseSandbox("bwrap");
    assert.equal(plan.kind, "bwrap");
    const paths = folders("alice", 0o755); // world-readable: only the sandbox keeps alice out
    const sandbox = sandboxWrap(plan, { workDir: paths.work, memoryMb: 1024 });
    t.after(() => sandbox.dispose()); // also when an assertion fails: no throw-away user left behind
    const { kernel, seen } = await probe(t, plan, paths, sandbox);
    assert.equal(seen["uid"], 65534);
    assert.equal(seen["cwd"], "/home/student");
    for (const key of ["listNotebooks", "readAssignments", "readReadme"]) assert.equal(seen[key], "ENOENT", `${key}: not inside`);

    await stopHog(t, kernel);
  });

  it("a throw-away user (root without bubblewrap): private folders stay private, no network, user removed after", async (t) => {
    if (!isRoot) return unavailable(t, "ROOT", "the user sandbox needs root (useradd, setpriv)");
    const plan = chooseSandbox("user");
    const paths = folders("bob", 0o700); // the grader keeps its folders private, as assertPrivate checks
    assertPrivate(join(paths.secret, ".."));
    const sandbox = sandboxWrap(plan, { workDir: paths.work, memoryMb: 1024 });
    t.after(() => sandbox.dispose()); // also when an assertion fails: no throw-away user left behind
    const user = String(sandbox.hostUid);
    const { kernel, seen } = await probe(t, plan, paths, sandbox);
    assert.equal(seen["uid"], sandbox.hostUid);
    assert.match(String(seen["user"]), /^depthlab-grade-/);
    // the repository's notebooks/ is world-readable, so this sandbox could read it: assertPrivate says so
    assert.throws(() => assertPrivate(join(PACKAGE_ROOT, "notebooks")), /open to other users/);
    await stopHog(t, kernel);
    sandbox.dispose();
    assert.notEqual(spawnSync("id", [user]).status, 0, "the throw-away user is gone");
  });

  it("assertPrivate refuses a folder other users can read", () => {
    const open = mkdtempSync(join(base, "open-"));
    chmodSync(open, 0o755);
    assert.throws(() => assertPrivate(open), /open to other users \(mode 755\).*chmod o-rwx/);
    chmodSync(open, 0o750);
    assertPrivate(open);
  });

  it("chooseSandbox names what to install when bwrap is missing, and never grades as root without a sandbox", (t) => {
    const empty = mkdtempSync(join(base, "empty-path-"));
    assert.throws(
      () => chooseSandbox("bwrap", { path: empty }),
      /"bwrap" requested but bwrap is not on the PATH: .*apt-get install bubblewrap/,
    );
    assert.throws(() => chooseSandbox("sandbox" as "auto"), /requested must be one of auto, bwrap, user, none, got "sandbox"/);
    if (!isRoot) return t.skip("the refusals below are for root");
    assert.throws(() => chooseSandbox("auto", { path: empty }), /apt-get install bubblewrap.*useradd, userdel, unshare, setpriv missing/);
    assert.throws(() => chooseSandbox("none"), /refusing to run untrusted submissions as root without a sandbox/);
    assert.throws(() => sandboxWrap({ kind: "none", description: "" }, { workDir: base, memoryMb: 512 }), /as root without a sandbox/);
  });

  it("auto prefers bubblewrap entered as nobody", (t) => {
    if (!hasBwrap) return unavailable(t, "BWRAP", "bwrap is not installed (apt-get install bubblewrap)");
    const plan = chooseSandbox();
    assert.equal(plan.kind, "bwrap");
    if (isRoot) assert.equal(plan.launcher, "setpriv", plan.description);
    assert.match(plan.description, /^bubblewrap \d+\.\d+.*no network/);
  });
});

function rssMb(pid: number): number {
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, "utf8") : "";
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

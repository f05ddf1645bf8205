// Kernel latency benchmark: time from process start to the first cell's reply, the round trip of a
// trivial cell, and the kernel process's idle resident memory, for depthlab and for bare tslab 1.0.22
// in the same run on the same machine; starts alternate between the two kernels so drift hits both.
// Talks ZMQ directly with depthlab's own wire code, so no Python is needed.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { PACKAGE_ROOT } from "../lib/version.js";
import { makeMessage, parseFrames, Signer, toFrames } from "../kernel/wire.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const STARTS = Number(process.env.BENCH_STARTS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The resident set of a process (MB), from /proc (Linux); NaN where there is none. */
function residentMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface Measurement {
  startup: number;
  roundTrip: number[];
  /** Resident memory after start-up and the trivial cells, once the kernel is idle (MB). */
  idleRss: number;
}

async function measure(name: string, command: (conn: string) => string[]): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), "depthlab-bench-"));
  const key = randomUUID();
  const ports = {
    shell_port: await freePort(),
    iopub_port: await freePort(),
    stdin_port: await freePort(),
    control_port: await freePort(),
    hb_port: await freePort(),
  };
  const conn = join(dir, "kernel.json");
  writeFileSync(conn, JSON.stringify({ transport: "tcp", ip: "127.0.0.1", key, signature_scheme: "hmac-sha256", ...ports }));
  const signer = new Signer(key);
  const shell = new zmq.Dealer();
  shell.connect(`tcp://127.0.0.1:${ports.shell_port}`);
  const t0 = performance.now();
  const [exe, ...args] = command(conn);
  const child = spawn(exe!, args, { stdio: "ignore", cwd: dir });
  const execute = async (code: string) => {
    const msg = makeMessage(
      "execute_request",
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      null,
      "bench",
    );
    await shell.send(toFrames(msg, signer));
    for (;;) {
      const parsed = parseFrames(await shell.receive(), signer);
      if (parsed.ok && parsed.message.parent_header.msg_id === msg.header.msg_id) return parsed.message;
    }
  };
  const first = await execute("1 + 1");
  const startup = performance.now() - t0;
  if ((first.content as { status: string }).status !== "ok") throw new Error(`${name}: the first cell failed`);
  const roundTrip: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await execute(`${i} + 1`);
    roundTrip.push(performance.now() - t);
  }
  await new Promise((r) => setTimeout(r, 500)); // idle: let pending work and a garbage collection settle
  const idleRss = residentMb(child.pid!);
  const control = new zmq.Dealer();
  control.connect(`tcp://127.0.0.1:${ports.control_port}`);
  await control.send(toFrames(makeMessage("shutdown_request", { restart: false }, null, "bench"), signer));
  await new Promise((r) => setTimeout(r, 300));
  child.kill("SIGKILL");
  shell.close();
  control.close();
  return { startup, roundTrip, idleRss };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const kernels: [string, (conn: string) => string[]][] = [
    ["depthlab", (conn) => [process.execPath, join(PACKAGE_ROOT, "bin", "depthlab.js"), "kernel", conn]],
    [
      "bare tslab 1.0.22",
      (conn) => [process.execPath, join(PACKAGE_ROOT, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", conn],
    ],
  ];
  const results = kernels.map(() => ({ startups: [] as number[], trips: [] as number[], rss: [] as number[] }));
  for (let i = 0; i < STARTS; i++) {
    for (const [k, [name, command]] of kernels.entries()) {
      const r = await measure(name, command);
      results[k]!.startups.push(r.startup);
      results[k]!.trips.push(...r.roundTrip);
      results[k]!.rss.push(r.idleRss);
    }
  }
  const summary = results.map((r) => ({
    startup: median(r.startups),
    trip: median(r.trips),
    tripMin: Math.min(...r.trips),
    rss: median(r.rss),
  }));
  const rows = kernels.map(([name], k) => {
    const s = summary[k]!;
    process.stdout.write(
      `${name}: start-up ${s.startup.toFixed(0)} ms, trivial cell ${s.trip.toFixed(1)} ms, idle RSS ${s.rss.toFixed(0)} MB\n`,
    );
    return `| ${name} | ${s.startup.toFixed(0)} | ${s.trip.toFixed(1)} | ${s.tripMin.toFixed(1)} | ${s.rss.toFixed(0)} |`;
  });
  const [ours, bare] = summary as [(typeof summary)[0], (typeof summary)[0]];
  const report = [
    `# Kernel latency (${new Date().toISOString().slice(0, 10)})`,
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.versions.node}. Median of ${STARTS} starts and ${STARTS * ROUNDS} trivial cells (\`i + 1\`), same run, the two kernels started in turn.`,
    "depthlab's start-up includes choosing the backend, loading tfjs and type-checking the prelude (dl, tf, aq, display).",
    "Idle RSS: the kernel process's VmRSS after start-up and the trivial cells, 0.5 s after the last reply.",
    "",
    "| kernel | start-up to first reply (ms) | trivial cell round trip, median (ms) | min (ms) | idle RSS (MB) |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    "",
    `depthlab / bare tslab: start-up ${(ours.startup / bare.startup).toFixed(2)}×, round trip ${(ours.trip / bare.trip).toFixed(2)}×, idle RSS ${(ours.rss - bare.rss >= 0 ? "+" : "") + (ours.rss - bare.rss).toFixed(0)} MB (goal: at most 1.0×, 1.0× and +50 MB).`,
    "",
  ].join("\n");
  writeFileSync(join(PACKAGE_ROOT, "bench", "kernel-latency.md"), report);
  process.stdout.write(report);
}

void main().then(() => process.exit(0));

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Figure } from "../../lib/plot/figure.js";
import { line } from "../../lib/plot/line.js";
import { browserStats, closeBrowser, IDLE_MS } from "../../lib/plot/plotly/browser.js";
import { findChromium } from "../../lib/plot/plotly/find-chromium.js";

// Saving a plotly figure as PNG draws it in headless Chromium. The first save in a process starts Chromium and
// loads plotly.js (seconds); later saves reuse both (a fraction of a second). Chromium must never keep Node
// running, and a dead one must be replaced, not become a lasting error. Needs Chromium: skipped without it, or
// failed when DEPTHLAB_REQUIRE_CHROMIUM is set.

const missing = findChromium() ? undefined : "no Chromium found (apt-get install chromium, or set DEPTHLAB_CHROMIUM)";
const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Skips the test when Chromium is missing, or fails it when DEPTHLAB_REQUIRE_CHROMIUM is set; true if it may run. */
function chromiumHere(t: { skip(message: string): void }): boolean {
  if (!missing) return true;
  if (process.env["DEPTHLAB_REQUIRE_CHROMIUM"]) assert.fail(`missing: ${missing}`);
  t.skip(`missing: ${missing}`);
  return false;
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Uint8Array): [number, number] {
  assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE, "the PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(Buffer.from(bytes.subarray(12, 16)).toString("latin1"), "IHDR", "the first chunk is IHDR");
  return [view.getUint32(16), view.getUint32(20)];
}

/** Saves `fig` to `path` and returns the milliseconds it took. */
async function timedSave(fig: Figure, path: string): Promise<number> {
  const start = performance.now();
  await fig.save(path, { scale: 1 });
  return performance.now() - start;
}

/** True once `pid` is gone (or a zombie waiting to be reaped). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

describe("saving plotly figures as PNG reuses one headless Chromium per process", () => {
  let dir = "";
  let fig: Figure;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "depthlab-png-"));
    fig = await line({ x: [0, 1, 2, 3], y: [0, 1, 4, 9] }, { width: 400, height: 300, title: "squares" });
  });

  after(async () => {
    await closeBrowser();
    rmSync(dir, { recursive: true, force: true });
  });

  it("two saves give PNGs of the requested 400 × 300; the second starts no browser and is faster", async (t) => {
    if (!chromiumHere(t)) return;
    await closeBrowser(); // none running: the first save starts one
    const { launches } = await browserStats();
    const first = await timedSave(fig, join(dir, "first.png"));
    const afterFirst = await browserStats();
    const second = await timedSave(fig, join(dir, "second.png"));
    const afterSecond = await browserStats();
    t.diagnostic(`first save ${first.toFixed(0)} ms, second ${second.toFixed(0)} ms`);
    assert.deepEqual(pngSize(readFileSync(join(dir, "first.png"))), [400, 300]);
    assert.deepEqual(pngSize(readFileSync(join(dir, "second.png"))), [400, 300]);
    assert.equal(afterFirst.launches - launches, 1, "the first save started one browser");
    assert.equal(afterSecond.launches, afterFirst.launches, "the second save started none");
    assert.equal(afterSecond.pid, afterFirst.pid, "and used the same process");
    assert.ok(second < first, `the second save (${second.toFixed(0)} ms) is faster than the first (${first.toFixed(0)} ms)`);
  });

  it("a killed browser is replaced by the next save, not a lasting error", async (t) => {
    if (!chromiumHere(t)) return;
    await fig.save(join(dir, "before.png"), { scale: 1 }); // a browser runs
    const { launches, pid } = await browserStats();
    process.kill(pid!, "SIGKILL");
    await fig.save(join(dir, "after.png"), { scale: 1 });
    assert.deepEqual(pngSize(readFileSync(join(dir, "after.png"))), [400, 300]);
    const now = await browserStats();
    assert.equal(now.launches, launches + 1, "one new browser");
    assert.notEqual(now.pid, pid);
  });

  it("a script that saved a PNG exits at once, and its Chromium with it", async (t) => {
    if (!chromiumHere(t)) return;
    const script = `
      const { line } = require(${JSON.stringify(require.resolve("../../lib/plot/line.js"))});
      const { browserStats } = require(${JSON.stringify(require.resolve("../../lib/plot/plotly/browser.js"))});
      (async () => {
        await (await line({ y: [1, 2] }, { width: 200, height: 150 })).save(${JSON.stringify(join(dir, "script.png"))}, { scale: 1 });
        console.log(JSON.stringify((await browserStats()).pid));
      })();`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    let savedAt = 0;
    child.stdout.on("data", (chunk: Buffer) => ((out += chunk.toString()), (savedAt = Date.now())));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    const lingered = Date.now() - savedAt;
    assert.equal(code, 0);
    assert.deepEqual(pngSize(readFileSync(join(dir, "script.png"))), [200, 150]);
    assert.ok(lingered < IDLE_MS / 4, `the script ran ${lingered} ms after its save (the browser's idle close is ${IDLE_MS} ms)`);
    const pid = JSON.parse(out) as number;
    assert.ok(await waitUntil(() => gone(pid), 5000), `its Chromium (pid ${pid}) exited with it`);
  });
});

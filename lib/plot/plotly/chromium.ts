import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { CdpPipe } from "./cdp-pipe.js";
import { findChromium } from "./find-chromium.js";

const ARGS = [
  "--headless",
  "--remote-debugging-pipe",
  "--no-startup-window",
  "--no-sandbox", // containers and CI run as root, where Chromium's sandbox refuses to start
  "--use-angle=swiftshader", // WebGL (scattergl, 3-D surfaces) in software
  "--enable-unsafe-swiftshader",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-extensions",
  "--disable-breakpad",
  "--password-store=basic",
  "--use-mock-keychain",
  "--force-color-profile=srgb",
  "--hide-scrollbars",
  "--mute-audio",
];

/** How long Chromium may take to start before it is given up on. */
const START_MS = 60_000;
/** Profile folders are `<tmpdir>/depthlab-chromium-<pid of the Node process>-<random>`. */
const PROFILE = /^depthlab-chromium-(\d+)-/;

/**
 * One headless Chromium process, driven over its DevTools pipe, with a profile folder of its own (removed when it
 * exits). It is killed when Node exits, and exits by itself when our end of its pipe closes.
 *
 * @example
 * const chromium = await Chromium.launch();
 * await chromium.cdp.send("Browser.getVersion");
 * await chromium.close();
 */
export class Chromium {
  private done = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly cdp: CdpPipe,
  ) {
    child.once("exit", () => (this.done = true));
  }

  /** Starts Chromium ($DEPTHLAB_CHROMIUM, else chromium or google-chrome on $PATH) and waits until it answers. */
  static async launch(): Promise<Chromium> {
    const executablePath = findChromium();
    if (!executablePath) {
      throw new Error(
        "plotlySvg: saving a plotly figure as SVG or PNG needs Chromium: install it (Debian: apt-get install chromium) " +
          "or set DEPTHLAB_CHROMIUM to a Chrome or Chromium binary" +
          (process.env["DEPTHLAB_CHROMIUM"] ? ` (it names ${process.env["DEPTHLAB_CHROMIUM"]}, which does not exist)` : "") +
          "; saving as .html or .json needs nothing",
      );
    }
    await sweepProfiles();
    const profile = await mkdtemp(join(tmpdir(), `depthlab-chromium-${process.pid}-`));
    const child = spawn(executablePath, [...ARGS, `--user-data-dir=${profile}`], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    let stderr = ""; // its last output, for the error message if it does not start
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const cdp = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
    const chromium = new Chromium(child, cdp);
    const kill = () => {
      child.kill("SIGKILL");
      try {
        rmSync(profile, { recursive: true, force: true });
      } catch {} // its helper processes may still be writing there as Node exits: the next launch sweeps it
    };
    process.on("exit", kill);
    child.once("error", (error) => cdp.close(error));
    child.once("exit", () => {
      process.off("exit", kill);
      cdp.close(new Error(`Chromium exited${stderr ? `; its last output: ${stderr.trim().slice(-500)}` : ""}`));
      void rm(profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    });
    const hung = setTimeout(() => child.kill("SIGKILL"), START_MS); // closes the pipe, so the command below fails
    try {
      await cdp.send("Browser.getVersion"); // answers once Chromium is up
    } catch (error) {
      kill();
      process.off("exit", kill);
      throw new Error(`plotlySvg: Chromium (${executablePath}) did not start: ${(error as Error).message}`);
    } finally {
      clearTimeout(hung);
    }
    return chromium;
  }

  /** The process id, for tests. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True once the process has exited or its pipe has closed. */
  get exited(): boolean {
    return this.done || this.cdp.closed;
  }

  /** Whether the process and its pipes keep Node's event loop running (`true` while a command is on its way). */
  hold(keepAlive: boolean): void {
    const handles = [this.child, this.child.stderr] as unknown as ({ ref?(): void; unref?(): void } | null)[];
    for (const handle of handles) {
      if (keepAlive) handle?.ref?.();
      else handle?.unref?.();
    }
    this.cdp.hold(keepAlive);
  }

  /** Asks Chromium to close, and kills it if it has not exited within 5 s. */
  async close(): Promise<void> {
    if (this.done) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    const forced = setTimeout(() => this.child.kill("SIGKILL"), 5000).unref();
    await this.cdp.send("Browser.close").catch(() => this.child.kill("SIGKILL"));
    await exited;
    clearTimeout(forced);
  }
}

/** Removes the profile folders of Node processes that are gone (left when Chromium's helpers outlived the exit). */
async function sweepProfiles(): Promise<void> {
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    const pid = Number(PROFILE.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isRunning(pid)) await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => {});
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it runs, as another user
  }
}

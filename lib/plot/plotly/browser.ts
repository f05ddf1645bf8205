import type { CdpPipe } from "./cdp-pipe.js";
import { Chromium } from "./chromium.js";

// The one process-wide cache of the plot folder: the headless Chromium that draws plotly figures as SVG (for
// `figure.save("x.svg" | "x.png")`), and its page with plotly.js loaded. Starting Chromium and loading plotly.js
// into a page take seconds; drawing a figure in a ready page takes tens of milliseconds. So the first export
// starts both and later ones reuse them (as plotly's own exporter, Kaleido, does), each figure in a fresh element
// that is purged afterwards. A page is replaced after a figure fails in it and after FIGURES_PER_PAGE figures
// (set it to 1 for a fresh page per figure).
// It never keeps Node running by itself: during an export the process and its pipes hold the event loop, between
// exports they do not, so a script exits when its own work is done; Chromium is killed on process exit. After
// IDLE_MS without an export it is closed (an unref'd timer). A crashed or killed Chromium is noticed and the next
// export starts a new one; an export that lost its browser mid-way is retried once with a new one.
// It is kept here, not in the kernel's host: lib/host has no place for per-session resources, and a plain script
// wants the same reuse. Besides the cache, the module counts the browsers it started (`browserStats`, for tests).
// Longer than most files: the browser, its page and their lifetimes are one piece of state, read best together.

/** How long a browser waits unused before it is closed. */
export const IDLE_MS = 20_000;
/** Figures drawn in one page before it is replaced by a fresh one (bounds what a page can accumulate). */
export const FIGURES_PER_PAGE = 50;

/** A page of the shared browser, attached over CDP. */
export interface Page {
  cdp: CdpPipe;
  /** The CDP session of the page: commands sent with it go to the page. */
  sessionId: string;
}

interface OpenPage extends Page {
  browserContextId: string;
  figures: number;
  users: number;
  stale: boolean;
}

interface Running {
  chromium: Chromium;
  /** Set when its close has begun: no new export may use it. */
  closing: boolean;
  users: number;
  idle: NodeJS.Timeout | undefined;
  page: Promise<OpenPage> | null;
}

let shared: Promise<Running> | null = null;
let launches = 0;

/**
 * Runs `work` in the shared browser's page, starting the browser if none runs and opening the page (then running
 * `setUp` in it) if none is open. If the browser died while `work` ran, it is retried once in a new browser.
 *
 * @example
 * const title = await withPage(loadPlotly, ({ cdp, sessionId }) => cdp.send("Runtime.evaluate", { expression: "document.title" }, sessionId));
 */
export async function withPage<T>(setUp: (page: Page) => Promise<void>, work: (page: Page) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const running = await acquire();
    let page: OpenPage | undefined;
    let failed = false;
    try {
      page = await pageOf(running, setUp);
      return await work(page);
    } catch (error) {
      failed = true;
      if (attempt > 1 || !running.chromium.exited) throw error; // else: the browser died under it, try a new one
    } finally {
      if (page) void releasePage(running, page, failed);
      release(running);
    }
  }
}

/**
 * How many browsers this process has started, and the process id of the running one: for tests, and to check
 * that exports share one browser.
 *
 * @example
 * await fig.save("a.png"); await fig.save("b.png");
 * (await browserStats()).launches // 1
 */
export async function browserStats(): Promise<{ launches: number; pid: number | undefined }> {
  const running = await shared?.catch(() => undefined);
  return { launches, pid: running && !running.chromium.exited ? running.chromium.pid : undefined };
}

/**
 * Closes the shared browser now, if one runs; the next export starts a new one.
 *
 * @example
 * await closeBrowser();
 */
export async function closeBrowser(): Promise<void> {
  const running = await shared?.catch(() => undefined);
  if (!running) return;
  running.chromium.hold(true); // the caller awaits the close, so it holds the event loop until Chromium has exited
  await close(running);
}

async function acquire(): Promise<Running> {
  const launching = (shared ??= launch());
  let running: Running;
  try {
    running = await launching;
  } catch (error) {
    if (shared === launching) shared = null; // a failed start is not cached: the next export tries again
    throw error;
  }
  if (running.chromium.exited || running.closing) {
    if (shared === launching) shared = null;
    return acquire();
  }
  running.users++;
  clearTimeout(running.idle);
  running.chromium.hold(true);
  return running;
}

async function launch(): Promise<Running> {
  launches++;
  return { chromium: await Chromium.launch(), closing: false, users: 0, idle: undefined, page: null };
}

async function close(running: Running): Promise<void> {
  running.closing = true;
  clearTimeout(running.idle);
  await running.chromium.close();
}

function release(running: Running): void {
  if (--running.users > 0 || running.chromium.exited) return;
  running.chromium.hold(false);
  running.idle = setTimeout(() => void close(running), IDLE_MS).unref();
}

async function pageOf(running: Running, setUp: (page: Page) => Promise<void>): Promise<OpenPage> {
  for (;;) {
    const opening = (running.page ??= openPage(running.chromium.cdp, setUp));
    let page: OpenPage;
    try {
      page = await opening;
    } catch (error) {
      if (running.page === opening) running.page = null;
      throw error;
    }
    if (page.stale || page.figures >= FIGURES_PER_PAGE) {
      if (running.page === opening) running.page = null; // its last user closes it
      continue;
    }
    page.users++;
    page.figures++;
    return page;
  }
}

async function openPage(cdp: CdpPipe, setUp: (page: Page) => Promise<void>): Promise<OpenPage> {
  const { browserContextId } = await cdp.send("Target.createBrowserContext");
  try {
    const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank", browserContextId });
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
    await cdp.send("Inspector.enable", {}, sessionId); // so that a crash of the page fails its commands
    const page: OpenPage = { cdp, sessionId, browserContextId, figures: 0, users: 0, stale: false };
    await setUp(page);
    return page;
  } catch (error) {
    await cdp.send("Target.disposeBrowserContext", { browserContextId }).catch(() => {});
    throw error;
  }
}

/** Closes a page once no export uses it, if a figure failed in it or it has drawn its share. */
async function releasePage(running: Running, page: OpenPage, failed: boolean): Promise<void> {
  page.users--;
  if (failed) page.stale = true;
  if (page.users > 0 || !(page.stale || page.figures >= FIGURES_PER_PAGE)) return;
  const current = running.page;
  if (current && (await current.catch(() => undefined)) === page && running.page === current) running.page = null;
  await page.cdp.send("Target.disposeBrowserContext", { browserContextId: page.browserContextId }).catch(() => {});
}

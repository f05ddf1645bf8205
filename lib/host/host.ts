import type { MimeBundle } from "../display/protocol.js";

/** Where display output goes: the kernel lends one; a plain Node script has none. */
export interface DisplaySink {
  display(bundle: MimeBundle, metadata: Record<string, unknown>, displayId: string | undefined, update: boolean): void;
  clearOutput(wait: boolean): void;
  /** Shows a bundle in the front end's pager (help text), not in the cell's output. */
  page(bundle: MimeBundle): void;
  /** Work the current cell must wait for before it reports done (an asynchronous display). */
  track(work: Promise<unknown>): void;
}

/** What a Jupyter kernel lends the library while it runs cells. */
export interface Host {
  /** Where `display`, `clearOutput`, `page` and live plots write. */
  display: DisplaySink;
  /** Throws when the running cell has been interrupted; long computations call it between steps. */
  checkInterrupt(): void;
  /**
   * One-shot requests for the next output of a kind, by key: `dl.plot.embedPlotly()` asks that the next plotly
   * figure carry plotly.js. The kernel lends an empty set at start; outside a kernel there is none.
   */
  requests: Set<string>;
}

// Kept on globalThis under a registered symbol, not in a module variable: a notebook whose folder has its
// own node_modules/depthlab loads a second copy of the library, and that copy must see the same host.
const HOST = Symbol.for("depthlab.host");
type HostHolder = { [HOST]?: Host };

/**
 * Lends the library a host (the kernel does this once, at start); `null` takes it back.
 *
 * @example
 * attachHost({ display: cellOutput, checkInterrupt: () => runner.check(), requests: new Set() });
 */
export function attachHost(host: Host | null): void {
  if (host === null) delete (globalThis as HostHolder)[HOST];
  else (globalThis as HostHolder)[HOST] = host;
}

/**
 * The host lent by the kernel, or undefined outside a kernel.
 *
 * @example
 * const inNotebook = currentHost() !== undefined;
 */
export function currentHost(): Host | undefined {
  return (globalThis as HostHolder)[HOST];
}

/**
 * Throws the kernel's interrupt error when the running cell was interrupted; does nothing outside a kernel.
 * Long computations of the library call it between steps, so an interrupt stops them within a step and
 * their `finally` blocks still run (weights written back, tensors freed).
 *
 * @example
 * for (const layer of layers) { checkInterrupt(); split(layer); }
 */
export function checkInterrupt(): void {
  currentHost()?.checkInterrupt();
}

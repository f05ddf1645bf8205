import { currentHost, type DisplaySink } from "../host/host.js";
import { normalizeBundle } from "./normalize-bundle.js";
import type { MimeBundle } from "./protocol.js";
import { toMimeBundle } from "./to-mime-bundle.js";
import { tslabDisplay, type TslabDisplay } from "./tslab-display.js";
import { checkKeys, type KnownKeys } from "../options/check.js";

export type { DisplaySink } from "../host/host.js";

/** Options of {@link display}. */
export interface DisplayOptions {
  /** Names this output so a later `display(…, { displayId, update: true })` replaces it in place. */
  displayId?: string;
  /** Replace the output named `displayId` instead of adding a new one (`update_display_data`). */
  update?: boolean;
  /** `value` is already a MIME bundle (`{ "text/html": "…" }`), not an object to convert. */
  raw?: boolean;
  /** Per-MIME metadata sent along, e.g. `{ "image/png": { width: 200 } }`. */
  metadata?: Record<string, unknown>;
}

const KEYS: KnownKeys<DisplayOptions> = { displayId: true, update: true, raw: true, metadata: true };

function currentSink(): DisplaySink | undefined {
  return currentHost()?.display;
}

/** {@link display} itself: a value (or, with `raw`, a bundle) to the sink. */
function displayValue(value: unknown, options: DisplayOptions = {}): void {
  const { displayId, update = false, raw = false, metadata = {} } = checkKeys("display", options, KEYS);
  if (update && (typeof displayId !== "string" || displayId === "")) {
    throw new Error("display: update: true needs a displayId (a non-empty string) naming the output to replace");
  }
  if (raw && (typeof value !== "object" || value === null || Array.isArray(value))) {
    throw new Error('display: with raw: true the value must be a MIME bundle object such as { "text/html": "…" }');
  }
  const sink = currentSink();
  const bundle = raw ? normalizeBundle(value as MimeBundle) : toMimeBundle(value);
  const send = (b: MimeBundle) => {
    if (sink) sink.display(b, metadata, displayId, update);
    else process.stdout.write(String(b["text/plain"]) + "\n");
  };
  // Outputs keep their call order: a synchronous bundle goes out at once unless an earlier
  // asynchronous one (a tensor read from a GPU) is still on its way.
  if (pending === 0 && !(bundle instanceof Promise)) {
    send(bundle);
    return;
  }
  pending++;
  const shown = queue
    .then(() => bundle)
    .then(send)
    .finally(() => pending--);
  queue = shown.catch(() => undefined);
  if (sink) sink.track(shown);
  else shown.catch((error: unknown) => process.stderr.write(`display failed: ${String(error)}\n`));
}

let pending = 0;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Shows a value in the notebook now, as the richest MIME bundle it has, without ending the cell.
 * In a plain Node script it prints the `text/plain` form instead. It also has tslab's methods
 * (`display.html(s)`, `display.markdown(s)`, `display.png(bytes)`, …), so tslab notebooks run unchanged.
 *
 * @example
 * display(tf.ones([2, 2]));
 * display({ "text/html": "<b>step 1</b>" }, { raw: true, displayId: "progress" });
 * display({ "text/html": "<b>step 2</b>" }, { raw: true, displayId: "progress", update: true });
 */
export const display: ((value: unknown, options?: DisplayOptions) => void) & TslabDisplay = Object.assign(
  displayValue,
  tslabDisplay((bundle, o) => displayValue(bundle, { raw: true, ...o })),
);

/**
 * Clears the current cell's output; with `wait: true` the clearing waits for the next output (no flicker).
 *
 * @example
 * for (let step = 0; step < 3; step++) { clearOutput({ wait: true }); display(`step ${step}`); }
 */
export function clearOutput({ wait = false }: { wait?: boolean } = {}): void {
  currentSink()?.clearOutput(wait);
}

/**
 * Shows a value in the notebook's pager (the help panel), as `?` does in IPython; outside a kernel it
 * prints the text form.
 *
 * @example
 * page("dl.backendInfo(): which backend runs, and why faster ones were skipped")
 */
export function page(value: unknown): void {
  const sink = currentSink();
  const bundle = typeof value === "string" ? { "text/plain": value } : toMimeBundle(value);
  const send = (b: MimeBundle) => (sink ? sink.page(b) : process.stdout.write(String(b["text/plain"]) + "\n"));
  if (bundle instanceof Promise) {
    const shown = bundle.then(send);
    if (sink) sink.track(shown);
  } else send(bundle);
}

import type { DisplaySink, MimeBundle } from "../lib/display/index.js";
import type { Outbox } from "./outbox.js";
import type { Message } from "./wire.js";

/**
 * Where a cell's output goes besides its result: `display()`, `clearOutput()`, the pager, and captured
 * stdout/stderr, each sent on IOPub with the request that is running as parent. It also collects what the
 * execute_reply needs: the pager payload, and the asynchronous displays the cell must wait for.
 *
 * @example
 * const output = new CellOutput(outbox);
 * output.begin(request);
 * output.display({ "text/plain": "hi" }, {}, undefined, false);
 */
export class CellOutput implements DisplaySink {
  #parent: Message | null = null;
  #tracked: Promise<unknown>[] = [];
  #payload: Record<string, unknown>[] = [];

  constructor(private readonly outbox: Outbox) {}

  /** Starts a request: later output has it as parent. */
  begin(parent: Message): void {
    this.#parent = parent;
    this.#tracked = [];
    this.#payload = [];
  }

  get parent(): Message | null {
    return this.#parent;
  }

  display(bundle: MimeBundle, metadata: Record<string, unknown>, displayId: string | undefined, update: boolean): void {
    const transient = displayId === undefined ? {} : { display_id: displayId };
    this.send(update ? "update_display_data" : "display_data", { data: bundle, metadata, transient });
  }

  clearOutput(wait: boolean): void {
    this.send("clear_output", { wait });
  }

  page(bundle: MimeBundle): void {
    this.#payload.push({ source: "page", data: bundle, start: 0 });
  }

  track(work: Promise<unknown>): void {
    this.#tracked.push(work);
  }

  /** Captured process output (the I/O thread coalesces it). */
  stream(name: "stdout" | "stderr", text: string): void {
    this.send("stream", { name, text });
  }

  send(msgType: string, content: Record<string, unknown>): void {
    this.outbox.iopub(msgType, content, this.#parent);
  }

  /** Waits for the cell's asynchronous displays; a failed one is reported on stderr. */
  async settle(): Promise<void> {
    const results = await Promise.allSettled(this.#tracked);
    this.#tracked = [];
    for (const r of results) {
      if (r.status === "rejected") this.stream("stderr", `display failed: ${(r.reason as Error)?.message ?? String(r.reason)}\n`);
    }
  }

  /** The execute_reply's payload (pager output). */
  payload(): Record<string, unknown>[] {
    return this.#payload;
  }
}

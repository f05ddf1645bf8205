import type { Readable, Writable } from "node:stream";

interface Pending {
  method: string;
  sessionId: string | undefined;
  resolve: (result: any) => void;
  reject: (error: Error) => void;
}

/**
 * A Chrome DevTools Protocol connection over the pipes Chromium opens with `--remote-debugging-pipe`: it reads
 * commands from its file descriptor 3 and writes replies and events to 4, each a JSON message ended by a NUL byte
 * (the transport playwright uses too). `send` resolves with the command's result; when Chromium goes away every
 * pending command is rejected, and when a page crashes, that page's pending commands are.
 *
 * @example
 * const cdp = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
 * const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
 */
export class CdpPipe {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private chunks: Buffer[] = [];
  private closedBy: Error | undefined;

  constructor(
    private readonly input: Writable,
    private readonly output: Readable,
  ) {
    output.on("data", (chunk: Buffer) => this.receive(chunk));
    output.on("close", () => this.close(new Error("Chromium closed its DevTools pipe (it exited or crashed)")));
    output.on("error", (error: Error) => this.close(error));
    input.on("error", (error: Error) => this.close(error));
  }

  /** True once the pipe is closed: every later command fails. */
  get closed(): boolean {
    return this.closedBy !== undefined;
  }

  /** Sends one command, to the browser or (with `sessionId`) to an attached page, and resolves with its result. */
  send(method: string, params: object = {}, sessionId?: string): Promise<any> {
    if (this.closedBy) return Promise.reject(new Error(`${method}: ${this.closedBy.message}`));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, sessionId, resolve, reject });
      this.input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    });
  }

  /** Rejects every pending command with `error`; later commands fail at once. */
  close(error: Error): void {
    this.closedBy ??= error;
    this.rejectWhere(() => true, this.closedBy);
  }

  /** Lets Node exit while the pipe is open (`unref`), or keeps it running until the pipe closes (`ref`). */
  hold(keepAlive: boolean): void {
    for (const stream of [this.input, this.output] as unknown as { ref?(): void; unref?(): void }[]) {
      if (keepAlive) stream.ref?.();
      else stream.unref?.();
    }
  }

  private receive(chunk: Buffer): void {
    let end = chunk.indexOf(0);
    while (end >= 0) {
      const message = Buffer.concat([...this.chunks, chunk.subarray(0, end)]).toString("utf8");
      this.chunks = [];
      chunk = chunk.subarray(end + 1);
      try {
        this.dispatch(JSON.parse(message));
      } catch (error) {
        this.close(new Error(`unreadable DevTools message (${(error as Error).message})`));
        return;
      }
      end = chunk.indexOf(0);
    }
    if (chunk.length > 0) this.chunks.push(chunk);
  }

  private dispatch(message: { id?: number; method?: string; sessionId?: string; result?: any; error?: { message: string } }): void {
    if (message.method === "Inspector.targetCrashed") {
      this.rejectWhere((p) => p.sessionId === message.sessionId, new Error("the page crashed"));
      return;
    }
    const call = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!call) return; // an event we did not ask about
    this.pending.delete(message.id!);
    if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
    else call.resolve(message.result);
  }

  private rejectWhere(match: (call: Pending) => boolean, error: Error): void {
    for (const [id, call] of this.pending) {
      if (!match(call)) continue;
      this.pending.delete(id);
      call.reject(new Error(`${call.method}: ${error.message}`));
    }
  }
}

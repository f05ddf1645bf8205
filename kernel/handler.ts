import type { MimeBundle } from "../lib/display/index.js";
import { CellOutput } from "./cell-output.js";
import type { CellOutcome, Completion, Inspection } from "./cell-runner.js";
import { History, type HistoryQuery } from "./history.js";
import { outsideCells } from "./interrupt-guard.js";
import type { Channel, Outbox } from "./outbox.js";
import { toCodePoints, toUtf16 } from "./positions.js";
import type { CellError } from "./traceback.js";
import type { Message } from "./wire.js";
import { DebugAdapter, type DapRequest } from "./debug-adapter.js";

export type { Channel, Outbox } from "./outbox.js";

/** What the handler needs from the code runner (a CellRunner, or a fake in tests). */
export interface Runner {
  /** Runs a cell; `seq` is the I/O thread's number of its execute_request (0: not interruptible by number). */
  run(code: string, count: number | null, seq?: number): Promise<CellOutcome>;
  /** Stops execution `seq` (the running one when omitted). */
  interrupt(seq?: number): void;
  complete(code: string, cursor: number): Completion;
  inspect(code: string, cursor: number): Inspection | null;
  isComplete(code: string): { status: "complete" | "incomplete" | "invalid"; indent: string };
  /** The values of every cell's declarations, by name (the debugger panel's variables). */
  variables(): Readonly<Record<string, unknown>>;
}

/** Options of {@link KernelHandler}. */
export interface HandlerOptions {
  runner: Runner;
  outbox: Outbox;
  /** The kernel_info_reply content. */
  kernelInfo: () => Record<string, unknown>;
  /** A value's MIME bundle (the library's `toMimeBundle`). */
  toBundle: (value: unknown) => MimeBundle | Promise<MimeBundle>;
  /** Called after the shutdown_reply is sent. */
  onShutdown: (restart: boolean) => void;
  /** How long a failed cell waits, before its reply, for requests already sent to be read so they can be aborted (ms, default 20). */
  abortWindowMs?: number;
  /** Where unsupported or odd requests are logged (default: the process's real stderr). */
  log?: (line: string) => void;
}

/** Sends one reply to the request being handled. */
type Reply = (replyType: string, content: Record<string, unknown>) => void;

type ExecuteContent = {
  code?: unknown;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  stop_on_error?: boolean;
};

/**
 * The Jupyter protocol without the transport: takes parsed requests, runs them one at a time
 * (shell) or at once (control), and emits replies and IOPub messages through the outbox, with
 * busy/idle around every request. A cell's displays and printed output go through its {@link CellOutput}.
 */
export class KernelHandler {
  readonly #o: Required<HandlerOptions>;
  readonly #queue: { msg: Message; seq: number }[] = [];
  readonly #history = new History();
  /** Where `display()`, the pager and captured stdout/stderr of the running request go. */
  readonly output: CellOutput;
  #count = 0;
  readonly #debug: DebugAdapter;
  #busy = false;
  #drained: (() => void)[] = [];

  constructor(options: HandlerOptions) {
    this.#o = {
      abortWindowMs: 20,
      log: (line: string) => process.stderr.write(line + "\n"),
      ...options,
    } as Required<HandlerOptions>;
    this.output = new CellOutput(this.#o.outbox);
    this.#debug = new DebugAdapter({ variables: () => this.#o.runner.variables(), toBundle: (value) => this.#o.toBundle(value) });
  }

  /**
   * Accepts a request: shell requests queue behind the running one, control requests run now. `seq` is
   * the I/O thread's number of an execute_request (see {@link Runner.run}).
   */
  receive(channel: Channel, msg: Message, seq = 0): void {
    if (channel === "control") {
      void this.#handle(channel, msg, 0);
      return;
    }
    this.#queue.push({ msg, seq });
    if (!this.#busy) void this.#drain();
  }

  /** Resolves when no shell request is queued or running. */
  settled(): Promise<void> {
    if (!this.#busy && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /** Captured process output, sent as `stream` messages of the running request. */
  stream(name: "stdout" | "stderr", text: string): void {
    this.output.stream(name, text);
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    while (this.#queue.length > 0) {
      const { msg, seq } = this.#queue.shift()!;
      const failed = await this.#handle("shell", msg, seq);
      if (failed) this.#abortQueued();
    }
    this.#busy = false;
    for (const resolve of this.#drained.splice(0)) resolve();
  }

  /** Handles one request; returns true when it was a cell that failed with stop_on_error. */
  async #handle(channel: Channel, msg: Message, seq: number): Promise<boolean> {
    const type = msg.header.msg_type;
    if (channel === "shell") this.output.begin(msg);
    this.#o.outbox.iopub("status", { execution_state: "busy" }, msg);
    let failed = false;
    let replied = false;
    const reply = (replyType: string, content: Record<string, unknown>) => {
      replied = true;
      this.#o.outbox.reply(msg, channel, replyType, content);
    };
    try {
      failed = await this.#dispatch(channel, msg, type, seq, reply);
    } catch (error) {
      this.#o.log(`depthlab: ${type} failed inside the kernel: ${(error as Error).stack ?? String(error)}`);
      // The client waits for a reply to every request: an error inside the kernel answers with an error
      // reply (the kernel's own fault, named as such) instead of leaving the front-end waiting forever.
      if (!replied && type.endsWith("_request")) {
        reply(type.replace(/_request$/, "_reply"), {
          status: "error",
          ename: "KernelError",
          evalue: `depthlab could not answer ${type}: ${(error as Error).message ?? String(error)}`,
          traceback: [],
        });
      }
    }
    this.#o.outbox.iopub("status", { execution_state: "idle" }, msg);
    return failed;
  }

  async #dispatch(channel: Channel, msg: Message, type: string, seq: number, reply: Reply): Promise<boolean> {
    const c = msg.content as Record<string, unknown>;
    switch (type) {
      case "kernel_info_request":
        reply("kernel_info_reply", this.#o.kernelInfo());
        return false;
      case "execute_request":
        return this.#execute(c as ExecuteContent, reply, seq);
      case "complete_request":
        reply("complete_reply", this.#complete(String(c.code ?? ""), Number(c.cursor_pos ?? 0)));
        return false;
      case "inspect_request":
        reply("inspect_reply", this.#inspect(String(c.code ?? ""), Number(c.cursor_pos ?? 0)));
        return false;
      case "is_complete_request":
        reply("is_complete_reply", this.#o.runner.isComplete(String(c.code ?? "")));
        return false;
      case "history_request":
        reply("history_reply", { status: "ok", history: this.#history.query(c as HistoryQuery) });
        return false;
      case "debug_request":
        reply("debug_reply", await this.#debug.answer(c as DapRequest));
        return false;
      case "comm_info_request":
        reply("comm_info_reply", { status: "ok", comms: {} });
        return false;
      case "interrupt_request":
        this.#o.runner.interrupt();
        reply("interrupt_reply", { status: "ok" });
        return false;
      case "shutdown_request": {
        const restart = Boolean(c.restart);
        reply("shutdown_reply", { status: "ok", restart });
        this.#o.onShutdown(restart);
        return false;
      }
      default:
        this.#o.log(`depthlab: ignoring unsupported ${channel} request ${type}`);
        return false;
    }
  }

  async #execute(c: ExecuteContent, reply: Reply, seq: number): Promise<boolean> {
    if (typeof c.code !== "string") {
      reply("execute_reply", { status: "error", execution_count: this.#count, ...badRequest("execute_request: code must be a string") });
      return false;
    }
    const code = c.code;
    const silent = c.silent === true;
    const store = silent ? false : c.store_history !== false;
    if (store) {
      this.#count++;
      this.#history.add(this.#count, code);
    }
    const count = this.#count;
    if (!silent) this.#iopub("execute_input", { code, execution_count: count });
    let outcome = await this.#o.runner.run(code, store ? count : null, seq);
    await this.output.settle();
    if (outcome.ok && outcome.value !== undefined && !silent) {
      try {
        const data = await this.#o.toBundle(outcome.value);
        this.#iopub("execute_result", { execution_count: count, data, metadata: {} });
        if (store) this.#history.setOutput(count, String(data["text/plain"] ?? ""));
      } catch (error) {
        outcome = { ok: false, error: displayError(error) };
      }
    }
    if (!outcome.ok) {
      const { ename, evalue, traceback } = outcome.error;
      if (!silent) this.#iopub("error", { ename, evalue, traceback });
      const abort = c.stop_on_error !== false;
      // Requests the client sent while the cell ran may still sit in the socket (a synchronous cell
      // blocks reading). Let the transport take them in before the reply goes out: what arrived by
      // then is "queued behind" the failure and gets aborted; what the client sends after seeing
      // the reply is not.
      if (abort) await new Promise((resolve) => outsideCells(() => setTimeout(resolve, this.#o.abortWindowMs)));
      reply("execute_reply", { status: "error", execution_count: count, ename, evalue, traceback });
      return abort;
    }
    const userExpressions = await this.#userExpressions(c.user_expressions ?? {}, seq);
    reply("execute_reply", { status: "ok", execution_count: count, user_expressions: userExpressions, payload: this.output.payload() });
    return false;
  }

  async #userExpressions(expressions: Record<string, string>, seq: number): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [key, expr] of Object.entries(expressions)) {
      const r = await this.#o.runner.run(String(expr), null, seq);
      if (!r.ok) out[key] = { status: "error", ...r.error };
      else {
        try {
          out[key] = { status: "ok", data: await this.#o.toBundle(r.value), metadata: {} };
        } catch (error) {
          out[key] = { status: "error", ...displayError(error) };
        }
      }
    }
    return out;
  }

  /** Replies `aborted` to every execute_request that arrived before the failed cell's reply went out. */
  #abortQueued(): void {
    const keep: { msg: Message; seq: number }[] = [];
    for (const item of this.#queue.splice(0)) {
      const msg = item.msg;
      if (msg.header.msg_type !== "execute_request") {
        keep.push(item);
        continue;
      }
      this.#o.outbox.iopub("status", { execution_state: "busy" }, msg);
      this.#o.outbox.reply(msg, "shell", "execute_reply", { status: "aborted", execution_count: this.#count });
      this.#o.outbox.iopub("status", { execution_state: "idle" }, msg);
    }
    this.#queue.push(...keep);
  }

  #complete(code: string, cursor: number): Record<string, unknown> {
    const at = toUtf16(code, cursor);
    const r = this.#o.runner.complete(code, at);
    return {
      status: "ok",
      matches: r.matches,
      cursor_start: toCodePoints(code, r.start),
      cursor_end: toCodePoints(code, r.end),
      metadata: {},
    };
  }

  #inspect(code: string, cursor: number): Record<string, unknown> {
    const info = this.#o.runner.inspect(code, toUtf16(code, cursor));
    if (info === null || info.signature === "") return { status: "ok", found: false, data: {}, metadata: {} };
    const text = [info.signature, info.documentation].filter((s) => s).join("\n\n");
    const md = "```typescript\n" + info.signature + "\n```" + (info.documentation ? "\n\n" + info.documentation : "");
    return { status: "ok", found: true, data: { "text/plain": text, "text/markdown": md }, metadata: {} };
  }

  #iopub(msgType: string, content: Record<string, unknown>): void {
    this.output.send(msgType, content);
  }
}

function badRequest(message: string): CellError {
  return { ename: "BadRequest", evalue: message, traceback: [message] };
}

function displayError(error: unknown): CellError {
  const message = error instanceof Error ? error.message : String(error);
  return { ename: "DisplayError", evalue: message, traceback: [`DisplayError: the result could not be displayed: ${message}`] };
}

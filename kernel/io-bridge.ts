import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { ConnectionInfo } from "./connection.js";
import { INTERRUPT_SLOT, SHARED_BYTES, type FromIo, type IoThreadData, type ToIo } from "./io-protocol.js";
import type { Channel, Outbox } from "./outbox.js";
import type { Message } from "./wire.js";

/** What the main thread hears from the I/O thread. */
export interface IoListener {
  request(channel: Channel, msg: Message, seq: number): void;
  interrupt(seq: number): void;
  log(line: string): void;
}

/**
 * The main thread's side of the I/O thread ({@link startIoThread} in io-thread.ts): an {@link Outbox}
 * that posts messages to it, and the reader of the interrupt flag it sets.
 *
 * @example
 * const io = await IoBridge.start(readConnectionFile(file), { request, interrupt, log });
 * io.reply(request, "shell", "kernel_info_reply", info);
 */
export class IoBridge implements Outbox {
  readonly #worker: Worker;
  readonly #flag: Int32Array;

  private constructor(worker: Worker, flag: Int32Array) {
    this.#worker = worker;
    this.#flag = flag;
  }

  /** Starts the I/O thread and resolves once its sockets are bound. */
  static start(info: ConnectionInfo, listener: IoListener): Promise<IoBridge> {
    const shared = new SharedArrayBuffer(SHARED_BYTES);
    const data: IoThreadData = { info, shared };
    const worker = new Worker(path.join(__dirname, "io-thread.js"), { workerData: data });
    const bridge = new IoBridge(worker, new Int32Array(shared));
    return new Promise((resolve, reject) => {
      worker.on("error", (error) => {
        listener.log(`depthlab: the I/O thread failed: ${error.stack ?? String(error)}`);
        reject(error);
      });
      worker.on("message", (message: FromIo) => {
        if (message.kind === "bound") resolve(bridge);
        else if (message.kind === "request") listener.request(message.channel, message.msg, message.seq);
        else if (message.kind === "interrupt") listener.interrupt(message.seq);
        else if (message.kind === "log") listener.log(message.line);
      });
    });
  }

  /** True when an interrupt is pending for the execution numbered `seq` (read from shared memory). */
  interruptRequested(seq: number): boolean {
    return seq !== 0 && Atomics.load(this.#flag, INTERRUPT_SLOT) === seq;
  }

  /** Flags an interrupt of execution `seq` from the main thread (a SIGINT). */
  requestInterrupt(seq: number): void {
    if (seq !== 0) Atomics.store(this.#flag, INTERRUPT_SLOT, seq);
  }

  iopub(msgType: string, content: Record<string, unknown>, parent: Message | null): void {
    this.#post({ kind: "iopub", msgType, content, parent });
  }

  reply(request: Message, channel: Channel, msgType: string, content: Record<string, unknown>): void {
    this.#post({ kind: "reply", request, channel, msgType, content });
  }

  /** Sends what is queued, closes the sockets and ends the thread. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#worker.on("message", (m: FromIo) => m.kind === "closed" && resolve());
      this.#worker.on("exit", () => resolve());
      this.#post({ kind: "close" });
    });
  }

  #post(message: ToIo): void {
    try {
      this.#worker.postMessage(message);
    } catch (error) {
      // A value structured cloning refuses (a function in a user's bundle): send what JSON keeps of it,
      // as the wire would anyway.
      if (message.kind === "close" || (error as Error).name !== "DataCloneError") throw error;
      this.#worker.postMessage({ ...message, content: JSON.parse(JSON.stringify(message.content)) as Record<string, unknown> });
    }
  }
}

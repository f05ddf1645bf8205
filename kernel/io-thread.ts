import { parentPort, workerData } from "node:worker_threads";
import { INTERRUPT_SLOT, type FromIo, type IoThreadData, type ToIo } from "./io-protocol.js";
import { StreamBatcher } from "./stream-batcher.js";
import { ZmqTransport } from "./transport.js";
import type { Message } from "./wire.js";

/**
 * The kernel's I/O thread: it owns the five sockets, so the heartbeat answers and interrupts arrive while
 * a cell keeps the main thread busy. It passes requests to the main thread, numbering execute_requests in
 * arrival order; answers interrupt_request itself by flagging, in shared memory, the oldest execution that
 * has no reply yet (running, being compiled, or still queued), which the cell's interrupt checks read; and
 * sends what the main thread posts, with stream output coalesced.
 */
function startIoThread(port: NonNullable<typeof parentPort>, data: IoThreadData): void {
  const post = (message: FromIo) => port.postMessage(message);
  const log = (line: string) => post({ kind: "log", line });
  const flag = new Int32Array(data.shared);
  const transport = new ZmqTransport(data.info, log);
  const streams = new StreamBatcher((name, text, parent) => transport.iopub("stream", { name, text }, parent));
  const unanswered = new Map<string, number>(); // execute_request msg_id → seq
  let executions = 0;
  // An interrupt that finds nothing to stop is kept for a moment: the execute_request it was meant for can
  // still be on its way on the shell socket (Stop pressed right after Shift-Enter; the two travel separately).
  let lateUntil = 0;
  const flagInterrupt = (seq: number) => {
    Atomics.store(flag, INTERRUPT_SLOT, seq);
    post({ kind: "interrupt", seq });
  };

  const interrupt = (request: Message) => {
    const target = Math.min(...unanswered.values());
    if (Number.isFinite(target)) flagInterrupt(target);
    else lateUntil = Date.now() + LATE_INTERRUPT_MS;
    streams.flush();
    transport.iopub("status", { execution_state: "busy" }, request);
    transport.reply(request, "control", "interrupt_reply", { status: "ok" });
    transport.iopub("status", { execution_state: "idle" }, request);
  };

  port.on("message", (message: ToIo) => {
    if (message.kind === "iopub") {
      const parent = revive(message.parent);
      if (message.msgType === "stream") {
        streams.add(String(message.content["name"]), String(message.content["text"]), parent);
        return;
      }
      streams.flush();
      transport.iopub(message.msgType, message.content, parent);
    } else if (message.kind === "reply") {
      streams.flush();
      const request = revive(message.request)!;
      if (message.msgType === "execute_reply") {
        const seq = unanswered.get(request.header.msg_id);
        unanswered.delete(request.header.msg_id);
        if (seq !== undefined) Atomics.compareExchange(flag, INTERRUPT_SLOT, seq, 0);
      }
      transport.reply(request, message.channel, message.msgType, message.content);
    } else if (message.kind === "close") {
      streams.flush();
      void transport.close().finally(() => {
        post({ kind: "closed" });
        port.close();
      });
    }
  });

  void transport.bind().then(
    () => {
      transport.listen((channel, msg) => {
        const type = msg.header.msg_type;
        if (channel === "control" && type === "interrupt_request") return interrupt(msg);
        let seq = 0;
        if (channel === "shell" && type === "execute_request") {
          seq = ++executions;
          unanswered.set(msg.header.msg_id, seq);
        }
        post({ kind: "request", channel, msg, seq });
        if (seq !== 0 && Date.now() < lateUntil) {
          lateUntil = 0;
          flagInterrupt(seq);
        }
      });
      post({ kind: "bound" });
    },
    (error: unknown) => log(`depthlab: could not bind the kernel's sockets: ${(error as Error).message}`),
  );
}

/** How long an interrupt that found no execution waits for one to arrive (ms). */
const LATE_INTERRUPT_MS = 100;

/** Buffers arrive from the other thread as plain Uint8Arrays; the wire code wants Buffers. */
function revive(msg: Message | null): Message | null {
  if (!msg) return null;
  return { ...msg, identities: msg.identities.map((b) => Buffer.from(b)), buffers: msg.buffers.map((b) => Buffer.from(b)) };
}

if (parentPort) startIoThread(parentPort, workerData as IoThreadData);

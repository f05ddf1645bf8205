import type { ConnectionInfo } from "./connection.js";
import type { Channel } from "./outbox.js";
import type { Message } from "./wire.js";

/**
 * What the main thread (cells) and the I/O thread (sockets) say to each other: the one definition of the
 * messages that cross between them, and of the shared memory they both read.
 */

/** Main → I/O: a message to send, or the order to close. */
export type ToIo =
  | { kind: "iopub"; msgType: string; content: Record<string, unknown>; parent: Message | null }
  | { kind: "reply"; request: Message; channel: Channel; msgType: string; content: Record<string, unknown> }
  | { kind: "close" };

/**
 * I/O → main: a request to handle (`seq` numbers execute_requests in arrival order, 0 for other requests),
 * an interrupt of the execution numbered `seq`, a log line, or the sockets' state.
 */
export type FromIo =
  | { kind: "bound" }
  | { kind: "request"; channel: Channel; msg: Message; seq: number }
  | { kind: "interrupt"; seq: number }
  | { kind: "log"; line: string }
  | { kind: "closed" };

/** The I/O thread's start-up data. */
export interface IoThreadData {
  info: ConnectionInfo;
  /** {@link INTERRUPT_SLOT}: the `seq` of the execution an interrupt is pending for, 0 when none. */
  shared: SharedArrayBuffer;
}

/** Index in the shared Int32Array of the execution an interrupt was requested for. */
export const INTERRUPT_SLOT = 0;
/** Size in bytes of the shared memory. */
export const SHARED_BYTES = 8;

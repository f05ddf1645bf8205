import type { Message } from "./wire.js";

/** The two request channels of a Jupyter kernel. */
export type Channel = "shell" | "control";

/** Where the handler's messages go: the I/O thread in the kernel, an array in tests. */
export interface Outbox {
  iopub(msgType: string, content: Record<string, unknown>, parent: Message | null): void;
  reply(request: Message, channel: Channel, msgType: string, content: Record<string, unknown>): void;
}

import type { Message } from "./wire.js";

/**
 * Coalesces `stream` output: consecutive writes to one stream for one request go out as one message,
 * at most `delayMs` after the first, and always before any other message (`flush`). It runs on the I/O
 * thread, so output printed by a long synchronous cell still reaches the notebook while the cell runs.
 *
 * @example
 * const batcher = new StreamBatcher((name, text, parent) => send("stream", { name, text }, parent));
 * batcher.add("stdout", "epoch 1\n", request);
 * batcher.flush(); // before a reply or any other IOPub message
 */
export class StreamBatcher {
  readonly #pending: { name: string; text: string; parent: Message | null }[] = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (name: string, text: string, parent: Message | null) => void,
    private readonly delayMs = 30,
  ) {}

  add(name: string, text: string, parent: Message | null): void {
    const last = this.#pending[this.#pending.length - 1];
    if (last && last.name === name && last.parent?.header.msg_id === parent?.header.msg_id) last.text += text;
    else this.#pending.push({ name, text, parent });
    this.#timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const { name, text, parent } of this.#pending.splice(0)) this.send(name, text, parent);
  }
}

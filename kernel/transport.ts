import * as zmq from "zeromq";
import { channelAddress, type ConnectionInfo } from "./connection.js";
import type { Channel, Outbox } from "./outbox.js";
import { outsideCells } from "./interrupt-guard.js";
import { makeMessage, parseFrames, Signer, toFrames, type Message } from "./wire.js";

/** One socket's outgoing frames, sent one message at a time (zeromq.js rejects overlapping sends). */
class SendQueue {
  #chain: Promise<void> = Promise.resolve();
  constructor(
    private readonly socket: zmq.Writable,
    private readonly log: (line: string) => void,
  ) {}
  send(frames: Buffer[]): Promise<void> {
    this.#chain = this.#chain
      .then(() => this.socket.send(frames))
      .catch((error: unknown) => this.log(`depthlab: send failed: ${(error as Error).message}`));
    return this.#chain;
  }
  /** Resolves when everything queued so far has been handed to ZMQ. */
  drained(): Promise<void> {
    return this.#chain;
  }
}

/**
 * The ZMQ side of the kernel: binds exactly the addresses in the connection file, drops messages
 * whose HMAC signature is missing or wrong, and hands parsed requests to `onRequest`.
 */
export class ZmqTransport implements Outbox {
  readonly #signer: Signer;
  readonly #session = crypto.randomUUID();
  readonly #shell = new zmq.Router();
  readonly #control = new zmq.Router();
  readonly #stdin = new zmq.Router();
  readonly #iopub = new zmq.Publisher();
  readonly #hb = new zmq.Reply();
  readonly #queues: Record<"shell" | "control" | "iopub", SendQueue>;

  constructor(
    private readonly info: ConnectionInfo,
    private readonly log: (line: string) => void,
  ) {
    this.#signer = new Signer(info.key, info.signature_scheme);
    this.#queues = {
      shell: new SendQueue(this.#shell, log),
      control: new SendQueue(this.#control, log),
      iopub: new SendQueue(this.#iopub, log),
    };
  }

  async bind(): Promise<void> {
    const i = this.info;
    await Promise.all([
      this.#shell.bind(channelAddress(i, i.shell_port)),
      this.#control.bind(channelAddress(i, i.control_port)),
      this.#stdin.bind(channelAddress(i, i.stdin_port)),
      this.#iopub.bind(channelAddress(i, i.iopub_port)),
      this.#hb.bind(channelAddress(i, i.hb_port)),
    ]);
  }

  /** Starts the receive loops; each request goes to `onRequest` with its channel. */
  listen(onRequest: (channel: Channel, msg: Message) => void): void {
    const loop = async (channel: Channel, socket: zmq.Router) => {
      for await (const frames of socket) {
        const parsed = parseFrames(frames, this.#signer);
        if (!parsed.ok) {
          this.log(`depthlab: dropped a ${channel} message: ${parsed.reason}`);
          continue;
        }
        onRequest(channel, parsed.message);
      }
    };
    const echo = async () => {
      for await (const frames of this.#hb) await this.#hb.send(frames);
    };
    outsideCells(() => {
      void loop("shell", this.#shell).catch((e: unknown) => this.log(`depthlab: shell loop ended: ${String(e)}`));
      void loop("control", this.#control).catch((e: unknown) => this.log(`depthlab: control loop ended: ${String(e)}`));
      void echo().catch((e: unknown) => this.log(`depthlab: heartbeat ended: ${String(e)}`));
      void (async () => {
        for await (const _ of this.#stdin) void _; // input requests are not used; drain anything sent
      })().catch(() => undefined);
    });
  }

  iopub(msgType: string, content: Record<string, unknown>, parent: Message | null): void {
    const msg = makeMessage(msgType, content, parent, this.#session, [Buffer.from(`kernel.${msgType}`)]);
    void this.#queues.iopub.send(toFrames(msg, this.#signer));
  }

  reply(request: Message, channel: Channel, msgType: string, content: Record<string, unknown>): void {
    const msg = makeMessage(msgType, content, request, this.#session, request.identities);
    void this.#queues[channel].send(toFrames(msg, this.#signer));
  }

  /** Waits for queued replies to go out, then closes every socket. */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.#queues).map((q) => q.drained()));
    for (const s of [this.#shell, this.#control, this.#stdin, this.#iopub, this.#hb]) s.close();
  }
}

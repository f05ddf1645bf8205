import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { channelAddress, type ConnectionInfo } from "../kernel/connection.js";
import { makeMessage, parseFrames, Signer, toFrames, type Message } from "../kernel/wire.js";
import { PACKAGE_ROOT } from "../lib/version.js";

// A Jupyter client in Node for one depthlab kernel process: it writes a connection file on ipc sockets in a
// private temp folder (no port races), starts `depthlab kernel`, and talks to it over shell, iopub and control
// with the kernel's own wire code. Longer than most files because start, request and shutdown share the state.

/** Options of {@link KernelClient.start}. */
export interface KernelClientOptions {
  /** The kernel's working folder (default: the package's `notebooks/`). */
  cwd?: string;
  /** How long to wait for the kernel to answer kernel_info (ms, default 60 000). */
  startTimeoutMs?: number;
  /**
   * Turns the kernel's command (`argv[0]` is Node) into the one to spawn, e.g. inside a sandbox. `socketDir` holds
   * the connection file and the ipc sockets; the kernel must be able to create files there. Default: unchanged.
   */
  wrap?: (argv: string[], socketDir: string, cwd: string) => SpawnPlan;
}

/** What {@link KernelClientOptions.wrap} returns: the command to spawn and, optionally, its folder and environment. */
export interface SpawnPlan {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Called with every IOPub message whose parent is the given request. */
export type IopubListener = (msg: Message) => void;

/**
 * A running depthlab kernel and the sockets to drive it.
 *
 * @example
 * const kernel = await KernelClient.start();
 * const reply = await kernel.execute("1 + 1", (msg) => console.log(msg.header.msg_type));
 * await kernel.shutdown();
 */
export class KernelClient {
  readonly #session = crypto.randomUUID();
  readonly #shell = new zmq.Dealer({ linger: 0 });
  readonly #control = new zmq.Dealer({ linger: 0 });
  readonly #iopub = new zmq.Subscriber({ linger: 0 });
  readonly #replies = new Map<string, (msg: Message) => void>();
  readonly #listeners = new Map<string, IopubListener>();
  #stderr = "";
  #exited: string | null = null;
  #onExit: ((why: string) => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly info: ConnectionInfo,
    private readonly signer: Signer,
    private readonly dir: string,
  ) {}

  /** Starts a fresh kernel process and waits until it answers on shell and publishes on IOPub. */
  static async start(options: KernelClientOptions = {}): Promise<KernelClient> {
    const { cwd = join(PACKAGE_ROOT, "notebooks"), startTimeoutMs = 60_000 } = options;
    const wrap = options.wrap ?? ((argv: string[]): SpawnPlan => ({ command: argv[0]!, args: argv.slice(1) }));
    const dir = mkdtempSync(join(tmpdir(), "depthlab-book-"));
    const info: ConnectionInfo = {
      transport: "ipc",
      ip: join(dir, "kernel"),
      shell_port: 1,
      iopub_port: 2,
      stdin_port: 3,
      control_port: 4,
      hb_port: 5,
      key: crypto.randomUUID(),
      signature_scheme: "hmac-sha256",
    };
    const file = join(dir, "connection.json");
    writeFileSync(file, JSON.stringify(info));
    const plan = wrap([process.execPath, join(PACKAGE_ROOT, "bin", "depthlab.js"), "kernel", file], dir, cwd);
    const child = spawn(plan.command, plan.args, {
      cwd: plan.cwd ?? cwd,
      ...(plan.env ? { env: plan.env } : {}),
      stdio: ["ignore", "ignore", "pipe"],
    });
    const client = new KernelClient(child, info, new Signer(info.key), dir);
    client.#listen();
    await client.#ready(startTimeoutMs);
    return client;
  }

  /** The kernel's process id as spawned (the sandbox's, when wrapped). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the kernel process has exited, and why. */
  get exited(): string | null {
    return this.#exited;
  }

  /** The last 2 000 characters the kernel wrote to its stderr (start-up messages, crashes). */
  get stderr(): string {
    return this.#stderr.slice(-2000);
  }

  #listen(): void {
    this.child.stderr!.on("data", (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString("utf8")).slice(-20_000)));
    this.child.on("exit", (code, signal) => {
      this.#exited = `the kernel process exited (${signal ?? `code ${code}`})`;
      for (const f of this.#onExit.splice(0)) f(this.#exited);
    });
    this.#shell.connect(channelAddress(this.info, this.info.shell_port));
    this.#control.connect(channelAddress(this.info, this.info.control_port));
    this.#iopub.connect(channelAddress(this.info, this.info.iopub_port));
    this.#iopub.subscribe();
    const replies = async (socket: zmq.Dealer) => {
      for await (const frames of socket) {
        const parsed = parseFrames(frames, this.signer);
        if (!parsed.ok) continue;
        const parent = (parsed.message.parent_header as { msg_id?: string }).msg_id ?? "";
        this.#replies.get(parent)?.(parsed.message);
      }
    };
    const iopub = async () => {
      for await (const frames of this.#iopub) {
        const parsed = parseFrames(frames, this.signer);
        if (!parsed.ok) continue;
        const parent = (parsed.message.parent_header as { msg_id?: string }).msg_id ?? "";
        this.#listeners.get(parent)?.(parsed.message);
      }
    };
    void replies(this.#shell).catch(() => undefined);
    void replies(this.#control).catch(() => undefined);
    void iopub().catch(() => undefined);
  }

  /** Sends kernel_info requests until one is answered and its IOPub status arrives (so no output is missed). */
  async #ready(timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    let wait = 1000;
    while (Date.now() < end && !this.#exited) {
      // resolves only once the reply and the IOPub idle both came: the subscription is live
      const reply = await this.request("shell", "kernel_info_request", {}, undefined, wait).catch(() => null);
      if (reply) return;
      wait = Math.min(2 * wait, 8000);
    }
    const why = this.#exited ?? `no kernel_info_reply within ${timeoutMs} ms`;
    await this.kill();
    throw new Error(`the depthlab kernel did not start: ${why}\n${this.stderr}`);
  }

  /**
   * Sends a request and resolves with its reply; IOPub messages caused by it go to `onIopub` until the reply
   * and the IOPub `status: idle` have both arrived. Rejects when the kernel exits or `timeoutMs` passes.
   */
  request(
    channel: "shell" | "control",
    msgType: string,
    content: Record<string, unknown>,
    onIopub: IopubListener = () => undefined,
    timeoutMs = 0,
  ): Promise<Message> {
    if (this.#exited) return Promise.reject(new Error(this.#exited));
    const msg = makeMessage(msgType, content, null, this.#session);
    const id = msg.header.msg_id;
    return new Promise<Message>((resolve, reject) => {
      let reply: Message | null = null;
      let idle = false;
      const finish = (error: Error | null) => {
        clearTimeout(timer);
        this.#replies.delete(id);
        this.#listeners.delete(id);
        this.#onExit = this.#onExit.filter((f) => f !== onExit);
        if (error) reject(error);
        else resolve(reply!);
      };
      const onExit = (why: string) => finish(new Error(why));
      const timer =
        timeoutMs > 0 ? setTimeout(() => finish(new Error(`no ${msgType} reply within ${timeoutMs} ms`)), timeoutMs) : undefined;
      this.#onExit.push(onExit);
      this.#replies.set(id, (m) => {
        reply = m;
        if (idle || channel === "control") finish(null);
      });
      this.#listeners.set(id, (m) => {
        onIopub(m);
        if (m.header.msg_type === "status" && (m.content as { execution_state?: string }).execution_state === "idle") {
          idle = true;
          if (reply) finish(null);
        }
      });
      void (channel === "shell" ? this.#shell : this.#control).send(toFrames(msg, this.signer)).catch((e: Error) => finish(e));
    });
  }

  /** Runs `code` and resolves with the execute_reply once all its output has arrived. */
  execute(code: string, onIopub: IopubListener, timeoutMs = 0): Promise<Message> {
    const content = { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    return this.request("shell", "execute_request", content, onIopub, timeoutMs);
  }

  /** Asks the kernel to shut down (control channel), then makes sure the process is gone and cleans up. */
  async shutdown(): Promise<void> {
    if (!this.#exited) {
      const gone = new Promise<void>((resolve) => this.#onExit.push(() => resolve()));
      await this.request("control", "shutdown_request", { restart: false }, undefined, 5000).catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
    }
    await this.kill();
  }

  /** Ends the kernel process at once (after a time limit) and closes the sockets. */
  async kill(): Promise<void> {
    if (!this.#exited) this.child.kill("SIGKILL");
    // a grandchild that outlived the kernel (a sandbox's process) must not keep this process's event loop alive
    this.child.stderr?.destroy();
    for (const s of [this.#shell, this.#control, this.#iopub]) s.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

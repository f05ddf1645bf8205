import { createRequire } from "node:module";
import * as path from "node:path";
import * as lib from "../lib/index.js";
import { PACKAGE_ROOT } from "../lib/version.js";
import { CellRunner } from "./cell-runner.js";
import { readConnectionFile } from "./connection.js";
import { KernelHandler } from "./handler.js";
import { IoBridge } from "./io-bridge.js";
import { kernelInfo } from "./kernel-info.js";
import { patchTypeResolution, withPackageFallback } from "./module-resolution.js";
import type { Channel } from "./outbox.js";
import { PRELUDE } from "./prelude.js";
import { captureStdio } from "./stdio-capture.js";
import type { Message } from "./wire.js";

/**
 * Starts the kernel for a connection file: starts the I/O thread (which binds the sockets and answers the
 * heartbeat and interrupts from then on), chooses the backend, runs the prelude, then serves requests until
 * a shutdown_request. Requests that arrive during start-up wait in the queue.
 */
export async function startKernel(connectionFile: string): Promise<void> {
  const info = readConnectionFile(connectionFile);
  const realStderr = process.stderr.write.bind(process.stderr);
  const log = (line: string) => void realStderr(line + "\n");
  // DEPTHLAB_TRACE_STARTUP=1 logs each start-up phase's time since the process started (ms).
  const phase = process.env.DEPTHLAB_TRACE_STARTUP
    ? (name: string) => log(`depthlab: ${performance.now().toFixed(0)} ms ${name}`)
    : () => undefined;
  phase("modules loaded");

  let banner = "backend not chosen yet";
  let handler: KernelHandler | null = null;
  const pending: [Channel, Message, number][] = [];
  let runner: CellRunner | null = null;
  const io = await IoBridge.start(info, {
    request: (channel, msg, seq) => (handler ? handler.receive(channel, msg, seq) : pending.push([channel, msg, seq])),
    interrupt: (seq) => runner?.interrupt(seq),
    log,
  });

  phase("io thread started");
  patchTypeResolution(process.cwd(), PACKAGE_ROOT);
  const cellRequire = withPackageFallback(createRequire(path.join(process.cwd(), "src.js")), PACKAGE_ROOT);
  const cells = new CellRunner(process.cwd(), {
    require: cellRequire,
    modules: { tslab: lib.tslabApi },
    interruptRequested: (seq) => io.interruptRequested(seq),
  });
  runner = cells;
  phase("converter created");
  const ready = new KernelHandler({
    runner: cells,
    outbox: io,
    kernelInfo: () => kernelInfo(banner),
    toBundle: lib.toMimeBundle,
    log,
    onShutdown: (restart) => {
      log(`depthlab: shutting down${restart ? " for restart" : ""}`);
      void io.close().finally(() => {
        cells.close();
        process.exit(0);
      });
    },
  });
  // A SIGINT (interrupt_mode "signal", or Ctrl-C in a terminal) reaches the main thread only when it is free,
  // or while a cell's synchronous start runs (vm's breakOnSigint); interrupt_request messages reach the I/O
  // thread at any time.
  process.on("SIGINT", () => {
    const seq = cells.runningSeq;
    io.requestInterrupt(seq);
    cells.interrupt(seq);
  });
  try {
    banner = lib.describeBackend(await lib.ready());
  } catch (error) {
    banner = `none: ${(error as Error).message}`;
    log(`depthlab: ${banner}`);
  }
  phase("backend ready");
  // The wasm backend's Emscripten glue installs handlers that rethrow, which would end the process
  // on a user's stray rejection. A user's mistake must not kill the kernel: report it instead.
  process.removeAllListeners("uncaughtException");
  process.removeAllListeners("unhandledRejection");
  process.on("uncaughtException", (error) => ready.stream("stderr", `Uncaught exception: ${error.stack ?? String(error)}\n`));
  process.on("unhandledRejection", (reason) =>
    ready.stream("stderr", `Unhandled promise rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`),
  );
  captureStdio((name, text) => ready.stream(name, text));
  lib.attachHost({ display: ready.output, checkInterrupt: () => cells.check(), requests: new Set() });
  const prelude = await cells.run(PRELUDE, null);
  phase("prelude run");
  if (!prelude.ok) log(`depthlab: the prelude failed: ${prelude.error.traceback.join("\n")}`);
  handler = ready;
  for (const [channel, msg, seq] of pending.splice(0)) ready.receive(channel, msg, seq);
}

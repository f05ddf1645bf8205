import * as lib from "../lib/index.js";
import { PACKAGE_ROOT } from "../lib/version.js";
import { CellRunner } from "./cell-runner.js";
import { readConnectionFile } from "./connection.js";
import { KernelHandler } from "./handler.js";
import { kernelInfo } from "./kernel-info.js";
import { patchTypeResolution, withPackageFallback } from "./module-resolution.js";
import { PRELUDE } from "./prelude.js";
import { captureStdio } from "./stdio-capture.js";
import { ZmqTransport } from "./transport.js";

/**
 * Starts the kernel for a connection file: binds the sockets, chooses the backend, runs the prelude,
 * then serves requests until a shutdown_request. Requests that arrive during start-up wait in the queue.
 */
export async function startKernel(connectionFile: string): Promise<void> {
  const info = readConnectionFile(connectionFile);
  const realStderr = process.stderr.write.bind(process.stderr);
  const log = (line: string) => void realStderr(line + "\n");
  const transport = new ZmqTransport(info, log);
  await transport.bind();

  let banner = "backend not chosen yet";
  let ready = false;
  const pending: [Parameters<KernelHandler["receive"]>[0], Parameters<KernelHandler["receive"]>[1]][] = [];

  patchTypeResolution(process.cwd(), PACKAGE_ROOT);
  const runner = new CellRunner(process.cwd());
  const tslabGlobals = globalThis as unknown as { __tslab__: { require: NodeJS.Require } };
  tslabGlobals.__tslab__.require = withPackageFallback(tslabGlobals.__tslab__.require, PACKAGE_ROOT);

  const handler = new KernelHandler({
    runner,
    outbox: transport,
    kernelInfo: () => kernelInfo(banner),
    toBundle: lib.toMimeBundle,
    log,
    onShutdown: (restart) => {
      log(`depthlab: shutting down${restart ? " for restart" : ""}`);
      void transport.close().finally(() => {
        runner.close();
        process.exit(0);
      });
    },
  });
  transport.listen((channel, msg) => (ready ? handler.receive(channel, msg) : pending.push([channel, msg])));

  process.on("SIGINT", () => runner.interrupt());
  try {
    banner = lib.describeBackend(await lib.ready());
  } catch (error) {
    banner = `none: ${(error as Error).message}`;
    log(`depthlab: ${banner}`);
  }
  // The wasm backend's Emscripten glue installs handlers that rethrow, which would end the process
  // on a user's stray rejection. A user's mistake must not kill the kernel: report it instead.
  process.removeAllListeners("uncaughtException");
  process.removeAllListeners("unhandledRejection");
  process.on("uncaughtException", (error) => handler.stream("stderr", `Uncaught exception: ${error.stack ?? String(error)}\n`));
  process.on("unhandledRejection", (reason) =>
    handler.stream(
      "stderr",
      `Unhandled promise rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`,
    ),
  );
  captureStdio((name, text) => handler.stream(name, text));
  lib.setDisplaySink(handler);
  const prelude = await runner.run(PRELUDE, null);
  if (!prelude.ok) log(`depthlab: the prelude failed: ${prelude.error.traceback.join("\n")}`);
  ready = true;
  for (const [channel, msg] of pending.splice(0)) handler.receive(channel, msg);
}

import { existsSync } from "node:fs";
import * as path from "node:path";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { SLOT, type WorkerData } from "./protocol.js";

/** How long to wait for the workers to start before giving up on them (ms). */
const START_MS = 10_000;

/** A started worker and the pool's end of its message port. */
export interface StartedWorker {
  worker: Worker;
  port: MessagePort;
}

/**
 * Starts workers 1 … threads − 1 of a pool on its control block (worker.ts), unref'd so that they never keep the
 * process alive, and waits until each is in its loop: the workers, or why they could not start (they are then
 * terminated).
 *
 * @example
 * const started = startWorkers(control, 2, 0.2); // [{ worker, port }] or "the worker threads did not start within 10 s"
 */
export function startWorkers(control: Int32Array, threads: number, spinMs: number): StartedWorker[] | string {
  const file = path.join(__dirname, "worker.js");
  if (!existsSync(file)) return `the worker script ${file} is missing`;
  const workers: StartedWorker[] = [];
  for (let index = 1; index < threads; index++) {
    const { port1, port2 } = new MessageChannel();
    const data: WorkerData = { control: control.buffer as SharedArrayBuffer, port: port2, index, spinMs };
    const worker = new Worker(file, { workerData: data, transferList: [port2] });
    worker.unref();
    port1.unref();
    workers.push({ worker, port: port1 });
  }
  const until = performance.now() + START_MS;
  for (
    let ready = Atomics.load(control, SLOT.ready);
    ready < workers.length && performance.now() < until;
    ready = Atomics.load(control, SLOT.ready)
  )
    Atomics.wait(control, SLOT.ready, ready, 50);
  if (Atomics.load(control, SLOT.ready) === workers.length) return workers;
  for (const { worker } of workers) void worker.terminate();
  return `the worker threads did not start within ${START_MS / 1000} s`;
}

import { AsyncLocalStorage } from "node:async_hooks";

/** The state of one running cell: set `cancelled` and its pending timers never fire. */
export interface CellScope {
  cancelled: boolean;
}

const scopes = new AsyncLocalStorage<CellScope>();

/** Runs `fn` as part of a cell: timers it (or its awaits) schedule belong to `scope`. */
export function runInCell<T>(scope: CellScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

/** Runs `fn` outside any cell, so an interrupt of the cell that called it cannot freeze the kernel's own timers. */
export function outsideCells<T>(fn: () => T): T {
  return scopes.exit(fn);
}

let installed = false;

/**
 * Makes interrupts stop asynchronous loops. A cell like `for (;;) { await tf.nextFrame(); step(); }`
 * returns to the event loop between steps through a timer; after an interrupt, the timers that the
 * cancelled cell scheduled are dropped, so the loop never resumes. The kernel's own timers run
 * outside any cell scope and are untouched. Idempotent.
 */
export function installTimerGuards(target: typeof globalThis = globalThis): void {
  if (installed) return;
  installed = true;
  const {
    setTimeout: st,
    setInterval: si,
    setImmediate: sim,
    clearInterval: ci,
  } = target as unknown as {
    setTimeout: (cb: unknown, ms?: number, ...args: unknown[]) => NodeJS.Timeout;
    setInterval: (cb: unknown, ms?: number, ...args: unknown[]) => NodeJS.Timeout;
    setImmediate: (cb: unknown, ...args: unknown[]) => NodeJS.Immediate;
    clearInterval: (handle: NodeJS.Timeout) => void;
  };
  const guard = <A extends unknown[]>(cb: (...a: A) => void, onCancelled?: () => void) => {
    const scope = scopes.getStore();
    if (!scope) return cb;
    return function (this: unknown, ...args: A) {
      if (scope.cancelled) {
        onCancelled?.();
        return;
      }
      cb.apply(this, args);
    };
  };
  const wrappedTimeout = (cb: unknown, ms?: number, ...args: unknown[]) =>
    typeof cb === "function" ? st(guard(cb as () => void), ms, ...args) : st(cb as never, ms);
  const wrappedImmediate = (cb: unknown, ...args: unknown[]) =>
    typeof cb === "function" ? sim(guard(cb as () => void), ...args) : sim(cb as never);
  const wrappedInterval = (cb: unknown, ms?: number, ...args: unknown[]) => {
    if (typeof cb !== "function") return si(cb as never, ms);
    const handle: ReturnType<typeof si> = si(
      guard(cb as () => void, () => ci(handle)),
      ms,
      ...args,
    );
    return handle;
  };
  // Keep util.promisify(setTimeout) and friends working.
  target.setTimeout = Object.assign(wrappedTimeout, target.setTimeout) as unknown as typeof globalThis.setTimeout;
  target.setImmediate = Object.assign(wrappedImmediate, target.setImmediate) as unknown as typeof globalThis.setImmediate;
  target.setInterval = Object.assign(wrappedInterval, target.setInterval) as unknown as typeof globalThis.setInterval;
}

/**
 * The object every compiled cell writes its declarations to (`exports.x = x`) and reads earlier cells'
 * from. It records which names a cell assigned, so that after a failure the kernel knows which of the
 * cell's declarations were reached. Named imports arrive as getters (`Object.defineProperty(exports, "join",
 * { get })`): they are read once and stored as values, as tslab does, so a later cell may rebind them.
 *
 * @example
 * const e = new CellExports();
 * const reached = e.record();
 * (e.proxy as Record<string, unknown>).d = 1;
 * e.stopRecording(); // reached: Set { "d" }
 */
export class CellExports {
  readonly values: Record<string, unknown> = {};
  readonly proxy: Record<string, unknown>;
  #reached: Set<string> | null = null;

  constructor() {
    const values = this.values;
    const note = (name: string | symbol) => {
      if (typeof name === "string") this.#reached?.add(name);
    };
    this.proxy = new Proxy(values, {
      defineProperty: (_target, name, attributes) => {
        if (name === "__esModule") return true;
        note(name);
        (values as Record<string | symbol, unknown>)[name] = attributes.get ? attributes.get() : attributes.value;
        return true;
      },
      set: (_target, name, value) => {
        note(name);
        (values as Record<string | symbol, unknown>)[name] = value;
        return true;
      },
    });
  }

  /** Starts recording assignments; returns the set they are added to. */
  record(): Set<string> {
    this.#reached = new Set();
    return this.#reached;
  }

  stopRecording(): void {
    this.#reached = null;
  }

  /** Removes and returns tslab's slot for a cell's last value. */
  take(name: string | undefined): { found: boolean; value: unknown } {
    if (name === undefined || !(name in this.values)) return { found: false, value: undefined };
    const value = this.values[name];
    delete this.values[name];
    return { found: true, value };
  }
}

/**
 * How `fit` runs its steps: the tfjs engine (any model, any backend: tf ops, tape and optimiser) or the fused engine
 * (plain MLPs on the CPU backends: one WebAssembly pass per step). `fit` owns the loop, the data order, the history
 * and the stopping; an engine only trains.
 */
export interface Engine {
  /** "tfjs" or "fused", as shown in the history. */
  readonly name: "tfjs" | "fused";
  /** Starts an epoch with this order of the samples (null: in order). */
  epoch(order: Int32Array | null): void;
  /**
   * One optimisation step on the samples start … start + size of the epoch's order. Returns the loss (and the
   * batch accuracy, for class labels) when `logged`; records per-layer statistics when `record` is given.
   */
  step(start: number, size: number, logged: boolean, record: number): Promise<{ loss?: number; accuracy?: number }>;
  /** Brings the tfjs model and optimiser up to date (a no-op where they are always current). */
  sync(): void;
  /** Frees what the engine holds (not the model). */
  dispose(): void;
}

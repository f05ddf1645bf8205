/** A growable Float64Array, for the counters' hot loops (avoids arrays of small objects). */
export class Float64Buffer {
  data: Float64Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Float64Array(Math.max(4, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.#grow(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Makes room for `extra` more values and returns the offset where they start. */
  reserve(extra: number): number {
    if (this.length + extra > this.data.length) this.#grow(this.length + extra);
    const at = this.length;
    this.length += extra;
    return at;
  }

  /** A copy trimmed to the used length. */
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }

  #grow(min: number): void {
    const next = new Float64Array(Math.max(min, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/**
 * Validation at the edge of the library. Every public function checks its arguments with these helpers,
 * so errors always read the same way: `<function>: <argument> must be <allowed>, got <value>`.
 *
 * @example
 * checkInteger("cantor", "depth", -1, 0, 30); // throws "cantor: depth must be an integer in [0, 30], got -1"
 */
export class ArgumentError extends RangeError {
  override name = "ArgumentError";
}

/** Throws an {@link ArgumentError} in the library's one format. */
export function fail(fn: string, name: string, allowed: string, value: unknown): never {
  throw new ArgumentError(`${fn}: ${name} must be ${allowed}, got ${show(value)}`);
}

/** An integer in [min, max] (either end may be infinite). */
export function checkInteger(fn: string, name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(fn, name, `an integer ${range(min, max)}`, value);
  }
  return value;
}

/** A finite number in [min, max], or (min, max] / [min, max) with `open`. */
export function checkNumber(
  fn: string,
  name: string,
  value: unknown,
  min = -Infinity,
  max = Infinity,
  open: { min?: boolean; max?: boolean } = {},
): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (open.min ? value > min : value >= min) &&
    (open.max ? value < max : value <= max);
  if (!ok) fail(fn, name, `a finite number ${range(min, max, open)}`, value);
  return value as number;
}

/** One of a fixed list of strings. */
export function checkOneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    fail(fn, name, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, value);
  }
  return value as T;
}

/** Every key of an options type, each once: `{ n: true, seed: true }` for `{ n?: number; seed?: number }`. The compiler
 * checks that the list is complete, so the known keys have one source of truth: the options interface. */
export type KnownKeys<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Rejects an options object that is not an object or has a key the function does not know (a misspelt key in an
 * object built in a variable would otherwise be ignored silently), naming the closest known key. Returns the
 * options unchanged.
 *
 * @example
 * checkKeys("fit", { epoch: 20 }, { epochs: true, steps: true });
 * // throws 'fit: unknown option "epoch": did you mean "epochs"? (options: epochs, steps)'
 */
export function checkKeys<T extends object>(fn: string, options: T, known: KnownKeys<T>): T {
  if (typeof options !== "object" || options === null || Array.isArray(options)) fail(fn, "options", "an object", options);
  const names = Object.keys(known);
  for (const key of Object.keys(options)) {
    if (names.includes(key)) continue;
    const near = closest(key, names);
    const hint = near ? `: did you mean "${near}"?` : "";
    throw new ArgumentError(`${fn}: unknown option "${key}"${hint} (options: ${names.join(", ")})`);
  }
  return options;
}

/** The known name nearest to `key` (edit distance at most 2, or a different case), if any. */
function closest(key: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Levenshtein distance, by the two-row dynamic programme. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** A boolean option. */
export function checkBoolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") fail(fn, name, "true or false", value);
  return value;
}

/** A seed: any integer in [0, 2^32). */
export function checkSeed(fn: string, value: unknown): number {
  return checkInteger(fn, "seed", value, 0, 2 ** 32 - 1);
}

function range(min: number, max: number, open: { min?: boolean; max?: boolean } = {}): string {
  if (min === -Infinity && max === Infinity) return "";
  if (max === Infinity) return open.min ? `> ${min}` : `>= ${min}`;
  if (min === -Infinity) return open.max ? `< ${max}` : `<= ${max}`;
  return `in ${open.min ? "(" : "["}${min}, ${max}${open.max ? ")" : "]"}`;
}

/** A short, readable rendering of a bad value for error messages. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return value.length > 6 ? `an array of length ${value.length}` : JSON.stringify(value);
  if (typeof value === "function") return "a function";
  const ctor = (value as object).constructor?.name;
  return ctor && ctor !== "Object" ? `a ${ctor}` : "an object";
}

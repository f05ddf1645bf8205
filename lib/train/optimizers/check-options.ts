import { ArgumentError, fail } from "../../options/check.js";

/**
 * Rejects options an optimiser does not know (a tfjs habit such as `learningRate` instead of `lr` would otherwise be
 * ignored silently) and returns the options unchanged.
 *
 * @example
 * checkOptions("adam", { learningRate: 0.1 }, ["lr", "betas"]); // throws 'adam: unknown option "learningRate" (options: lr, betas)'
 */
export function checkOptions<T extends object>(fn: string, options: T, allowed: readonly string[]): T {
  if (typeof options !== "object" || options === null) fail(fn, "options", "an object", options);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new ArgumentError(`${fn}: unknown option "${key}" (options: ${allowed.join(", ")})`);
  }
  return options;
}

/** A boolean option. */
export function checkBoolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") fail(fn, name, "true or false", value);
  return value;
}

/** The error a failed {@link check} throws; a notebook's check cells fail with it, and so does the book build. */
export class CheckError extends Error {
  override name = "CheckError";
}

/**
 * Asserts a claim of the lecture on this run's own results: does nothing when `condition` holds, and otherwise
 * throws a {@link CheckError} with `message` (and the observed value, when given), so the cell, the notebook run
 * and the textbook build fail visibly.
 *
 * @example
 * const { pieces } = await dl.regions.countPieces(dl.constructions.sawtooth(5));
 * dl.check(pieces === 2 ** 5, "the depth-5 sawtooth has 2^5 pieces", pieces);
 */
export function check(condition: boolean, message: string, observed?: unknown): void {
  if (typeof message !== "string" || message === "")
    throw new TypeError("check: message must be a non-empty string saying what is claimed");
  if (condition === true) return;
  const seen = observed === undefined ? "" : ` (observed: ${typeof observed === "number" ? observed : JSON.stringify(observed)})`;
  throw new CheckError(`check failed: ${message}${seen}`);
}

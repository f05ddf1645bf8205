/**
 * A source notebook that cannot be turned into a student version: where (1-based cell, and line where one applies)
 * and why.
 *
 * @example
 * new SourceError(3, 2, "// BEGIN SOLUTION is never closed").message // "cell 3, line 2: // BEGIN SOLUTION is never closed"
 */
export class SourceError extends Error {
  constructor(
    readonly cell: number,
    readonly line: number | null,
    reason: string,
  ) {
    super(`cell ${cell}${line === null ? "" : `, line ${line}`}: ${reason}`);
    this.name = "SourceError";
  }
}

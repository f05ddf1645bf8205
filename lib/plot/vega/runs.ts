import { fail } from "../../options/check.js";
import type { History } from "../../train/history.js";

/** One history, several (named "run 1", "run 2", …), or several by name (`{ "no batch norm": h1, "batch norm": h2 }`). */
export type Histories = History | readonly History[] | Record<string, History>;

/**
 * The named runs of a `curves` or `layerStats` input, in the order given; a single history is named "run".
 *
 * @example
 * runsOf("curves", { sgd: h1, adam: h2 }).map((r) => r.name) // ["sgd", "adam"]
 */
export function runsOf(fn: string, input: unknown): { name: string; history: History }[] {
  const allowed = "a History, an array of histories or an object of named histories";
  if (isHistory(input)) return [{ name: "run", history: input }];
  const entries = Array.isArray(input)
    ? input.map((h, i) => [`run ${i + 1}`, h] as const)
    : typeof input === "object" && input !== null
      ? Object.entries(input)
      : fail(fn, "history", allowed, input);
  if (entries.length === 0) fail(fn, "history", allowed, input);
  for (const [name, h] of entries) if (!isHistory(h)) fail(fn, `history ${JSON.stringify(name)}`, "a History (from dl.train.fit)", h);
  return entries.map(([name, history]) => ({ name, history: history as History }));
}

/** Duck-typed, so a history from a second copy of the library is recognised too. */
function isHistory(value: unknown): value is History {
  const h = value as Partial<History> | null;
  return typeof h === "object" && h !== null && Array.isArray(h.rows) && Array.isArray(h.records);
}

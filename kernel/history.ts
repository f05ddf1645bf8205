/** One history entry: session number, execution count, input, and the result's text (or null). */
export type HistoryEntry = [number, number, string | [string, string | null]];

/** The content of a history_request (the fields depthlab honours). */
export interface HistoryQuery {
  hist_access_type?: string;
  output?: boolean;
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** The inputs (and result texts) of this kernel's executed cells, answering tail, range and search. */
export class History {
  readonly #items: { count: number; input: string; output: string | null }[] = [];
  /** One kernel process is one history session. */
  readonly session = 1;

  add(count: number, input: string): void {
    this.#items.push({ count, input, output: null });
  }

  setOutput(count: number, output: string): void {
    const item = this.#items.find((i) => i.count === count);
    if (item) item.output = output;
  }

  query({
    hist_access_type = "tail",
    output = false,
    session,
    start = 0,
    stop,
    n,
    pattern = "*",
    unique = false,
  }: HistoryQuery): HistoryEntry[] {
    let items = this.#items;
    if (hist_access_type === "range") {
      if (session !== undefined && session !== this.session && session !== 0) return [];
      items = items.filter((i) => i.count >= start && (stop === undefined || stop === null || i.count < stop));
    } else if (hist_access_type === "search") {
      const re = globToRegExp(pattern);
      items = items.filter((i) => re.test(i.input));
      if (unique) {
        const seen = new Set<string>();
        items = items.filter((i) => !seen.has(i.input) && seen.add(i.input) !== undefined);
      }
      if (n !== undefined && n !== null) items = items.slice(-n);
    } else if (hist_access_type === "tail") {
      items = items.slice(-(n ?? 10));
    } else {
      return [];
    }
    return items.map((i) => [this.session, i.count, output ? [i.input, i.output] : i.input]);
  }
}

/** `fnmatch`-style pattern (`*`, `?`) as a regular expression over the whole input. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

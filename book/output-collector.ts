import type { Message } from "../kernel/wire.js";
import type { Output } from "./notebook.js";

type Rich = Extract<Output, { data: unknown }>;

/**
 * Turns IOPub messages into nbformat outputs the way a notebook front end does: consecutive stream chunks merge,
 * `clear_output` empties the cell (at once, or before the next output with `wait`), and `update_display_data`
 * rewrites every earlier output with the same display id, in any cell of the notebook.
 *
 * @example
 * const collector = new OutputCollector();
 * const outputs = collector.cell();
 * await kernel.execute(code, (msg) => collector.receive(msg, outputs));
 */
export class OutputCollector {
  readonly #displays = new Map<string, Rich[]>();
  #clearPending = false;

  /** A fresh output list for the next cell. */
  cell(): Output[] {
    this.#clearPending = false;
    return [];
  }

  /** Applies one IOPub message to `outputs` (the running cell's list). */
  receive(msg: Message, outputs: Output[]): void {
    const c = msg.content as Record<string, unknown>;
    switch (msg.header.msg_type) {
      case "stream": {
        this.#flushClear(outputs);
        const name = c["name"] === "stderr" ? "stderr" : "stdout";
        const last = outputs[outputs.length - 1];
        if (last?.output_type === "stream" && last.name === name) last.text += String(c["text"] ?? "");
        else outputs.push({ output_type: "stream", name, text: String(c["text"] ?? "") });
        break;
      }
      case "display_data":
      case "execute_result": {
        this.#flushClear(outputs);
        const data = (c["data"] ?? {}) as Record<string, unknown>;
        const metadata = (c["metadata"] ?? {}) as Record<string, unknown>;
        const out: Rich =
          msg.header.msg_type === "execute_result"
            ? { output_type: "execute_result", execution_count: (c["execution_count"] as number) ?? null, data, metadata }
            : { output_type: "display_data", data, metadata };
        outputs.push(out);
        const id = (c["transient"] as { display_id?: string } | undefined)?.display_id;
        if (id !== undefined) this.#displays.set(id, [...(this.#displays.get(id) ?? []), out]);
        break;
      }
      case "update_display_data": {
        const id = (c["transient"] as { display_id?: string } | undefined)?.display_id;
        for (const out of (id !== undefined && this.#displays.get(id)) || []) {
          out.data = (c["data"] ?? {}) as Record<string, unknown>;
          out.metadata = (c["metadata"] ?? {}) as Record<string, unknown>;
        }
        break;
      }
      case "clear_output":
        if (c["wait"]) this.#clearPending = true;
        else outputs.splice(0);
        break;
      case "error":
        this.#flushClear(outputs);
        outputs.push({
          output_type: "error",
          ename: String(c["ename"] ?? "Error"),
          evalue: String(c["evalue"] ?? ""),
          traceback: Array.isArray(c["traceback"]) ? c["traceback"].map(String) : [],
        });
        break;
      default: // status, execute_input and anything else carry no output
    }
  }

  #flushClear(outputs: Output[]): void {
    if (this.#clearPending) outputs.splice(0);
    this.#clearPending = false;
  }
}

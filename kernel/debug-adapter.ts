import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MimeBundle } from "../lib/display/protocol.js";
import { murmur2 } from "./murmur2.js";

// JupyterLab 4's debugger extension asks every kernel `modules` after each execute_reply, and when the kernel
// says `debugger: false` it has no session to ask through and throws "No active debugger session" into the page,
// once per cell (measured: 16 page errors for a run of notebook 02 in JupyterLab 4.6.4). No answer from a kernel
// without a debugger can prevent that, because JupyterLab then sends it nothing. So depthlab implements the part
// of the Debug Adapter Protocol (over debug_request/debug_reply, Jupyter protocol 5.5) that an inspector needs:
// the debugger panel lists the kernel's variables, with their rich displays, after every cell. It cannot stop
// at breakpoints (cells run as compiled JavaScript in the kernel's own thread): breakpoints are answered
// unverified, with that reason, and stepping requests are refused with it.

/** A Debug Adapter Protocol request, as JupyterLab sends it in a debug_request's content. */
export interface DapRequest {
  seq?: number;
  type?: string;
  command?: string;
  arguments?: Record<string, unknown>;
}

/** What the adapter reads from the kernel. */
export interface DebugContext {
  /** The values of every cell's declarations, by name. */
  variables(): Readonly<Record<string, unknown>>;
  /** A value's MIME bundle, as the kernel displays it. */
  toBundle(value: unknown): MimeBundle | Promise<MimeBundle>;
}

/** Why breakpoints and stepping are refused; shown by the front-end next to the breakpoint. */
export const NO_BREAKPOINTS = "depthlab's debugger inspects variables; it cannot stop at breakpoints (cells run as compiled JavaScript)";

const TMP_PREFIX = join(tmpdir(), "depthlab-cells") + "/";
const TMP_SUFFIX = ".ts";
/** The seed of the cells' file names (ipykernel's); the front-end hashes a cell's code with it to find its file. */
const HASH_SEED = 0xbadc0ffe;

/**
 * A short description of a value for the variables list: a tensor's dtype and shape, an array's length, a
 * function's name, a number or a string (cut at 120 characters), else its class.
 *
 * @example
 * previewValue([1, 2, 3]) // { type: "Array", value: "Array(3)" }
 */
export function previewValue(value: unknown): { type: string; value: string } {
  const cut = (s: string) => (s.length > 120 ? s.slice(0, 117) + "…" : s);
  if (value === null) return { type: "null", value: "null" };
  switch (typeof value) {
    case "number":
    case "bigint":
    case "boolean":
    case "undefined":
    case "symbol":
      return { type: typeof value, value: String(value) };
    case "string":
      return { type: "string", value: cut(JSON.stringify(value)) };
    case "function":
      return { type: "function", value: `function ${(value as { name?: string }).name || "(anonymous)"}` };
  }
  const o = value as { shape?: unknown; dtype?: unknown; dataSync?: unknown; constructor?: { name?: string } };
  if (Array.isArray(o.shape) && typeof o.dtype === "string" && typeof o.dataSync === "function")
    return { type: "Tensor", value: `Tensor ${o.dtype} [${o.shape.join(", ")}]` };
  if (Array.isArray(value)) return { type: "Array", value: `Array(${value.length})` };
  const name = o.constructor?.name || "Object";
  if (value instanceof Map || value instanceof Set) return { type: name, value: `${name}(${value.size})` };
  return { type: name, value: name === "Object" ? cut(`{ ${Object.keys(value as object).join(", ")} }`) : name };
}

/**
 * Answers the Debug Adapter Protocol requests a Jupyter front-end sends (see the note at the top): the
 * replies are DAP responses, the content of a debug_reply.
 *
 * @example
 * const adapter = new DebugAdapter({ variables: () => ({ x: 1 }), toBundle: (v) => ({ "text/plain": String(v) }) });
 * await adapter.answer({ seq: 1, type: "request", command: "inspectVariables" })
 * // { type: "response", request_seq: 1, success: true, command: "inspectVariables", body: { variables: [{ name: "x", value: "1", type: "number", … }] } }
 */
export class DebugAdapter {
  readonly #context: DebugContext;
  #started = false;
  #seq = 0;

  constructor(context: DebugContext) {
    this.#context = context;
  }

  async answer(request: DapRequest): Promise<Record<string, unknown>> {
    const command = String(request.command ?? "");
    const args = request.arguments ?? {};
    const respond = (body: Record<string, unknown>) => ({ ...this.#head(request, command), success: true, body });
    const refuse = (message: string) => ({ ...this.#head(request, command), success: false, message, body: {} });
    switch (command) {
      case "debugInfo":
        return respond({
          isStarted: this.#started,
          hashMethod: "Murmur2",
          hashSeed: HASH_SEED,
          tmpFilePrefix: TMP_PREFIX,
          tmpFileSuffix: TMP_SUFFIX,
          breakpoints: [],
          stoppedThreads: [],
          richRendering: true,
          exceptionPaths: [],
          copyToGlobals: false,
        });
      case "initialize":
        this.#started = true;
        return respond({ supportsConfigurationDoneRequest: true, supportsModulesRequest: false, exceptionBreakpointFilters: [] });
      case "attach":
      case "configurationDone":
        return respond({});
      case "disconnect":
        this.#started = false;
        return respond({});
      case "modules":
        return respond({ modules: [], totalModules: 0 });
      case "threads":
        return respond({ threads: [] });
      case "stackTrace":
        return respond({ stackFrames: [], totalFrames: 0 });
      case "scopes":
        return respond({ scopes: [] });
      case "variables":
        return respond({ variables: [] });
      case "inspectVariables":
        return respond({ variables: this.#variables() });
      case "richInspectVariables":
        return this.#rich(String(args["variableName"] ?? ""), respond, refuse);
      case "dumpCell":
        return respond({ sourcePath: `${TMP_PREFIX}${murmur2(String(args["code"] ?? ""), HASH_SEED)}${TMP_SUFFIX}` });
      case "setBreakpoints": {
        const asked = Array.isArray(args["breakpoints"]) ? (args["breakpoints"] as { line?: number }[]) : [];
        return respond({ breakpoints: asked.map((b) => ({ verified: false, line: b.line, message: NO_BREAKPOINTS })) });
      }
      case "setExceptionBreakpoints":
        return respond({ breakpoints: [] });
      default:
        return refuse(`${NO_BREAKPOINTS}; "${command}" is not supported`);
    }
  }

  #head(request: DapRequest, command: string) {
    return { seq: ++this.#seq, type: "response", request_seq: request.seq ?? 0, command };
  }

  #variables() {
    return Object.entries(this.#context.variables()).map(([name, value]) => ({
      name,
      ...previewValue(value),
      evaluateName: name,
      variablesReference: 0,
    }));
  }

  async #rich(
    name: string,
    respond: (body: Record<string, unknown>) => Record<string, unknown>,
    refuse: (m: string) => Record<string, unknown>,
  ) {
    const variables = this.#context.variables();
    if (!Object.prototype.hasOwnProperty.call(variables, name)) return refuse(`no variable named "${name}"`);
    return respond({ data: await this.#context.toBundle(variables[name]), metadata: {} });
  }
}

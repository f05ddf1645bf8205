import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toMimeBundle } from "../../lib/display/index.js";
import type { CellOutcome } from "../../kernel/cell-runner.js";
import { KernelHandler, type Channel, type Outbox, type Runner } from "../../kernel/handler.js";
import { makeMessage, type Message } from "../../kernel/wire.js";

type Sent = { kind: "iopub" | Channel; type: string; content: Record<string, unknown>; parent: string | undefined };

/** A runner that evaluates nothing: "fail" fails, "sleep" waits, anything else returns its text. */
class FakeRunner implements Runner {
  interrupted = 0;
  async run(code: string): Promise<CellOutcome> {
    if (code === "fail") return { ok: false, error: { ename: "Error", evalue: "boom", traceback: ["Error: boom"] } };
    if (code === "sleep") await new Promise((r) => setTimeout(r, 20));
    return { ok: true, value: code === "nothing" ? undefined : code };
  }
  interrupt() {
    this.interrupted++;
  }
  complete(code: string, cursor: number) {
    if (code === "crash") throw new TypeError("Cannot read properties of undefined (reading 'kind')");
    return { start: cursor - 2, end: cursor, matches: [`[${code.slice(cursor - 2, cursor)}]`] };
  }
  inspect() {
    return { signature: "const x: number", documentation: "" };
  }
  variables() {
    return { x: 42 };
  }
  isComplete(code: string) {
    return code.endsWith("{") ? { status: "incomplete" as const, indent: "  " } : { status: "complete" as const, indent: "" };
  }
}

function setup() {
  const sent: Sent[] = [];
  const outbox: Outbox = {
    iopub: (type, content, parent) => sent.push({ kind: "iopub", type, content, parent: parent?.header.msg_id }),
    reply: (req, channel, type, content) => sent.push({ kind: channel, type, content, parent: req.header.msg_id }),
  };
  const runner = new FakeRunner();
  let shutdown: boolean | null = null;
  const handler = new KernelHandler({
    runner,
    outbox,
    kernelInfo: () => ({ status: "ok" }),
    toBundle: toMimeBundle,
    onShutdown: (restart) => (shutdown = restart),
    abortWindowMs: 1,
    log: () => undefined,
  });
  const request = (type: string, content: Record<string, unknown>): Message => makeMessage(type, content, null, "test") as Message;
  return { sent, handler, runner, request, shutdown: () => shutdown };
}

describe("kernel request handler", () => {
  it("wraps an execute in busy/idle and sends input, result and reply in protocol order", async () => {
    const { sent, handler, request } = setup();
    const msg = request("execute_request", { code: "42" });
    handler.receive("shell", msg);
    await handler.settled();
    assert.deepEqual(
      sent.map((s) => `${s.kind}:${s.type}`),
      ["iopub:status", "iopub:execute_input", "iopub:execute_result", "shell:execute_reply", "iopub:status"],
    );
    assert.ok(sent.every((s) => s.parent === msg.header.msg_id));
    assert.deepEqual(sent[2]!.content, { execution_count: 1, data: { "text/plain": "'42'" }, metadata: {} });
    assert.deepEqual(sent[3]!.content, { status: "ok", execution_count: 1, user_expressions: {}, payload: [] });
    assert.deepEqual([sent[0]!.content, sent[4]!.content], [{ execution_state: "busy" }, { execution_state: "idle" }]);
  });

  it("counts only stored executions and sends nothing visible for a silent one", async () => {
    const { sent, handler, request } = setup();
    handler.receive("shell", request("execute_request", { code: "a" }));
    handler.receive("shell", request("execute_request", { code: "b", silent: true }));
    handler.receive("shell", request("execute_request", { code: "c", store_history: false }));
    handler.receive("shell", request("execute_request", { code: "d" }));
    await handler.settled();
    const counts = sent.filter((s) => s.type === "execute_reply").map((s) => s.content.execution_count);
    assert.deepEqual(counts, [1, 1, 1, 2]);
    assert.equal(sent.filter((s) => s.type === "execute_input").length, 3);
    assert.equal(sent.filter((s) => s.type === "execute_result").length, 3);
  });

  it("reports a failure as an error message and aborts the cells queued behind it", async () => {
    const { sent, handler, request } = setup();
    handler.receive("shell", request("execute_request", { code: "fail" }));
    handler.receive("shell", request("execute_request", { code: "x" }));
    handler.receive("shell", request("kernel_info_request", {}));
    handler.receive("shell", request("execute_request", { code: "y" }));
    await handler.settled();
    const replies = sent.filter((s) => s.kind === "shell").map((s) => `${s.type}:${String(s.content.status)}`);
    assert.deepEqual(replies, ["execute_reply:error", "execute_reply:aborted", "execute_reply:aborted", "kernel_info_reply:ok"]);
    const error = sent.find((s) => s.type === "error")!;
    assert.deepEqual(error.content, { ename: "Error", evalue: "boom", traceback: ["Error: boom"] });
  });

  it("answers a request that fails inside the kernel with an error reply instead of leaving the client waiting", async () => {
    const { sent, handler, request } = setup();
    const msg = request("complete_request", { code: "crash", cursor_pos: 5 });
    handler.receive("shell", msg);
    handler.receive("shell", request("complete_request", { code: "ab", cursor_pos: 2 }));
    await handler.settled();
    const replies = sent.filter((s) => s.kind === "shell");
    assert.deepEqual(
      replies.map((s) => [s.type, s.content.status, s.parent === msg.header.msg_id]),
      [
        ["complete_reply", "error", true],
        ["complete_reply", "ok", false],
      ],
    );
    assert.equal(replies[0]!.content.ename, "KernelError");
    assert.match(String(replies[0]!.content.evalue), /complete_request: Cannot read properties of undefined/);
  });

  it("does not abort later cells when stop_on_error is false", async () => {
    const { sent, handler, request } = setup();
    handler.receive("shell", request("execute_request", { code: "fail", stop_on_error: false }));
    handler.receive("shell", request("execute_request", { code: "x" }));
    await handler.settled();
    assert.deepEqual(
      sent.filter((s) => s.type === "execute_reply").map((s) => s.content.status),
      ["error", "ok"],
    );
  });

  it("sends display_data and update_display_data with the display id as transient", async () => {
    const { sent, handler, request } = setup();
    handler.receive("shell", request("execute_request", { code: "sleep" }));
    handler.output.display({ "text/plain": "a" }, {}, "bar", false);
    handler.output.display({ "text/plain": "b" }, {}, "bar", true);
    handler.output.clearOutput(true);
    await handler.settled();
    const shown = sent.filter((s) => /display|clear/.test(s.type));
    assert.deepEqual(
      shown.map((s) => [s.type, s.content]),
      [
        ["display_data", { data: { "text/plain": "a" }, metadata: {}, transient: { display_id: "bar" } }],
        ["update_display_data", { data: { "text/plain": "b" }, metadata: {}, transient: { display_id: "bar" } }],
        ["clear_output", { wait: true }],
      ],
    );
  });

  it("returns pager output as a page payload of the execute_reply", async () => {
    const { sent, handler, request } = setup();
    handler.receive("shell", request("execute_request", { code: "sleep" }));
    handler.output.page({ "text/plain": "help text" });
    await handler.settled();
    const reply = sent.find((s) => s.type === "execute_reply")!;
    assert.deepEqual(reply.content.payload, [{ source: "page", data: { "text/plain": "help text" }, start: 0 }]);
  });

  it("sends captured output as streams of the running request, before its reply", async () => {
    const { sent, handler, request } = setup();
    const req = request("execute_request", { code: "sleep" });
    handler.receive("shell", req);
    handler.stream("stdout", "a");
    handler.stream("stderr", "c");
    await handler.settled();
    const streams = sent.filter((s) => s.type === "stream");
    assert.deepEqual(
      streams.map((s) => [s.content, s.parent]),
      [
        [{ name: "stdout", text: "a" }, req.header.msg_id],
        [{ name: "stderr", text: "c" }, req.header.msg_id],
      ],
    );
    const order = sent.map((s) => s.type);
    assert.ok(order.indexOf("stream") < order.indexOf("execute_reply"));
  });

  it("converts completion offsets between code points and UTF-16", async () => {
    const { sent, handler, request } = setup();
    // "😀" is one code point but two UTF-16 units; Jupyter's cursor_pos 4 is JS offset 5.
    handler.receive("shell", request("complete_request", { code: "😀 abc", cursor_pos: 4 }));
    await handler.settled();
    const reply = sent.find((s) => s.type === "complete_reply")!;
    assert.deepEqual(reply.content, { status: "ok", matches: ["[ab]"], cursor_start: 2, cursor_end: 4, metadata: {} });
  });

  it("answers history tail, range and search from the executed inputs", async () => {
    const { sent, handler, request } = setup();
    for (const code of ["6 * 7", "1 + 1", "6 * 8"]) handler.receive("shell", request("execute_request", { code }));
    handler.receive("shell", request("history_request", { hist_access_type: "tail", n: 2, output: false, raw: true }));
    handler.receive(
      "shell",
      request("history_request", { hist_access_type: "range", session: 1, start: 2, stop: 3, output: true, raw: true }),
    );
    handler.receive("shell", request("history_request", { hist_access_type: "search", pattern: "6 *", output: false, raw: true }));
    await handler.settled();
    const hist = sent.filter((s) => s.type === "history_reply").map((s) => s.content.history);
    assert.deepEqual(hist, [
      [
        [1, 2, "1 + 1"],
        [1, 3, "6 * 8"],
      ],
      [[1, 2, ["1 + 1", "'1 + 1'"]]],
      [
        [1, 1, "6 * 7"],
        [1, 3, "6 * 8"],
      ],
    ]);
  });

  it("handles interrupt and shutdown on the control channel while a cell runs", async () => {
    const t = setup();
    t.handler.receive("shell", t.request("execute_request", { code: "sleep" }));
    t.handler.receive("control", t.request("interrupt_request", {}));
    t.handler.receive("control", t.request("shutdown_request", { restart: true }));
    await t.handler.settled();
    assert.equal(t.runner.interrupted, 1);
    assert.equal(t.shutdown(), true);
    const control = t.sent.filter((s) => s.kind === "control").map((s) => [s.type, s.content]);
    assert.deepEqual(control, [
      ["interrupt_reply", { status: "ok" }],
      ["shutdown_reply", { status: "ok", restart: true }],
    ]);
  });

  it("rejects an execute_request without code instead of crashing", async () => {
    const { sent, handler, request } = setup();
    handler.receive("shell", request("execute_request", { code: 3 }));
    await handler.settled();
    const reply = sent.find((s) => s.type === "execute_reply")!;
    assert.equal(reply.content.status, "error");
    assert.equal(reply.content.evalue, "execute_request: code must be a string");
  });

  it("answers a debug_request on the control channel with a debug_reply listing the runner's variables", async () => {
    const { sent, handler, request } = setup();
    const msg = request("debug_request", { seq: 3, type: "request", command: "inspectVariables", arguments: {} });
    handler.receive("control", msg);
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      sent.map((s) => `${s.kind}:${s.type}`),
      ["iopub:status", "control:debug_reply", "iopub:status"],
    );
    const content = sent[1]!.content as { success: boolean; request_seq: number; body: { variables: { name: string; value: string }[] } };
    assert.equal(content.success, true);
    assert.equal(content.request_seq, 3);
    assert.deepEqual(
      content.body.variables.map((v) => [v.name, v.value]),
      [["x", "42"]],
    );
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DebugAdapter, NO_BREAKPOINTS, previewValue } from "../../kernel/debug-adapter.js";
import { murmur2 } from "../../kernel/murmur2.js";

describe("murmur2, the hash Jupyter front-ends name cell files by", () => {
  it("matches ipykernel's murmur2_x86 (seed 0xBADC0FFE) on ASCII, multi-byte UTF-8 and every tail length", () => {
    // reference values printed by ipykernel 7.4 (ipykernel.compiler.murmur2_x86) for the same strings and seed
    const reference: [string, number][] = [
      ["", 4075047357],
      ["a", 948939698],
      ["abcd", 4257619393],
      ["const x = 1;\nx", 379429999],
      ["é∑ tensor", 3460746707],
    ];
    for (const [text, hash] of reference) assert.equal(murmur2(text, 0xbadc0ffe), hash, JSON.stringify(text));
  });
});

describe("the debug adapter (Debug Adapter Protocol over debug_request)", () => {
  const variables = { n: 3, label: "relu", w: tf.zeros([2, 3]), f: function square() {} };
  const adapter = () =>
    new DebugAdapter({ variables: () => variables, toBundle: (v) => ({ "text/plain": `bundle of ${previewValue(v).value}` }) });

  it("answers debugInfo with every field JupyterLab's restoreState reads, the hash method it supports, and not started", async () => {
    const reply = await adapter().answer({ seq: 7, type: "request", command: "debugInfo" });
    assert.equal(reply["success"], true);
    assert.equal(reply["request_seq"], 7);
    assert.equal(reply["type"], "response");
    const body = reply["body"] as Record<string, unknown>;
    // JupyterLab 4.6's config accepts only "Murmur2"; restoreState maps breakpoints and stoppedThreads
    assert.equal(body["hashMethod"], "Murmur2");
    assert.equal(body["isStarted"], false);
    assert.deepEqual([body["breakpoints"], body["stoppedThreads"]], [[], []]);
    assert.equal(typeof body["tmpFilePrefix"], "string");
  });

  it("starts on initialize, stops on disconnect, and lists no modules (the request sent after every cell)", async () => {
    const a = adapter();
    assert.equal((await a.answer({ seq: 1, command: "initialize" }))["success"], true);
    assert.equal(((await a.answer({ seq: 2, command: "debugInfo" }))["body"] as { isStarted: boolean }).isStarted, true);
    assert.deepEqual((await a.answer({ seq: 3, command: "modules" }))["body"], { modules: [], totalModules: 0 });
    await a.answer({ seq: 4, command: "disconnect" });
    assert.equal(((await a.answer({ seq: 5, command: "debugInfo" }))["body"] as { isStarted: boolean }).isStarted, false);
  });

  it("lists the kernel's variables with a tensor's dtype and shape, and gives a variable's display bundle", async () => {
    const a = adapter();
    const listed = (
      (await a.answer({ seq: 1, command: "inspectVariables" }))["body"] as { variables: { name: string; value: string; type: string }[] }
    ).variables;
    assert.deepEqual(
      listed.map((v) => [v.name, v.type, v.value]),
      [
        ["n", "number", "3"],
        ["label", "string", '"relu"'],
        ["w", "Tensor", "Tensor float32 [2, 3]"],
        ["f", "function", "function square"],
      ],
    );
    const rich = await a.answer({ seq: 2, command: "richInspectVariables", arguments: { variableName: "w" } });
    assert.deepEqual(rich["body"], { data: { "text/plain": "bundle of Tensor float32 [2, 3]" }, metadata: {} });
    const missing = await a.answer({ seq: 3, command: "richInspectVariables", arguments: { variableName: "nope" } });
    assert.equal(missing["success"], false);
    assert.match(String(missing["message"]), /no variable named "nope"/);
  });

  it("answers breakpoints unverified with the reason, names cells' files as the front-end does, and refuses stepping", async () => {
    const a = adapter();
    const set = await a.answer({ seq: 1, command: "setBreakpoints", arguments: { breakpoints: [{ line: 2 }, { line: 5 }] } });
    assert.deepEqual((set["body"] as { breakpoints: unknown[] }).breakpoints, [
      { verified: false, line: 2, message: NO_BREAKPOINTS },
      { verified: false, line: 5, message: NO_BREAKPOINTS },
    ]);
    const info = (await a.answer({ command: "debugInfo" }))["body"] as { tmpFilePrefix: string; tmpFileSuffix: string; hashSeed: number };
    const dumped = await a.answer({ command: "dumpCell", arguments: { code: "a" } });
    // JupyterLab's getCodeId: prefix + murmur2(code, seed) + suffix, with ipykernel's reference hash of "a"
    assert.deepEqual(dumped["body"], { sourcePath: `${info.tmpFilePrefix}948939698${info.tmpFileSuffix}` });
    const step = await a.answer({ seq: 2, command: "next", arguments: { threadId: 1 } });
    assert.equal(step["success"], false);
    assert.match(String(step["message"]), /cannot stop at breakpoints.*"next" is not supported/);
  });

  it("previews values briefly: long strings are cut, objects list their keys, classes give their name", () => {
    assert.equal(previewValue("x".repeat(500)).value.length, 118);
    assert.deepEqual(previewValue({ a: 1, b: 2 }), { type: "Object", value: "{ a, b }" });
    assert.deepEqual(previewValue(new Map([[1, 2]])), { type: "Map", value: "Map(1)" });
    assert.deepEqual(previewValue(null), { type: "null", value: "null" });
  });
});

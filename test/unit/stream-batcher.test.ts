import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StreamBatcher } from "../../kernel/stream-batcher.js";
import { makeMessage } from "../../kernel/wire.js";

describe("StreamBatcher (on the I/O thread)", () => {
  const a = makeMessage("execute_request", {}, null, "s");
  const b = makeMessage("execute_request", {}, null, "s");

  it("coalesces consecutive writes to one stream of one request, and keeps their order", () => {
    const sent: [string, string, string | undefined][] = [];
    const batcher = new StreamBatcher((name, text, parent) => sent.push([name, text, parent?.header.msg_id]), 1000);
    batcher.add("stdout", "a", a);
    batcher.add("stdout", "b\n", a);
    batcher.add("stderr", "c", a);
    batcher.add("stderr", "d", b);
    assert.deepEqual(sent, [], "nothing goes out before the delay or a flush");
    batcher.flush();
    assert.deepEqual(sent, [
      ["stdout", "ab\n", a.header.msg_id],
      ["stderr", "c", a.header.msg_id],
      ["stderr", "d", b.header.msg_id],
    ]);
    batcher.flush();
    assert.equal(sent.length, 3, "a second flush sends nothing again");
  });

  it("sends by itself after the delay", async () => {
    const sent: string[] = [];
    const batcher = new StreamBatcher((_name, text) => sent.push(text), 5);
    batcher.add("stdout", "x", a);
    batcher.add("stdout", "y", a);
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(sent, ["xy"]);
  });
});

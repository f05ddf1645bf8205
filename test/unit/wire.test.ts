import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeMessage, parseFrames, Signer, toFrames } from "../../kernel/wire.js";

const parts = ['{"msg_type":"x"}', "{}", "{}", "{}"].map((s) => Buffer.from(s));
// Computed independently with Python: hmac.new(b"secret", b"".join(parts), hashlib.sha256).hexdigest()
const PYTHON_HMAC = "26d0a3c8b5422579aa6a8453b7ef5535ed8bcaae3d8448eb8b6775b776e662aa";

describe("wire", () => {
  it("signs frames exactly as Python's hmac does", () => {
    assert.equal(new Signer("secret").sign(parts), PYTHON_HMAC);
  });

  it("accepts a correctly signed message and keeps the routing identities", () => {
    const frames = [Buffer.from("client-1"), Buffer.from("<IDS|MSG>"), Buffer.from(PYTHON_HMAC), ...parts];
    const r = parseFrames(frames, new Signer("secret"));
    assert.ok(r.ok);
    assert.equal(r.message.header.msg_type, "x");
    assert.deepEqual(r.message.identities.map(String), ["client-1"]);
  });

  it("rejects a wrong signature and a missing one", () => {
    const wrong = parseFrames([Buffer.from("<IDS|MSG>"), Buffer.from("0".repeat(64)), ...parts], new Signer("secret"));
    assert.deepEqual(wrong, { ok: false, reason: "wrong HMAC signature" });
    const missing = parseFrames([Buffer.from("<IDS|MSG>"), Buffer.from(""), ...parts], new Signer("secret"));
    assert.deepEqual(missing, { ok: false, reason: "missing HMAC signature" });
  });

  it("rejects malformed framing without throwing", () => {
    assert.equal(parseFrames([Buffer.from("nothing")], new Signer("k")).ok, false);
    const bad = parseFrames([Buffer.from("<IDS|MSG>"), Buffer.from(""), Buffer.from("{"), ...parts.slice(1)], new Signer(""));
    assert.equal(bad.ok, false);
  });

  it("round-trips a reply through toFrames and parseFrames", () => {
    const signer = new Signer("k");
    const request = makeMessage("execute_request", { code: "1" }, null, "s");
    const reply = makeMessage("execute_reply", { status: "ok" }, request, "s", [Buffer.from("id")]);
    const back = parseFrames(toFrames(reply, signer), signer);
    assert.ok(back.ok);
    assert.equal(back.message.parent_header.msg_id, request.header.msg_id);
    assert.deepEqual(back.message.content, { status: "ok" });
  });
});

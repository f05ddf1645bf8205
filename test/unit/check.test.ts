import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { check, CheckError } from "../../lib/check.js";

describe("dl.check", () => {
  it("passes silently when the claim holds and fails with the claim and the observed value when not", () => {
    assert.equal(check(2 ** 5 === 32, "2^5 = 32"), undefined);
    assert.throws(
      () => check(0.62 > 0.9, "accuracy above 90%", 0.62),
      (e: unknown) => {
        assert.ok(e instanceof CheckError);
        assert.equal((e as Error).message, "check failed: accuracy above 90% (observed: 0.62)");
        return true;
      },
    );
    assert.throws(() => check(false, "pieces", { pieces: 7 }), /check failed: pieces \(observed: \{"pieces":7\}\)/);
    assert.throws(() => check(true, ""), /check: message must be a non-empty string/);
  });
});

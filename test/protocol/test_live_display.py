"""The live training display in the real kernel: fit(..., { live: true }) shows one output and replaces it in place
(update_display_data with the same display_id), at most 4 times a second plus the first and the final state."""
import math
import time

TIMEOUT = 60
SETUP = """const data = dl.datasets.disc({ n: 1000, seed: 0 });
const model = dl.models.mlp({ inputs: 2, hidden: [32, 32], outputs: 2, seed: 0 });"""


def run_timed(kc, code, timeout=TIMEOUT):
    """Executes code; returns (reply content, iopub messages of the request, seconds from busy to idle)."""
    msg_id = kc.execute(code)
    outputs, busy, idle = [], None, None
    while idle is None:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            state = msg["content"]["execution_state"]
            if state == "busy":
                busy = time.monotonic()
            elif state == "idle":
                idle = time.monotonic()
            continue
        outputs.append(msg)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply["content"], outputs, idle - busy


def test_fit_live_updates_one_display_in_place_and_throttled(kernel):
    _, kc = kernel
    reply, _, _ = run_timed(kc, SETUP)
    assert reply["status"] == "ok", reply
    reply, outputs, seconds = run_timed(kc, "await dl.train.fit(model, data, { steps: 3000, batchSize: 50, live: true })")
    assert reply["status"] == "ok", reply
    shown = [m for m in outputs if m["msg_type"] in ("display_data", "update_display_data")]
    kinds = [m["msg_type"] for m in shown]
    assert kinds[0] == "display_data" and set(kinds[1:]) == {"update_display_data"}, kinds
    assert {m["content"]["transient"]["display_id"] for m in shown} == {shown[0]["content"]["transient"]["display_id"]}
    allowed = math.ceil(seconds * 4) + 2  # 4 redraws a second, the first one and the final state
    assert len(shown) <= allowed, f"{len(shown)} display messages in {seconds:.2f} s (at most {allowed})"
    final = shown[-1]["content"]["data"]
    assert final["text/plain"].startswith("step 3000/3000 (100%) · loss ") and final["text/plain"].endswith("finished · fused engine")
    assert "<svg" in final["text/html"] and "<polyline" in final["text/html"]
    assert len(final["text/html"]) < 20_000
    # the cell's value is the history, after the display
    assert outputs[-1]["msg_type"] == "execute_result"

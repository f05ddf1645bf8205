"""Helpers the protocol tests share: run a cell over the real protocol and collect what it sent."""

TIMEOUT = 30


def run(kc, code, timeout=TIMEOUT, **kwargs):
    """Executes code and returns (reply content, iopub messages of that request up to idle)."""
    msg_id = kc.execute(code, **kwargs)
    reply = reply_to(kc, msg_id, timeout)
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return reply["content"], outputs


def reply_to(kc, msg_id, timeout=TIMEOUT):
    """The shell reply to msg_id, skipping replies to earlier requests (start-up's kernel_info)."""
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply

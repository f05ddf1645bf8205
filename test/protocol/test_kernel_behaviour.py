"""What jupyter_kernel_test does not cover: interrupts, errors and tracebacks, aborts, JSON MIME data,
display updates, restart, security of the sockets, and imports from a notebook in any folder."""
import hashlib
import hmac
import json
import os
import re
import subprocess
import tempfile
import threading
import time
import uuid

import pytest
import zmq

from helpers import TIMEOUT, reply_to, run


def result_text(outputs):
    return [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]


def test_kernel_info_is_complete(kernel):
    _, kc = kernel
    kc.kernel_info()
    content = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    package = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "package.json")))
    assert content["status"] == "ok"
    assert content["implementation"] == "depthlab"
    assert content["implementation_version"] == package["version"]
    assert content["protocol_version"].startswith("5.")
    info = content["language_info"]
    assert (info["name"], info["file_extension"], info["mimetype"]) == ("typescript", ".ts", "text/typescript")
    assert re.search(r"TensorFlow\.js backend: (wasm|cpu|tensorflow)", content["banner"])
    assert content["help_links"]


def interrupt_after(kernel, code, seconds):
    """Starts code, interrupts it after `seconds`, and checks the reply came within 2 s of the interrupt."""
    km, kc = kernel
    msg_id = kc.execute(code)
    time.sleep(seconds)
    started = time.time()
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=10)
    assert time.time() - started < 2.0, "the interrupt took longer than 2 s"
    assert (reply["content"]["status"], reply["content"]["ename"]) == ("error", "KeyboardInterrupt")
    return reply


def test_interrupt_stops_a_synchronous_loop_and_keeps_variables(kernel):
    _, kc = kernel
    assert run(kc, "const keep = 41;")[0]["status"] == "ok"
    interrupt_after(kernel, "while (true) {}", 1.0)
    assert result_text(run(kc, "keep + 1")[1]) == ["42"]


def test_interrupt_stops_an_awaiting_training_loop(kernel):
    _, kc = kernel
    code = """(globalThis as any).steps = 0;
const w = tf.variable(tf.scalar(1));
for (;;) {
  tf.tidy(() => { w.assign(w.sub(tf.scalar(0.001))); });
  (globalThis as any).steps++;
  await tf.nextFrame();
}"""
    interrupt_after(kernel, code, 1.5)
    first = result_text(run(kc, "(globalThis as any).steps")[1])
    time.sleep(0.5)
    second = result_text(run(kc, "(globalThis as any).steps")[1])
    assert int(first[0]) > 10 and first == second, "the loop went on after the interrupt"


def value(kc, code):
    """The text/plain result of a cell that must succeed."""
    reply, outputs = run(kc, code)
    assert reply["status"] == "ok", reply
    return result_text(outputs)[0]


@pytest.mark.parametrize("code", [
    "await null;\nlet spins = 0;\nwhile (true) { spins++; }",  # a synchronous loop after an await
    "function spin(): never { for (;;) {} }\nspin();",          # inside a function the cell defines
    "await new Promise(() => {});",                              # an await that never settles
], ids=["loop-after-await", "loop-in-function", "never-settling-await"])
def test_interrupt_stops_any_cell_within_a_second(kernel, code):
    km, kc = kernel
    msg_id = kc.execute(code)
    time.sleep(1.0)
    started = time.time()
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=10)["content"]
    assert time.time() - started < 1.0, "the interrupt took longer than 1 s"
    assert (reply["status"], reply["ename"]) == ("error", "KeyboardInterrupt")
    assert value(kc, "6 * 7") == "42"


def test_an_interrupt_right_after_submitting_is_not_lost(kernel):
    km, kc = kernel
    for delay in (0.0, 0.05, 0.15, 0.3):
        msg_id = kc.execute("const t0 = Date.now();\nwhile (Date.now() - t0 < 20_000) {}")
        time.sleep(delay)
        km.interrupt_kernel()
        reply = reply_to(kc, msg_id, timeout=10)["content"]
        assert reply.get("ename") == "KeyboardInterrupt", f"interrupt {delay} s after submitting was lost: {reply['status']}"
    # The two requests travel on different sockets: the interrupt may even arrive first.
    km.interrupt_kernel()
    msg_id = kc.execute("const t1 = Date.now();\nwhile (Date.now() - t1 < 20_000) {}")
    assert reply_to(kc, msg_id, timeout=10)["content"].get("ename") == "KeyboardInterrupt"
    # An interrupt of an idle kernel is forgotten once the moment has passed.
    km.interrupt_kernel()
    time.sleep(0.5)
    assert value(kc, "1 + 2") == "3"


def test_an_interrupt_aborts_the_cells_queued_behind(kernel):
    km, kc = kernel
    ids = [kc.execute("while (true) {}"), kc.execute("1 + 1")]
    time.sleep(0.5)
    km.interrupt_kernel()
    assert [reply_to(kc, i, timeout=10)["content"]["status"] for i in ids] == ["error", "aborted"]


@pytest.mark.parametrize("engine", ["true", "false"], ids=["fused", "tfjs"])
def test_an_interrupted_fit_keeps_the_model_and_its_history_and_frees_its_tensors(kernel, engine):
    km, kc = kernel
    setup = ("const data = dl.datasets.disc({ n: 2000, seed: 0 });\n"
             "const model = dl.models.mlp({ inputs: 2, hidden: { depth: 8, width: 32 }, outputs: 2, seed: 0 });\n"
             "const before = await dl.train.evaluate(model, data);\ntf.memory().numTensors")
    held = int(value(kc, setup))
    reply = interrupt_after(kernel, f"const history = await dl.train.fit(model, data, {{ epochs: 10000, fused: {engine} }});", 2.0)
    assert "kept" in "\n".join(reply["content"]["traceback"])
    # The model exists, holds the weights of its last step (it learned), and nothing of fit is left over.
    assert int(value(kc, "tf.memory().numTensors")) == held
    status = value(kc, "const last = dl.train.lastHistory()!;\n[last.status, last.rows.length > 10, last.engine]")
    assert status == f"[ 'interrupted', true, '{'fused' if engine == 'true' else 'tfjs'}' ]"
    learned = value(kc, "const after = await dl.train.evaluate(model, data);\nafter.loss < before.loss / 2")
    assert learned == "true"


def test_an_interrupt_stops_the_exact_counter_on_a_large_net(kernel):
    km, kc = kernel
    value(kc, "const big = dl.models.mlp({ inputs: 2, hidden: { depth: 16, width: 96 }, outputs: 1, seed: 0 });\n0")
    interrupt_after(kernel, "const counted = await dl.regions.countRegions(big);", 1.5)
    assert value(kc, "typeof big.predict") == "'function'"


def test_heartbeat_answers_within_100_ms_while_a_cell_spins(kernel):
    km, kc = kernel
    msg_id = kc.execute("const t0 = Date.now();\nwhile (Date.now() - t0 < 10_000) {}")
    time.sleep(1.0)
    info = km.get_connection_info()
    ctx = zmq.Context.instance()
    hb = ctx.socket(zmq.REQ)
    hb.connect(f"tcp://{info['ip']}:{info['hb_port']}")
    waits = []
    for _ in range(5):
        started = time.time()
        hb.send(b"ping")
        assert hb.poll(2000), "the heartbeat did not answer"
        hb.recv()
        waits.append(time.time() - started)
        time.sleep(0.5)
    hb.close(0)
    assert max(waits) < 0.1, f"heartbeat waits {waits}"
    km.interrupt_kernel()
    reply_to(kc, msg_id, timeout=10)


def test_output_of_a_long_synchronous_cell_arrives_while_it_runs(kernel):
    _, kc = kernel
    msg_id = kc.execute('for (let i = 0; i < 3; i++) {\n  console.log("tick", i);\n  const t = Date.now();\n  while (Date.now() - t < 800) {}\n}')
    first = None
    started = time.time()
    while first is None:
        msg = kc.get_iopub_msg(timeout=10)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            first = time.time() - started
    assert first < 1.5, f"the first line came after {first:.2f} s, at the end of the cell"
    reply_to(kc, msg_id)


def test_what_a_failing_cell_assigned_stays(kernel):
    _, kc = kernel
    reply, _ = run(kc, 'const d = 1;\nlet e = d + 1;\nthrow new Error("boom");\nconst m = 3;')
    assert (reply["status"], reply["evalue"]) == ("error", "boom")
    assert value(kc, "d + e") == "3"
    reply, _ = run(kc, "m")
    assert reply["status"] == "error" and "Cannot find name 'm'" in reply["evalue"]
    assert value(kc, 'const d = 10;\nconst m = 3;\nd + m') == "13"


def test_runtime_error_traceback_points_at_the_cell_line(kernel):
    _, kc = kernel
    reply, outputs = run(kc, 'const a = 1;\nconst b = 2;\nthrow new RangeError("line three");')
    assert reply["status"] == "error" and reply["ename"] == "RangeError"
    errors = [m for m in outputs if m["msg_type"] == "error"]
    assert len(errors) == 1
    assert errors[0]["content"]["evalue"] == "line three"
    assert any(re.match(r"Cell In\[\d+\], line 3:", line) for line in errors[0]["content"]["traceback"])


def test_type_errors_and_rejected_promises_are_errors(kernel):
    _, kc = kernel
    reply, _ = run(kc, 'const n: number = "text";')
    assert reply["status"] == "error" and reply["ename"] == "TypeScriptError"
    assert "line 1, col 7" in reply["traceback"][0]
    reply, _ = run(kc, 'await Promise.reject(new TypeError("rejected"));')
    assert (reply["status"], reply["ename"], reply["evalue"]) == ("error", "TypeError", "rejected")


def test_cells_queued_behind_a_failing_one_are_aborted(kernel):
    _, kc = kernel
    ids = [kc.execute('throw new Error("first")'), kc.execute("1 + 1"), kc.execute("2 + 2")]
    statuses = [reply_to(kc, i)["content"]["status"] for i in ids]
    assert statuses == ["error", "aborted", "aborted"]
    assert result_text(run(kc, "3 + 3")[1]) == ["6"]


def test_json_mime_data_travels_as_objects_and_text_has_no_ansi(kernel):
    _, kc = kernel
    spec = '{ "application/vnd.vegalite.v5+json": { mark: "point", data: { values: [{ x: 1 }] } } }'
    _, outputs = run(kc, f"display({spec}, {{ raw: true }})")
    data = [m for m in outputs if m["msg_type"] == "display_data"][0]["content"]["data"]
    assert data["application/vnd.vegalite.v5+json"] == {"mark": "point", "data": {"values": [{"x": 1}]}}
    _, outputs = run(kc, '({ nested: { list: [1, 2, 3] }, s: "x", n: null })')
    text = result_text(outputs)[0]
    assert "\x1b" not in text and text == "{ nested: { list: [ 1, 2, 3 ] }, s: 'x', n: null }"


def test_display_updates_in_place(kernel):
    _, kc = kernel
    code = """display("step 1", { displayId: "progress" });
display("step 2", { displayId: "progress", update: true });"""
    _, outputs = run(kc, code)
    shown = [(m["msg_type"], m["content"]["data"]["text/plain"], m["content"]["transient"]) for m in outputs
             if m["msg_type"].endswith("display_data")]
    assert shown == [("display_data", "'step 1'", {"display_id": "progress"}),
                     ("update_display_data", "'step 2'", {"display_id": "progress"})]
    reply, _ = run(kc, 'display("x", { update: true })')
    assert reply["status"] == "error" and "needs a displayId" in reply["evalue"]


def test_a_users_late_exception_does_not_kill_the_kernel(kernel):
    _, kc = kernel
    run(kc, 'setTimeout(() => { throw new Error("late") }, 10); Promise.reject(new Error("unhandled")); 1')
    time.sleep(0.5)
    assert result_text(run(kc, "40 + 2")[1]) == ["42"]


def test_restart_gives_a_fresh_kernel(kernel):
    km, kc = kernel
    run(kc, "const gone = 1;")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    reply, _ = run(kc, "gone")
    assert reply["status"] == "error" and "Cannot find name 'gone'" in reply["evalue"]
    assert result_text(run(kc, "dl.backendInfo().tfjsVersion")[1]) == ["'4.22.0'"]


@pytest.mark.parametrize("kernel", [tempfile.mkdtemp(prefix="depthlab-nb-")], indirect=True)
def test_import_from_depthlab_works_in_any_folder(kernel):
    _, kc = kernel
    reply, outputs = run(kc, 'import { describeBackend } from "depthlab";\nimport * as tfjs from "@tensorflow/tfjs";\n'
                             'process.cwd().includes("depthlab-nb-") && typeof describeBackend === "function" && tfjs.version_core')
    assert reply["status"] == "ok", reply
    assert result_text(outputs) == ["'4.22.0'"]


def test_kernel_listens_only_on_its_ports_and_rejects_unsigned_messages(kernel):
    km, kc = kernel
    info = km.get_connection_info()
    ports = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
    pid = km.provisioner.process.pid
    listening = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True).stdout.splitlines()
    mine = [line.split()[3] for line in listening if f"pid={pid}," in line]
    assert sorted(mine) == sorted(f"{info['ip']}:{p}" for p in ports)

    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.connect(f"tcp://{info['ip']}:{info['shell_port']}")
    key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()

    def request(signature_for):
        header = json.dumps({"msg_id": uuid.uuid4().hex, "session": "s", "username": "u", "date": "",
                             "msg_type": "kernel_info_request", "version": "5.3"}).encode()
        parts = [header, b"{}", b"{}", b"{}"]
        sock.send_multipart([b"<IDS|MSG>", signature_for(parts)] + parts)
        return sock.poll(1500)

    assert request(lambda parts: b"") == 0, "an unsigned message was answered"
    assert request(lambda parts: b"0" * 64) == 0, "a wrongly signed message was answered"
    good = lambda parts: hmac.new(key, b"".join(parts), hashlib.sha256).hexdigest().encode()
    assert request(good) != 0, "a correctly signed message was not answered"
    sock.close(0)

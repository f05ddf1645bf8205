"""The PyTorch reference for bench/training.ts: milliseconds per SGD step of the same nets, in float32.

Reads one JSON object on stdin:
  {"threads": [1, null, 2], "window_ms": 250, "windows": 5, "max_window_steps": 50, "warmup": 5,
   "cases": [{"id": "...", "kind": "mlp", "inputs": 2, "depth": 16, "width": 32, "outputs": 4, "norm": true,
              "batch": 100, "n": 5000, "lr": 0.01}
             | {"id": "...", "kind": "resnet", "blocks": 1, "stages": 2, "width": 8, "classes": 10,
                "batch": 64, "n": 960, "lr": 0.01}]}
and writes one JSON object on stdout: torch's version and default threads, the BLAS it really calls (version, file,
threads; bench/blas_probe.py), its build (MKL and oneDNN versions, CPU capability, parallel backend, from
torch.__config__), and per case and thread count the median ms per step over `windows` timed windows of k steps each (k chosen so that a
window takes about `window_ms`, at most `max_window_steps`, from the mean of the steps after warm-up), after
at least `warmup` steps and a quarter of a window. Timed inside this process.

A step is what a student writes: slice the batch from tensors made beforehand, optimizer.zero_grad(), forward in
training mode, nn.CrossEntropyLoss, backward, optimizer.step() (torch.optim.SGD, no momentum).

PyTorch: bench/training.ts runs this with PyTorch 2.13 CPU from pip's wheel (bench/torch-venv.ts: MKL, linked into
libtorch_cpu, for nn.Linear's GEMMs; oneDNN for convolutions), or, where that cannot be set up, Debian's
python3-torch 1.13 through /usr/bin/python3 (the system libblas.so.3, OpenBLAS or worse).

Threads: for a count t, torch.set_num_threads(t) (OpenMP: elementwise ops, oneDNN convolutions; in the pip wheel
also MKL) and the BLAS's own setter, e.g. openblas_set_num_threads(t) (Debian's torch calls the system libblas.so.3
for nn.Linear's GEMMs, and torch.set_num_threads does not reach it), so "1 thread" is one thread everywhere; null
restores what the process started with (torch's and the BLAS's own defaults, which need not agree).

BLAS: on Debian's netlib reference BLAS (what python3-torch gets without libopenblas0-pthread) PyTorch's GEMMs are
several times slower than PyTorch anywhere else, so the script refuses to run (exit 3, the reason on stderr)
unless DEPTHLAB_BENCH_REFERENCE_BLAS=1; then "blasReference" is true and bench/training.ts marks the report.

The nets are those of depthlab: mlp = [Linear -> (BatchNorm1d) -> ReLU] * depth -> Linear (PyTorch's default
init); resnet = the pre-activation ResNet of lib/models/resnet.ts (stem conv3x3; per block BN -> ReLU -> conv3x3
-> BN -> ReLU -> conv3x3 plus the shortcut; where the shape changes the shortcut keeps every second pixel
(avg_pool2d with a 1x1 window, stride 2) and pads the channels with zeros; then BN -> ReLU -> global average
pool -> Linear). NCHW here, NHWC in tfjs.
"""

import json
import math
import os
import re
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from blas_probe import probe, require_fair

DEFAULT_THREADS = torch.get_num_threads()  # before anything sets it


def mlp(case):
    layers, fan_in = [], case["inputs"]
    for _ in range(case["depth"]):
        layers.append(nn.Linear(fan_in, case["width"]))
        if case["norm"]:
            layers.append(nn.BatchNorm1d(case["width"], momentum=0.1, eps=1e-5))
        layers.append(nn.ReLU())
        fan_in = case["width"]
    layers.append(nn.Linear(fan_in, case["outputs"]))
    return nn.Sequential(*layers)


class Block(nn.Module):
    """Pre-activation block; the zero-pad shortcut (He et al.'s option A) where the width or the stride changes."""

    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.bn0, self.conv0 = nn.BatchNorm2d(c_in), nn.Conv2d(c_in, c_out, 3, stride, 1)
        self.bn1, self.conv1 = nn.BatchNorm2d(c_out), nn.Conv2d(c_out, c_out, 3, 1, 1)
        self.stride, self.extra = stride, c_out - c_in

    def forward(self, x):
        h = self.conv0(F.relu(self.bn0(x)))
        h = self.conv1(F.relu(self.bn1(h)))
        s = x
        if self.stride > 1:
            s = F.avg_pool2d(s, 1, self.stride)
        if self.extra > 0:
            s = F.pad(s, (0, 0, 0, 0, 0, self.extra))
        return s + h


class ResNet(nn.Module):
    def __init__(self, case):
        super().__init__()
        width = case["width"]
        self.stem = nn.Conv2d(1, width, 3, 1, 1)
        blocks, c = [], width
        for s in range(case["stages"]):
            w = width * 2**s
            for i in range(case["blocks"]):
                blocks.append(Block(c, w, 2 if s > 0 and i == 0 else 1))
                c = w
        self.blocks = nn.Sequential(*blocks)
        self.bn, self.fc = nn.BatchNorm2d(c), nn.Linear(c, case["classes"])

    def forward(self, x):
        h = F.relu(self.bn(self.blocks(self.stem(x))))
        return self.fc(h.mean(dim=(2, 3)))


def data(case, gen):
    n = case["n"]
    if case["kind"] == "resnet":
        return torch.rand(n, 1, 28, 28, generator=gen), torch.randint(0, case["classes"], (n,), generator=gen)
    # gaussian blobs on the unit circle, one class a centre, as dl.datasets.gaussianMixture
    k = case["outputs"]
    y = torch.arange(n) % k
    angle = 2 * math.pi * y.to(torch.float32) / k
    x = torch.stack([angle.cos(), angle.sin()], dim=1) + 0.2 * torch.randn(n, 2, generator=gen)
    if case["inputs"] > 2:
        x = torch.cat([x, torch.randn(n, case["inputs"] - 2, generator=gen)], dim=1)
    return x, y


def time_case(case, job):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    model = mlp(case) if case["kind"] == "mlp" else ResNet(case)
    model.train()
    x, y = data(case, gen)
    batch = case["batch"]
    per_epoch = case["n"] // batch
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=case["lr"])
    step_no = [0]

    def step():
        b = step_no[0] % per_epoch
        step_no[0] += 1
        xb, yb = x[b * batch : (b + 1) * batch], y[b * batch : (b + 1) * batch]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    # warm-up: at least `warmup` steps and a quarter of a window (a new thread count starts OpenMP's pool), then
    # the mean of as many steps again sizes the windows (one step alone can be a spike on a shared machine)
    t = time.perf_counter()
    steps = 0
    while steps < job["warmup"] or (time.perf_counter() - t) * 1000 < job["window_ms"] / 4:
        step()
        steps += 1
    t = time.perf_counter()
    for _ in range(steps):
        step()
    one = (time.perf_counter() - t) * 1000 / steps
    k = max(1, min(job["max_window_steps"], round(job["window_ms"] / max(one, 1e-3))))
    per_step = []
    for _ in range(job["windows"]):
        t = time.perf_counter()
        for _ in range(k):
            loss = step()
        per_step.append((time.perf_counter() - t) * 1000 / k)
    if not math.isfinite(loss.item()):
        raise RuntimeError(f"{case['id']}: the loss is not finite")
    return {"ms": statistics.median(per_step), "min": min(per_step), "k": k, "windows": len(per_step), "warmup": 2 * steps}


def build_info():
    """What torch was built with, from torch.__config__: MKL and oneDNN versions, CPU capability, parallel backend."""
    show, parallel = torch.__config__.show(), torch.__config__.parallel_info()

    def find(pattern, text):
        m = re.search(pattern, text, re.MULTILINE)
        return m.group(1).strip() if m else None

    return {
        "mklVersion": find(r"^\s*- (Intel\(R\) (?:oneAPI )?Math Kernel Library[^\n]*)", show),
        "onednnVersion": find(r"^\s*- (Intel\(R\) MKL-DNN v[^ \n]*|oneDNN v[^ \n]*)", show),
        "cpuCapability": find(r"CPU capability usage: (\S+)", show),
        "parallelBackend": find(r"ATen parallel backend: ([^\n]+)", parallel),
        "mkl": torch.backends.mkl.is_available(),
        "python": f"{sys.executable} (Python {sys.version.split()[0]})",
    }


def main():
    job = json.load(sys.stdin)
    blas = probe()
    require_fair(blas, "training-torch.py")
    out = {
        "torch": torch.__version__,
        "defaultThreads": DEFAULT_THREADS,
        "blasThreadsDefault": blas.threads(),
        "cores": os.cpu_count(),
        "blasInfo": blas.torch_blas_info,
        "blas": blas.describe(),
        "blasReference": blas.reference,
        "mkldnn": torch.backends.mkldnn.is_available(),
        **build_info(),
        "results": [],
    }
    print(
        f"torch {torch.__version__} ({out['python']}), {DEFAULT_THREADS} intra-op thread(s); BLAS: {out['blas']}; "
        f"oneDNN: {out['onednnVersion']}; CPU capability {out['cpuCapability']}",
        file=sys.stderr,
    )
    for threads in job["threads"]:
        torch.set_num_threads(DEFAULT_THREADS if threads is None else threads)
        # MKL linked into libtorch_cpu (the pip wheel) follows torch.set_num_threads and exports no setter of its own
        own_setter = not (blas.kind == "MKL" and blas.torch_blas_info == "mkl")
        if out["blasThreadsDefault"] is not None and own_setter:
            blas.set_threads(out["blasThreadsDefault"] if threads is None else threads)
        in_effect = {"torchThreads": torch.get_num_threads(), "blasThreads": blas.threads()}
        for case in job["cases"]:
            r = time_case(case, job)
            out["results"].append({"id": case["id"], "threads": threads, **in_effect, **r})
            label = "default" if threads is None else f"{threads} thread(s)"
            print(f"torch {case['id']}, {label}: {r['ms']:.3f} ms/step", file=sys.stderr)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

"""The PyTorch side of bench/fashion-mnist.ts: the same ResNet, data, optimiser and schedule, trained on Fashion-MNIST.

Reads one JSON object on stdin:
  {"dir": "/usr/share/datasets/fashion-mnist", "limit": null, "threads": 2, "seed": 0,
   "width": 8, "stages": 3, "blocks": 1, "epochs": 4, "batch": 128,
   "optimizer": {"name": "adam", "lr": 0.008, "weightDecay": 0} | {"name": "sgd", "lr": 0.1, "momentum": 0.9,
                 "nesterov": true, "weightDecay": 0.0005},
   "warmup": 0.2}
and writes one JSON object on stdout: torch's version and threads, the wall time of the training (from the first
step to the last epoch's test evaluation, the data in memory and the model built, as the notebook times `fit`) and of
the whole run, the test accuracy and loss after every epoch, and the final ones. One line
per epoch goes to stderr.

Data: the IDX files (gzipped or not) of `dir`, pixels / 255, [n, 1, 28, 28] (NCHW; depthlab is NHWC). `limit` keeps
the first images of each split, as dl.datasets.fashionMnist({ limit }) does.

The net is that of dl.models.resnet({ inputShape: [28, 28, 1], classes: 10, width, stages, blocks }): a 3x3 stem
conv; per block BN -> ReLU -> conv3x3 (stride 2 in the first block of every stage after the first) -> BN -> ReLU ->
conv3x3, plus the shortcut, which where the shape changes keeps every second pixel and pads the channels with zeros
(He et al.'s option A); then BN -> ReLU -> global average pool -> Linear. Convolutions have biases; every weight has
PyTorch's default init, which depthlab's init "torch" copies. One difference from a plain Conv2d(padding=1): a
stride-2 "same" convolution in TensorFlow pads 0 rows above and 1 below (and likewise left/right) on a 28 or 14 pixel
input, so the strided convolutions here pad (0, 1, 0, 1) by hand, and see the pixels tfjs's see.

Training: batches of `batch` from a fresh shuffle every epoch (the last one smaller: drop_last=False, as dl.train.fit),
nn.CrossEntropyLoss, torch.optim.Adam or SGD, and the learning rate of every step set by `schedule` below, the
notebook's schedule: linear warm-up from 0 over the first `warmup` fraction of the steps, then half a cosine towards 0.

Threads: torch.set_num_threads(threads) (null: torch's default, the number of cores) before anything runs.
"""

import gzip
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, name):
    for path in (os.path.join(directory, name), os.path.join(directory, name + ".gz")):
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"fashion-mnist-torch.py: no {name}(.gz) in {directory}")


def split(directory, prefix, limit):
    images = read_idx(find(directory, f"{prefix}-images-idx3-ubyte"))[:limit]
    labels = read_idx(find(directory, f"{prefix}-labels-idx1-ubyte"))[:limit]
    x = torch.from_numpy(images.astype(np.float32) / 255).reshape(-1, 1, 28, 28)  # [n, 1, 28, 28]
    return x, torch.from_numpy(labels.astype(np.int64))  # [n]


class Block(nn.Module):
    """Pre-activation block; the zero-pad shortcut where the width or the stride changes."""

    def __init__(self, c_in, c_out, stride):
        super().__init__()
        pad = 1 if stride == 1 else 0  # stride 2: TensorFlow's "same" padding, (0, 1, 0, 1), added in forward
        self.bn0, self.conv0 = nn.BatchNorm2d(c_in), nn.Conv2d(c_in, c_out, 3, stride, pad)
        self.bn1, self.conv1 = nn.BatchNorm2d(c_out), nn.Conv2d(c_out, c_out, 3, 1, 1)
        self.stride, self.extra = stride, c_out - c_in

    def forward(self, x):
        h = F.relu(self.bn0(x))
        if self.stride > 1:
            h = F.pad(h, (0, 1, 0, 1))
        h = self.conv1(F.relu(self.bn1(self.conv0(h))))
        s = x[:, :, :: self.stride, :: self.stride] if self.stride > 1 else x
        if self.extra > 0:
            s = F.pad(s, (0, 0, 0, 0, 0, self.extra))
        return s + h


class ResNet(nn.Module):
    def __init__(self, width, stages, blocks, classes=10):
        super().__init__()
        self.stem = nn.Conv2d(1, width, 3, 1, 1)
        layers, c = [], width
        for s in range(stages):
            w = width * 2**s
            for i in range(blocks):
                layers.append(Block(c, w, 2 if s > 0 and i == 0 else 1))
                c = w
        self.blocks = nn.Sequential(*layers)
        self.bn, self.fc = nn.BatchNorm2d(c), nn.Linear(c, classes)

    def forward(self, x):  # [B, 1, 28, 28] -> [B, classes]
        h = F.relu(self.bn(self.blocks(self.stem(x))))
        return self.fc(h.mean(dim=(2, 3)))


def schedule(step, total, peak, warmup):
    """The learning rate of step `step` (1-based) of `total`: linear warm-up to `peak`, then half a cosine towards 0
    (over total - w + 1 steps, so that the last step's rate is above 0, as depthlab's optimisers require)."""
    w = max(1, round(warmup * total))
    if step <= w:
        return peak * step / w
    return peak * 0.5 * (1 + math.cos(math.pi * (step - w) / (total - w + 1)))


def make_optimizer(params, spec):
    wd = spec.get("weightDecay", 0)
    if spec["name"] == "adam":
        return torch.optim.Adam(params, lr=spec["lr"], weight_decay=wd)
    if spec["name"] == "sgd":
        return torch.optim.SGD(
            params, lr=spec["lr"], momentum=spec.get("momentum", 0), nesterov=spec.get("nesterov", False), weight_decay=wd
        )
    raise ValueError(f"fashion-mnist-torch.py: unknown optimizer {spec['name']}")


@torch.no_grad()
def evaluate(model, x, y, batch=1000):
    model.eval()
    loss, correct = 0.0, 0
    for i in range(0, len(y), batch):
        out = model(x[i : i + batch])
        loss += F.cross_entropy(out, y[i : i + batch], reduction="sum").item()
        correct += (out.argmax(1) == y[i : i + batch]).sum().item()
    model.train()
    return loss / len(y), correct / len(y)


def main():
    job = json.load(sys.stdin)
    started = time.perf_counter()
    if job.get("threads") is not None:
        torch.set_num_threads(job["threads"])
    torch.manual_seed(job.get("seed", 0))
    x, y = split(job["dir"], "train", job.get("limit"))
    x_test, y_test = split(job["dir"], "t10k", job.get("limit"))
    model = ResNet(job["width"], job["stages"], job["blocks"])
    opt = make_optimizer(model.parameters(), job["optimizer"])
    batch, n = job["batch"], len(y)
    per_epoch = math.ceil(n / batch)
    total = job["epochs"] * per_epoch
    peak = job["optimizer"]["lr"]
    gen = torch.Generator().manual_seed(job.get("seed", 0))
    epochs, step = [], 0
    t = time.perf_counter()
    for epoch in range(1, job["epochs"] + 1):
        order = torch.randperm(n, generator=gen)
        seen, loss_sum = 0, 0.0
        for b in range(per_epoch):
            step += 1
            for group in opt.param_groups:
                group["lr"] = schedule(step, total, peak, job.get("warmup", 0))
            idx = order[b * batch : (b + 1) * batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
            seen += len(idx)
        test_loss, test_accuracy = evaluate(model, x_test, y_test)
        train_ms = (time.perf_counter() - t) * 1000
        row = {"epoch": epoch, "trainLoss": loss_sum / seen, "testLoss": test_loss, "testAccuracy": test_accuracy, "trainMs": train_ms}
        epochs.append(row)
        print(f"torch epoch {epoch}: train loss {row['trainLoss']:.4f}, test accuracy {test_accuracy:.4f}, {train_ms / 1000:.0f} s", file=sys.stderr)
    out = {
        "torch": torch.__version__,
        "python": f"{sys.executable} (Python {sys.version.split()[0]})",
        "threads": torch.get_num_threads(),
        "cores": os.cpu_count(),
        "train": n,
        "test": len(y_test),
        "steps": total,
        "params": sum(p.numel() for p in model.parameters()) + sum(b.numel() for n, b in model.named_buffers() if "running" in n),
        "epochs": epochs,
        "trainMs": train_ms,
        "totalMs": (time.perf_counter() - started) * 1000,
        "testAccuracy": epochs[-1]["testAccuracy"],
        "testLoss": epochs[-1]["testLoss"],
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

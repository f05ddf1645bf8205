"""The sampling reference for bench/regions.ts: count activation patterns on a dense grid with PyTorch.

Reads one JSON object on stdin:
  {"reps": 3, "budget_s": 30,
   "cases": [{"id": "...", "kind": "1d" | "2d", "layers": [{"weight", "bias", "activation"}],
              "domain": [a, b]  (1d) | "box": [[x0, x1], [y0, y1]]  (2d), "grids": [N, ...]}]}
and writes one JSON object on stdout: the machine's torch set-up (version, threads, and the BLAS it really calls:
kind, version, file, threads; bench/blas_probe.py) and, per case and grid size, the count found and the median
time (ms) of `reps` runs, timed inside this process (no start-up, no `import torch`). On Debian's netlib reference
BLAS (python3-torch without libopenblas0-pthread) the float64 matmuls run several times slower than PyTorch
anywhere else, so the script refuses (exit 3, the reason on stderr) unless DEPTHLAB_BENCH_REFERENCE_BLAS=1; then
"blasReference" is true and bench/regions.ts marks the report.

2d: the N x N cell centres of the box; every point is labelled with its activation pattern (one int64 per
    non-linear layer, the unit signs packed as bits by a matmul with powers of two; widths up to 32), and the
    distinct rows are counted. torch.unique(dim=0) of torch 1.13 took over 100x longer than a 1-D torch.unique here,
    so the rows are first turned into one exact int64 key each by relabelling column by column (unique with
    return_inverse: key <- id(key) * 2^32 + next column). A pattern's set of points is convex, so this counts
    the activation regions that hold a grid point: a lower bound, save for float rounding near a boundary.
1d: the N cell centres of [a, b]. The activation pattern and the exact local slope (forward-mode derivative)
    of every point are computed; along the line a pattern's set is one interval, so the number of runs of equal
    pattern is the number of distinct patterns (a lower bound on activation pieces) and the number of runs of
    equal slope is a lower bound on the affine pieces.
Points are processed in chunks of about 1 MiB per [points, width] float64 tensor, which ran 4x faster than
chunks of 2^18 points (fewer page faults, data in cache). A grid size whose time, predicted from the previous
size, would pass `budget_s` is skipped and reported as such.
"""

import json
import statistics
import sys
import time

import torch

from blas_probe import probe, require_fair

torch.set_grad_enabled(False)
CHUNK_VALUES = 1 << 17  # float64 values per [points, width] tensor of one chunk (1 MiB)
POW2 = torch.tensor([2.0**u for u in range(32)], dtype=torch.float64)


def to_layers(spec):
    """[(W [out, in], b [out], relu?)] in float64; weights were float64 numbers in the JSON."""
    out = []
    for layer in spec:
        w = torch.tensor(layer["weight"], dtype=torch.float64)
        b = torch.tensor(layer["bias"], dtype=torch.float64)
        act = layer.get("activation", "relu")
        if act not in ("relu", "linear"):
            raise ValueError(f"regions-grid: activation {act!r} is not supported (relu or linear)")
        if act == "relu" and w.shape[0] > 32:
            raise ValueError(f"regions-grid: a relu layer of {w.shape[0]} units does not pack into 32 bits")
        out.append((w, b, act == "relu"))
    return out


def chunk_points(layers):
    return max(256, CHUNK_VALUES // max(w.shape[0] for w, _, _ in layers))


def patterns(layers, x):
    """x [P, inputs] -> codes [P, relu layers] int64, bit u of a layer's code = (unit u > 0)."""
    h = x
    codes = []
    for w, b, relu in layers:
        pre = torch.addmm(b, h, w.T)  # [P, out]
        if relu:
            codes.append((pre > 0).to(torch.float64) @ POW2[: w.shape[0]])  # exact: < 2^32
            h = pre.clamp_min_(0)
        else:
            h = pre
    return torch.stack(codes, dim=1).to(torch.int64)


def patterns_and_slopes(layers, x):
    """x [P, 1] -> (codes [P, relu layers] int64, slopes [P, outputs] = d output / dx, forward mode)."""
    h = x
    d = torch.ones_like(x)
    codes = []
    for w, b, relu in layers:
        pre = torch.addmm(b, h, w.T)  # [P, out]
        dpre = d @ w.T
        if relu:
            on = pre > 0
            codes.append(on.to(torch.float64) @ POW2[: w.shape[0]])
            h = pre.clamp_min_(0)
            d = dpre * on
        else:
            h, d = pre, dpre
    return torch.stack(codes, dim=1).to(torch.int64), d


def distinct_rows(codes):
    """The distinct rows of codes [P, L] (entries < 2^32), one exact int64 key per row, no unique(dim=0)."""
    key = codes[:, 0]
    for col in range(1, codes.shape[1]):
        _, ids = torch.unique(key, return_inverse=True)  # ids < P < 2^31
        key = ids * (1 << 32) + codes[:, col]
    keys, ids = torch.unique(key, return_inverse=True)
    first = torch.empty(len(keys), dtype=torch.int64).scatter_(0, ids, torch.arange(len(key)))
    return codes[first]


def count_2d(layers, box, n):
    (x0, x1), (y0, y1) = box
    xs = x0 + (torch.arange(n, dtype=torch.float64) + 0.5) * ((x1 - x0) / n)
    ys = y0 + (torch.arange(n, dtype=torch.float64) + 0.5) * ((y1 - y0) / n)
    found = []
    rows = max(1, chunk_points(layers) // n)
    for r in range(0, n, rows):
        gy, gx = torch.meshgrid(ys[r : r + rows], xs, indexing="ij")
        pts = torch.stack([gx.reshape(-1), gy.reshape(-1)], dim=1)  # [rows * n, 2]
        found.append(distinct_rows(patterns(layers, pts)))
    return {"patterns": int(distinct_rows(torch.cat(found)).shape[0])}


def count_1d(layers, domain, n):
    a, b = domain
    step = (b - a) / n
    chunk = chunk_points(layers)
    pattern_runs = slope_runs = 1
    last_code = last_slope = None
    for s in range(0, n, chunk):
        x = (a + (torch.arange(s, min(n, s + chunk), dtype=torch.float64) + 0.5) * step).unsqueeze(1)  # [P, 1]
        codes, slopes = patterns_and_slopes(layers, x)
        if last_code is not None:  # the step from the previous chunk's last point
            codes = torch.cat([last_code, codes])
            slopes = torch.cat([last_slope, slopes])
        pattern_runs += int((codes[1:] != codes[:-1]).any(dim=1).sum())
        scale = torch.maximum(slopes[1:].abs(), slopes[:-1].abs())
        slope_runs += int(((slopes[1:] - slopes[:-1]).abs() > 1e-9 * scale).any(dim=1).sum())
        last_code, last_slope = codes[-1:], slopes[-1:]
    return {"patterns": pattern_runs, "pieces": slope_runs}


def main():
    job = json.load(sys.stdin)
    reps = int(job.get("reps", 3))
    budget = float(job.get("budget_s", 30))
    blas = probe()
    require_fair(blas, "regions-grid.py")
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blasInfo": blas.torch_blas_info,
        "blas": blas.describe(),
        "blasReference": blas.reference,
        "results": [],
    }
    print(f"torch {torch.__version__}, {out['threads']} intra-op thread(s); BLAS: {out['blas']}", file=sys.stderr)
    for case in job["cases"]:
        layers = to_layers(case["layers"])
        prev = None  # (points, ms) of the last size that ran
        for n in case["grids"]:
            points = n * n if case["kind"] == "2d" else n
            if prev is not None:
                predicted = prev[1] * points / prev[0] / 1000
                if predicted > budget:
                    skipped = f"predicted {predicted:.0f} s > {budget:.0f} s"
                    out["results"].append({"id": case["id"], "n": n, "skipped": skipped})
                    continue
            times = []
            for _ in range(reps if points <= 4_000_000 else 1):
                t = time.perf_counter()
                if case["kind"] == "2d":
                    found = count_2d(layers, case["box"], n)
                else:
                    found = count_1d(layers, case["domain"], n)
                times.append((time.perf_counter() - t) * 1000)
            ms = statistics.median(times)
            prev = (points, ms)
            out["results"].append({"id": case["id"], "n": n, "points": points, "ms": ms, "reps": len(times), **found})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

"""Speed of ``core.conv`` against PyTorch (and Pillow) on photo-sized images.

Run: ``python bench/bench_conv.py`` (from anywhere; ``--quick`` for 1 MP only, ``--repeat N``,
default 5).
For each case it prints the best-of-N wall time of ours, of torch with 1 thread and with torch's
default thread count, and the ratios ours / torch (below 1 means we are faster). Convolutions are
per channel on an RGB float32 image (torch: ``F.conv2d(..., groups=3)``, depthwise), padding
``k // 2``; pooling is ``F.max_pool2d`` / ``F.avg_pool2d``. For 3x3 and 5x5 at stride 1 it also
times Pillow's ``ImageFilter.Kernel`` on the uint8 version of the same image (Pillow only filters
8-bit images and has no stride). The calls of one case are interleaved (ours, torch 1 thread, torch
default threads, Pillow, repeat) so that load from other processes hits them alike. Every row also
prints max |ours - torch| as a sanity check.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from core.conv import conv2d  # noqa: E402
from core.pool import pool2d  # noqa: E402

DEFAULT_THREADS = torch.get_num_threads()
SIZES = {"12 MP": (3000, 4000), "1 MP": (864, 1152)}


def race(fns: dict, repeat: int) -> tuple[dict, dict]:
    """Best wall time of each function, the calls interleaved so load spikes hit all of them alike.

    A function whose name starts with "torch<k>" runs with torch.set_num_threads(k).
    Returns (best seconds by name, last result by name); one warm-up call each first.
    """
    results, times = {}, {name: [] for name in fns}
    for rep in range(repeat + 1):
        for name, fn in fns.items():
            if name.startswith("torch"):
                torch.set_num_threads(int(name[5:]))
            start = time.perf_counter()
            results[name] = fn()
            if rep:  # the first round only warms up
                times[name].append(time.perf_counter() - start)
    torch.set_num_threads(1)
    return {name: min(ts) for name, ts in times.items()}, results


def pillow_filter(img: Image.Image, kernel: np.ndarray):
    flt = ImageFilter.Kernel(kernel.shape, kernel[::-1, ::-1].ravel().tolist(), scale=1)
    return lambda: img.filter(flt)


def row(name, ours, t1, tn, diff, pil=None) -> str:
    text = (
        f"{name:<30} ours {ours * 1e3:8.1f} ms | torch1 {t1 * 1e3:8.1f} ms  ratio {ours / t1:5.2f} | "
        f"torch{DEFAULT_THREADS} {tn * 1e3:8.1f} ms  ratio {ours / tn:5.2f}"
    )
    if pil is not None:
        text += f" | Pillow(uint8) {pil * 1e3:7.1f} ms  ratio {ours / pil:5.2f}"
    return text + f" | max|diff| {diff:.1e}"


def bench_size(label: str, hw: tuple[int, int], repeat: int) -> None:
    rng = np.random.default_rng(0)
    x = rng.random((1, 3) + hw, dtype=np.float32)  # (N, C, H, W)
    xt = torch.from_numpy(x)
    img = Image.fromarray((x[0].transpose(1, 2, 0) * 255).astype(np.uint8))  # (H, W, 3) uint8
    print(f"\n{label}: RGB float32 {hw[0]}x{hw[1]}  (best of {repeat})")
    t1, tn = "torch1", f"torch{DEFAULT_THREADS}"
    for k in (3, 5):
        w = rng.standard_normal((3, 1, k, k)).astype(np.float32)  # (C_out=3, C_in/groups=1, k, k)
        wt = torch.from_numpy(w)
        for stride in (1, 2):
            fns = {
                "ours": lambda w=w, s=stride, k=k: conv2d(x, w, stride=s, padding=k // 2, groups=3),
                t1: lambda wt=wt, s=stride, k=k: F.conv2d(xt, wt, stride=s, padding=k // 2, groups=3),
            }
            fns[tn] = fns[t1]
            if stride == 1:
                fns["pillow"] = pillow_filter(img, w[0, 0])
            best, res = race(fns, repeat)
            diff = float(np.abs(res["ours"] - res[t1].numpy()).max())
            print(row(f"conv {k}x{k} stride {stride}", best["ours"], best[t1], best[tn], diff, best.get("pillow")))
    for mode, fn in (("max", F.max_pool2d), ("avg", F.avg_pool2d)):
        for k, stride in ((2, 2), (3, 2)):
            fns = {
                "ours": lambda m=mode, k=k, s=stride: pool2d(x, kernel_size=k, stride=s, mode=m),
                t1: lambda f=fn, k=k, s=stride: f(xt, k, stride=s),
            }
            fns[tn] = fns[t1]
            best, res = race(fns, repeat)
            diff = float(np.abs(res["ours"] - res[t1].numpy()).max())
            print(row(f"{mode} pool {k}x{k} stride {stride}", best["ours"], best[t1], best[tn], diff))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (best is kept)")
    parser.add_argument("--quick", action="store_true", help="1 MP only")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, torch {torch.__version__} (default threads {DEFAULT_THREADS})")
    for label, hw in SIZES.items():
        if args.quick and label != "1 MP":
            continue
        bench_size(label, hw, args.repeat)


if __name__ == "__main__":
    main()

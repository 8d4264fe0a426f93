"""Speed of ``core.conv`` against PyTorch (and Pillow) on photo-sized images.

Run: ``python bench/bench_conv.py`` (from anywhere; ``--quick`` for 1 MP only, ``--repeat N``).
For each case it prints the best-of-N wall time of ours, of torch with 1 thread and with torch's
default thread count, and the ratios ours / torch (below 1 means we are faster). Convolutions are
per channel on an RGB float32 image (torch: ``F.conv2d(..., groups=3)``, depthwise), padding
``k // 2``; pooling is ``F.max_pool2d`` / ``F.avg_pool2d``. For 3x3 and 5x5 at stride 1 it also
times Pillow's ``ImageFilter.Kernel`` on the uint8 version of the same image (Pillow only filters
8-bit images and has no stride). Every row also prints max |ours - torch| as a sanity check.
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

from core.conv import conv2d, pool2d  # noqa: E402

DEFAULT_THREADS = torch.get_num_threads()
SIZES = {"12 MP": (3000, 4000), "1 MP": (864, 1152)}


def best_of(fn, repeat: int) -> tuple[float, object]:
    """Smallest wall time over ``repeat`` calls (after one warm-up call) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def torch_times(fn, repeat: int) -> tuple[float, float, np.ndarray]:
    """Best time of ``fn`` with 1 thread and with the default thread count, and its result."""
    torch.set_num_threads(1)
    t1, out = best_of(fn, repeat)
    torch.set_num_threads(DEFAULT_THREADS)
    tn, _ = best_of(fn, repeat)
    torch.set_num_threads(1)
    return t1, tn, out.numpy()


def pillow_time(img: Image.Image, kernel: np.ndarray, repeat: int) -> float:
    flt = ImageFilter.Kernel(kernel.shape, kernel[::-1, ::-1].ravel().tolist(), scale=1)
    return best_of(lambda: img.filter(flt), repeat)[0]


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
    for k in (3, 5):
        w = rng.standard_normal((3, 1, k, k)).astype(np.float32)  # (C_out=3, C_in/groups=1, k, k)
        wt = torch.from_numpy(w)
        for stride in (1, 2):
            ours, out = best_of(lambda w=w, s=stride, k=k: conv2d(x, w, stride=s, padding=k // 2, groups=3), repeat)
            t1, tn, ref = torch_times(
                lambda wt=wt, s=stride, k=k: F.conv2d(xt, wt, stride=s, padding=k // 2, groups=3), repeat
            )
            pil = pillow_time(img, w[0, 0], repeat) if stride == 1 else None
            print(row(f"conv {k}x{k} stride {stride}", ours, t1, tn, float(np.abs(out - ref).max()), pil))
    for mode, fn in (("max", F.max_pool2d), ("avg", F.avg_pool2d)):
        for k, stride in ((2, 2), (3, 2)):
            ours, out = best_of(lambda m=mode, k=k, s=stride: pool2d(x, kernel_size=k, stride=s, mode=m), repeat)
            t1, tn, ref = torch_times(lambda f=fn, k=k, s=stride: f(xt, k, stride=s), repeat)
            print(row(f"{mode} pool {k}x{k} stride {stride}", ours, t1, tn, float(np.abs(out - ref).max())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case (best is kept)")
    parser.add_argument("--quick", action="store_true", help="1 MP only")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, torch {torch.__version__} (default threads {DEFAULT_THREADS})")
    for label, hw in SIZES.items():
        if args.quick and label != "1 MP":
            continue
        bench_size(label, hw, args.repeat)


if __name__ == "__main__":
    main()

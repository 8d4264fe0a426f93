"""What one heavy upload costs the server (issue 22, items 2 and 3), before and after, measured in one run.

    .venv/bin/python bench/bench_uploads.py [--before REF] [--repeat N]

For the issue's files (tests/upload_files.py) it prints, per upload:

- before: the old code path (``core`` of git REF, default the commit before the bounded decoding), which decoded
  in the Streamlit process: that process's CPU-seconds, its peak RSS (a fresh process, numpy and Pillow
  included) and the wall time to the answer;
- after: a process standing for the server, with a warm worker pool (``serve.worker.Pool``) and
  ``serve.decode.Uploads`` as the pages use it: the server's own CPU-seconds, its RSS growth, the wall time to the
  answer; and the peak RSS of a fresh process running the decode the worker runs.

Ratios are before / after. Peak RSS is VmHWM (ru_maxrss is inherited over exec on Linux).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BEFORE_REF = "aa21e0c~1"  # the last commit that decoded in the Streamlit process at full size

_HWM = """
def hwm_mb():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
def rss_mb():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024
"""

# The old path: the page called core directly, in the server's process.
_BEFORE = (
    _HWM
    + """
import json, sys, time
sys.path.insert(0, {root!r})
import numpy, PIL.Image
data = open({path!r}, "rb").read()
cpu, wall = time.process_time(), time.perf_counter()
try:
    if {kind!r} == "zip":
        from core.zipdata import from_zip
        ds = from_zip(data, size=32, channels=3)
        answer = "accepted %d images" % (len(ds.y_train) + len(ds.y_val))
    else:
        from core.images import load_image_info
        answer = "accepted %s" % (load_image_info(data, max_side=1024).image.shape,)
except ValueError as err:
    answer = "refused: %s" % getattr(err, "code", err)
print(json.dumps({{"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall, "peak": hwm_mb(),
                  "answer": answer}}))
"""
)

# The new path: a server process with a warm pool; the decode runs where serve.decode decides.
_AFTER = (
    _HWM
    + """
import json, sys, time
sys.path.insert(0, {root!r})
from serve.worker import Pool
from serve.decode import Uploads
pool = Pool(1)
pool.warm()
pool.call(len, b"")  # the worker is up (torch loaded, warmed) before the clock starts
data = open({path!r}, "rb").read()
out = []
for _ in range({repeat}):
    uploads = Uploads(pool)  # nothing kept from the previous round
    base, cpu, wall = rss_mb(), time.process_time(), time.perf_counter()
    try:
        if {kind!r} == "zip":
            ds = uploads.dataset(data, size=32, channels=3, slot={{}})
            answer = "accepted %d images" % (len(ds.y_train) + len(ds.y_val))
        else:
            answer = "accepted %s" % (uploads.decoded_image(data, max_side=1024, slot={{}}).image.shape,)
    except ValueError as err:
        answer = "refused: %s" % getattr(err, "code", err)
    out.append({{"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall, "growth": rss_mb() - base,
                "answer": answer, "in_worker": uploads.worker_calls}})
pool.close()
best = min(out, key=lambda r: r["wall"])
print(json.dumps(best))
"""
)

# What the worker runs, alone in a fresh process: its peak RSS.
_WORKER = (
    _HWM
    + """
import json, sys
sys.path.insert(0, {root!r})
import numpy, PIL.Image
from serve.decode import decode_image, decode_zip
data = open({path!r}, "rb").read()
decode_zip(data, 32, 3) if {kind!r} == "zip" else decode_image(data, 1024)
print(json.dumps({{"peak": hwm_mb()}}))
"""
)


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _old_tree(ref: str, folder: Path) -> Path:
    """``core`` as it was at ``ref`` (git archive), to run the old code path beside the new one."""
    archive = subprocess.run(["git", "archive", ref, "core"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default=BEFORE_REF, help="git ref of the old code path")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of the new path (the fastest is shown)")
    args = parser.parse_args()

    from tests import upload_files as files

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        old = _old_tree(args.before, tmp / "old")
        uploads = {
            "zero 16-bit RGB PNG 6300² (230 KB)": ("image", files.zero_png16_rgb()),
            "gradient 16-bit grey PNG 40 MP": ("image", files.gradient_png16_grey()),
            "zip of 20 flat 24 MP PNGs (1.5 MB)": ("zip", files.flat_zip(20)),
            "zip of 16 flat 24 MP PNGs (384 MP, accepted)": ("zip", files.flat_zip(16)),
        }
        print(f"before: core of {args.before}, decoded in the server process; after: serve.decode with a warm pool")
        header = f"{'upload':46} {'':6} {'server CPU-s':>12} {'server MB':>10} {'decode MB':>10} {'wall s':>7}  answer"
        print(header)
        for name, (kind, data) in uploads.items():
            path = tmp / "upload"
            path.write_bytes(data)
            fill = {"root": str(old), "path": str(path), "kind": kind}
            before = _run(_BEFORE.format(**fill))
            after = _run(_AFTER.format(root=str(ROOT), path=str(path), kind=kind, repeat=args.repeat))
            worker = _run(_WORKER.format(root=str(ROOT), path=str(path), kind=kind))
            print(
                f"{name:46} {'before':6} {before['cpu']:12.2f} {before['peak']:10.0f} {before['peak']:10.0f} "
                f"{before['wall']:7.2f}  {before['answer']}"
            )
            print(
                f"{'':46} {'after':6} {after['cpu']:12.2f} {after['growth']:+10.0f} {worker['peak']:10.0f} "
                f"{after['wall']:7.2f}  {after['answer']} (in a worker: {after['in_worker']})"
            )
            print(
                f"{'':46} {'ratio':6} {before['cpu'] / max(after['cpu'], 1e-3):12.1f} {'':10} "
                f"{before['peak'] / worker['peak']:10.1f} {before['wall'] / max(after['wall'], 1e-3):7.1f}"
            )


if __name__ == "__main__":
    main()

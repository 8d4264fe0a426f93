"""Issue 22, items 2 and 3: uploads are decoded with bounded memory, big ones outside the Streamlit process.

Memory is measured as the peak RSS of a fresh ``python -c`` process (numpy and Pillow included); no timing here
(bench/bench_uploads.py prints CPU-seconds and wall times).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core import images
from core.datasets import DatasetError
from core.images import ImageError
from serve import decode
from serve.decode import Busy, Uploads
from serve.worker import WorkerError
from tests import upload_files as files
from tests.apptest_utils import open_page
from ui.common.i18n import TEXT

ROOT = Path(__file__).resolve().parent.parent
BAR_MB = 400  # the issue's bar for one decoding process
LANGS = ("en", "ko")

# The peak is the process's own high-water mark (VmHWM, in kB). Not getrusage's ru_maxrss: Linux carries it over
# exec from the parent, so a child of this (large) pytest process would report pytest's peak.
_MEASURE = """
import json, sys
sys.path.insert(0, {root!r})
import numpy, PIL.Image  # counted in the bar
data = open({path!r}, "rb").read()
{call}
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"kind": kind, "peak_mb": int(hwm.split()[1]) / 1024}}))
"""


def _peak(path: Path, call: str) -> dict:
    """Run ``call`` (it reads ``data`` and sets ``kind``) in a fresh process; its answer and peak RSS in MB."""
    code = _MEASURE.format(root=str(ROOT), path=str(path), call=call)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _rgba_png() -> bytes:
    """40 MP of 8-bit RGBA, half see-through: decoded at 4 bytes a pixel, composited on white."""
    w, h = 7300, 5475
    row = np.zeros((w, 4), np.uint8)
    row[:, 0], row[:, 1], row[:, 2], row[:, 3] = np.arange(w) % 256, 90, 200, 128
    line = row.tobytes()
    return files.png_rows(w, h, depth=8, color=6, row=lambda y: line)


def _jpeg() -> bytes:
    rgb = np.zeros((5475, 7300, 3), np.uint8)
    rgb[..., 0] = np.arange(7300) % 256
    return files.save(Image.fromarray(rgb), "JPEG", quality=90)


def _webp_at_limit() -> bytes:
    side = int(images.MAX_WEBP_PIXELS**0.5)
    return files.save(Image.new("RGB", (side, side), (30, 120, 200)), "WEBP", quality=50, method=0)


PICTURES = {
    "zero_png16_rgb_6300": files.zero_png16_rgb,  # the issue's 230 KB file
    "gradient_png16_grey_40mp": files.gradient_png16_grey,  # 40 MP, 16-bit, real content
    "rgba_png_40mp": _rgba_png,
    "jpeg_40mp": _jpeg,
    "webp_at_its_limit": _webp_at_limit,
}


@pytest.fixture(scope="module")
def picture_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pictures")
    paths = {}
    for name, make in PICTURES.items():
        paths[name] = folder / name
        paths[name].write_bytes(make())
    return paths


@pytest.mark.parametrize("name", list(PICTURES))
def test_a_picture_decodes_within_the_memory_bar(picture_files, name):
    """core.images converted 16-bit pixels to float64 at full size (1.37 GB for 40 MP) and copied RGB(A)
    pictures whole before downscaling (387 MB for the issue's zero PNG)."""
    got = _peak(
        picture_files[name],
        "from core.images import load_image_info\n"
        "loaded = load_image_info(data, max_side=1024)\n"
        "kind = [list(loaded.image.shape), [n.code for n in loaded.notes]]",
    )
    assert got["peak_mb"] <= BAR_MB, got
    shape, notes = got["kind"]
    assert max(shape[:2]) == 1024 and "downscaled" in notes


def test_a_big_webp_is_refused_from_its_header(tmp_path):
    """Pillow decodes WebP through ~15 bytes a pixel: past MAX_WEBP_PIXELS it is refused before decoding."""
    side = 5000  # 25 MP: over the WebP limit, under the general one
    path = tmp_path / "big.webp"
    path.write_bytes(files.save(Image.new("RGB", (side, side), (10, 20, 30)), "WEBP", quality=50, method=0))
    got = _peak(
        path,
        "from core.images import ImageError, load_image_info\n"
        "try:\n    load_image_info(data, max_side=1024)\n    kind = 'accepted'\n"
        "except ImageError as err:\n    kind = [err.code, err.params['limit']]",
    )
    assert got["kind"] == ["too_large", images.MAX_WEBP_PIXELS / 1e6] and got["peak_mb"] <= BAR_MB


@pytest.mark.parametrize("name", ["zero_png16_rgb_6300", "gradient_png16_grey_40mp"])
def test_the_pages_picture_path_in_a_worker_stays_within_the_bar(picture_files, name):
    """What /convolution and the Try-it tab run in a worker for a big upload: serve.decode.decode_image."""
    got = _peak(
        picture_files[name],
        "from core.images import WORKING_SIDE\nfrom serve.decode import decode_image\n"
        "kind = list(decode_image(data, WORKING_SIDE).image.shape)",
    )
    assert got["peak_mb"] <= BAR_MB and max(got["kind"][:2]) == images.WORKING_SIDE, got


def test_the_zip_path_in_a_worker_stays_within_the_bar(tmp_path):
    """What /train runs in a worker for a zip: serve.decode.decode_zip, here four 24 MP 16-bit pictures."""
    page = files.png_rows(6000, 4000, depth=16, color=2, row=lambda y: bytes(range(256)) * 187 + bytes(36 * 6))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for i in range(4):
            zf.writestr(f"c{i % 2}/{i}.png", page)
    path = tmp_path / "four.zip"
    path.write_bytes(buffer.getvalue())
    got = _peak(path, "from serve.decode import decode_zip\nkind = list(decode_zip(data, 48, 3).x_train.shape)")
    assert got["peak_mb"] <= BAR_MB and got["kind"][1:] == [3, 48, 48], got


def test_strips_give_the_picture_of_converting_it_whole():
    """The strip-by-strip reduction is the old whole-picture conversion then resize, within rounding."""
    rng = np.random.default_rng(0)
    grey16 = (rng.random((900, 1300)) * 65535).astype(np.uint16)
    data = files.save(Image.fromarray(grey16), "PNG")
    small = images.load_image_info(data, max_side=100).image
    whole = np.rint(grey16 / 65535 * 255).astype(np.uint8)
    expected = images.resize(np.stack([whole] * 3, axis=-1), small.shape[:2])
    assert np.abs(small.astype(int) - expected).max() <= 2


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied_after_shrinking(orientation):
    from PIL import ImageOps

    rgb = np.zeros((300, 500, 3), np.uint8)
    rgb[:60, :100] = 255  # a white corner: where it lands says the orientation
    im = Image.fromarray(rgb)
    exif = im.getexif()
    exif[0x0112] = orientation
    data = files.save(im, "PNG", exif=exif)
    small = images.load_image_info(data, max_side=50).image
    reference = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB"))
    expected = images.resize(reference, small.shape[:2])
    assert small.shape == expected.shape and np.abs(small.astype(int) - expected).max() <= 8  # a wrong turn: 255


# ----------------------------------------------------------------------------- out of the Streamlit process


class CountingPool:
    """Runs calls in this process on a thread (so the test can see them); can block or fail on demand."""

    def __init__(self, *, gate: threading.Event | None = None, fail: str | None = None) -> None:
        self.calls, self.gate, self.fail = [], gate, fail

    def call(self, fn, *args, timeout=None):
        self.calls.append(fn.__name__)
        if self.gate is not None:
            self.gate.wait(30)
        if self.fail is not None:
            raise WorkerError(self.fail, f"the worker {self.fail}")
        return fn(*args)


@pytest.fixture(scope="module")
def issue_zip() -> bytes:
    return files.flat_zip()  # 20 flat 24 MP PNGs, 1.5 MB


def test_the_issue_zip_is_refused_without_decoding_a_picture_here(issue_zip, monkeypatch):
    """The zip of 20 × 24 MP (480 MP) is over the budget: refused from the headers, no picture decoded (the old
    code decoded every one in the Streamlit process, ~6 CPU-s, before the 2000 MP limit could fire)."""
    decoded = []
    monkeypatch.setattr(images, "load_image_info", lambda *a, **k: decoded.append(1))
    uploads = Uploads(CountingPool())
    with pytest.raises(DatasetError) as info:
        uploads.dataset(issue_zip, size=32, channels=3, slot={})
    assert (info.value.code, info.value.params["megapixels"], decoded) == ("too_many_pixels", 480, [])


@pytest.fixture(scope="module")
def pool():
    from serve.worker import Pool

    p = Pool(1)
    yield p
    p.close()


def test_a_zip_within_the_budget_is_decoded_in_a_worker(pool, monkeypatch):
    """A zip of 10 flat 24 MP pictures (240 MP): every picture is decoded in the worker process, none here."""
    here = []
    monkeypatch.setattr(decode, "from_zip", lambda *a, **k: here.append(1))  # decoding here would fail the test
    data = files.flat_zip(10)
    uploads = Uploads(pool)
    ds = uploads.dataset(data, size=16, channels=3, slot={})
    assert (here, uploads.worker_calls, ds.class_names, len(ds.y_train) + len(ds.y_val)) == ([], 1, ["c0", "c1"], 10)
    renamed = uploads.dataset(bytes(data), size=16, channels=3, slot={})  # another name, same bytes
    assert uploads.worker_calls == 1 and np.array_equal(renamed.x_train, ds.x_train)
    assert renamed.x_train is not ds.x_train  # each session its own copy


def test_a_big_picture_is_decoded_in_a_worker_and_a_small_one_here(picture_files, pool):
    uploads = Uploads(pool)
    data = picture_files["zero_png16_rgb_6300"].read_bytes()
    assert uploads.decoded_image(data, max_side=1024, slot={}).image.shape == (1024, 1024, 3)
    small = files.save(Image.new("RGB", (1600, 1200)), "PNG")
    assert uploads.decoded_image(small, max_side=1024, slot={}).image.shape == (768, 1024, 3)
    assert uploads.worker_calls == 1  # the small one cost less here than shipping it
    assert pool.call(__import__("os").getpid) != __import__("os").getpid()


def test_refusals_are_kept_by_content_too():
    pool = CountingPool()
    uploads = Uploads(pool, in_process_pixels=0)
    corrupt = files.zero_png16_rgb(300)[:-200]  # cut off: the header is fine, the pixels are not
    for _ in range(2):
        with pytest.raises(ImageError):
            uploads.decoded_image(corrupt, max_side=100, slot={})
    assert pool.calls == ["decode_image"]


def test_one_decode_in_flight_per_session():
    gate = threading.Event()
    uploads = Uploads(CountingPool(gate=gate), in_process_pixels=0)
    slot: dict = {}
    first = files.save(Image.new("RGB", (40, 30)), "PNG")
    second = files.save(Image.new("RGB", (50, 30)), "PNG")
    with pytest.raises(WorkerError) as info:  # the page stops waiting; the decode goes on
        uploads.decoded_image(first, max_side=100, slot=slot, wait=0.05)
    assert info.value.code == "timeout"
    with pytest.raises(Busy):  # a second upload of the same session is not queued behind it
        uploads.decoded_image(second, max_side=100, slot=slot, wait=0.05)
    with pytest.raises(WorkerError):  # another session is not refused: it waits its turn in the pool
        uploads.decoded_image(second, max_side=100, slot={}, wait=0.05)
    gate.set()
    assert uploads.decoded_image(first, max_side=100, slot=slot, wait=30).image.shape == (30, 40, 3)
    assert uploads.decoded_image(second, max_side=100, slot=slot, wait=30).image.shape == (30, 50, 3)


# ----------------------------------------------------------------------------- what the page says


def _zip_upload(at, name: str, data: bytes):
    return at.file_uploader(key="train_zip").set_value((name, data, "application/zip")).run()


def _small_zip(seed: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for i in range(6):
            colour = (40 * (i % 2) + seed, 100, 200)
            zf.writestr(f"{'ab'[i % 2]}/{i}.png", files.save(Image.new("RGB", (20, 20), colour), "PNG"))
    return buffer.getvalue()


@pytest.fixture
def page_uploads(monkeypatch):
    """The page's decoder with a pool that counts (every zip goes to it)."""
    from ui.common import uploads as ui_uploads

    pool = CountingPool()
    monkeypatch.setattr(
        ui_uploads, "UPLOADS", Uploads(pool, in_process_pixels=0, in_process_zip_bytes=0), raising=False
    )
    return pool


def test_a_renamed_zip_is_not_decoded_again(page_uploads):
    at = open_page("pages/train.py", "en", query={"train_data": "upload"}, timeout=120)
    data = _small_zip()
    _zip_upload(at, "mine.zip", data)
    _zip_upload(at, "copy of mine.zip", data)
    assert not at.exception and not at.error
    assert page_uploads.calls == ["decode_zip"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_lost_worker_is_said_and_the_last_dataset_stays(page_uploads, lang):
    at = open_page("pages/train.py", lang, query={"train_data": "upload"}, timeout=120)
    _zip_upload(at, "good.zip", _small_zip())
    page_uploads.fail = "lost"
    _zip_upload(at, "other.zip", _small_zip(seed=5))
    assert not at.exception
    assert [e.value for e in at.error] == [TEXT["upload.failure.lost"][lang]]
    assert at.session_state["train_upload_ds"].class_names == ["a", "b"]  # the good one stays


@pytest.mark.parametrize("lang", LANGS)
def test_a_second_upload_while_one_is_read_is_refused_in_words(monkeypatch, lang):
    from ui.common import uploads as ui_uploads

    gate = threading.Event()
    uploads = Uploads(CountingPool(gate=gate), in_process_pixels=0, in_process_zip_bytes=0)
    monkeypatch.setattr(ui_uploads, "UPLOADS", uploads, raising=False)
    monkeypatch.setattr(ui_uploads, "WAIT_S", 0.2, raising=False)
    at = open_page("pages/train.py", lang, query={"train_data": "upload"}, timeout=120)
    _zip_upload(at, "slow.zip", _small_zip())
    timeout = TEXT["upload.failure.timeout"][lang].format(seconds="0.2")
    assert [e.value for e in at.error] == [timeout]
    _zip_upload(at, "next.zip", _small_zip(seed=5))
    assert [e.value for e in at.error] == [TEXT["upload.failure.busy"][lang]]
    gate.set()
    monkeypatch.setattr(ui_uploads, "WAIT_S", 30.0)
    _zip_upload(at, "next.zip", _small_zip(seed=5))
    assert not at.error and at.session_state["train_upload_ds"].n_classes == 2


@pytest.mark.parametrize("lang", LANGS)
def test_the_convolution_page_says_a_lost_worker_and_keeps_the_picture(page_uploads, lang):
    at = open_page("pages/convolution.py", lang, query={"cv_src": "upload"})
    first = files.save(Image.new("RGB", (40, 30), (200, 10, 10)), "PNG")
    at.file_uploader(key="cv_upload").set_value(("first.png", first, "image/png")).run()
    assert not at.exception and not at.error and page_uploads.calls == ["decode_image"]
    page_uploads.fail = "lost"
    second = files.save(Image.new("RGB", (50, 30), (10, 200, 10)), "PNG")
    at.file_uploader(key="cv_upload").set_value(("second.png", second, "image/png")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [TEXT["upload.failure.lost"][lang]]
    assert at.session_state["cv_upload_ok"][1] == "first.png"  # the last good picture stays


@pytest.mark.parametrize("lang", LANGS)
def test_try_it_says_a_timed_out_worker_and_the_model_stays(monkeypatch, lang):
    from ui.common import uploads as ui_uploads
    from ui.train.inside import TABS_KEY

    gate = threading.Event()
    monkeypatch.setattr(ui_uploads, "UPLOADS", Uploads(CountingPool(gate=gate), in_process_pixels=0), raising=False)
    monkeypatch.setattr(ui_uploads, "WAIT_S", 0.2, raising=False)
    at = open_page("pages/train.py", lang, timeout=120)
    at.button(key="train_step").click().run()
    at.session_state[TABS_KEY] = TEXT["train.tab.try"][lang]
    at.run()
    photo = files.save(Image.new("RGB", (60, 40), (250, 250, 120)), "PNG")
    at.file_uploader(key="train_try").set_value(("photo.png", photo, "image/png")).run()
    assert not at.exception
    assert TEXT["upload.failure.timeout"][lang].format(seconds="0.2") in [e.value for e in at.error]
    gate.set()
    monkeypatch.setattr(ui_uploads, "WAIT_S", 30.0, raising=False)
    at.run()  # any click: the answer that arrived meanwhile is shown
    assert not at.exception and not at.error
    assert TEXT["train.try.topk"][lang].format(k=5) in [m.value for m in at.markdown]

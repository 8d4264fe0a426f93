"""Uploads decoded outside the Streamlit process: pictures and zips of class folders (issue 22, items 2 and 3).

Every session of the server shares one process: a 24 MP picture decoded there costs every student's clicks a
few hundred milliseconds, a zip of them seconds. Here a big upload goes to a worker (``serve.worker.Pool.call``)
and the page only waits for the answer; a small one, decided from its header alone (Pillow reads the header
without decoding), costs less to decode here than to ship, and stays.

- worker side: :func:`decode_image` and :func:`decode_zip`, top-level functions a worker runs; a refusal
  (``ImageError``, ``DatasetError``) comes back as a value, not as the text of a failure.
- main side: :class:`Uploads`. Results are kept by the upload's *content* (sha256) and settings, in a bounded
  store shared by the sessions (each caller gets its own copy: nothing is shared but pixels, never a model):
  renaming a file, or a class uploading the teacher's zip, decodes it once. One decode in flight per session
  (``slot``): another upload while one is read is refused with :class:`Busy`, the first one goes on.
- a worker that dies, fails or does not answer in time raises ``serve.worker.WorkerError`` (``lost``,
  ``failed``, ``timeout``): the page says so; nothing the student had before is touched.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from core.errors import CoreError
from core.images import LoadedImage, declared_pixels, load_image_info
from core.zipdata import ZipLimits, from_zip, zip_pixels

# Below this many declared pixels a picture decodes here: at ~4-20 ms of CPU per megapixel, 4 MP cost at most
# as much as shipping the bytes and the answer and waiting for a worker between its training slices (bench/).
IN_PROCESS_PIXELS = 4_000_000
# A zip whose entries declare at most this many bytes has its pictures' headers read here (a few ms); then
# if they declare at most IN_PROCESS_PIXELS together it is decoded here too. Any other zip goes to a worker.
IN_PROCESS_ZIP_BYTES = 4 * 2**20
CALL_TIMEOUT_S = 120.0  # a worker's answer, waiting for a free call included; the page waits less (``wait``)
STORE_BYTES = 256 * 2**20  # results kept for every session together (pixels and datasets' arrays)
STORE_ENTRIES = 32


class Busy(CoreError):
    """The session's previous upload is still being read (code ``busy``): one at a time per session."""


# ----------------------------------------------------------------------------- the worker's side


def decode_image(data: bytes, max_side: int | None) -> LoadedImage | CoreError:
    """``core.images.load_image_info(data, max_side=max_side)``, a refusal returned as the error itself."""
    try:
        return load_image_info(data, max_side=max_side)
    except CoreError as err:
        return err


def decode_zip(data: bytes, size: int, channels: int):
    """``core.zipdata.from_zip(data, size=size, channels=channels)``, a refusal returned as the error itself."""
    try:
        return from_zip(data, size=size, channels=channels)
    except CoreError as err:
        return err


# ----------------------------------------------------------------------------- the main side


@dataclass
class _Pending:
    """One decode under way: its answer (a value or an error) once ``done`` is set."""

    key: tuple
    done: threading.Event = field(default_factory=threading.Event)
    value: object = None
    error: BaseException | None = None


def _nbytes(value: object) -> int:
    """Bytes of the arrays a result holds (what a stored result costs)."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, LoadedImage):
        return value.image.nbytes
    arrays = (getattr(value, name, None) for name in ("x_train", "y_train", "x_val", "y_val"))
    return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))


class Uploads:
    """Decodes uploads for every session: in this process when small, else in ``pool``'s workers.

    Parameters
    ----------
    pool : serve.worker.Pool
        Where big uploads are decoded (``pool.call``).
    in_process_pixels, in_process_zip_bytes : int
        Below these, decoding here is cheaper than shipping.
    store_bytes, store_entries : int
        Bounds of the results kept (least recently used goes first).
    """

    def __init__(
        self,
        pool,
        *,
        in_process_pixels: int = IN_PROCESS_PIXELS,
        in_process_zip_bytes: int = IN_PROCESS_ZIP_BYTES,
        store_bytes: int = STORE_BYTES,
        store_entries: int = STORE_ENTRIES,
    ) -> None:
        self.pool = pool
        self.in_process_pixels, self.in_process_zip_bytes = in_process_pixels, in_process_zip_bytes
        self.store_bytes, self.store_entries = store_bytes, store_entries
        self._store: OrderedDict[tuple, tuple[object, int]] = OrderedDict()  # key -> (result or CoreError, bytes)
        self._running: dict[tuple, _Pending] = {}  # decodes under way, shared by the sessions asking for them
        self._lock = threading.Lock()
        self.worker_calls = 0  # decodes sent to a worker (for tests and bench/)

    def decoded_image(self, data: bytes, *, max_side: int | None, slot: dict, wait: float = 60.0) -> LoadedImage:
        """``load_image_info(data, max_side=max_side)``; raises ImageError, Busy or WorkerError.

        ``slot`` is the session's own dict (kept in its state): it holds the session's decode in flight.
        ``wait``: seconds this caller waits for a worker's answer before ``WorkerError("timeout")`` (the decode
        goes on; asking again for the same bytes picks its answer up).
        """
        data = bytes(data)
        key = ("image", hashlib.sha256(data).hexdigest(), max_side)
        if (found := self._stored(key)) is not None:
            return _unwrap(found)
        if declared_pixels(data) <= self.in_process_pixels:  # header only; refusals raise here, at once
            return _unwrap(self._keep(key, decode_image(data, max_side)))
        return self._in_worker(key, decode_image, (data, max_side), slot=slot, wait=wait)

    def dataset(self, data: bytes, *, size: int, channels: int, slot: dict, wait: float = 60.0):
        """``from_zip(data, size=size, channels=channels)``; raises DatasetError, Busy or WorkerError."""
        data = bytes(data)
        key = ("zip", hashlib.sha256(data).hexdigest(), size, channels)
        if (found := self._stored(key)) is not None:
            return _unwrap(found)
        try:
            pixels = zip_pixels(data, max_uncompressed=self.in_process_zip_bytes, limits=ZipLimits())
        except CoreError as err:  # refused from its directory and headers: no need for a worker
            return _unwrap(self._keep(key, err))
        if pixels is not None and pixels <= self.in_process_pixels:
            return _unwrap(self._keep(key, decode_zip(data, size, channels)))
        return self._in_worker(key, decode_zip, (data, size, channels), slot=slot, wait=wait)

    # -- the store

    def _stored(self, key: tuple):
        with self._lock:
            if key not in self._store:
                return None
            self._store.move_to_end(key)
            return self._store[key][0]

    def _keep(self, key: tuple, result):
        """Store ``result`` (a value or a CoreError) under ``key``, within the bounds; returns it."""
        size = _nbytes(result)
        with self._lock:
            if size <= self.store_bytes:
                self._store[key] = (result, size)
                self._store.move_to_end(key)
                while (
                    len(self._store) > self.store_entries or sum(n for _, n in self._store.values()) > self.store_bytes
                ):
                    self._store.popitem(last=False)
        return result

    # -- the workers

    def _in_worker(self, key: tuple, fn, args: tuple, *, slot: dict, wait: float):
        with self._lock:
            mine = slot.get("pending")
            if mine is not None and not mine.done.is_set() and mine.key != key:
                raise Busy("busy", "this session's previous upload is still being read")
            pending = self._running.get(key)
            if pending is None:
                pending = self._running[key] = _Pending(key)
                self.worker_calls += 1
                threading.Thread(target=self._call, args=(pending, fn, args), daemon=True, name="decode").start()
            slot["pending"] = pending
        if not pending.done.wait(wait):
            from serve.worker import WorkerError

            raise WorkerError("timeout", f"no answer within {wait:g} s", seconds=wait)
        with self._lock:
            if slot.get("pending") is pending:
                del slot["pending"]
        if pending.error is not None:
            raise pending.error
        return _unwrap(pending.value)

    def _call(self, pending: _Pending, fn, args: tuple) -> None:
        """In its own thread: the pool's answer, stored (a refusal too, and a worker's failure or loss: the same
        bytes would fail again); a timeout is not stored, the next upload of the bytes tries again."""
        from serve.worker import WorkerError

        try:
            pending.value = self._keep(pending.key, self.pool.call(fn, *args, timeout=CALL_TIMEOUT_S))
        except WorkerError as err:
            pending.error = err if err.code == "timeout" else self._keep(pending.key, err)
        except BaseException as err:  # e.g. the bytes could not be pickled: this upload fails, nothing else
            pending.error = WorkerError("failed", f"{type(err).__name__}: {err}", error=str(err))
        finally:
            with self._lock:
                self._running.pop(pending.key, None)
            pending.done.set()


def _unwrap(result):
    """A copy of a stored result for one caller (every session its own arrays); a stored error is raised."""
    if isinstance(result, BaseException):
        raise copy.copy(result)
    return copy.deepcopy(result)

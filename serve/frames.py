"""The frames the server and its training workers exchange (serve.worker, serve.trainloop).

One message per frame: a small pickled header ``(kind, key)`` and the pickled rest, each unpickled on its own, so a
payload that cannot be unpickled fails only the job or call its header names.
"""

from __future__ import annotations

import pickle
import struct
from multiprocessing.connection import Connection

_HEAD = struct.Struct("!I")  # the header's length, before the header


class _BadFrame(Exception):
    """A frame that could not be unpickled; ``kind`` and ``key`` name what it carried when its header could be."""

    def __init__(self, kind: str | None, key: int | None, error: BaseException) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.kind, self.key = kind, key


def _frame(kind: str, key: int, *rest) -> bytes:
    """One message as bytes: header ``(kind, key)`` and payload ``rest``, pickled apart (plain pickle, tensors'
    bytes inline: Connection.send would hand torch storages over as file descriptors). Pickling errors raise here,
    in the sender's thread, before anything is written."""
    head = pickle.dumps((kind, key), protocol=pickle.HIGHEST_PROTOCOL)
    return b"".join((_HEAD.pack(len(head)), head, pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)))


def _unframe(data: bytes) -> tuple:
    """``(kind, key, *rest)`` of a frame; ``_BadFrame`` if any part of it cannot be unpickled."""
    kind = key = None
    try:
        (n,) = _HEAD.unpack_from(data)
        kind, key = pickle.loads(data[_HEAD.size : _HEAD.size + n])
        rest = pickle.loads(memoryview(data)[_HEAD.size + n :])
    except Exception as err:  # truncated, garbage, or an object whose rebuilding raises: all mean this frame only
        raise _BadFrame(kind, key, err) from None
    return (kind, key, *rest)


def _put(conn: Connection, msg: tuple) -> None:
    conn.send_bytes(_frame(*msg))


def _get(conn: Connection) -> tuple:
    return _unframe(conn.recv_bytes())

"""bench/wsclock.py, the relay that times reruns for bench_classroom.py: its websocket frame reader and the
"script finished" test, on frames built here (RFC 6455) and on Streamlit's own messages."""

from __future__ import annotations

import os
import struct

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.wsclock import MAX_FINISHED_BYTES, frames, run_finished


def frame(payload: bytes, *, opcode: int = 2, masked: bool = False) -> bytes:
    """One final websocket frame, as a browser (masked) or a server (not) sends it."""
    n = len(payload)
    head = bytes([0x80 | opcode])
    mask_bit = 0x80 if masked else 0
    if n < 126:
        head += bytes([mask_bit | n])
    elif n < 65536:
        head += bytes([mask_bit | 126]) + struct.pack(">H", n)
    else:
        head += bytes([mask_bit | 127]) + struct.pack(">Q", n)
    if masked:
        key = os.urandom(4)
        return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return head + payload


def finished(status=ForwardMsg.FINISHED_SUCCESSFULLY) -> bytes:
    msg = ForwardMsg()
    msg.metadata.delta_path.append(0)
    msg.script_finished = status
    return msg.SerializeToString()


@pytest.mark.parametrize("n", [0, 5, 125, 126, 300, 65535, 65536, 70000])
def test_frames_of_every_length_come_whole(n):
    payload = bytes(range(256)) * (n // 256) + bytes(range(n % 256))
    buf = bytearray(frame(payload) + frame(b"next"))
    got = list(frames(buf))
    assert [op for op, _ in got] == [2, 2] and not buf
    assert got[0][1] == (payload if n <= MAX_FINISHED_BYTES else None)  # large payloads are never copied
    assert got[1][1] == b"next"


def test_a_frame_split_anywhere_waits_for_its_rest():
    data = frame(b"x" * 300) + frame(finished())
    for cut in range(1, len(data)):
        buf = bytearray(data[:cut])
        first = list(frames(buf))
        buf += data[cut:]
        assert len(first) + len(list(frames(buf))) == 2 and not buf


def test_masked_browser_frames_are_counted_not_read():
    buf = bytearray(frame(b"rerun please", masked=True, opcode=2) + frame(b"ping", opcode=9, masked=True))
    assert list(frames(buf)) == [(2, None), (9, None)]


def test_script_finished_for_a_whole_run_or_a_fragment_run():
    assert run_finished(finished())
    assert run_finished(finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY))  # a move inside a fragment
    assert not run_finished(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    other = ForwardMsg()
    other.session_status_changed.script_is_running = False
    assert not run_finished(other.SerializeToString())
    assert not run_finished(b"\xff\xff not a message")

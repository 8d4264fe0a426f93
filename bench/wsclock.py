"""A TCP relay that times a Streamlit server's reruns from outside the browsers (for bench_classroom.py).

Run: ``python bench/wsclock.py LISTEN_PORT TARGET_PORT LOG`` (127.0.0.1 only). Browsers open the app through
LISTEN_PORT; bytes go both ways unchanged. On a websocket (``/_stcore/stream``) it reads the frames: a frame
from the browser starts a request, and the server's ForwardMsg ``script_finished`` (a whole run, or a fragment's
run) ends it. Each
request is one line in LOG: ``<connection> <start> <end>`` in ``time.monotonic()`` seconds (CLOCK_MONOTONIC,
the same clock in every process of this machine).

Why: a simulated browser on the server's cores reads the server's answer only when its renderer gets the CPU
(Chromium's network service stops reading the socket while the page has not taken the last frames), so even
the browser's own network timestamps include its wait. This relay runs at normal priority and reads every
frame as soon as the server sends it, buffering for a slow browser.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import time

HEAD_END = b"\r\n\r\n"
MAX_FINISHED_BYTES = 256  # a script_finished message is a few dozen bytes; larger frames are never parsed


def run_finished(payload: bytes) -> bool:
    """Whether a server frame is Streamlit's "the run finished": of the whole script, or of a fragment (a page
    whose slider sits in an ``st.fragment`` answers its move with a fragment run). Not a run cut short for the
    next one."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        msg = ForwardMsg.FromString(payload)
    except Exception:  # not a ForwardMsg
        return False
    done = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
    return msg.WhichOneof("type") == "script_finished" and msg.script_finished in done


def frames(buf: bytearray):
    """Complete websocket frames at the start of ``buf`` as (opcode, payload or None when large); consumes them."""
    while len(buf) >= 2:
        opcode, masked, n, i = buf[0] & 0x0F, buf[1] & 0x80, buf[1] & 0x7F, 2
        if n == 126:
            if len(buf) < 4:
                return
            n, i = int.from_bytes(buf[2:4], "big"), 4
        elif n == 127:
            if len(buf) < 10:
                return
            n, i = int.from_bytes(buf[2:10], "big"), 10
        if masked:
            i += 4
        if len(buf) < i + n:
            return
        payload = bytes(buf[i : i + n]) if not masked and n <= MAX_FINISHED_BYTES else None
        del buf[: i + n]
        yield opcode, payload


class Connection:
    ids = itertools.count()

    def __init__(self, log):
        self.id = next(self.ids)
        self.log = log
        self.websocket = False
        self.started: float | None = None  # the first browser frame since the last finished run

    async def browser_to_server(self, reader, writer) -> None:
        head, buf = bytearray(), bytearray()
        in_head = True
        while data := await reader.read(65536):
            writer.write(data)
            if in_head:
                head += data
                if HEAD_END not in head:
                    continue
                in_head = False
                request = bytes(head[: head.index(HEAD_END)]).lower()
                self.websocket = request.startswith(b"get ") and b"upgrade: websocket" in request
                data = bytes(head[head.index(HEAD_END) + 4 :])
            if self.websocket and data:
                buf += data
                for opcode, _ in frames(buf):
                    if opcode in (0, 1, 2) and self.started is None:
                        self.started = time.monotonic()
        writer.close()

    async def server_to_browser(self, reader, writer) -> None:
        head, buf = bytearray(), bytearray()
        in_head = True
        while data := await reader.read(65536):
            now = time.monotonic()
            writer.write(data)  # buffered for a slow browser: the next read does not wait for it
            if not self.websocket:
                continue
            if in_head:
                head += data
                if HEAD_END not in head:
                    continue
                in_head = False
                data = bytes(head[head.index(HEAD_END) + 4 :])
            buf += data
            for opcode, payload in frames(buf):
                if opcode == 2 and payload is not None and run_finished(payload) and self.started is not None:
                    self.log.write(f"{self.id} {self.started:.6f} {now:.6f}\n")
                    self.log.flush()
                    self.started = None
        writer.close()


async def main(listen: int, target: int, path: str) -> None:
    log = open(path, "a", buffering=1)  # open for the relay's lifetime

    async def handle(b_reader, b_writer):
        try:
            s_reader, s_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            b_writer.close()
            return
        conn = Connection(log)
        await asyncio.gather(
            conn.browser_to_server(b_reader, s_writer),
            conn.server_to_browser(s_reader, b_writer),
            return_exceptions=True,
        )

    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))

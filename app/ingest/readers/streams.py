"""Input streams read once, front to back: files and stdin alike, with the first bytes kept for sniffing.

Nothing here reads a whole input into memory: stdin is streamed like a file. A UTF-16 input (it must
start with its byte order mark) is transcoded to UTF-8 on the fly, so the readers see one encoding;
its byte offsets are then those of the UTF-8 text, its line numbers are unchanged.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

SNIFF_BYTES = 8192
CHUNK_BYTES = 1 << 16
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class _Prefixed(io.RawIOBase):
    """A raw stream that serves already-read bytes first, then the rest of the underlying stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = _read_some(self._rest, len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._rest.close()
        super().close()


class _Utf16ToUtf8(io.RawIOBase):
    """UTF-16 bytes in, UTF-8 bytes out, chunk by chunk; unpaired surrogates stay undecodable."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self._decoder = codecs.getincrementaldecoder("utf-16")(errors="surrogatepass")
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = _read_some(self._source, CHUNK_BYTES)
            self._pending = self._decoder.decode(chunk, final=not chunk).encode("utf-8", "surrogatepass")
            if not chunk:
                break
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size

    def close(self) -> None:
        self._source.close()
        super().close()


def _read_some(stream: BinaryIO, size: int) -> bytes:
    """What is available now, up to ``size`` bytes: on a pipe, read() would wait for all of them."""
    read1 = getattr(stream, "read1", None)
    data: bytes = read1(size) if read1 is not None else stream.read(size)
    return data


@dataclass(frozen=True, slots=True)
class Opened:
    """An input ready to read: its first bytes (for sniffing) and a stream that starts at byte 0."""

    head: bytes
    stream: BinaryIO
    encoding: str = "utf-8"


def read_head(stream: BinaryIO, size: int = SNIFF_BYTES) -> bytes:
    """Up to ``size`` bytes, reading again after short reads (pipes deliver in pieces)."""
    parts, total = [], 0
    while total < size and (data := stream.read(size - total)):
        parts.append(data)
        total += len(data)
    return b"".join(parts)


def prepare(raw: BinaryIO) -> Opened:
    """Keep the first bytes, detect UTF-16 by its byte order mark, and rebuild a front-to-back stream."""
    head = read_head(raw)
    stream = io.BufferedReader(_Prefixed(head, raw), CHUNK_BYTES)
    if not head.startswith(UTF16_BOMS):
        return Opened(head, stream)
    utf8 = io.BufferedReader(_Utf16ToUtf8(stream), CHUNK_BYTES)
    head = read_head(utf8)
    return Opened(head, io.BufferedReader(_Prefixed(head, utf8), CHUNK_BYTES), "utf-16")


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """Each line as bytes (with its ending), or, for a line longer than ``limit`` bytes, its length:
    the rest of such a line is skipped in chunks, never held in memory."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        length = len(line)
        while (rest := stream.readline(CHUNK_BYTES)) and not rest.endswith(b"\n"):
            length += len(rest)
        yield length + len(rest)

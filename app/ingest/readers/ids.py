"""Record ids (the optional "id" of JSON Lines and CSV) checked across every file of one ingest run."""

from __future__ import annotations

import hashlib

from app.extract.types import ArticleRecord
from app.ingest.identity import normalise_text
from app.ingest.types import Rejection

ID_CHARS = 80  # of an id quoted in a reason


class IdRegistry:
    """The first record seen under each id in a run: where it was and a digest of its content.

    A repeated id with the same content passes (the loader skips it as already seen); with other content
    it is refused, since one of the two records must be wrong, and the first one wins."""

    def __init__(self) -> None:
        self._files: list[str] = []
        # id -> (index of its file in _files, its line, a 16-byte content digest): ~150 bytes an id.
        self._first: dict[str, tuple[int, int, bytes]] = {}

    def check(self, item: ArticleRecord | Rejection, record_id: object) -> ArticleRecord | Rejection:
        """The record, or a rejection when its id is malformed or already names other content."""
        if record_id is None or record_id == "" or isinstance(item, Rejection):
            return item
        where = (item.source_file or "-", item.source_position or "byte 0")
        if isinstance(record_id, bool) or not isinstance(record_id, str | int):
            kind = type(record_id).__name__
            return Rejection(*where, f"field 'id' must be a string or an integer, not {kind}")
        digest = _digest(item)
        key = str(record_id)
        first = self._first.setdefault(key, (self._file_index(where[0]), _line(where[1]), digest))
        if first[2] == digest:
            return item
        origin = f"line {first[1]}" if self._files[first[0]] == where[0] else self._place(first)
        return Rejection(*where, f"duplicate id {key[:ID_CHARS]!r} (first at {origin}) with other content")

    def _file_index(self, name: str) -> int:
        if not self._files or self._files[-1] != name:  # files are read one after another
            self._files.append(name)
        return len(self._files) - 1

    def _place(self, first: tuple[int, int, bytes]) -> str:
        return f"{self._files[first[0]]} line {first[1]}"


def _digest(record: ArticleRecord) -> bytes:
    """The content identity of app.ingest.identity.content_hash, shortened to 16 bytes."""
    payload = f"{normalise_text(record.title)}\n\n{normalise_text(record.body)}"
    return hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _line(position: str) -> int:
    """The number of a "line N" position (0 for anything else)."""
    number = position.removeprefix("line ")
    return int(number) if number.isdigit() else 0

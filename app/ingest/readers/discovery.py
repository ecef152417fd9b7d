"""Turning command-line paths into inputs: files, directories (recursive) and "-" for stdin."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.ingest.readers.base import BOM
from app.ingest.readers.streams import Opened, prepare
from app.ingest.types import Rejection

Format = Literal["dump", "jsonl", "csv"]
EXTENSIONS: dict[str, Format] = {".txt": "dump", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Input:
    """One input file (or stdin) and the format to read it with (None: sniff the content)."""

    name: str
    path: Path | None  # None for stdin
    format: Format | None


def discover(paths: Sequence[str]) -> Iterator[Input | Rejection]:
    """Expand command-line paths; directories are walked recursively and filtered by extension."""
    for raw in paths:
        path = Path(raw)
        if raw == STDIN:
            yield Input(STDIN, None, None)
        elif path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield Input(raw, path, EXTENSIONS.get(path.suffix.lower()))
        else:
            yield Rejection(raw, "byte 0", "no such file or directory")


def _walk(root: Path) -> Iterator[Input | Rejection]:
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in EXTENSIONS and not _hidden(p.relative_to(root))
    )
    if not files:
        known = ", ".join(EXTENSIONS)
        yield Rejection(str(root), "byte 0", f"directory holds no files to ingest ({known})")
    for path in files:
        yield Input(str(path), path, EXTENSIONS[path.suffix.lower()])


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def open_input(source: Input) -> Opened:
    """The input's first bytes and a stream over all of it; stdin is streamed, never read whole."""
    if source.path is None:
        return prepare(sys.stdin.buffer)
    return prepare(source.path.open("rb"))


def sniff(head: bytes) -> Format:
    """Guess the format from the first bytes."""
    text = head.removeprefix(BOM).lstrip()
    first = text.split(b"\n", 1)[0].strip().lower()
    if text.startswith(b"{"):
        return "jsonl"
    if b"," in first and b"title" in first and b"body" in first:
        return "csv"
    return "dump"

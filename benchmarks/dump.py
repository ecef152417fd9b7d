"""A minimal reader of the seed's plain-text dump format, for measuring shape (not the product's reader)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_LEDE_TAIL_RE = re.compile(r"[.…]+\s*reports\s+(?P<publisher>[^.]+?)\s*$")
_WIRE_RE = re.compile(r"\((?P<wire>[A-Z][A-Za-z]{1,10})\)\s*$")


@dataclass(frozen=True, slots=True)
class DumpArticle:
    sections: tuple[str, ...]
    title: str
    lede: str | None
    paragraphs: tuple[str, ...]
    wire: str | None
    publisher: str | None
    related: str | None


def _blocks(text: str) -> Iterator[list[str]]:
    for chunk in re.split(r"(?m)^Categories\s*$", text.replace("\r\n", "\n").lstrip("\ufeff")):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if len(lines) >= 3:
            yield lines


def _sections(words: list[str]) -> tuple[str, ...]:
    """ "Top News Arab News USA" -> Top News, Arab News, USA: a multi-word section ends in "News"."""
    out: list[str] = []
    for word in words:
        if word == "News" and out:
            out[-1] += " News"
        else:
            out.append(word)
    return tuple(out)


def _parse(lines: list[str]) -> DumpArticle:
    sections = _sections(lines[0].lstrip("-").split())
    related = None
    if lines[-1].startswith("ALSO READ"):
        related = lines.pop()[len("ALSO READ") :].lstrip(":- ").strip()
    title, rest = lines[1], lines[2:]
    lede = publisher = None
    if rest and (match := _LEDE_TAIL_RE.search(rest[0])):
        lede, publisher, rest = rest[0][: match.start()], match["publisher"], rest[1:]
    wire = None
    if rest and (wmatch := _WIRE_RE.search(rest[-1])):
        wire = wmatch["wire"]
        rest = [*rest[:-1], rest[-1][: wmatch.start()].rstrip()]
    return DumpArticle(sections, title, lede, tuple(rest), wire, publisher, related)


def read_dump(path: Path) -> list[DumpArticle]:
    """Every article of one dump file."""
    return [_parse(lines) for lines in _blocks(path.read_text(encoding="utf-8"))]

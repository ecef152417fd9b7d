"""The plain-text dump of seeds/: "Categories", a section line, title, lede, body, "ALSO READ"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from app.extract.types import ArticleRecord
from app.ingest.readers.base import Line, ReadOptions, check_record, iter_lines, line_limit, unusable
from app.ingest.readers.ids import IdRegistry
from app.ingest.readers.sections import parse_sections
from app.ingest.types import Rejection

_START_RE = re.compile(r"^\s*categories\s*:?\s*$", re.IGNORECASE)
_ALSO_READ_RE = re.compile(r"^\s*also\s+read\s*[:\-–—]\s*(?P<title>.*?)\s*$", re.IGNORECASE)
# "...as a vehicle for the talks….reports Asian Lite News": the lede names its publisher at the end.
_LEDE_RE = re.compile(r"[.…]\s*(?i:reports?)\s+[A-Z][\w&'’.-]*(?:\s+[\w&'’.-]+){0,5}\s*$")
_PHOTO_RE = re.compile(r"\s*\((?:photo|image|picture|pic)s?\s*(?:credit\s*)?(?::|-|–|by\b)[^)]*\)", re.I)
_ONLY_PUNCT_RE = re.compile(r"^[\s.,;:|–—-]*$")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
SENTENCE_WORDS = 12  # titles do not run this long *and* end in a full stop


def read_dump(
    stream: BinaryIO, source_file: str, options: ReadOptions, ids: IdRegistry | None = None
) -> Iterator[ArticleRecord | Rejection]:
    """Yield one record (or rejection) per "Categories" block of a dump (which carries no ids)."""
    block: list[Line] = []
    found, size = False, 0  # size: characters in the block, counted on even when no longer kept
    for line in iter_lines(stream, line_limit(options)):
        if line.text is None or not _START_RE.match(line.text):
            size += len(line.text or "")
            if size <= options.max_chars or line.text is None:
                block.append(line)  # an oversize article's lines are counted, not kept
            continue
        yield from (_finish(block, size, source_file, options) if found else _preamble(block, source_file))
        block, found, size = [line], True, 0
    if found:
        yield from _finish(block, size, source_file, options)
    else:
        yield Rejection(source_file, "line 1", "no articles found (no 'Categories' line)")


def _finish(
    block: list[Line], size: int, source_file: str, options: ReadOptions
) -> Iterator[ArticleRecord | Rejection]:
    bad = next((line for line in block if line.text is None), None)
    if bad:
        yield unusable(source_file, bad)
    elif size > options.max_chars:
        reason = f"article too long: {size} characters (limit {options.max_chars})"
        yield Rejection(source_file, f"line {block[0].number}", reason)
    else:
        yield parse_article(block, source_file, options)


def _preamble(block: list[Line], source_file: str) -> Iterator[Rejection]:
    """Text before the first article belongs to no article: report it rather than drop it silently."""
    stray = next((line for line in block if line.text is None or line.text.strip()), None)
    if stray is not None:
        yield Rejection(source_file, f"line {stray.number}", "text before the first 'Categories' line")


def parse_article(block: list[Line], source_file: str, options: ReadOptions) -> ArticleRecord | Rejection:
    """Turn the lines of one "Categories" block into a record."""
    position = f"line {block[0].number}"
    lines = [_clean(line.text or "") for line in block[1:]]
    paragraphs = [text for text in lines if text]
    related = _related_title(paragraphs)
    paragraphs = [text for text in paragraphs if not _ALSO_READ_RE.match(text)]
    if len(paragraphs) >= 2 and _no_section_line(paragraphs[0], paragraphs[1]):
        paragraphs.insert(0, "")
    if len(paragraphs) < 2:
        return Rejection(source_file, position, "missing title")
    sections, title, rest = parse_sections(paragraphs[0]), paragraphs[1], paragraphs[2:]
    lede = rest.pop(0) if rest and _LEDE_RE.search(rest[0]) else None
    record = ArticleRecord(
        title=title,
        body="\n\n".join(rest),
        lede=lede,
        sections=sections,
        source_file=source_file,
        source_position=position,
        related_title=related,
    )
    return check_record(record, options)


def _no_section_line(first: str, second: str) -> bool:
    """True when the block starts with its title: the next line is the lede, or a long sentence (a
    body paragraph) after a first line without the section line's leading dash."""
    if _LEDE_RE.search(second):
        return True
    sentence = len(second.split()) >= SENTENCE_WORDS and _SENTENCE_END_RE.search(second)
    return bool(sentence) and not first.lstrip().startswith(("-", "–", "—", "•"))


def _clean(text: str) -> str:
    """Strip a line and its photo credits; a line that was only a credit becomes empty."""
    text = _PHOTO_RE.sub("", text).strip()
    return "" if _ONLY_PUNCT_RE.match(text) else text


def _related_title(paragraphs: list[str]) -> str | None:
    for text in paragraphs:
        match = _ALSO_READ_RE.match(text)
        if match and match.group("title"):
            return match.group("title")
    return None

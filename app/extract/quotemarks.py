"""Pairing quotation marks in running text: curly and straight, nested, unclosed, over paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

_PARAGRAPH_RE = re.compile(r"[^\n]+")
_MARK_RE = re.compile("[“”\"«»„‘’']")
_OPENERS_BEFORE = " \t\n([{—–-/:;“‘\"'"  # characters after which a straight quote opens


class Mark(Enum):
    OPEN = "open"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation: its marks' positions and the inner text ranges (one per paragraph it covers)."""

    start: int  # position of the opening mark, or of the paragraph start when it was never opened
    end: int  # just past the closing mark, or the paragraph end when it never closes
    segments: tuple[tuple[int, int], ...]  # inner (start, end) ranges, whitespace trimmed
    double: bool  # double marks (“ ” ") rather than single (‘ ’ ')
    opened: bool = True
    closed: bool = True

    @property
    def inner_start(self) -> int:
        return self.segments[0][0]

    @property
    def inner_end(self) -> int:
        return self.segments[-1][1]

    def text(self, source: str) -> str:
        """The quoted words, paragraphs joined by a space."""
        return " ".join(source[a:b] for a, b in self.segments)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def classify(text: str, i: int) -> tuple[bool, Mark] | None:
    """Whether the quote character at i is a double or single mark and opens or closes; None: apostrophe."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in '“”"«»„':
        if before in _OPENERS_BEFORE and (_is_word(after) or after in "‘'(.…["):
            return True, Mark.OPEN  # also a ” misused as an opener
        if ch in "“„«" and not (after.isspace() and _is_word(before)):
            return True, Mark.OPEN
        return True, Mark.CLOSE
    if _is_word(before) and _is_word(after):
        return None  # hasn’t, Qa’im
    if before in _OPENERS_BEFORE and (_is_word(after) or after in '“"') and ch in "‘'":
        return False, Mark.OPEN
    if not before.isspace() and (after.isspace() or not _is_word(after)) and ch in "’'":
        return False, Mark.CLOSE  # may still be a possessive or a name's apostrophe (Shia’ al-Sudani)
    return None


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text) if m.group().strip()]


def _marks(text: str, a: int, b: int, double: bool) -> Iterator[tuple[int, Mark]]:
    for found in _MARK_RE.finditer(text, a, b):
        kind = classify(text, found.start())
        if kind and kind[0] == double:
            yield found.start(), kind[1]


def pair_quotes(text: str) -> list[QuoteSpan]:
    """Every double-quoted span of the text, then single-quoted spans outside and inside them."""
    doubles = _pair_doubles(text)
    singles = [s for a, b in _gaps(text, doubles) for s in _pair_singles(text, a, b)]
    nested = [s for d in doubles for a, b in d.segments for s in _pair_singles(text, a, b)]
    return sorted(doubles + singles + nested, key=lambda s: (s.start, -s.end))


def _gaps(text: str, spans: list[QuoteSpan]) -> Iterator[tuple[int, int]]:
    pos = 0
    for s in spans:
        yield pos, s.start
        pos = s.end
    yield pos, len(text)


def _pair_singles(text: str, a: int, b: int) -> list[QuoteSpan]:
    """Single-quoted spans within one stretch and paragraph; an unmatched mark is an apostrophe."""
    spans: list[QuoteSpan] = []
    for pa, pb in _paragraphs(text[a:b]):
        opened: int | None = None
        for i, mark in _marks(text, a + pa, a + pb, double=False):
            if mark is Mark.OPEN and opened is None:
                opened = i
            elif mark is Mark.CLOSE and opened is not None:
                spans.append(QuoteSpan(opened, i + 1, (_trim(text, opened + 1, i),), double=False))
                opened = None
    return spans


def _pair_doubles(text: str) -> list[QuoteSpan]:
    """Double-quoted spans; an unclosed one continues when the next paragraph opens with a mark."""
    spans: list[QuoteSpan] = []
    paragraphs = _paragraphs(text)
    carry: tuple[int, list[tuple[int, int]]] | None = None  # (start, segments) of a quote running on
    for n, (pa, pb) in enumerate(paragraphs):
        opened: int | None = None
        segments: list[tuple[int, int]] = []
        last_close = inner_from = pa
        for i, mark in _marks(text, pa, pb, double=True):
            if mark is Mark.OPEN:
                if carry is not None and i == pa:
                    opened, segments = carry[0], carry[1]
                    carry = None
                    inner_from = i + 1
                    continue
                if opened is not None:  # a new quote opens before the last one closed
                    spans.append(_span(text, opened, i, [*segments, (inner_from, i)], closed=False))
                    segments = []
                opened, inner_from = i, i + 1
            elif opened is not None:
                spans.append(_span(text, opened, i + 1, [*segments, (inner_from, i)]))
                opened, segments, last_close = None, [], i + 1
            else:  # closes a quote that never opened: it began at the paragraph start or the last close
                spans.append(_span(text, last_close, i + 1, [(last_close, i)], opened=False))
                last_close = i + 1
        carry = None
        if opened is not None:
            segments.append((inner_from, pb))
            if n + 1 < len(paragraphs) and _opens_with_mark(text, paragraphs[n + 1][0]):
                carry = (opened, segments)
            else:
                spans.append(_span(text, opened, pb, segments, closed=False))
    return spans


def _opens_with_mark(text: str, i: int) -> bool:
    kind = classify(text, i) if text[i] in '“"„«' else None
    return kind == (True, Mark.OPEN)


def _span(text: str, start: int, end: int, segments: list[tuple[int, int]], **flags: bool) -> QuoteSpan:
    trimmed = tuple(t for t in (_trim(text, a, b) for a, b in segments) if t[0] < t[1])
    return QuoteSpan(start, end, trimmed or ((start, start),), double=True, **flags)

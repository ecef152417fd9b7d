"""Turning a claim and its speaker into a QuoteFinding: its pieces, text, offsets and kind."""

from __future__ import annotations

from app.extract.attribution import Claim
from app.extract.speakers import Speaker
from app.extract.types import QuoteFinding, QuoteKind

_EDGE_PUNCT = " \t\n,;:—–-"
_MARKS = "“”\"‘’'"
_JOINERS = {"", "and", "but", "or"}  # a gap of only these between two pieces is kept in the text
_DANGLING = (" and", " but", " or", " while", " as")


def overlaps_any(ranges: list[tuple[int, int]], others: list[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in ranges for c, d in others)


def _merge(ranges: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sorted ranges, joined when they overlap or only spaces and quote marks lie between them."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and text[merged[-1][1] : a].strip(" ,;" + _MARKS) in _JOINERS:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Strip edge punctuation, edge quote marks left without their partner, and the marks of a piece
    that is one whole quotation ("reiterating “the commitment ...,”" is the quotation alone)."""
    while True:
        while a < b and (text[a] in _EDGE_PUNCT or (text[a] in _MARKS and _unpaired(text[a:b]) > 0)):
            a += 1
        while b > a and (text[b - 1] in _EDGE_PUNCT or (text[b - 1] in _MARKS and _unpaired(text[a:b]) < 0)):
            b -= 1
        dangling = next((w for w in _DANGLING if text.endswith(w, a, b)), None)  # "... open to talks but"
        if dangling:
            b -= len(dangling)
            continue
        whole = b - a > 2 and text[a] == "“" and text[b - 1] == "”" and text.find("”", a + 1, b - 1) < 0
        if not whole:
            return a, b
        a, b = a + 1, b - 1


def _after_that(text: str, a: int) -> int:
    """ "told AFP that gunfire ...": a paraphrase starts after its "that" (a quotation keeps its words)."""
    quoted = a > 0 and text[a - 1] in _MARKS
    return a + 5 if text[a : a + 5] == "that " and not quoted else a


def _unpaired(piece: str) -> int:
    """Opening minus closing double marks: > 0 when an opener lacks its closer."""
    return piece.count("“") - piece.count("”") + (1 if piece.count('"') % 2 and piece[0] == '"' else 0)


def _kind(pieces: list[tuple[int, int]], quoted: list[tuple[int, int]], text: str) -> QuoteKind:
    if not overlaps_any(pieces, quoted) and not any(ch in text[a:b] for a, b in pieces for ch in "“”"):
        return QuoteKind.INDIRECT
    inside = all(any(c <= a and b <= d for c, d in quoted) for a, b in pieces)
    return QuoteKind.DIRECT if inside else QuoteKind.MIXED


def build_finding(
    text: str, claim: Claim, speaker: Speaker, via: str | None, quoted: list[tuple[int, int]]
) -> QuoteFinding | None:
    """The statement as stored: pieces joined by a space, offsets from the first to the last piece.

    ``quoted`` holds the inner ranges of every quotation in the text, to tell direct words from paraphrase.
    """
    own = [seg for q in claim.quotes for seg in q.segments]
    pieces = [_trim(text, a, b) for a, b in _merge([*own, *claim.segments], text)]
    pieces = [(_after_that(text, a), b) for a, b in pieces if a < b]
    if not pieces:
        return None
    return QuoteFinding(
        text=" ".join(text[a:b] for a, b in pieces),
        kind=_kind(pieces, [*quoted, *own], text),
        start=pieces[0][0],
        end=pieces[-1][1],
        cue=claim.cue_text,
        speaker_key=speaker.key,
        speaker_text=speaker.text,
        speaker_label=speaker.label,
        resolution=speaker.resolution,
        reported_via=via,
        cue_start=claim.cue.idx,
        cue_end=claim.cue.idx + len(claim.cue_text),
    )

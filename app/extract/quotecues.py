"""The cue a standalone quotation hangs on: right after it, right before it, or inside an unclosed one."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from app.extract.attribution import is_cue, paragraph_bounds, subject_of, text_of, token_at, tokens_in
from app.extract.quotemarks import QuoteSpan
from app.extract.speechlex import SpeechLexicon

_SENTENCE_END = {".", "!", "?"}
_EMBEDDED_DEPS = {"relcl", "acl", "xcomp", "amod"}


def tail_cue(doc: Doc, quote: QuoteSpan, lex: SpeechLexicon, stop: int) -> Token | None:
    """A cue right after a quote's closing mark: "...,” said Alterman." / "...,” he added."."""
    seen = 0
    stop = min(stop, paragraph_bounds(text_of(doc), max(quote.end - 1, 0))[1])
    first = token_at(doc, quote.end)
    for t in doc[first.i :] if first is not None else []:
        if t.idx < quote.end or t.is_space:
            continue
        if t.idx >= stop or t.text in _SENTENCE_END or t.text == "\n" or seen > 12:
            return None
        if is_cue(t, lex) and t.lower_ not in lex.characterising and t.dep_ not in _EMBEDDED_DEPS:
            return t  # not "asked" in "an official who asked not to be named told Reuters"
        seen += 1
    return None


def head_cue(doc: Doc, quote: QuoteSpan, lex: SpeechLexicon) -> Token | None:
    """A cue just before a quote's opening mark: "Blinken said: “...”"."""
    before = [t for t in tokens_in(doc, max(0, quote.start - 120), quote.start) if t.idx < quote.start]
    before = [t for t in before if not t.is_space]
    para_start, _ = paragraph_bounds(text_of(doc), quote.start)
    window = [t for t in before[-8:] if t.idx >= para_start]
    for t in reversed(window):
        if t.text in _SENTENCE_END:
            return None
        if is_cue(t, lex):
            between = [u for u in window if u.i > t.i]
            return t if not any(u.pos_ in {"VERB", "AUX"} for u in between) else None
    return None


def cut_unclosed(doc: Doc, quote: QuoteSpan, lex: SpeechLexicon) -> tuple[QuoteSpan, Token | None]:
    """An unclosed quote ending "..., the official added." stops at its attribution, whose verb is its cue."""
    a, b = quote.segments[-1]
    tail = [t for t in tokens_in(doc, a, b) if a <= t.idx < b and not t.is_space][-25:]
    cue = next((t for t in reversed(tail) if is_cue(t, lex) and t.dep_ not in _EMBEDDED_DEPS), None)
    subject = subject_of(cue, lex) if cue is not None else None
    if cue is None or subject is None:
        return quote, None
    first = min(subject.left_edge.i, cue.i)  # "the engineer in charge, Pieter van der Berg, told"
    comma = next((t for t in reversed(tail) if t.i < first and t.text == ","), None)
    if comma is None or not all(t.i > comma.i or t.i < first for t in tail if t.text in _SENTENCE_END):
        return quote, None
    cut = comma.idx
    segments = (*quote.segments[:-1], (a, cut))
    return QuoteSpan(quote.start, cut, segments, quote.double, quote.opened, closed=False), cue

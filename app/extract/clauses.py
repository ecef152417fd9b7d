"""One claim per reporting clause: participles inherit their speaker, nested clauses are carved out."""

from __future__ import annotations

from spacy.tokens import Token

from app.extract.attribution import Claim
from app.extract.quotemarks import QuoteSpan
from app.extract.speechlex import SpeechLexicon

_MERGE_DEPS = {"conj", "advcl"}
_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i"})


def one_per_clause(claims: dict[int, Claim], lex: SpeechLexicon, fragments: list[QuoteSpan]) -> list[Claim]:
    """ "emphasised that A, stressing that B": two claims; B's clause leaves A; B's speaker is A's."""
    for i in sorted(claims):
        claim = claims[i]
        cue = claim.cue
        has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in cue.children)
        parent = _enclosing(claims, cue)
        if parent is not None and cue.dep_ in _MERGE_DEPS and not has_subject and not claim.phrase:
            claim.subject = parent.subject
    ordered = _without_echoes(sorted(claims.values(), key=lambda c: c.cue.i))
    for outer in ordered:
        for inner in ordered:
            if inner is not outer and any(a <= inner.cue.idx < b for a, b in outer.segments):
                outer.segments = _without(outer.segments, inner.cue.left_edge.idx, _right_end(inner.cue))
    kept = [c for c in ordered if (c.segments or c.quotes) and _still_speech(c, lex, fragments)]
    return sorted(kept, key=lambda c: c.start)


def _without_echoes(ordered: list[Claim]) -> list[Claim]:
    """ "ISU said it would announce results ...": a pronoun-subject speech verb with no clause of its own
    inside another claim's words is part of that statement, not a second one."""

    def echo(inner: Claim) -> bool:
        subject = inner.subject
        if subject is None or subject.lower_ not in _PRONOUNS or inner.quotes or inner.phrase:
            return False
        if any(c.dep_ == "ccomp" for c in inner.cue.children):
            return False
        return any(o is not inner and o.subject is not None and _within(inner, o) for o in ordered)

    return [c for c in ordered if not echo(c)]


def _within(inner: Claim, outer: Claim) -> bool:
    return any(a <= inner.cue.idx < b for a, b in outer.segments)


def _still_speech(claim: Claim, lex: SpeechLexicon, fragments: list[QuoteSpan]) -> bool:
    """ "describing X as ..." reports speech only while it still carries quoted words."""
    word = claim.cue.lower_
    if claim.quotes or claim.phrase or word in lex.reporting_verbs:
        return True
    return any(a < q.end and q.start < b for a, b in claim.segments for q in fragments)


def _right_end(token: Token) -> int:
    last = token.right_edge
    return last.idx + len(last.text)


def _without(ranges: list[tuple[int, int]], cut_start: int, cut_end: int) -> list[tuple[int, int]]:
    pieces = [p for a, b in ranges for p in ((a, min(b, cut_start)), (max(a, cut_end), b))]
    return [(a, b) for a, b in pieces if a < b]


def _enclosing(claims: dict[int, Claim], cue: Token) -> Claim | None:
    """The nearest claim above a participle cue: "emphasised that A has not asked ..., stressing B"."""
    t = cue
    for _ in range(6):
        if t.head is t:
            return None
        t = t.head
        if t.i in claims:
            return claims[t.i]
    return None

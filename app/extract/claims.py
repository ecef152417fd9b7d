"""Collecting claims from a parsed body: quotes tied to their cues, paraphrases, "according to"."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from app.extract.asides import according_to, citation_words
from app.extract.attribution import (
    Claim,
    cue_candidates,
    cue_words,
    is_cue,
    paragraph_bounds,
    phrase_cue_starts,
    subject_of,
    text_of,
    token_indices,
    token_ranges,
    tokens_in,
)
from app.extract.clauses import one_per_clause
from app.extract.content import clause_tokens
from app.extract.doccache import token_bounds
from app.extract.quotecues import cut_unclosed, head_cue, tail_cue
from app.extract.quotemarks import QuoteSpan, pair_quotes
from app.extract.speechlex import SpeechLexicon

_MIN_FRAGMENT_WORDS = 2  # a one-word quotation ("the “crime” of") is a scare quote, not a statement


def is_fragment(text: str, quote: QuoteSpan) -> bool:
    """A quotation woven into a sentence ("said the strikes “are ...”") rather than standing alone."""
    before = text[: quote.start].rstrip(" ")
    return bool(before) and (before[-1].isalnum() or before[-1] in "’')")


def top_level_quotes(text: str) -> list[QuoteSpan]:
    """Quotations not nested inside another one."""
    return list(_top_level_quotes(text))


@lru_cache(maxsize=8)  # asked for twice per body: by the claims and by the finished quotes
def _top_level_quotes(text: str) -> tuple[QuoteSpan, ...]:
    spans = pair_quotes(text)
    return tuple(
        s for s in spans if not any(o is not s and o.start < s.start and s.end <= o.end for o in spans)
    )


def _inside(doc: Doc, quotes: list[QuoteSpan]) -> set[int]:
    starts = token_bounds(doc)[0]
    return {i for q in quotes for a, b in q.segments for i in token_indices(doc, a, b) if a <= starts[i] < b}


def collect_claims(doc: Doc, lex: SpeechLexicon) -> list[Claim]:
    """Every claim in the body, in text order; speakers are resolved later."""
    text = text_of(doc)
    quotes = top_level_quotes(text)
    fragments = [q for q in quotes if is_fragment(text, q)]
    full = [q for q in quotes if q not in fragments]
    quoted_at = _inside(doc, quotes)
    long_fragments = [q for q in fragments if len(q.text(text).split()) >= _MIN_FRAGMENT_WORDS]
    fragment_at = _inside(doc, long_fragments)
    phrase_starts = phrase_cue_starts(doc, lex)
    noise_at = citation_words(doc, lex, phrase_starts)
    claims: dict[int, Claim] = {}
    loose = _attach_full_quotes(doc, full, lex, claims)
    for t in (doc[i] for i in cue_candidates(doc, lex) if i not in quoted_at):
        if not is_cue(t, lex):
            continue
        deps = [c.dep_ for c in t.children]
        negated = "neg" in deps  # "has not asked": no statement was made
        # "the stance would be maintained": a passive speech verb with its topic as subject says nothing
        passive = "auxpass" in deps and t.lower_ not in lex.passive
        relay = t.i in noise_at  # ", CNN reported": the news organisation's verb cues nothing itself
        if not negated and not passive and not relay:
            para_start, para_end = paragraph_bounds(text, t.idx)
            content = (
                clause_tokens(t, lex, fragment_at)
                or _parenthetical(t, lex, fragment_at)
                or _under_relay(t, lex, fragment_at, noise_at)
            )
            content = [u for u in content if para_start <= u.idx < para_end and u.i not in noise_at]
            if content:
                claim = claims.setdefault(t.i, Claim(t, cue_words(t, lex), subject_of(t, lex)))
                claim.segments += token_ranges(content)
    according_to(doc, lex, phrase_starts, quoted_at, noise_at, claims)
    merged = one_per_clause(claims, lex, long_fragments)
    _absorb_fragments(merged, long_fragments)
    return _continuations(doc, merged, loose)


def _under_relay(cue: Token, lex: SpeechLexicon, fragment_at: set[int], noise_at: set[int]) -> list[Token]:
    """ "X said A, the Saudi Press Agency said": the parse may hang A on the agency's verb; it is X's."""
    host = cue.head
    if host.i not in noise_at or not is_cue(host, lex) or cue.dep_ != "ccomp":
        return []
    own = {u.i for u in cue.subtree}
    return [u for u in clause_tokens(host, lex, fragment_at) if u.i not in own and u.i not in noise_at]


def _parenthetical(cue: Token, lex: SpeechLexicon, fragment_at: set[int]) -> list[Token]:
    """ "A, the statement added, Xinhua reported." / "A, the official said, B": the cue reports its host."""
    if cue.dep_ != "parataxis" or not any(c.dep_ in {"nsubj", "nsubjpass"} for c in cue.children):
        return []
    host = cue.head
    own = {u.i for u in cue.subtree}
    if is_cue(host, lex):
        return [u for u in clause_tokens(host, lex, fragment_at) if u.i not in own]
    return [u for u in host.subtree if u.i not in own]


def _attach_full_quotes(
    doc: Doc, full: list[QuoteSpan], lex: SpeechLexicon, claims: dict[int, Claim]
) -> list[QuoteSpan]:
    """Tie each standalone quotation to the cue after or before it; return those with none."""
    loose: list[QuoteSpan] = []
    joined: set[int] = set()
    for n, quote in enumerate(full):
        if n in joined:
            continue
        cue = None
        if not quote.closed:
            quote, cue = cut_unclosed(doc, quote, lex)
        nxt = full[n + 1] if n + 1 < len(full) else None
        stop = nxt.start if nxt else len(text_of(doc))
        cue = cue or tail_cue(doc, quote, lex, stop) or head_cue(doc, quote, lex)
        if cue is None:
            loose.append(quote)
            continue
        claim = claims.setdefault(cue.i, Claim(cue, cue.text, subject_of(cue, lex)))
        claim.quotes.append(quote)
        if nxt and _split_by(quote, nxt, cue, lex):
            claim.quotes.append(nxt)  # "“First,” she said, “second.”" is one statement
            joined.add(n + 1)
    return loose


def _split_by(quote: QuoteSpan, nxt: QuoteSpan, cue: Token, lex: SpeechLexicon) -> bool:
    """ "“First,” she said, “second.”": one statement; not "“A,” he said, adding: “B.”" (two clauses)."""
    between = text_of(cue.doc)[quote.end : nxt.start]
    same_paragraph = "\n" not in between and quote.end <= cue.idx < nxt.start
    if not (same_paragraph and between.rstrip().endswith((",", ":"))):
        return False
    return not any(is_cue(t, lex) for t in tokens_in(cue.doc, cue.idx + 1, nxt.start) if t.i != cue.i)


def _absorb_fragments(claims: list[Claim], fragments: list[QuoteSpan]) -> None:
    """A quoted fragment that a paraphrase cuts into belongs wholly to it."""
    for claim in claims:
        for q in fragments:
            if any(a < q.end and q.start < b for a, b in claim.segments):
                claim.segments.append((q.start, q.end))


def _continuations(doc: Doc, claims: list[Claim], loose: list[QuoteSpan]) -> list[Claim]:
    """A quotation with no cue continues the nearest earlier claim in its or the previous paragraph."""
    for quote in loose:
        if len(quote.text(text_of(doc)).split()) < 4:
            continue
        earlier = [c for c in claims if (c.segments or c.quotes) and c.end <= quote.start and not c.phrase]
        if earlier:
            last = max(earlier, key=lambda c: c.end)
            para_start, _ = paragraph_bounds(text_of(doc), quote.start)
            previous_start, _ = paragraph_bounds(text_of(doc), max(0, para_start - 2))
            if last.end >= previous_start:
                claims.append(Claim(last.cue, last.cue_text, last.subject, quotes=[quote], inherit=True))
    return sorted(claims, key=lambda c: c.start)

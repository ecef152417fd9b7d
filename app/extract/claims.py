"""Collecting claims from a parsed body: quotes tied to their cues, paraphrases, "according to"."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from app.extract.agencies import is_cited
from app.extract.attribution import (
    Claim,
    clause_tokens,
    cue_words,
    cut_unclosed,
    head_cue,
    is_cue,
    paragraph_bounds,
    phrase_cue,
    sentence_tokens,
    subject_of,
    tail_cue,
    token_ranges,
)
from app.extract.newsorgs import find_news_organisations
from app.extract.quotemarks import QuoteSpan, pair_quotes
from app.extract.speechlex import SpeechLexicon

_MERGE_DEPS = {"conj", "advcl"}
_MIN_FRAGMENT_WORDS = 2  # a one-word quotation ("the “crime” of") is a scare quote, not a statement


def is_fragment(text: str, quote: QuoteSpan) -> bool:
    """A quotation woven into a sentence ("said the strikes “are ...”") rather than standing alone."""
    before = text[: quote.start].rstrip(" ")
    return bool(before) and (before[-1].isalnum() or before[-1] in "’')")


def top_level_quotes(text: str) -> list[QuoteSpan]:
    """Quotations not nested inside another one."""
    spans = pair_quotes(text)
    return [s for s in spans if not any(o is not s and o.start < s.start and s.end <= o.end for o in spans)]


def _inside(doc: Doc, quotes: list[QuoteSpan]) -> set[int]:
    return {t.i for q in quotes for a, b in q.segments for t in doc if a <= t.idx < b}


def collect_claims(doc: Doc, lex: SpeechLexicon) -> list[Claim]:
    """Every claim in the body, in text order; speakers are resolved later."""
    text = doc.text
    quotes = top_level_quotes(text)
    fragments = [q for q in quotes if is_fragment(text, q)]
    full = [q for q in quotes if q not in fragments]
    quoted_at = _inside(doc, quotes)
    long_fragments = [q for q in fragments if len(q.text(text).split()) >= _MIN_FRAGMENT_WORDS]
    fragment_at = _inside(doc, long_fragments)
    noise_at = _citation_words(doc, lex)
    claims: dict[int, Claim] = {}
    loose = _attach_full_quotes(doc, full, lex, claims)
    for t in doc:
        negated = any(c.dep_ == "neg" for c in t.children)  # "has not asked": no statement was made
        if t.i not in quoted_at and is_cue(t, lex) and not negated:
            para_start, para_end = paragraph_bounds(text, t.idx)
            content = clause_tokens(t, lex, fragment_at) or _parenthetical(t, lex, fragment_at)
            content = [u for u in content if para_start <= u.idx < para_end and u.i not in noise_at]
            if content:
                claim = claims.setdefault(t.i, Claim(t, cue_words(t, lex), subject_of(t, lex)))
                claim.segments += token_ranges(content)
    _according_to(doc, lex, quoted_at, claims)
    merged = _one_per_clause(claims)
    _absorb_fragments(merged, long_fragments)
    return _continuations(doc, merged, loose)


def _citation_words(doc: Doc, lex: SpeechLexicon) -> set[int]:
    """Attribution asides inside a reported clause: ", according to the statement", ", CNN reported"."""
    noise = {w.i for t in doc if phrase_cue(t, lex) for w in _phrase_words(t, lex)}
    for span in find_news_organisations(doc.text):
        if is_cited(doc.text, span):
            chunk = _comma_chunk(doc, span.start)
            if len(chunk) <= 7:
                noise.update(t.i for t in chunk)
    return noise


def _comma_chunk(doc: Doc, pos: int) -> list[Token]:
    """The tokens between the commas (or sentence edges) around a character position."""
    at = next((t for t in doc if t.idx <= pos < t.idx + len(t.text)), None)
    if at is None:
        return []
    left, right = at.i, at.i
    while left > at.sent.start and doc[left - 1].text not in {",", ";"}:
        left -= 1
    while right + 1 < at.sent.end and doc[right + 1].text not in {",", ";"} and not doc[right + 1].is_space:
        right += 1
    return list(doc[max(left - 1, at.sent.start) : right + 1])


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
        stop = nxt.start if nxt else len(doc.text)
        cue = cue or tail_cue(doc, quote, lex, stop) or head_cue(doc, quote, lex)
        if cue is None:
            loose.append(quote)
            continue
        claim = claims.setdefault(cue.i, Claim(cue, cue.text, subject_of(cue, lex)))
        claim.quotes.append(quote)
        if nxt and _split_by(doc.text, quote, nxt, cue):
            claim.quotes.append(nxt)  # "“First,” she said, “second.”" is one statement
            joined.add(n + 1)
    return loose


def _split_by(text: str, quote: QuoteSpan, nxt: QuoteSpan, cue: Token) -> bool:
    between = text[quote.end : nxt.start]
    same_paragraph = "\n" not in between
    return same_paragraph and quote.end <= cue.idx < nxt.start and between.rstrip().endswith((",", ":"))


def _according_to(doc: Doc, lex: SpeechLexicon, quoted_at: set[int], claims: dict[int, Claim]) -> None:
    """ "According to X, ..." attributes the rest of its sentence to X."""
    for t in doc:
        written = phrase_cue(t, lex) if t.i not in quoted_at else None
        if not written or t.i in claims:
            continue
        subject = phrase_object(doc, t.i + len(written.split()))
        if subject is None:
            continue
        sentence = sentence_tokens(doc, t)
        phrase_at = {u.i for u in sentence if phrase_cue(u, lex)}
        skip = {w.i for p in phrase_at for w in _phrase_words(doc[p], lex)}
        content = [u for u in sentence if u.i not in skip]
        while content and (content[-1].is_punct or content[0].is_punct):
            content.pop(-1 if content[-1].is_punct else 0)
        if content:
            claims[t.i] = Claim(t, written, subject, segments=token_ranges(content), phrase=True)


def phrase_object(doc: Doc, start: int) -> Token | None:
    """The head of the noun phrase after a phrase cue: the word of the run whose head lies outside it."""
    run: list[Token] = []
    for t in doc[start:]:
        if t.is_punct or t.is_space or t.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ"}:
            break
        run.append(t)
    inside = {t.i for t in run}
    return next((t for t in run if t.head.i not in inside), None)


def _phrase_words(token: Token, lex: SpeechLexicon) -> list[Token]:
    """The phrase cue and its object ("according to a statement issued by X"), with a comma after it."""
    written = phrase_cue(token, lex) or ""
    doc = token.doc
    obj = phrase_object(doc, token.i + len(written.split()))
    stop = obj.right_edge.i if obj is not None else token.i + len(written.split()) - 1
    stop = max(stop, token.i + len(written.split()) - 1)
    following = doc[stop + 1] if stop + 1 < len(doc) else None
    stop = stop + 1 if following is not None and following.text == "," else stop
    return list(doc[token.i : stop + 1])


def _one_per_clause(claims: dict[int, Claim]) -> list[Claim]:
    """ "emphasised that A, stressing that B": two claims; B's clause is carved out of A, B's speaker is A's."""
    for i in sorted(claims):
        claim = claims[i]
        cue = claim.cue
        has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in cue.children)
        parent = _enclosing(claims, cue)
        if parent is not None and cue.dep_ in _MERGE_DEPS and not has_subject:
            claim.subject = parent.subject
    ordered = sorted(claims.values(), key=lambda c: c.cue.i)
    for outer in ordered:
        for inner in ordered:
            if inner is not outer and any(a <= inner.cue.idx < b for a, b in outer.segments):
                outer.segments = _without(outer.segments, inner.cue.left_edge.idx, _right_end(inner.cue))
    kept = [c for c in ordered if c.segments or c.quotes]
    return sorted(kept, key=lambda c: c.start)


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


def _absorb_fragments(claims: list[Claim], fragments: list[QuoteSpan]) -> None:
    """A quoted fragment that a paraphrase cuts into belongs wholly to it."""
    for claim in claims:
        for q in fragments:
            if any(a < q.end and q.start < b for a, b in claim.segments):
                claim.segments.append((q.start, q.end))


def _continuations(doc: Doc, claims: list[Claim], loose: list[QuoteSpan]) -> list[Claim]:
    """A quotation with no cue continues the nearest earlier claim in its or the previous paragraph."""
    for quote in loose:
        if len(quote.text(doc.text).split()) < 4:
            continue
        earlier = [c for c in claims if (c.segments or c.quotes) and c.end <= quote.start and not c.phrase]
        if earlier:
            last = max(earlier, key=lambda c: c.end)
            para_start, _ = paragraph_bounds(doc.text, quote.start)
            previous_start, _ = paragraph_bounds(doc.text, max(0, para_start - 2))
            if last.end >= previous_start:
                claims.append(Claim(last.cue, last.cue_text, last.subject, quotes=[quote], inherit=True))
    return sorted(claims, key=lambda c: c.start)

"""Attribution phrases: "according to X", "citing X", and news-organisation asides to leave out."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from app.extract.agencies import is_cited
from app.extract.attribution import (
    Claim,
    phrase_cue,
    sentence_range,
    sentence_tokens,
    text_of,
    token_at,
    token_ranges,
)
from app.extract.doccache import token_words
from app.extract.newsorgs import find_news_organisations
from app.extract.speechlex import SpeechLexicon


def citation_words(doc: Doc, lex: SpeechLexicon, phrase_starts: list[int]) -> set[int]:
    """Attribution asides inside a reported clause: ", according to the statement", ", CNN reported".

    ``phrase_starts`` are the Doc's ``phrase_cue_starts``, found once for this and ``according_to``.
    """
    noise = {w.i for i in phrase_starts for w in phrase_words(doc[i], lex)}
    for span in find_news_organisations(text_of(doc)):
        if is_cited(text_of(doc), span):
            chunk = _comma_chunk(doc, span.start)
            if _words_outside_parentheses(chunk) <= 7:
                noise.update(t.i for t in chunk)
    return noise


def _words_outside_parentheses(chunk: list[Token]) -> int:
    """Token count without a parenthesised aside: ", the Saudi Press Agency (SPA) said"."""
    depth, count = 0, 0
    for t in chunk:
        depth += (t.text == "(") - (t.text == ")")
        count += depth == 0 and t.text != ")"
    return count


def _comma_chunk(doc: Doc, pos: int) -> list[Token]:
    """The tokens between the commas (or sentence edges) around a character position."""
    at = token_at(doc, pos)
    if at is None:
        return []
    left, right = at.i, at.i
    start, end = sentence_range(doc, at.i)
    words = token_words(doc)
    while left > start and words[left - 1] not in {",", ";"}:
        left -= 1
    while right + 1 < end and words[right + 1] not in {",", ";"} and not doc[right + 1].is_space:
        right += 1
    return list(doc[max(left - 1, start) : right + 1])


def according_to(
    doc: Doc,
    lex: SpeechLexicon,
    starts: list[int],
    quoted_at: set[int],
    noise_at: set[int],
    claims: dict[int, Claim],
) -> None:
    """ "According to X, ..." attributes the rest of its sentence to X (``starts``: its phrase cues)."""
    starts_at = set(starts)
    for t in (doc[i] for i in starts):  # a token no phrase cue starts at gives no written cue
        written = phrase_cue(t, lex) if t.i not in quoted_at else None
        if not written or t.i in claims:
            continue
        subject = phrase_object(doc, t.i + len(written.split()))
        if subject is None:
            continue
        sentence = sentence_tokens(doc, t)
        phrase_at = {u.i for u in sentence if u.i in starts_at}
        skip = {w.i for p in phrase_at for w in phrase_words(doc[p], lex)}
        content = [u for u in sentence if u.i not in skip and u.i not in noise_at]
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


def phrase_words(token: Token, lex: SpeechLexicon) -> list[Token]:
    """The phrase cue and its object ("according to a statement issued by X"), with a comma after it."""
    written = phrase_cue(token, lex) or ""
    doc = token.doc
    obj = phrase_object(doc, token.i + len(written.split()))
    stop = obj.right_edge.i if obj is not None else token.i + len(written.split()) - 1
    stop = max(stop, token.i + len(written.split()) - 1)
    following = doc[stop + 1] if stop + 1 < len(doc) else None
    stop = stop + 1 if following is not None and following.text == "," else stop
    return list(doc[token.i : stop + 1])

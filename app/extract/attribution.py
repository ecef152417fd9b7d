"""Claims and their cues: the speech verb or phrase, the subject that speaks, token helpers."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import POS
from spacy.tokens import Doc, Span, Token

from app.extract.doccache import text_of as text_of  # re-exported: the rules import it from here
from app.extract.doccache import token_bounds, token_lowers, token_words, tokens_labelled
from app.extract.quotemarks import QuoteSpan
from app.extract.speechlex import SpeechLexicon

_VERBS = frozenset({"VERB", "AUX"})
_CLIMB_DEPS = {"conj", "advcl", "xcomp", "pcomp", "prep", "acl", "relcl"}


@dataclass(slots=True)
class Claim:
    """What one speech cue attributes: full quotes and paraphrased clauses."""

    cue: Token
    cue_text: str
    subject: Token | None
    quotes: list[QuoteSpan] = field(default_factory=list)
    segments: list[tuple[int, int]] = field(default_factory=list)  # paraphrase ranges, may hold fragments
    phrase: bool = False  # "according to X": weaker than a verb with its own subject
    inherit: bool = False  # a quote with no cue of its own: said by the previous claim's speaker

    @property
    def start(self) -> int:
        return min([a for a, _ in self.segments] + [q.inner_start for q in self.quotes], default=self.cue.idx)

    @property
    def end(self) -> int:
        return max([b for _, b in self.segments] + [q.inner_end for q in self.quotes], default=self.cue.idx)


def is_cue(token: Token, lex: SpeechLexicon) -> bool:
    """A speech verb used as a verb ("said"), not a noun ("the report"); "made (it) clear"."""
    if token.pos_ not in _VERBS:
        return False
    return lex.is_speech_verb(token.text) or clear_of(token, lex) is not None


def clear_of(token: Token, lex: SpeechLexicon) -> Token | None:
    if token.lower_ not in lex.clear_verbs:
        return None
    return next((c for c in token.children if c.lower_ == "clear"), None)


def cue_words(token: Token, lex: SpeechLexicon) -> str:
    """The cue as written: "said", or "made it clear"."""
    clear = clear_of(token, lex)
    return token.doc[token.i : clear.i + 1].text if clear is not None else token.text


def phrase_cue(token: Token, lex: SpeechLexicon) -> str | None:
    """ "according to" / "as per" starting at this token, as written."""
    doc = token.doc
    lower = token.lower_
    if " " in lower:  # never a first word; the general test below still decides
        if not any(cue.startswith(lower + " ") or cue == lower for cue in lex.phrases):
            return None
    elif lower not in _first_words(lex.phrases):
        return None
    lowers = token_lowers(doc)
    for cue in lex.phrases:
        words = cue.split()
        stop = token.i + len(words)
        if stop <= len(doc) and lowers[token.i : stop] == words:
            return doc[token.i : stop].text
    return None


def phrase_cue_starts(doc: Doc, lex: SpeechLexicon) -> list[int]:
    """Indices of the tokens a phrase cue starts at, in order (``phrase_cue`` tried only where it can be)."""
    first = _first_words(lex.phrases)
    lowers = token_lowers(doc)
    return [i for i, low in enumerate(lowers) if (" " in low or low in first) and phrase_cue(doc[i], lex)]


def cue_candidates(doc: Doc, lex: SpeechLexicon) -> list[int]:
    """Indices of the verbs whose word could make them a cue, read from the Doc's tables (``is_cue``
    still decides): most verbs are not speech verbs, and building their Tokens is most of the cost."""
    words, lowers = token_words(doc), token_lowers(doc)
    verbs = tokens_labelled(doc, POS, _VERBS)
    return [i for i in verbs if lex.is_speech_verb(words[i]) or lowers[i] in lex.clear_verbs]


@lru_cache(maxsize=8)
def _first_words(phrases: tuple[str, ...]) -> frozenset[str]:
    """The words a phrase cue starts with ("according", "as"): most tokens start none."""
    return frozenset(cue.partition(" ")[0] for cue in phrases)


def subject_of(verb: Token, lex: SpeechLexicon) -> Token | None:
    """The speaker's head for a cue: its subject, or its governor's ("released a statement saying")."""
    t = verb
    for _ in range(4):
        children = list(t.children)  # each test below reads them
        agent = _agent(children)
        if agent is not None and not t.lower_.startswith("quot"):
            return agent  # "Y was told by X that ...", but "X was quoted by the media as saying"
        subjects = [c for c in children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and lex.is_speech_verb(t.text) and _passive_listener(t, subjects):
            return None  # "Residents were told that ...": the subject heard it, nobody named said it
        if subjects:
            return _whole_subject(subjects)
        if t.dep_ == "acl" and t.head.lower_ in lex.document_nouns:
            return t.head  # "a statement saying ...": the statement speaks for its issuer
        if t.dep_ not in _CLIMB_DEPS or t.head is t:
            return None
        t = t.head
    return None


def _passive_listener(verb: Token, subjects: list[Token]) -> bool:
    """A passive speech verb whose subject is who was spoken to ("were told"), not "was quoted as saying"."""
    passive = any(c.dep_ == "nsubjpass" for c in subjects)
    return passive and not verb.lower_.startswith(("quot", "cit"))


def _agent(children: list[Token]) -> Token | None:
    """The "by X" of a passive verb, among its children."""
    by = next((c for c in children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _whole_subject(subjects: list[Token]) -> Token:
    """One subject when the parser gave two: the one nearest the verb ("NAIROBI (AFP) - ... Kiprono said",
    "the office of Iraq" + "Prime Minister X said")."""
    verb = subjects[0].head
    return min(subjects, key=lambda s: abs(s.i - verb.i))


def quoting_object(verb: Token) -> Token | None:
    """ "CNN quoted him as saying": the object of the quoting verb is the speaker."""
    t = verb
    while t.dep_ in {"pcomp", "prep"} and t.head is not t:
        t = t.head
    return next((c for c in t.children if c.dep_ == "dobj"), None)


def token_ranges(tokens: list[Token]) -> list[tuple[int, int]]:
    """Character ranges of runs of consecutive tokens."""
    if not tokens:
        return []
    starts, ends = token_bounds(tokens[0].doc)
    ranges: list[tuple[int, int]] = []
    last = -2
    for i in sorted({t.i for t in tokens}):
        if ranges and i == last + 1:
            ranges[-1] = (ranges[-1][0], ends[i])
        else:
            ranges.append((starts[i], ends[i]))
        last = i
    return ranges


def tokens_in(doc: Doc, start: int, end: int) -> Span:
    """The tokens overlapping the characters [start, end)."""
    return doc[slice(*_expanded(doc, start, end))]


def token_indices(doc: Doc, start: int, end: int) -> range:
    """The indices of ``tokens_in(doc, start, end)``, without building a Token for each."""
    return range(*_expanded(doc, start, end))


def _expanded(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``doc.char_span(start, end, alignment_mode="expand")``'s token offsets, (0, 0) where it gives None.

    Read from the Doc's bounds: a Doc's tokens and their trailing spaces tile its text, so the token
    holding a character is the last one starting at or before it (spaCy's ``token_by_char``).
    """
    starts, ends = token_bounds(doc)
    size = len(text_of(doc))
    if not 0 <= start < end <= size:
        return 0, 0  # char_span finds no token at a character outside the text
    first = bisect.bisect_right(starts, start) - 1
    last = bisect.bisect_right(starts, end - 1) - 1
    if start == ends[first]:  # starting in the space after a token: not that token
        first += 1
    return first, last + 1


def token_at(doc: Doc, pos: int) -> Token | None:
    """The token whose characters include pos (or the first one after it)."""
    first, last = _expanded(doc, pos, min(pos + 1, len(text_of(doc))))
    if first < last:
        return doc[first]
    starts = token_bounds(doc)[0]
    after = bisect.bisect_left(starts, pos)  # the first token starting at or after pos
    return doc[after] if after < len(starts) else None


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """The paragraph (line) containing pos."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def sentence_tokens(doc: Doc, token: Token) -> list[Token]:
    """The tokens of the token's sentence, cut at paragraph breaks the parser ignored."""
    return [doc[i] for i in _sentence_indices(doc, token)]


def sentence_chars(doc: Doc, token: Token) -> tuple[int, int] | None:
    """The characters from the first to the last of ``sentence_tokens``, read from the Doc's tables."""
    inside = _sentence_indices(doc, token)
    if not inside:
        return None
    starts, ends = token_bounds(doc)
    return starts[inside[0]], ends[inside[-1]]


def _sentence_indices(doc: Doc, token: Token) -> list[int]:
    """Indices of ``sentence_tokens``: the sentence's non-space tokens within the token's paragraph."""
    a, b = paragraph_bounds(text_of(doc), token.idx)
    starts = token_bounds(doc)[0]
    return [i for i in range(*sentence_range(doc, token.i)) if a <= starts[i] < b and not doc[i].is_space]


def sentence_of(token: Token) -> Span:
    """The token's sentence, from a per-Doc table (Token.sent rescans the Doc on every call)."""
    start, end = sentence_range(token.doc, token.i)
    return token.doc[start:end]


def sentence_range(doc: Doc, i: int) -> tuple[int, int]:
    """The token offsets [start, end) of the sentence holding token i."""
    starts: list[int] = doc.user_data.get("newsdesk_sentence_starts") or [s.start for s in doc.sents]
    doc.user_data["newsdesk_sentence_starts"] = starts
    n = bisect.bisect_right(starts, i) - 1
    return starts[n], starts[n + 1] if n + 1 < len(starts) else len(doc)

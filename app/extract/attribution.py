"""Claims: a speech cue in the parse, the subject that speaks, and the words it attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from app.extract.quotemarks import QuoteSpan
from app.extract.speechlex import SpeechLexicon

_CLAUSE_DEPS = {"ccomp"}
_CLIMB_DEPS = {"conj", "advcl", "xcomp", "pcomp", "prep", "acl", "relcl"}
_SENTENCE_END = {".", "!", "?"}
_EMBEDDED_DEPS = {"relcl", "acl", "xcomp", "amod"}
_OBJECT_DEPS = {"dobj", "prep", "xcomp", "dative", "oprd", "npadvmod"}
_CLEAR_DEPS = {"ccomp", "advcl", "csubj", "xcomp"}


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
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    return lex.is_speech_verb(token.text) or _clear_of(token, lex) is not None


def _clear_of(token: Token, lex: SpeechLexicon) -> Token | None:
    if token.lower_ not in lex.clear_verbs:
        return None
    return next((c for c in token.children if c.lower_ == "clear"), None)


def cue_words(token: Token, lex: SpeechLexicon) -> str:
    """The cue as written: "said", or "made it clear"."""
    clear = _clear_of(token, lex)
    return token.doc[token.i : clear.i + 1].text if clear is not None else token.text


def phrase_cue(token: Token, lex: SpeechLexicon) -> str | None:
    """ "according to" / "as per" starting at this token, as written."""
    doc = token.doc
    for cue in lex.phrases:
        words = cue.split()
        stop = token.i + len(words)
        if stop <= len(doc) and [t.lower_ for t in doc[token.i : stop]] == words:
            return doc[token.i : stop].text
    return None


def subject_of(verb: Token, lex: SpeechLexicon) -> Token | None:
    """The speaker's head for a cue: its subject, or its governor's ("released a statement saying")."""
    t = verb
    for _ in range(4):
        subjects = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return _whole_subject(subjects)
        if t.dep_ == "acl" and t.head.lower_ in lex.document_nouns:
            return t.head  # "a statement saying ...": the statement speaks for its issuer
        if t.dep_ not in _CLIMB_DEPS or t.head is t:
            return None
        t = t.head
    return None


def _whole_subject(subjects: list[Token]) -> Token:
    """One subject; the parser sometimes splits one phrase into two ("the office of Iraq" + "PM X")."""
    first = subjects[0]
    for later in subjects[1:]:
        if later.left_edge.i == first.right_edge.i + 1:
            return later
    return first


def quoting_object(verb: Token) -> Token | None:
    """ "CNN quoted him as saying": the object of the quoting verb is the speaker."""
    t = verb
    while t.dep_ in {"pcomp", "prep"} and t.head is not t:
        t = t.head
    return next((c for c in t.children if c.dep_ == "dobj"), None)


def token_ranges(tokens: list[Token]) -> list[tuple[int, int]]:
    """Character ranges of runs of consecutive tokens."""
    ranges: list[tuple[int, int]] = []
    last = -2
    for t in sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i):
        end = t.idx + len(t.text)
        if ranges and t.i == last + 1:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((t.idx, end))
        last = t.i
    return ranges


def clause_tokens(verb: Token, lex: SpeechLexicon, fragment_at: set[int]) -> list[Token]:
    """The words a verb cue reports: its clause complement, or the complement that carries quoted words."""
    word = verb.lower_
    clear = _clear_of(verb, lex)
    if clear is not None:  # "made it clear that A": A hangs from "clear"
        return _strip_lead([t for c in clear.rights if c.dep_ in _CLEAR_DEPS for t in c.subtree])
    has_object = word in lex.object_verbs and any(c.dep_ == "dobj" for c in verb.children)
    content: list[Token] = []
    has_clause = any(c.dep_ in _CLAUSE_DEPS for c in verb.children) and word in lex.clausal
    for child in verb.children:
        sub = _after_document_that(child, lex)
        quoted = any(t.i in fragment_at for t in sub)
        if child.dep_ in _CLAUSE_DEPS and word in lex.clausal:
            content += sub
        elif word in lex.clausal and child.dep_ == "prep" and len(sub) < len(list(child.subtree)):
            content += sub  # "said in a statement that A", parsed with A hanging from "statement"
        elif has_clause and child.dep_ == "conj" and child.i > verb.i and _has_subject(child):
            content += sub  # "X said A, but B": B is X's too
        elif word in lex.directive and child.dep_ in {"xcomp", "dobj", "prep"} and child.i > verb.i:
            clause_after = any(c.dep_ in {"xcomp", "ccomp"} for c in [*child.children, *verb.children])
            directed = child.dep_ == "xcomp" or child.lower_ in {"against", "on", "for", "of"}
            if directed or (child.dep_ == "dobj" and clause_after):
                content += sub
        elif has_object and child.i > verb.i and (child.dep_ in _OBJECT_DEPS or _infinitive(child)):
            content += sub  # "stressed his rejection of ...", "reiterated his pledge on Friday to ..."
        elif quoted and child.i > verb.i and child.dep_ not in {"nsubj", "nsubjpass", "punct"}:
            content += sub
    return _strip_lead(content)


def _infinitive(token: Token) -> bool:
    """ "reiterated his pledge on Friday to end ...": an infinitive clause completing the object."""
    return token.dep_ == "advcl" and token.left_edge.lower_ == "to"


def _strip_lead(content: list[Token]) -> list[Token]:
    content.sort(key=lambda t: t.i)
    while content and (
        content[0].dep_ in {"mark", "punct"} or content[0].is_space or content[0].tag_ in {"WDT", "WP"}
    ):
        content.pop(0)  # "that", a comma, "which" of "which X said were ..."
    return content


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in token.children)


def _after_document_that(child: Token, lex: SpeechLexicon) -> list[Token]:
    """ "said in a statement that A": the statement's clause is what was said, not the preposition."""
    sub = list(child.subtree)
    if child.dep_ == "prep" and any(t.lower_ in lex.document_nouns for t in child.children):
        that = next((t for t in sub if t.lower_ == "that" and t.i > child.i + 1), None)
        return [t for t in sub if t.i > that.i] if that is not None else sub
    return sub


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """The paragraph (line) containing pos."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def sentence_tokens(doc: Doc, token: Token) -> list[Token]:
    """The tokens of the token's sentence, cut at paragraph breaks the parser ignored."""
    a, b = paragraph_bounds(doc.text, token.idx)
    return [t for t in token.sent if a <= t.idx < b and not t.is_space]


def tail_cue(doc: Doc, quote: QuoteSpan, lex: SpeechLexicon, stop: int) -> Token | None:
    """A cue right after a quote's closing mark: "...,” said Alterman." / "...,” he added."."""
    seen = 0
    stop = min(stop, paragraph_bounds(doc.text, max(quote.end - 1, 0))[1])
    for t in doc:
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
    before = [t for t in doc if t.idx < quote.start and not t.is_space]
    para_start, _ = paragraph_bounds(doc.text, quote.start)
    window = [t for t in before[-8:] if t.idx >= para_start]
    for t in reversed(window):
        if t.text in _SENTENCE_END:
            return None
        if is_cue(t, lex):
            between = [u for u in window if u.i > t.i]
            return t if not any(u.pos_ in {"VERB", "AUX"} for u in between) else None
    return None


_TRAILING_ATTRIBUTION = re.compile(r",\s+([^,“”\"]{2,80})$")


def cut_unclosed(doc: Doc, quote: QuoteSpan, lex: SpeechLexicon) -> tuple[QuoteSpan, Token | None]:
    """An unclosed quote that ends "..., the official added." ends at that comma; the verb is its cue."""
    a, b = quote.segments[-1]
    m = _TRAILING_ATTRIBUTION.search(doc.text[a:b])
    if not m:
        return quote, None
    cut = a + m.start()
    cue = next((t for t in doc if cut <= t.idx < b and is_cue(t, lex)), None)
    if cue is None:
        return quote, None
    segments = (*quote.segments[:-1], (a, cut))
    return QuoteSpan(quote.start, cut, segments, quote.double, quote.opened, closed=False), cue

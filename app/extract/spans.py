"""Candidate name spans in one field: the model's entities, gazetteer hits and defined acronyms."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache

import ahocorasick
from spacy.tokens import Doc, Span, Token

from app.extract.doccache import text_of, token_bounds, token_ent_types, token_lowers, token_words
from app.extract.lexicon import demonyms, known_entities, org_cues, regions
from app.extract.titles import appositive_role, leading_role, preceding_appositive
from app.extract.types import Field

NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
GAZETTEER = "GAZ"
LEADING_JUNK = frozenset({"the", "a", "an", "’s", "'s", "-", "–", "anti", "pro", "former", "ex", "then"})


_WORD_RE = re.compile(r"\w")
_GLUED_AFTER_RE = re.compile(r"\w|’s\w|'s\w")
_PERSONAL_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
_PRONOUN_WINDOW = 40  # tokens: about two sentences


@dataclass(slots=True)
class Candidate:
    """A name span in one field, before it is classified and merged with the article's others."""

    field: Field
    doc: Doc
    start: int  # token offsets into doc
    end: int
    label: str  # spaCy label, or GAZETTEER
    role: str | None = None
    role_span: tuple[int, int] | None = None  # token offsets of a title before the name
    acronym: str | None = None  # "(KH)" right after the name
    display: str | None = None  # a name to use instead of the span's text ("Oman’s foreign ministry")
    # The Doc's text and token bounds (doccache), held here: the offsets are read many times per candidate.
    _chars: str = dataclass_field(init=False, repr=False, compare=False)
    _starts: list[int] = dataclass_field(init=False, repr=False, compare=False)
    _ends: list[int] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._chars = text_of(self.doc)
        self._starts, self._ends = token_bounds(self.doc)

    @property
    def span(self) -> Span:
        return self.doc[self.start : self.end]

    @property
    def text(self) -> str:
        if self.start < self.end:
            return self._chars[self._starts[self.start] : self._ends[self.end - 1]]
        return self.span.text

    @property
    def words(self) -> list[str]:
        """Its alphabetic words, lower-cased."""
        return alpha_lowers(self.doc, self.start, self.end)

    @property
    def char_start(self) -> int:
        return self._starts[self.start]

    @property
    def char_end(self) -> int:
        return self._ends[self.end - 1]


def alpha_lowers(doc: Doc, start: int, end: int) -> list[str]:
    """``[t.lower_ for t in doc[start:end] if t.is_alpha]`` from the Doc's tables.

    spaCy's ``is_alpha`` is ``str.isalpha`` of the token's text (``spacy.lang.lex_attrs.is_alpha``).
    """
    texts, lowers = token_words(doc), token_lowers(doc)
    return [lowers[i] for i in range(start, end) if texts[i].isalpha()]


def _clean(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles/possessives, an unclosed parenthesis on, trailing possessives or punctuation."""
    texts, lowers = token_words(doc), token_lowers(doc)
    opened = next((i for i in range(start, end) if texts[i] == "("), None)
    if opened is not None and ")" not in texts[opened:end]:
        end = opened  # "Development Office (FCDO": the model ran into the acronym
    while start < end and (lowers[start] in LEADING_JUNK or doc[start].is_punct):
        start += 1
    while end > start and _trailing_junk(doc[end - 1]):
        end -= 1
    return start, end


def _trailing_junk(token: Token) -> bool:
    """A possessive, punctuation, a space or a conjunction: what a name does not end in (one Token built)."""
    return token.tag_ == "POS" or token.pos_ in {"PUNCT", "SPACE", "CCONJ"}


def ner_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """The model's entities of the kinds newsdesk keeps, cleaned, with person titles split off."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        start, end = _clean(doc, ent.start, ent.end)
        if start >= end:
            continue
        label = "PERSON" if ent.label_ == "ORG" and _titled_org(doc, start, end) else ent.label_
        cand = Candidate(field, doc, start, end, label)
        if label == "PERSON":
            _split_role(cand)
        out.append(cand)
    return out


def _split_role(cand: Candidate) -> None:
    """Move a title before or beside a person's name into the candidate's role."""
    doc = cand.doc
    role_start, name_start, _end = leading_role(doc, cand.start, cand.end)
    cand.start = name_start
    if role_start < name_start:
        cand.role, cand.role_span = doc[role_start:name_start].text, (role_start, name_start)
    else:
        cand.role = appositive_role(doc[name_start : cand.end]) or preceding_appositive(doc, name_start)


def _titled_org(doc: Doc, start: int, end: int) -> bool:
    """'Chancellor Olaf Scholz', 'The UN envoy, Ramtane Lamamra' tagged ORG: a titled name is a person."""
    words = alpha_lowers(doc, start, end)
    cues = org_cues()
    if any(w in cues["last"] or w in cues["first"] or w in cues["any"] for w in words) or len(words) < 2:
        return False
    role_start, name_start, _ = leading_role(doc, start, end)
    titled = role_start < name_start or preceding_appositive(doc, start) is not None
    return titled or (len(words) <= 3 and _followed_by_personal_pronoun(doc, end))


def _followed_by_personal_pronoun(doc: Doc, end: int) -> bool:
    """'Olaf Scholz spoke in Berlin. “...,” he said': the next person-like word is he or she, not a name."""
    types, lowers = token_ent_types(doc), token_lowers(doc)
    for i in range(end, min(len(types), end + _PRONOUN_WINDOW)):
        if types[i] == "PERSON" or (types[i] == "ORG" and doc[i].ent_iob_ == "B"):
            return False
        if lowers[i] in _PERSONAL_PRONOUNS:
            return True
    return False


@lru_cache(maxsize=1)
def _gazetteer() -> ahocorasick.Automaton:
    """Every form, each stored with its length."""
    forms: set[str] = set(demonyms())
    for entry in known_entities():
        forms.update((entry.canonical, *entry.aliases))
    for name, _subtype, _cc, _lat, _lon, aliases in regions():
        forms.update((name, *aliases))
    from app.extract.geocode import country_names  # local: geocode loads GeoNames lazily

    forms.update(country_names())
    automaton = ahocorasick.Automaton()
    for form in {f.removeprefix("the ") for f in forms if len(f) > 1}:
        automaton.add_word(form, len(form))
    automaton.make_automaton()
    return automaton


def gazetteer_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """Countries, demonyms, regions and alias-table names the model may miss (headlines above all)."""
    out = []
    starts, ends = token_bounds(doc)
    for start, end in _gazetteer_hits(text_of(doc)):
        # doc.char_span(start, end, alignment_mode="strict"): a token starts at start and one ends at end.
        first, last = bisect_left(starts, start), bisect_left(ends, end)
        if first < len(starts) and starts[first] == start and last < len(ends) and ends[last] == end:
            out.append(Candidate(field, doc, first, last + 1, GAZETTEER))
    return out


def _gazetteer_hits(text: str) -> list[tuple[int, int]]:
    """Non-overlapping forms, leftmost then longest, not glued to a letter on either side."""
    # What the regex (?<!\w)(?:form|...)(?!\w|’s\w|'s\w), forms longest first, finds; but re compiles an
    # alternation of thousands of names slowly and tries every one at each position.
    # Hyphens may join a name to a word ("anti-Tehran", "Israel-Hamas war", "US-led"), letters may not.
    ends: dict[int, list[int]] = {}
    for last, length in _gazetteer().iter(text):
        ends.setdefault(last + 1 - length, []).append(last + 1)
    hits: list[tuple[int, int]] = []
    pos = 0
    for start in sorted(ends):
        if start < pos or (start > 0 and _WORD_RE.match(text, start - 1)):
            continue
        end = next((e for e in sorted(ends[start], reverse=True) if not _GLUED_AFTER_RE.match(text, e)), None)
        if end is not None:
            hits.append((start, end))
            pos = end
    return hits

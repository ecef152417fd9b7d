"""The news-organisation gazetteer: names, aliases and their occurrences in text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick

from app.extract.names import fold

_AGENCY_SUFFIX = r"(?:\s+(?:[Nn]ews\s+[Aa]gency|[Nn]ewspaper|[Dd]aily|TV|[Tt]elevision))?"
# "<Name> news agency" for agencies the data file does not list: one to three capitalised words.
_GENERIC_AGENCY_RE = re.compile(r"\b((?:[A-Z][\w&-]*\s+){0,2}[A-Z][\w&-]*)\s+[Nn]ews\s+[Aa]gency\b")
_LEADING_THE_RE = re.compile(r"^the\s+")
_LOWER_THE_RE = re.compile(r"^The\s+")
_LONGER_NAME_RE = re.compile(r"\s+[A-Z]")
_TRAILING_KIND_RE = re.compile(r"\s+(?:news agency|newspaper|daily|tv|television)$")


@dataclass(frozen=True, slots=True)
class OrgSpan:
    """One occurrence of a news organisation in a text."""

    start: int
    end: int
    name: str  # canonical name
    ambiguous: bool  # the surface form is also an ordinary word or another actor's name
    suffixed: bool  # followed by "news agency" (or "newspaper", "TV"), which settles any ambiguity


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    canonical: dict[str, str]  # surface form -> canonical name
    ambiguous: frozenset[str]  # surface forms
    pattern: re.Pattern[str]
    # Every surface form, to find where the pattern can start: re tries all alternatives at every position.
    automaton: ahocorasick.Automaton


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    canonical: dict[str, str] = {}
    ambiguous: set[str] = set()
    text = resources.files("app.extract.data").joinpath("news_organisations.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        forms = [cols[0], *(a for a in (cols[1] if len(cols) > 1 else "").split("|") if a)]
        name = cols[0].lstrip("~")
        for form in forms:
            surface = form.lstrip("~")
            # "The Hindu" is written "the Hindu" in running text: both spellings are surface forms.
            for variant in {surface, _LOWER_THE_RE.sub("the ", surface)}:
                canonical[variant] = name
                if form.startswith("~"):
                    ambiguous.add(variant)
    alternation = "|".join(re.escape(s) for s in sorted(canonical, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-]){_AGENCY_SUFFIX}")
    automaton = ahocorasick.Automaton()
    for surface in canonical:
        automaton.add_word(surface, len(surface))
    automaton.make_automaton()
    return _Gazetteer(canonical, frozenset(ambiguous), pattern, automaton)


@lru_cache(maxsize=1)
def _folded_names() -> dict[str, str]:
    gaz = _gazetteer()
    return {fold(s): n for s, n in gaz.canonical.items() if s not in gaz.ambiguous}


def news_organisation_names() -> frozenset[str]:
    """Folded names and unambiguous aliases of every listed news organisation."""
    return frozenset(_folded_names())


@lru_cache(maxsize=1)
def _folded_everything() -> dict[str, str]:
    return {fold(s): n for s, n in _gazetteer().canonical.items()}


@lru_cache(maxsize=1 << 14)
def match_news_organisation(text: str, *, loose: bool = False) -> str | None:
    """Canonical name when the whole text names a news organisation, else None.

    ``loose`` also accepts ambiguous forms ("CP", "AA"): for a credit in parentheses, which settles them.
    """
    names = _folded_names()
    for folded in (fold(text), _LEADING_THE_RE.sub("", fold(text))):
        bare = _TRAILING_KIND_RE.sub("", folded)
        if folded in names or bare in names:
            return names.get(folded) or names[bare]
    folded = _LEADING_THE_RE.sub("", fold(text))
    suffixed = _TRAILING_KIND_RE.search(folded) is not None
    bare = _TRAILING_KIND_RE.sub("", folded)
    if suffixed or loose:
        everything = _folded_everything()
        if bare in everything:
            return everything[bare]
    generic = _GENERIC_AGENCY_RE.fullmatch(text.strip().removeprefix("the ").removeprefix("The "))
    return generic.group(1) if generic else None


def find_news_organisations(text: str) -> list[OrgSpan]:
    """Every listed or "<Name> news agency" organisation in the text, left to right, not overlapping."""
    return list(_news_organisations(text))


@lru_cache(maxsize=8)  # the same body is scanned for sources and for asides; texts may be long
def _news_organisations(text: str) -> tuple[OrgSpan, ...]:
    gaz = _gazetteer()
    starts = sorted({end + 1 - length for end, length in gaz.automaton.iter(text)})
    spans: list[OrgSpan] = []
    pos = 0
    while m := _search(gaz.pattern, text, starts, pos):
        pos = m.end()
        surface = text[m.start() : m.end()]
        if surface in gaz.ambiguous and _LONGER_NAME_RE.match(text, m.end()):
            pos = m.start() + 1  # "the Australian Broadcasting Corporation": part of a longer name
            continue
        suffix = len(surface) - len(_TRAILING_KIND_RE.sub("", surface.casefold()))
        if surface in gaz.canonical:  # the name itself ends in a kind word: "Channels Television"
            suffix = 0
        form = surface[: len(surface) - suffix]
        spans.append(OrgSpan(m.start(), m.end(), gaz.canonical[form], form in gaz.ambiguous, suffix > 0))
    taken = [(s.start, s.end) for s in spans]
    for m in _generic_agencies(text):
        start = _after_possessives(text, m.start(1), m.end(1))
        if start < m.end(1) and not any(a < m.end() and start < b for a, b in taken):
            spans.append(OrgSpan(start, m.end(), text[start : m.end(1)], False, True))
    return tuple(sorted(spans, key=lambda s: s.start))


def _search(pattern: re.Pattern[str], text: str, starts: list[int], pos: int) -> re.Match[str] | None:
    """``pattern.search(text, pos)``: the pattern can only match where a surface form starts."""
    for start in starts[bisect.bisect_left(starts, pos) :]:
        if m := pattern.match(text, start):
            return m
    return None


def _generic_agencies(text: str) -> Iterator[re.Match[str]]:
    """``_GENERIC_AGENCY_RE.finditer(text)``; the pattern needs "agency" (in either case of its A)."""
    return _GENERIC_AGENCY_RE.finditer(text) if "gency" in text else iter(())


def _after_possessives(text: str, start: int, end: int) -> int:
    """Skip leading words of a name run that are possessives ("Iran's Tasnim") or sentence openers."""
    for w in re.finditer(r"\S+", text[start:end]):
        if not (re.search(r"[’']s$", w.group()) or w.group() in {"The", "A", "An", "State", "Official"}):
            return start + w.start()
    return end

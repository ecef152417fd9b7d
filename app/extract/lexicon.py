"""Cached loaders for the entity word lists and gazetteers under app/extract/data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from app.extract.names import fold


def _text(name: str) -> str:
    return resources.files("app.extract.data").joinpath(name).read_text("utf-8")


def _rows(name: str) -> list[list[str]]:
    """Non-comment lines of a TSV/TXT data file, split on tabs."""
    return [ln.split("\t") for ln in _text(name).splitlines() if ln.strip() and not ln.startswith("#")]


def _json(name: str) -> Any:
    return json.loads(_text(name))


@dataclass(frozen=True, slots=True)
class KnownEntity:
    """One entry of the alias table."""

    canonical: str
    kind: str
    subtype: str | None
    aliases: tuple[str, ...]
    country_code: str | None = None


@lru_cache(maxsize=1)
def known_entities() -> tuple[KnownEntity, ...]:
    """The alias table of well-known equivalent names."""
    return tuple(
        KnownEntity(e["canonical"], e["kind"], e.get("subtype"), tuple(e["aliases"]), e.get("country_code"))
        for e in _json("entity_aliases.json")["entities"]
    )


@lru_cache(maxsize=1)
def known_by_fold() -> dict[str, KnownEntity]:
    """Alias table keyed by folded canonical names and aliases."""
    table: dict[str, KnownEntity] = {}
    for entry in known_entities():
        for name in (entry.canonical, *entry.aliases):
            table.setdefault(fold(name).removeprefix("the "), entry)
    return table


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym adjective -> ISO country code."""
    return {row[0]: row[1].strip() for row in _rows("demonyms.tsv")}


@lru_cache(maxsize=1)
def org_cues() -> dict[str, dict[str, str]]:
    """Organisation cue words by position ('first', 'last', 'any', 'after', 'before') -> subtype."""
    raw = _json("org_cues.json")
    cues = {pos: raw[pos] for pos in ("first", "last", "any")}
    cues["after"] = {w: "group" for w in raw["after"]}
    cues["before"] = dict(raw.get("before", {}))
    cues["event_last"] = {w: "event" for w in raw.get("event_last", [])}
    return cues


@lru_cache(maxsize=1)
def place_cues() -> dict[str, Any]:
    """Place cue words: 'last' -> subtype, 'after', 'before', 'directions'."""
    return dict(_json("place_cues.json"))


@lru_cache(maxsize=1)
def facility_words() -> frozenset[str]:
    """Last words that make a name a facility ("base", "airport", "embassy")."""
    cues = place_cues()
    return frozenset([w for w, sub in cues["last"].items() if sub == "facility"] + cues["base_nouns"])


@lru_cache(maxsize=1)
def title_words() -> dict[str, frozenset[str]]:
    """Title heads, modifiers and abbreviations, lower-cased."""
    raw = _json("titles.json")
    return {k: frozenset(w.casefold() for w in raw[k]) for k in ("heads", "modifiers", "abbreviations")}


@lru_cache(maxsize=1)
def role_short_forms() -> dict[str, str]:
    """Abbreviations of roles used in running text ("PM" -> "prime minister")."""
    return dict(_json("titles.json")["short_forms"])


@lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    """Lower-case words that belong inside personal names."""
    return frozenset(row[0].strip() for row in _rows("name_particles.txt"))


@lru_cache(maxsize=1)
def non_entities() -> frozenset[str]:
    """Surface forms the model tags that are never actors or places."""
    return frozenset(row[0].strip() for row in _rows("non_entities.txt"))


@lru_cache(maxsize=1)
def regions() -> tuple[tuple[str, str, str | None, float, float, tuple[str, ...]], ...]:
    """Regions, waterways and continents: name, subtype, country, lat, lon, aliases."""
    out = []
    for row in _rows("regions.tsv"):
        row += [""] * (6 - len(row))
        aliases = tuple(a for a in row[5].split("|") if a)
        out.append((row[0], row[1], row[2] or None, float(row[3]), float(row[4]), aliases))
    return tuple(out)


@lru_cache(maxsize=1)
def photo_credit_re() -> re.Pattern[str]:
    """'(photo:Twitter)', '(File photo: Facebook/...)': credits whose names are not actors."""
    words = _json("citation_cues.json")["photo_credit"]
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\(\s*(?:{alternation})\b[^)]*\)", re.IGNORECASE)


@lru_cache(maxsize=1)
def news_org_matcher() -> Callable[[str], str | None]:
    """Canonical news-organisation name for a whole text ("Xinhua news agency"), or None."""
    try:  # imported late: the agencies module is another component's and optional here
        from app.extract.agencies import match_news_organisation
    except ImportError:
        return lambda _text: None
    return match_news_organisation

"""One article's cast: how each actor and place is named the first time and afterwards."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from app.extract.names import entity_key
from app.extract.types import EntityKind
from benchmarks.corpus.builder import CastMember, Para
from benchmarks.corpus.world import Org, Person, Place, World


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(slots=True)
class Ctx:
    """Everything a sentence writer needs to know about the article being written."""

    rng: random.Random
    world: World
    published: dt.date
    people: list[Person]
    orgs: list[Org]
    places: list[Place]
    members: dict[str, CastMember] = field(default_factory=dict)
    spelling: dict[str, tuple[str, str]] = field(default_factory=dict)  # person key -> (first, surname)
    last_speaker: Person | None = None
    cited: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # agency -> (para, start, end)

    def person(self, para: Para, who: Person, sentence_start: bool) -> CastMember:
        """Name a person: title and full name the first time, the surname alone later."""
        key = entity_key(f"{who.first[0]} {who.surname[0]}", EntityKind.PERSON)
        member = self.members.get(key)
        if member is None:
            member = CastMember(key, f"{who.first[0]} {who.surname[0]}", EntityKind.PERSON, None)
            self.members[key] = member
            self.spelling[key] = (self._variant(who.first), self._variant(who.surname))
            first, surname = self.spelling[key]
            self._introduce(para, member, who, f"{first} {surname}", sentence_start)
        else:
            surname = self.spelling[key][1]
            para.entity(member, _cap(surname) if sentence_start else surname)
        return member

    def _variant(self, forms: tuple[str, ...]) -> str:
        return forms[0] if len(forms) == 1 or self.rng.random() < 0.75 else self.rng.choice(forms[1:])

    def _introduce(self, para: Para, member: CastMember, who: Person, full: str, start: bool) -> None:
        member.roles.setdefault(who.role)
        country = self.world.by_code[who.country].name
        if who.role[0].islower() and self.rng.random() < 0.5:
            para.entity(member, full)
            para.add(f", {country}’s {who.role},")
            return
        role = who.role if self.rng.random() < 0.6 else f"{country} {who.role}"
        para.add(f"{_cap(role) if start else role} ")
        para.entity(member, full)

    def org(self, para: Para, org: Org, sentence_start: bool) -> None:
        """Name an organisation, introducing its acronym in parentheses the first time."""
        kind = EntityKind.ORGANISATION
        key = entity_key(org.name, kind)
        member = self.members.get(key)
        the = "The " if sentence_start else "the "
        if member is None:
            member = self.members[key] = CastMember(key, org.name, kind, org.subtype)
            para.add(the)
            para.entity(member, org.name)
            if org.acronym:
                para.add(" (")
                para.entity(member, org.acronym)
                para.add(")")
            return
        if org.acronym:
            para.entity(member, org.acronym)
        else:
            para.add(the)
            para.entity(member, org.name)

    def place(self, para: Para, place: Place) -> None:
        """Name a place, sometimes by a transliteration variant ("Irbil" for "Erbil")."""
        key = entity_key(place.name, EntityKind.PLACE)
        member = self.members.get(key)
        if member is None:
            member = self.members[key] = CastMember(
                key,
                place.name,
                EntityKind.PLACE,
                place.subtype,
                place.country_code,
                place.latitude,
                place.longitude,
                place.geonames_id,
            )
        variant = place.variants and self.rng.random() < 0.2
        para.entity(member, self.rng.choice(place.variants) if variant else place.name)

"""The city inside a facility's name: "near Irbil airport" also mentions Erbil."""

from __future__ import annotations

from app.extract.classify import Classified
from app.extract.cluster import Item
from app.extract.geocode import geocode
from app.extract.spans import GAZETTEER, Candidate
from app.extract.types import EntityKind


def facility_cities(items: list[Item]) -> list[Item]:
    """A city mention for each "<City> airport"/"<City> base" facility whose leading words geocode to a city.

    An analyst filtering by the city expects an article about its airport; the facility keeps its own
    mention. Only lower-case facility nouns count ("Erbil airport"), not proper names ("Al-Asad Air Base").
    """
    countries = [i.cls.place.country_code for i in items if i.cls.place and i.cls.place.country_code]
    out = []
    for item in items:
        cand = item.cand
        facility = item.cls.kind is EntityKind.PLACE and item.cls.subtype == "facility"
        if not facility or cand.end - cand.start < 2:
            continue
        if not cand.doc[cand.end - 1].is_lower:
            continue
        head = cand.doc[cand.start : cand.end - 1]
        if not head.text[:1].isupper():
            continue
        place = geocode(head.text, countries)
        if place is None or place.subtype != "city":
            continue
        city = Candidate(cand.field, cand.doc, head.start, head.end, GAZETTEER)
        out.append(Item(city, Classified(EntityKind.PLACE, place.name, place.subtype, place, known=True)))
    return out

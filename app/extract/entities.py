"""People, organisations and places an article names: spaCy NER corrected by rules and gazetteers.

Decisions (documented here because the loader, the API and the gold annotations depend on them):
- A demonym ("Iraqi forces", "the Iraqi government", "Dutch Defence Minister") is a mention of its
  country, a place; no separate "Government of Iraq" organisation is made. "Iraq government" likewise.
  A demonym naming a people ("Palestinian civilians") is not a mention of anything.
- A named state's ministry or armed service in lower case ("Oman’s foreign ministry") is an
  organisation named with its country; the country keeps its own mention.
- A city's facility in lower case ("Irbil airport") is a facility named after the city's GeoNames name
  ("Erbil airport"); the city is then not mentioned there.
- Militias, ministries, militaries and parties are organisations; news organisations are sources, not
  entities at all.
- A headline's names count only when the gazetteers know them or the lede/body names the same entity,
  because the model reads title case as names ("Iraq Asserts Sovereignty").
- A name inside a person's title ("Pentagon" in "Pentagon spokesman Pat Ryder") counts only when the
  alias table or GeoNames knows it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from itertools import accumulate

from spacy.tokens import Doc

from app.extract.classify import Classified, classify
from app.extract.cluster import (
    Cluster,
    Item,
    cluster_orgs,
    cluster_persons,
    cluster_places,
    person_matches,
)
from app.extract.context import org_subtype
from app.extract.doccache import text_of
from app.extract.facilities import facility_cities
from app.extract.lexicon import photo_credit_re
from app.extract.mentions import add_alias_mentions, add_role_mentions, to_finding
from app.extract.names import key_form
from app.extract.patterns import rule_candidates
from app.extract.refine import consistent_kinds, drop_openers, extend_given_name, person_candidates
from app.extract.spans import GAZETTEER, Candidate, gazetteer_candidates, ner_candidates
from app.extract.types import EntityFinding, EntityKind, Field

_PRIORITY = {GAZETTEER: 1}


def find_entities(
    docs: Mapping[Field, Doc], sources: Mapping[Field, list[tuple[int, int]]] | None = None
) -> list[EntityFinding]:
    """Every person, organisation and place of one article, each with all its mentions.

    ``sources`` are the character spans of news organisations cited in each field: never actors.
    """
    texts = {f: text_of(d) for f, d in docs.items()}
    fields = [f for f in (Field.LEDE, Field.BODY) if f in docs]
    skip = sources or {}
    body_cands = [c for f in fields for c in _candidates(docs[f], f, skip.get(f, []))]
    body_items = _select(consistent_kinds(drop_openers(_classified(body_cands))))
    body_items += facility_cities(body_items)
    items = body_items
    if Field.TITLE in docs:
        title_cands = _candidates(docs[Field.TITLE], Field.TITLE, skip.get(Field.TITLE, []))
        title_items = _select(_confirmed(_classified(title_cands, _countries(body_items)), body_items))
        items = body_items + title_items + facility_cities(title_items)
    clusters = _cluster(items)
    add_role_mentions(clusters, texts)
    add_alias_mentions(clusters, texts)
    return [to_finding(c) for c in clusters]


def _candidates(doc: Doc, field: Field, sources: list[tuple[int, int]]) -> list[Candidate]:
    """The model's, the gazetteers' and the rules' candidates of one field; they may overlap."""
    ner = ner_candidates(doc, field)
    roles = [c.role_span for c in ner if c.role_span]
    # Model spans inside a person's title ("Pentagon Press" in "Deputy Pentagon Press Secretary") give way
    # to the gazetteer's ("Pentagon") unless they carry an organisation word ("Security Council").
    ner = [c for c in ner if not _inside(c.start, roles) or _named_body(c)]
    for cand in ner:
        if cand.label in {"PERSON", "ORG"} and cand.role is None:
            extend_given_name(cand)
    found = rule_candidates(doc, field) + gazetteer_candidates(doc, field) + ner
    found += person_candidates(doc, field)
    credits = [m.span() for m in photo_credit_re().finditer(text_of(doc))] + sources
    return _outside(found, credits)


def _outside(cands: list[Candidate], spans: list[tuple[int, int]]) -> list[Candidate]:
    """The candidates that overlap none of the character spans."""
    if not spans:
        return cands
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))  # the furthest end of the spans up to each
    # The spans starting before a candidate ends are a prefix of starts; none may reach past its start.
    return [c for c in cands if (k := bisect_left(starts, c.char_end)) == 0 or reach[k - 1] <= c.char_start]


def _select(items: list[Item]) -> list[Item]:
    """Non-overlapping names: longest first; acronym definitions, then gazetteer hits, win ties."""
    items = sorted(
        items,
        key=lambda i: (
            i.cand.field,
            i.cand.char_start,
            i.cand.char_start - i.cand.char_end,
            _priority(i.cand),
        ),
    )
    kept: list[Item] = []
    reach: dict[Field, int] = {}  # the furthest end of a kept name, per field
    for item in items:
        field = item.cand.field
        if field not in reach or item.cand.char_start >= reach[field]:
            kept.append(item)
            reach[field] = max(reach.get(field, item.cand.char_end), item.cand.char_end)
    return kept


def _priority(cand: Candidate) -> int:
    return 0 if cand.acronym or cand.display else _PRIORITY.get(cand.label, 2)


def _countries(items: Iterable[Item]) -> list[str]:
    """The countries an article names (not those of its guessed cities), to decide ambiguous cities."""
    places = [i.cls.place for i in items if i.cls.place and i.cls.place.subtype in {"country", "region"}]
    return [p.country_code for p in places if p and p.country_code]


class _Watched:
    """Countries handed to classify, noting whether it read them; most answers never do (only geocoding)."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        self.read = False

    def __iter__(self) -> Iterator[str]:
        self.read = True
        return iter(self.codes)

    def __len__(self) -> int:  # a truth test reads them too
        self.read = True
        return len(self.codes)


def _classified(cands: list[Candidate], countries: list[str] | None = None) -> list[Item]:
    """Classify in two passes so city names are decided by the countries the article names."""
    first = [(c, *_classify_watched(c, countries or [])) for c in cands]
    found = countries or _countries(Item(c, k) for c, k, _ in first if k)
    if set(found) == set(countries or []):  # classify reads the countries only as a set: same answers
        items = [Item(c, k) for c, k, _ in first if k]
    else:  # only an answer that read the countries can change with them
        items = [Item(c, k) for c, k1, read in first if (k := classify(c, found) if read else k1)]
    roles = [c.role_span for c in cands if c.role_span]
    return [
        i
        for i in items
        if i.cls.known or i.cand.display or not _inside(i.cand.start, roles) or _named_body(i.cand)
    ]


def _classify_watched(cand: Candidate, countries: list[str]) -> tuple[Classified | None, bool]:
    """The candidate's classification, and whether it read the countries."""
    watched = _Watched(countries)
    return classify(cand, watched), watched.read


def _inside(start: int, roles: list[tuple[int, int]]) -> bool:
    return any(a <= start < b for a, b in roles)


def _named_body(cand: Candidate) -> bool:
    """A name with an organisation word in it ("Supreme National Security Council")."""
    return org_subtype(cand.words) is not None


def _as_person(items: list[Item]) -> list[Item]:
    """A model-guessed organisation or place that is a named person's surname ('Blinken' as GPE)."""
    full = [i.cls.name for i in items if i.cls.kind is EntityKind.PERSON and len(i.cls.name.split()) > 1]
    out = []
    for item in items:
        # A city the model tagged PERSON ("Baku") was relabelled by GeoNames: a named person's surname wins.
        unsure = not item.cls.known or item.cand.label == "PERSON"
        guessed = item.cls.kind is not EntityKind.PERSON and unsure and item.cand.acronym is None
        if guessed and any(person_matches(item.cls.name, name) for name in full):
            item = Item(item.cand, Classified(EntityKind.PERSON, item.cls.name))
        out.append(item)
    return out


def _cluster(items: list[Item]) -> list[Cluster]:
    items = _as_person(items)
    by_kind = {k: [i for i in items if i.cls.kind is k] for k in EntityKind}
    return (
        cluster_persons(by_kind[EntityKind.PERSON])
        + cluster_orgs(by_kind[EntityKind.ORGANISATION])
        + cluster_places(by_kind[EntityKind.PLACE])
    )


def _confirmed(items: list[Item], body_items: list[Item]) -> list[Item]:
    """Headline names the gazetteers know, or that the lede/body also name."""
    if all(i.cls.known or i.cand.acronym for i in items):
        return items  # the lede and body need not be clustered (most headlines)
    clusters = _cluster(body_items)
    forms = {key_form(a) for c in clusters for a in (c.name, *c.aliases)}
    persons = [c.name for c in clusters if c.kind is EntityKind.PERSON]
    return [
        i
        for i in items
        if i.cls.known
        or i.cand.acronym
        or key_form(i.cls.name) in forms
        or any(person_matches(i.cls.name, p) for p in persons)
    ]

"""Merging one article's classified names into entities: surnames, acronyms, back-references."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from app.extract.classify import Classified
from app.extract.geocode import country_names
from app.extract.geonames import Place
from app.extract.lexicon import demonyms, name_particles, org_cues
from app.extract.names import entity_key, fold, key_form, tidy_name
from app.extract.spans import Candidate
from app.extract.types import EntityKind, Field, Mention

FIELD_ORDER = {Field.TITLE: 0, Field.LEDE: 1, Field.BODY: 2}


@dataclass(slots=True)
class Item:
    """A candidate with its classification."""

    cand: Candidate
    cls: Classified

    @property
    def order(self) -> tuple[int, int]:
        return FIELD_ORDER[self.cand.field], self.cand.char_start


@dataclass(slots=True)
class Cluster:
    """One entity of the article being assembled."""

    kind: EntityKind
    name: str
    subtype: str | None
    place: Place | None
    known: bool
    items: list[Item] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    extra: list[Mention] = field(default_factory=list)

    @property
    def key(self) -> str:
        return entity_key(self.name, self.kind.value)

    def add(self, item: Item) -> None:
        self.items.append(item)
        for alias in (item.cand.display or item.cand.text, item.cand.acronym):
            if alias and alias not in self.aliases:
                self.aliases.append(alias)
        if item.cand.role and item.cand.role not in self.roles:
            self.roles.append(item.cand.role)


def name_words(name: str) -> list[str]:
    """Folded words of a name without particles ('al', 'bin', 'van')."""
    return list(_name_words(name))


@lru_cache(maxsize=1 << 16)  # the same names are compared many times per article
def _name_words(name: str) -> tuple[str, ...]:
    particles = name_particles()
    return tuple(w for w in key_form(tidy_name(name)).split() if w not in particles)


@lru_cache(maxsize=1 << 16)
def person_matches(short: str, full: str) -> bool:
    """'Austin' ~ 'Lloyd Austin', 'al-Sudani' ~ 'Mohammed Shia’ al-Sudani', 'Mohammed al-Sudani' too."""
    s, f = _name_words(short), _name_words(full)
    if not s or len(s) > len(f):
        return False
    return f[-len(s) :] == s or (len(s) >= 2 and s[0] == f[0] and s[-1] == f[-1])


def _new_cluster(item: Item) -> Cluster:
    c = item.cls
    cluster = Cluster(c.kind, c.name, c.subtype, c.place, c.known)
    cluster.add(item)
    return cluster


def _nearest(clusters: list[Cluster], item: Item) -> Cluster:
    """Of several candidates, the one named most recently before the item (else the first)."""
    before = [
        (max(i.order for i in c.items if i.order < item.order), c)
        for c in clusters
        if any(i.order < item.order for i in c.items)
    ]
    return max(before, key=lambda oc: oc[0])[1] if before else clusters[0]


def cluster_persons(items: list[Item]) -> list[Cluster]:
    """Full names first (longest first), then short forms attached to the full name they end."""
    clusters: list[Cluster] = []
    ordered = sorted(items, key=lambda i: (-len(name_words(i.cls.name)), i.order))
    for item in ordered:
        matches = [c for c in clusters if person_matches(item.cls.name, c.name)]
        if matches:
            _nearest(matches, item).add(item)
        else:
            clusters.append(_new_cluster(item))
    return clusters


def _initials(name: str) -> str:
    words = tidy_name(name).replace("-", " ").replace(",", " ").split()
    return "".join(w if w.isupper() else w[0] for w in words if w[:1].isupper()).upper()


def _without_country(name: str) -> str:
    """'US Central Command' -> 'central command': a leading country or demonym does not change an org,
    nor a trailing "of <country>" ('Election Commission of India' = 'Election Commission')."""
    words = name.split()
    if len(words) > 1 and (words[0] in demonyms() or words[0] in {"US", "U.S.", "UK", "UN", "EU"}):
        return key_form(" ".join(words[1:]))
    head, sep, tail = name.rpartition(" of ")
    if sep and len(head.split()) > 1 and tail.removeprefix("the ") in country_names():
        return key_form(head)
    return key_form(name)


def _is_bare_cue(name: str) -> bool:
    cues = org_cues()
    words = [w for w in fold(name).split() if w != "the"]
    return len(words) == 1 and (words[0] in cues["last"] or words[0] in cues["first"])


def cluster_orgs(items: list[Item]) -> list[Cluster]:
    """Same name (country prefix aside), defined acronyms, initials, and 'the Council' back-references."""
    clusters: dict[str, Cluster] = {}
    later: list[Item] = []
    for item in sorted(items, key=lambda i: i.order):
        name = item.cls.name
        if not item.cls.known and (name.isupper() or _is_bare_cue(name)):
            later.append(item)
            continue
        key = _without_country(name)
        if key in clusters:
            clusters[key].add(item)
        else:
            clusters[key] = _new_cluster(item)
    result = list(clusters.values())
    for item in later:
        target = _resolve_short_org(item, result)
        if target:
            target.add(item)
        elif item.cls.name.isupper():
            result.append(_new_cluster(item))
    return result


def _resolve_short_org(item: Item, clusters: list[Cluster]) -> Cluster | None:
    text = item.cls.name
    if text.isupper():
        hits = [c for c in clusters if text in c.aliases or _initials(c.name) == text]
    else:
        last = fold(text).split()[-1]
        hits = [c for c in clusters if fold(c.name).split()[-1] == last and len(c.name.split()) > 1]
    return hits[0] if len(hits) == 1 else None


def cluster_places(items: list[Item]) -> list[Cluster]:
    """Same GeoNames id, else the same folded name, else the end of a longer name ('Green Village')."""
    clusters: dict[str, Cluster] = {}
    for item in sorted(items, key=lambda i: (-len(i.cls.name.split()), i.order)):
        place = item.cls.place
        key = f"geo:{place.geonames_id}" if place and place.geonames_id else key_form(item.cls.name)
        if key in clusters:
            clusters[key].add(item)
        elif place is None and len(longer := _longer_names(clusters, key)) == 1:
            longer[0].add(item)
        else:
            clusters[key] = _new_cluster(item)
    return sorted(clusters.values(), key=lambda c: min(i.order for i in c.items))


def _longer_names(clusters: dict[str, Cluster], key: str) -> list[Cluster]:
    """Places without a GeoNames id whose longer names end in the key ("Green Village" for "village")."""
    return [c for k, c in clusters.items() if not k.startswith("geo:") and _ends_name(c.name, key)]


def _ends_name(name: str, key: str) -> bool:
    words, tail = key_form(name).split(), key.split()
    return len(words) > len(tail) and words[-len(tail) :] == tail

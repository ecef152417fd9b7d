"""Mentions found after clustering (roles, known aliases) and the finished EntityFinding."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from app.extract.cluster import FIELD_ORDER, Cluster
from app.extract.lexicon import role_short_forms, title_words
from app.extract.names import entity_key
from app.extract.types import EntityFinding, EntityKind, Field, Mention

_WORDISH_RE = re.compile(r"[\w-]")


class _Taken:
    """The characters the clusters already mention, per field; kept up to date as mentions are added.

    A mark per character, so a look-up is one scan of the range, not a pass over every mention; every
    mention is non-empty, so two ranges overlap exactly when they share a character.
    """

    def __init__(self, clusters: list[Cluster], texts: Mapping[Field, str]) -> None:
        self.marks = {field: bytearray(len(text)) for field, text in texts.items()}
        for c in clusters:
            for i in c.items:
                self._mark(i.cand.field, i.cand.char_start, i.cand.char_end)
            for m in c.extra:
                self._mark(m.field, m.start, m.end)

    def covers(self, field: Field, start: int, end: int) -> bool:
        return self.marks[field].find(1, start, end) >= 0

    def add(self, cluster: Cluster, mention: Mention) -> None:
        cluster.extra.append(mention)
        self._mark(mention.field, mention.start, mention.end)

    def _mark(self, field: Field, start: int, end: int) -> None:
        self.marks[field][start:end] = b"\x01" * (end - start)


def _role_core(role: str) -> str | None:
    """The last words of a role that name the office: 'Iraq Prime Minister' -> 'prime minister'."""
    words = role.split()
    heads, modifiers = title_words()["heads"], title_words()["modifiers"]
    if not words or words[-1].casefold() not in heads:
        return None
    core = [words[-1]]
    before = words[-2].casefold() if len(words) > 1 else "of"
    if before in modifiers | heads and before not in {"of", "the", "and", "for"}:
        core.insert(0, words[-2])
    return " ".join(core)


def _first_order(cluster: Cluster) -> tuple[int, int]:
    return min(i.order for i in cluster.items)


def add_role_mentions(clusters: list[Cluster], texts: Mapping[Field, str]) -> None:
    """'the Prime Minister' after a named prime minister is that person (when only one holds the role)."""
    holders: dict[str, list[Cluster]] = {}
    for c in clusters:
        if c.kind is EntityKind.PERSON:
            for core in {x for r in c.roles if (x := _role_core(r))}:
                holders.setdefault(core.casefold(), []).append(c)
    taken = _Taken(clusters, texts)
    for core, owners in holders.items():
        if len(owners) != 1:
            continue
        forms = [re.escape(core)] + [re.escape(k) for k, v in role_short_forms().items() if v == core]
        pattern = re.compile(rf"\b[Tt]he\s+(?:[A-Z][\w’'.-]*\s+)?(?i:({'|'.join(forms)}))\b(?![ \t]+[A-Z])")
        for field, text in texts.items():
            for m in pattern.finditer(text):
                later = (FIELD_ORDER[field], m.start()) > _first_order(owners[0])
                if later and not taken.covers(field, m.start(1), m.end(1)):
                    taken.add(owners[0], Mention(field, m.start(), m.end(), m.group()))


def add_alias_mentions(clusters: list[Cluster], texts: Mapping[Field, str]) -> None:
    """Occurrences of an entity's names that the model missed ('Blinken Makes Unannounced Iraq Visit')."""
    taken = _Taken(clusters, texts)
    for c in clusters:
        forms = {a for a in c.aliases if len(a) >= 3 and a[:1].isupper()}
        if c.kind is EntityKind.PERSON and len(c.name.split()) > 1 and len(c.name.split()[-1]) >= 4:
            forms.add(_surname(c.name))
        if not forms:
            continue
        longest_first = sorted(forms, key=len, reverse=True)
        for field, text in texts.items():
            for start, end in _name_hits(text, longest_first):
                if not taken.covers(field, start, end):
                    taken.add(c, Mention(field, start, end, text[start:end]))


def _name_hits(text: str, forms: list[str]) -> Iterator[tuple[int, int]]:
    r"""``re.finditer(r"(?<![\w-])(?:form|form...)(?![\w-])", text)`` spans, without compiling a pattern."""
    pos = 0
    for start in sorted({i for f in forms for i in _occurrences(text, f)}):
        if start < pos or (start > 0 and _WORDISH_RE.match(text, start - 1)):
            continue
        for form in forms:  # the first alternative that matches wins, as in the regex
            end = start + len(form)
            if text.startswith(form, start) and not _WORDISH_RE.match(text, end):
                yield start, end
                pos = end
                break


def _occurrences(text: str, form: str) -> Iterator[int]:
    at = text.find(form)
    while at >= 0:
        yield at
        at = text.find(form, at + 1)


def _surname(name: str) -> str:
    """'Antony Blinken' -> 'Blinken'; 'Mohammed Shia al-Sudani' -> 'al-Sudani'."""
    return name.split()[-1]


def to_finding(c: Cluster) -> EntityFinding:
    """The finished, immutable finding of a cluster."""
    mentions = [Mention(i.cand.field, i.cand.char_start, i.cand.char_end, i.cand.text) for i in c.items]
    mentions = sorted({*mentions, *c.extra}, key=lambda m: (FIELD_ORDER[m.field], m.start))
    name = _display_name(c)
    aliases = tuple(dict.fromkeys([name, *c.aliases]))
    p = c.place
    return EntityFinding(
        key=entity_key(name, c.kind.value),
        name=name,
        kind=c.kind,
        subtype=(p.subtype if p else c.subtype),
        aliases=aliases,
        roles=tuple(c.roles),
        mentions=tuple(mentions),
        country_code=p.country_code if p else None,
        latitude=p.latitude if p else None,
        longitude=p.longitude if p else None,
        geonames_id=p.geonames_id if p else None,
    )


def _display_name(c: Cluster) -> str:
    """Known canonical names stand; otherwise the fullest form seen (most words, first seen)."""
    if c.known or c.kind is EntityKind.PLACE:
        return c.name
    names = [i.cls.name for i in sorted(c.items, key=lambda i: i.order) if not i.cls.name.isupper()]
    return max(names, key=lambda n: len(n.split())) if names else c.name

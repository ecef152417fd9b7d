"""Entity mentions in the body, indexed for the speaker lookups quote attribution makes."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from app.extract.names import fold
from app.extract.types import EntityFinding, EntityKind, Field, Mention


@dataclass(frozen=True, slots=True)
class Located:
    entity: EntityFinding
    mention: Mention


class MentionIndex:
    """Body mentions of an article's entities, in text order."""

    def __init__(self, entities: Sequence[EntityFinding]) -> None:
        self.entities = tuple(entities)
        located = [Located(e, m) for e in entities for m in e.mentions if m.field is Field.BODY]
        self.located = sorted(located, key=lambda x: (x.mention.start, -x.mention.end))
        # Lookups come per speaker head: bisect the start offsets instead of scanning every mention.
        # No mention is longer than ``_longest``, so none starting that far before a range reaches into it.
        self._starts = [x.mention.start for x in self.located]
        self._longest = max([0, *(x.mention.end - x.mention.start for x in self.located)])
        self._covering: dict[tuple[int, int], Located | None] = {}

    def overlapping(self, start: int, end: int) -> list[Located]:
        """Mentions overlapping [start, end), longest first."""
        lo = bisect.bisect_right(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        hits = [x for x in self.located[lo:hi] if start < x.mention.end]
        return sorted(hits, key=lambda x: x.mention.start - x.mention.end)

    def covering(self, start: int, end: int) -> Located | None:
        """The longest mention that covers [start, end)."""
        key = (start, end)
        if key not in self._covering:  # asked twice per speaker head: by appositive, then by named
            hits = self.overlapping(start, end)
            inside = (x for x in hits if x.mention.start <= start and end <= x.mention.end)
            self._covering[key] = next(inside, None)
        return self._covering[key]

    def by_name(self, text: str) -> EntityFinding | None:
        """The entity one of whose names or aliases folds to the same words."""
        key = fold(text)
        for e in self.entities:
            if key and any(fold(a) == key for a in (e.name, *e.aliases)):
                return e
        return None

    def holding_role(self, role: str) -> EntityFinding | None:
        """The one person whose role ends with these words ("the Prime Minister" -> Iraqi Prime Minister)."""
        want = fold(role)
        hits = [
            e
            for e in self.entities
            if e.kind is EntityKind.PERSON
            and any(_ends_with(fold(r), want) or _ends_with(_role_head(fold(r)), want) for r in e.roles)
        ]
        return hits[0] if len({e.key for e in hits}) == 1 else None

    def organisation_named(self, word: str) -> EntityFinding | None:
        """The one organisation whose name contains this word ("the Council" -> Security Council)."""
        want = fold(word)
        hits = [
            e for e in self.entities if e.kind is EntityKind.ORGANISATION and want in fold(e.name).split()
        ]
        return hits[0] if len({e.key for e in hits}) == 1 else None

    def organisation_of_subtype(self, subtype: str) -> EntityFinding | None:
        """The one organisation of this subtype ("the company" -> the article's only company)."""
        hits = [e for e in self.entities if e.kind is EntityKind.ORGANISATION and e.subtype == subtype]
        return hits[0] if len({e.key for e in hits}) == 1 else self._dominant(hits)

    def _dominant(self, hits: Sequence[EntityFinding]) -> EntityFinding | None:
        """The one the story is about: named first, and at least as often as each other candidate."""
        counts = {e.key: sum(1 for x in self.located if x.entity.key == e.key) for e in hits}
        order = [x.entity.key for x in self.located if x.entity.key in counts]
        if not order:
            return None
        first = order[0]
        if all(counts[first] >= n for key, n in counts.items() if key != first):
            return next(e for e in hits if e.key == first)
        return None


def _role_head(role: str) -> str:
    """A role without its complement: "european commissioner for oceans" -> "european commissioner"."""
    for word in (" for ", " of ", " at ", " in "):
        role = role.split(word, 1)[0]
    return role


def _ends_with(words: str, tail: str) -> bool:
    return bool(tail) and (words == tail or words.endswith(" " + tail))

"""The alias index the entity resolver matches names against."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class AliasIndex(Protocol):
    """What the loader needs from app.extract.resolve.EntityIndex."""

    def add(self, entity_id: int, kind: str, names: Iterable[str]) -> None: ...
    def match(self, kind: str, names: Iterable[str]) -> int | None: ...


class KeyOnlyIndex:
    """Stand-in used only when app.extract.resolve is missing: matching falls back to exact keys."""

    def add(self, entity_id: int, kind: str, names: Iterable[str]) -> None:
        """Nothing to remember: exact keys are looked up by the resolver itself."""

    def match(self, kind: str, names: Iterable[str]) -> int | None:
        """Never matches."""
        return None


def new_index() -> AliasIndex:
    """The entity engineer's alias index, or the key-only stand-in."""
    try:
        from app.extract.resolve import EntityIndex
    except ImportError:
        return KeyOnlyIndex()
    index: AliasIndex = EntityIndex()
    return index

"""Canonical entities across batches and runs: exact key first, then the alias index, else a new row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.extract.names import fold
from app.extract.types import EntityFinding
from app.ingest.load.dialect import insert_ignore, insert_returning_id
from app.models import Entity, EntityAlias, EntityRole

NAME_CHARS, ROLE_CHARS, SUBTYPE_CHARS = 300, 200, 32


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


class EntityResolver:
    """Maps each EntityFinding to an entities.id, inserting entities, aliases and roles as needed."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.added = 0
        self._forget()

    def _forget(self) -> None:
        self.pending_aliases: list[dict[str, Any]] = []
        self.pending_roles: list[dict[str, Any]] = []
        self.by_key: dict[str, int] = {}
        self.aliases: set[tuple[int, str]] = set()
        self.roles: set[tuple[int, str]] = set()
        self.located: set[int] = set()
        self.index: AliasIndex = new_index()

    def hydrate(self) -> None:
        """Load keys, aliases and roles of every stored entity (again after a rollback)."""
        self._forget()
        names: dict[int, list[str]] = defaultdict(list)
        kinds: dict[int, str] = {}
        for entity_id, key, kind, latitude in self.session.execute(
            select(Entity.id, Entity.key, Entity.kind, Entity.latitude).order_by(Entity.id)
        ):
            self.by_key[key], kinds[entity_id] = entity_id, kind
            if latitude is not None:
                self.located.add(entity_id)
        for entity_id, alias, folded in self.session.execute(
            select(EntityAlias.entity_id, EntityAlias.alias, EntityAlias.folded).order_by(EntityAlias.id)
        ):
            self.aliases.add((entity_id, folded))
            names[entity_id].append(alias)
        self.roles = {(e, r) for e, r in self.session.execute(select(EntityRole.entity_id, EntityRole.role))}
        for entity_id, aliases in names.items():
            self.index.add(entity_id, kinds[entity_id], aliases)

    def resolve(self, finding: EntityFinding) -> int:
        """The id of the finding's canonical entity, creating it; new aliases and roles wait for flush()."""
        names = tuple(dict.fromkeys((finding.name, *finding.aliases)))
        entity_id = self.by_key.get(finding.key) or self.index.match(str(finding.kind), names)
        if entity_id is None:
            entity_id = self._insert(finding)
        self.by_key[finding.key] = entity_id
        self._add_aliases(entity_id, str(finding.kind), names)
        self._add_roles(entity_id, finding.roles)
        self._locate(entity_id, finding)
        return entity_id

    def flush(self) -> None:
        """Write the aliases and roles gathered by resolve() in two statements."""
        insert_ignore(self.session, EntityAlias, self.pending_aliases, conflict=["entity_id", "folded"])
        insert_ignore(self.session, EntityRole, self.pending_roles, conflict=["entity_id", "role"])
        self.pending_aliases, self.pending_roles = [], []

    def _insert(self, finding: EntityFinding) -> int:
        row = {
            "key": finding.key[:NAME_CHARS],
            "name": finding.name[:NAME_CHARS],
            "kind": str(finding.kind),
            "subtype": (finding.subtype or None) and finding.subtype[:SUBTYPE_CHARS],
            **_geo(finding),
        }
        new_id = insert_returning_id(self.session, Entity, row, conflict=["key"])
        if new_id is not None:
            self.added += 1
            if finding.latitude is not None:
                self.located.add(new_id)
            return new_id
        # Another process stored the same key since we hydrated.
        return self.session.execute(select(Entity.id).where(Entity.key == row["key"])).scalar_one()

    def _add_aliases(self, entity_id: int, kind: str, names: tuple[str, ...]) -> None:
        new: dict[str, str] = {}  # folded -> alias as first seen
        for name in names:
            folded = fold(name)[:NAME_CHARS]
            if folded and (entity_id, folded) not in self.aliases:
                new.setdefault(folded, name[:NAME_CHARS])
        self.pending_aliases += [{"entity_id": entity_id, "alias": a, "folded": f} for f, a in new.items()]
        self.aliases.update((entity_id, folded) for folded in new)
        if new:
            self.index.add(entity_id, kind, new.values())

    def _add_roles(self, entity_id: int, roles: tuple[str, ...]) -> None:
        cleaned = {role.strip()[:ROLE_CHARS] for role in roles if role.strip()}
        new = {role for role in cleaned if (entity_id, role) not in self.roles}
        self.pending_roles += [{"entity_id": entity_id, "role": role} for role in sorted(new)]
        self.roles.update((entity_id, role) for role in new)

    def _locate(self, entity_id: int, finding: EntityFinding) -> None:
        """Fill in GeoNames data an earlier finding of this place lacked; never overwrite it."""
        if finding.latitude is None or entity_id in self.located:
            return
        stmt = update(Entity).where(Entity.id == entity_id, Entity.latitude.is_(None)).values(**_geo(finding))
        self.session.execute(stmt)
        self.located.add(entity_id)


def _geo(finding: EntityFinding) -> dict[str, Any]:
    return {
        "country_code": finding.country_code,
        "latitude": finding.latitude,
        "longitude": finding.longitude,
        "geonames_id": finding.geonames_id,
    }

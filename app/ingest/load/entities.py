"""Canonical entities across batches and runs: exact key first, then the alias index, else a new row.

Entities are known by handles: a stored entity's handle is its id; one first seen in this batch gets a
negative stand-in until flush() inserts the batch's new entities in one statement. A handle never
changes meaning, so the alias index and the caches keep them; id_of() turns one into an entities.id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.core.rawsql import Sql, run
from app.extract.names import fold
from app.extract.types import EntityFinding, EntityKind
from app.ingest.load.alias_index import AliasIndex, KeyOnlyIndex, new_index
from app.ingest.load.bulk import insert_returning, insert_values
from app.ingest.load.dialect import table_of
from app.models import Entity, EntityAlias, EntityRole

__all__ = ["AliasIndex", "EntityResolver", "KeyOnlyIndex", "new_index"]

NAME_CHARS, ROLE_CHARS, SUBTYPE_CHARS = 300, 200, 32
GEO = ("country_code", "latitude", "longitude", "geonames_id")
ALIAS_COLUMNS, ROLE_COLUMNS = ("entity_id", "alias", "folded"), ("entity_id", "role")
ENTITY_COLUMNS, KEY = ("key", "name", "kind", "subtype", *GEO), ("key",)
# The Core table, not the ORM class: the ORM's first use of a class in a process cost ~10 ms.
_ENTITIES = table_of(Entity)
# What hydrate() and refresh() read, as fixed texts: rows after the highest ids read before, every role
# (no id to start after; 24k at 100k articles), and how many rows sit at or below those ids now.
_READ_ENTITIES = ("SELECT entities.id, entities.key, entities.kind, entities.latitude FROM entities "
                   "WHERE entities.id > %I ORDER BY entities.id")
_READ_ALIASES = ("SELECT entity_aliases.id, entity_aliases.entity_id, entity_aliases.alias, "
                  "entity_aliases.folded FROM entity_aliases WHERE entity_aliases.id > %I "
                  "ORDER BY entity_aliases.id")
_READ_ROLES = "SELECT entity_roles.entity_id, entity_roles.role FROM entity_roles"
_COUNT_UPTO = ("SELECT (SELECT count(*) FROM entities WHERE entities.id <= %I), "
               "(SELECT count(*) FROM entity_aliases WHERE entity_aliases.id <= %I)")
# Fill in GeoNames data only where none is stored yet (executemany over the batch's places).
_LOCATE = (
    update(_ENTITIES)
    .where(_ENTITIES.c.id == bindparam("eid"), _ENTITIES.c.latitude.is_(None))
    .values({c: bindparam(f"new_{c}") for c in GEO})
)


@dataclass(frozen=True, slots=True)
class _Marks:
    """The highest entity and alias ids read, and how many rows were read up to each."""

    entity: int = 0
    entities: int = 0
    alias: int = 0
    aliases: int = 0


class EntityResolver:
    """Maps each EntityFinding to an entity handle; flush() writes new entities, aliases and roles."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.added = 0
        self._forget()

    def _forget(self) -> None:
        self.new_rows: dict[int, dict[str, Any]] = {}  # handle -> entities row, not inserted yet
        self.new_aliases: list[tuple[int, str, str]] = []  # (handle, alias, folded)
        self.new_roles: list[tuple[int, str]] = []
        self.new_places: dict[int, dict[str, Any]] = {}  # handle of a stored entity -> GeoNames data
        self.stored: dict[int, int] = {}  # stand-in handle -> entities.id, once inserted
        self.by_key: dict[str, int] = {}
        self.by_stored_key: dict[str, int] = {}  # entities.key as stored (truncated) -> handle
        self.kinds: dict[int, str] = {}  # entities.id -> entities.kind, of every entity a handle names
        self.aliases: set[tuple[int, str]] = set()  # (handle, folded alias)
        self.names_seen: set[tuple[int, str]] = set()  # (handle, name as found)
        self.recorded: set[tuple[object, ...]] = set()  # findings whose names and roles are recorded
        self.roles: set[tuple[int, str]] = set()
        self.located: set[int] = set()
        self.index: AliasIndex = new_index()
        self._marks = _Marks()

    def hydrate(self) -> None:
        """Load keys, aliases and roles of every stored entity (again after a rollback)."""
        self._forget()
        self._read_since(_Marks())

    def refresh(self, session: Session) -> None:
        """Catch up with what was stored since the last hydrate() or refresh(), in ``session``.

        Reads only entities and aliases with higher ids than those read before, so a long-lived resolver
        (one per API process, for POST /v1/articles) need not read the whole archive per article. Ids are
        not always committed in order (PostgreSQL sequences): when more rows now sit at or below the last
        ids read than were read, one was committed late and everything is read again. Call it only between
        committed runs: a run that failed leaves stand-ins that were never stored, so drop the resolver.
        A resolver that has read nothing yet reads everything."""
        self.session = session
        # what earlier runs' findings recorded is in the aliases and roles now: these memos of the findings
        # themselves would only grow with every article a long-lived resolver sees
        self.recorded.clear()
        self.names_seen.clear()
        marks = self._marks
        counted = run(session, Sql(_COUNT_UPTO, (marks.entity, marks.alias)))[0]
        if (counted[0], counted[1]) != (marks.entities, marks.aliases):
            self.hydrate()
            return
        self._read_since(marks)

    def _read_since(self, marks: _Marks) -> None:
        """Add the entities and aliases stored after ``marks``, and every role, to what is known."""
        own = {entity_id: handle for handle, entity_id in self.stored.items()}  # ids of this resolver's rows
        kinds = self.kinds
        entities = run(self.session, Sql(_READ_ENTITIES, (marks.entity,)))
        for entity_id, key, kind, latitude in entities:
            kinds[entity_id] = kind
            if key not in self.by_key:
                self.by_key[key] = self.by_stored_key[key] = entity_id
            if latitude is not None:
                self.located.add(own.get(entity_id, entity_id))
        names: dict[int, list[str]] = defaultdict(list)
        aliases = run(self.session, Sql(_READ_ALIASES, (marks.alias,)))
        used = 0
        for _alias_id, entity_id, alias, folded in aliases:
            if entity_id not in kinds:
                # its entity was committed after the entities were read (PostgreSQL reads each statement
                # afresh): not counted, so the next refresh finds a row it lacks and reads everything
                continue
            used += 1
            handle = own.get(entity_id, entity_id)
            if (handle, folded) not in self.aliases:
                self.aliases.add((handle, folded))
                names[handle].append(alias)
        self.roles = {(own.get(e, e), r) for e, r in run(self.session, Sql(_READ_ROLES))}
        for handle, known in names.items():
            self.index.add(handle, kinds[self.id_of(handle)], known)
        self._marks = _Marks(
            entities[-1][0] if entities else marks.entity, marks.entities + len(entities),
            aliases[-1][0] if aliases else marks.alias, marks.aliases + used,
        )

    def resolve(self, finding: EntityFinding) -> int:
        """The handle of the finding's canonical entity; new rows wait for flush()."""
        handle = self.by_key.get(finding.key)
        if handle is None:
            handle = self.index.match(str(finding.kind), _names(finding)) or self._new(finding)
            self.by_key[finding.key] = handle
        # Most findings repeat one seen before (a key's handle never changes): nothing new to record.
        seen = (finding.key, finding.name, tuple(finding.aliases), tuple(finding.roles))
        if seen not in self.recorded:
            self.recorded.add(seen)
            self._add_aliases(handle, finding.kind, _names(finding))
            if finding.roles:
                self._add_roles(handle, finding.roles)
        if finding.latitude is not None and handle not in self.located:
            self._locate(handle, finding)
        return handle

    def id_of(self, handle: int) -> int:
        """The entities.id of a handle (after flush() for an entity new in this batch)."""
        return self.stored.get(handle, handle)

    def flush(self) -> None:
        """Write the batch's new entities, GeoNames fill-ins, aliases and roles: four statements at most."""
        self._insert_entities()
        if self.new_places:
            places = self.new_places.items()
            rows = [{"eid": self.id_of(h), **{f"new_{c}": geo[c] for c in GEO}} for h, geo in places]
            self.session.execute(_LOCATE, rows)
        aliases = [(self.id_of(h), alias, folded) for h, alias, folded in self.new_aliases]
        insert_values(self.session, EntityAlias, ALIAS_COLUMNS, aliases, conflict=("entity_id", "folded"))
        roles = [(self.id_of(h), role) for h, role in self.new_roles]
        insert_values(self.session, EntityRole, ROLE_COLUMNS, roles, conflict=ROLE_COLUMNS)
        self.new_rows, self.new_places, self.new_aliases, self.new_roles = {}, {}, [], []

    def _insert_entities(self) -> None:
        rows = self.new_rows
        values = [tuple(row[c] for c in ENTITY_COLUMNS) for row in rows.values()]
        returned = insert_returning(
            self.session, Entity, ENTITY_COLUMNS, values, conflict=KEY, returning=(*KEY, "id")
        )
        ids: dict[str, int] = dict(returned)
        self.added += len(ids)
        kinds = {row["key"]: row["kind"] for row in rows.values()}
        missing = [row["key"] for row in rows.values() if row["key"] not in ids]
        if missing:  # another process stored these keys since we hydrated: use its rows
            stored = _ENTITIES.c
            query = select(stored.id, stored.key, stored.kind).where(stored.key.in_(missing))
            for entity_id, key, kind in self.session.execute(query):
                ids[key], kinds[key] = entity_id, kind
        for handle, row in rows.items():
            self.stored[handle] = ids[row["key"]]
            self.kinds[ids[row["key"]]] = kinds[row["key"]]
            if row["key"] in missing and row["latitude"] is not None:
                self.new_places[handle] = {c: row[c] for c in GEO}

    def _new(self, finding: EntityFinding) -> int:
        row = {
            "key": finding.key[:NAME_CHARS],
            "name": finding.name[:NAME_CHARS],
            "kind": str(finding.kind),
            "subtype": (finding.subtype or None) and finding.subtype[:SUBTYPE_CHARS],
            **_geo(finding),
        }
        known = self.by_stored_key.get(row["key"])
        if known is not None:  # a longer key that shares the stored, truncated one
            return known
        handle = -1 - len(self.stored) - len(self.new_rows)
        self.new_rows[handle] = row
        self.by_stored_key[row["key"]] = handle
        if finding.latitude is not None:
            self.located.add(handle)
        return handle

    def _add_aliases(self, handle: int, kind: EntityKind, names: tuple[str, ...]) -> None:
        new: dict[str, str] = {}  # folded -> alias as first seen
        seen = self.names_seen
        for name in names:
            if (handle, name) in seen:  # folded before: its alias is known already
                continue
            seen.add((handle, name))
            folded = fold(name)[:NAME_CHARS]
            if folded and (handle, folded) not in self.aliases:
                new.setdefault(folded, name[:NAME_CHARS])
        if new:
            self.new_aliases += [(handle, a, f) for f, a in new.items()]
            self.aliases.update((handle, folded) for folded in new)
            self.index.add(handle, str(kind), new.values())

    def _add_roles(self, handle: int, roles: tuple[str, ...]) -> None:
        if not roles:
            return
        cleaned = {role.strip()[:ROLE_CHARS] for role in roles if role.strip()}
        new = {role for role in cleaned if (handle, role) not in self.roles}
        self.new_roles += [(handle, role) for role in sorted(new)]
        self.roles.update((handle, role) for role in new)

    def _locate(self, handle: int, finding: EntityFinding) -> None:
        """Fill in GeoNames data an earlier finding of this place lacked; never overwrite it."""
        if finding.latitude is None or handle in self.located:
            return
        if handle in self.new_rows:
            self.new_rows[handle].update(_geo(finding))
        else:
            self.new_places[handle] = _geo(finding)
        self.located.add(handle)


def _names(finding: EntityFinding) -> tuple[str, ...]:
    return tuple(dict.fromkeys((finding.name, *finding.aliases)))


def _geo(finding: EntityFinding) -> dict[str, Any]:
    return {c: getattr(finding, c) for c in GEO}

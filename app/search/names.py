"""Free-text names to entity and source ids: exact folded alias, then token containment, else suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, SQLColumnExpression, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from app.core.errors import InvalidFilter, NotFound, UnknownName
from app.core.rawsql import Sql, marks, run
from app.extract.names import fold
from app.models import Entity, EntityAlias, Source

ACTOR_KINDS = ("person", "organisation")
PLACE_KINDS = ("place",)
MIN_CONTAINMENT_CHARS = 3  # "al" or "us" alone would match half the archive
MAX_SUGGESTIONS = 5
SUGGESTION_CUTOFF = 70


@dataclass(frozen=True)
class NameMatch:
    """One entity (or source) a name resolved to, and why."""

    id: int
    name: str
    kind: str
    matched: str  # the alias (or name) that matched
    how: str  # id | exact | contains


def contains_pattern(name: str, param: str = "name") -> str:
    """A LIKE pattern for the folded name as a literal substring; a 422 when nothing is left of it."""
    folded = fold(name)
    if not folded:
        raise InvalidFilter(f"'{param}' needs at least one letter or digit.", param=param)
    return f"%{escape_like(folded)}%"


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains_tokens(column: SQLColumnExpression[str], folded: str) -> ColumnElement[bool]:
    """The folded column holds the folded query as whole tokens ("sudani" in "mohammed shia al sudani")."""
    esc = escape_like(folded)
    return or_(
        column.like(f"{esc} %", escape="\\"),
        column.like(f"% {esc}", escape="\\"),
        column.like(f"% {esc} %", escape="\\"),
    )


def _entity_rows(session: Session, kinds: Sequence[str], cond: ColumnElement[bool]) -> list[NameMatch]:
    stmt = (
        select(Entity.id, Entity.name, Entity.kind, EntityAlias.alias)
        .outerjoin(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(Entity.kind.in_(kinds), cond)
        .order_by(Entity.id, EntityAlias.id)
    )
    seen: dict[int, NameMatch] = {}
    for row in session.execute(stmt):
        seen.setdefault(row.id, NameMatch(row.id, row.name, row.kind, row.alias or row.name, ""))
    return list(seen.values())


_ENTITY_COLUMNS = ("entities.id AS id, entities.name AS name, entities.kind AS kind, entity_aliases.alias AS "
                   "alias, entity_aliases.id AS alias_id")


def _exact_rows(session: Session, kinds: Sequence[str], folded: str, keys: list[str]) -> list[NameMatch]:
    """Entities with this folded alias or canonical key.

    A UNION of two index lookups: an OR across the joined tables would walk every entity of the kinds.
    Every filtered list request runs it once per name, so it is a fixed text (see ``app.core.rawsql``).
    """
    kind_marks, key_marks = marks("%S", len(kinds)), marks("%S", len(keys))
    sql = Sql(
        "SELECT exact.id, exact.name, exact.kind, exact.alias, exact.alias_id FROM ("  # noqa: S608 - constant
        f"SELECT {_ENTITY_COLUMNS} FROM entity_aliases JOIN entities ON entities.id = "
        f"entity_aliases.entity_id WHERE entity_aliases.folded = %S AND entities.kind IN ({kind_marks}) "
        f"UNION ALL SELECT {_ENTITY_COLUMNS} "
        "FROM entities LEFT OUTER JOIN entity_aliases ON entity_aliases.entity_id = entities.id WHERE "
        f'entities."key" IN ({key_marks}) AND entities.kind IN ({kind_marks})) AS exact '
        "ORDER BY exact.id, exact.alias_id",
        (folded, *kinds, *keys, *kinds),
    )
    seen: dict[int, NameMatch] = {}
    for entity_id, name, kind, alias, _alias_id in run(session, sql):
        seen.setdefault(entity_id, NameMatch(entity_id, name, kind, alias or name, ""))
    return list(seen.values())


def match_entities(session: Session, value: str, kinds: Sequence[str]) -> list[NameMatch]:
    """Entities of these kinds that ``value`` names (by id, exact folded alias, or token containment)."""
    value = value.strip()
    if value.isdigit():
        entity = session.get(Entity, int(value))
        ok = entity is not None and entity.kind in kinds
        return [NameMatch(entity.id, entity.name, entity.kind, entity.name, "id")] if ok and entity else []
    folded = fold(value)
    if not folded:
        return []
    keys = [f"{kind}:{folded}" for kind in kinds]  # the canonical name, even without an alias row
    exact = _exact_rows(session, kinds, folded, keys)
    if exact:
        return [NameMatch(m.id, m.name, m.kind, m.matched, "exact") for m in exact]
    if len(folded) < MIN_CONTAINMENT_CHARS:
        return []
    found = _entity_rows(session, kinds, _contains_tokens(EntityAlias.folded, folded))
    return [NameMatch(m.id, m.name, m.kind, m.matched, "contains") for m in found]


def _source_steps(folded: str) -> list[tuple[str, ColumnElement[bool]]]:
    """After the exact name: the name contains the words ("Lite News"); the words contain the name
    ("Xinhua news agency")."""
    steps: list[tuple[str, ColumnElement[bool]]] = []
    if len(folded) >= MIN_CONTAINMENT_CHARS:
        padded = literal(f" {folded} ")
        within = padded.like(literal("% ") + Source.key + literal(" %"))
        steps += [("contains", _contains_tokens(Source.key, folded)),
                  ("within", and_(within, func.length(Source.key) >= MIN_CONTAINMENT_CHARS))]
    return steps


def match_sources(session: Session, value: str) -> list[NameMatch]:
    """Sources ``value`` names (by id, folded name, or whole words either way)."""
    value = value.strip()
    if value.isdigit():
        source = session.get(Source, int(value))
        return [NameMatch(source.id, source.name, "source", source.name, "id")] if source else []
    folded = fold(value)
    if not folded:
        return []
    exact = run(session, Sql('SELECT sources.id, sources.name FROM sources WHERE sources."key" = %S ORDER BY '
                             "sources.id", (folded,)))
    if exact:
        return [NameMatch(source_id, name, "source", name, "exact") for source_id, name in exact]
    for how, cond in _source_steps(folded):
        rows = session.execute(select(Source.id, Source.name).where(cond).order_by(Source.id)).all()
        if rows:
            return [NameMatch(r.id, r.name, "source", r.name, how) for r in rows]
    return []


def suggest(session: Session, value: str, kinds: Sequence[str] | None) -> list[str]:
    """Close names for an unknown one (rapidfuzz over folded aliases); kinds=None means sources."""
    if kinds is None:
        rows = session.execute(select(Source.key, Source.name)).all()
    else:
        stmt = select(EntityAlias.folded, Entity.name).join(Entity, Entity.id == EntityAlias.entity_id)
        rows = session.execute(stmt.where(Entity.kind.in_(kinds))).all()
    names_by_folded: dict[str, str] = {}
    for folded, name in rows:
        names_by_folded.setdefault(folded, name)
    hits = process.extract(fold(value), list(names_by_folded), scorer=fuzz.WRatio,
                           limit=MAX_SUGGESTIONS * 3, score_cutoff=SUGGESTION_CUTOFF)
    suggestions: list[str] = []
    for folded, _score, _ in hits:
        name = names_by_folded[folded]
        if name not in suggestions:
            suggestions.append(name)
    return suggestions[:MAX_SUGGESTIONS]


def resolve_ids(session: Session, value: str, *, param: str, kinds: Sequence[str] | None) -> list[int]:
    """Ids a filter value names, or a 422 naming the parameter with close suggestions."""
    found = match_sources(session, value) if kinds is None else match_entities(session, value, kinds)
    if found:
        return [m.id for m in found]
    what = "source" if kinds is None else "/".join(kinds)
    if value.strip().isdigit():
        raise UnknownName(f"No {what} has id {value.strip()}.", param=param, value=value, suggestions=[])
    close = suggest(session, value, kinds)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UnknownName(f"No {what} is known as '{value}'.{hint}", param=param, value=value, suggestions=close)


def get_entity(session: Session, entity_id: int, kinds: Sequence[str]) -> Entity:
    """The entity with this id and one of these kinds, or NotFound."""
    entity = session.get(Entity, entity_id)
    if entity is None or entity.kind not in kinds:
        raise NotFound(f"There is no {'/'.join(kinds)} with id {entity_id}.", param="id")
    return entity

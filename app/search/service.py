"""Full-text matches as a (id, rank) subquery: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Double,
    Float,
    Integer,
    Select,
    SQLColumnExpression,
    Subquery,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from app.extract.names import fold
from app.search.fts import FTS_ID, parse, to_fts5, to_tsquery
from app.search.names import ACTOR_KINDS, PLACE_KINDS, NameMatch, match_entities, match_sources, suggest
from app.search.schemas import MatchRead, ResolveKind, ResolveRead

Target = Literal["articles", "quotes"]
# bm25 column weights mirror PostgreSQL's setweight A/B/C on title, lede, body.
_SUGGEST_KINDS: dict[ResolveKind, tuple[str, ...] | None] = {
    ResolveKind.ANY: (*ACTOR_KINDS, *PLACE_KINDS), ResolveKind.ACTOR: ACTOR_KINDS,
    ResolveKind.PLACE: PLACE_KINDS, ResolveKind.SOURCE: None,
}
_BM25 = {"articles": "bm25(articles_fts, 10.0, 4.0, 1.0)", "quotes": "bm25(quotes_fts)"}


def fts_matches(session: Session, target: Target, q: str) -> Subquery:
    """Ids of rows matching ``q`` with a rank where higher is better (-bm25 or ts_rank)."""
    node = parse(q)
    if session.get_bind().dialect.name == "sqlite":
        sql = text(
            f"SELECT {FTS_ID[target]} AS id, -{_BM25[target]} AS rank FROM {target}_fts "  # noqa: S608
            f"WHERE {target}_fts MATCH :fts_query"
        ).bindparams(fts_query=to_fts5(node))
        return sql.columns(column("id", Integer), column("rank", Float)).subquery("fts")
    vector: ColumnElement[Any] = literal_column(f"{target}.search_vector")
    query = to_tsquery(node)
    tbl = table(target, column("id", Integer))
    # ts_rank is float4; as double the value a cursor carries compares exactly with the recomputed one.
    rank = cast(func.ts_rank(vector, query), Double)
    stmt = select(tbl.c.id.label("id"), rank.label("rank")).where(vector.op("@@")(query))
    return stmt.subquery("fts")


def fts_ids(session: Session, target: Target, q: str) -> Select[Any]:
    """The ids of rows matching ``q``, read from the full-text index alone."""
    node = parse(q)
    if session.get_bind().dialect.name == "sqlite":
        ids: Select[Any] = _fts5_ids(target, to_fts5(node)).subquery("fts_ids").select()
        return ids
    tbl = table(target, column("id", Integer))
    return select(tbl.c.id).where(literal_column(f"{target}.search_vector").op("@@")(to_tsquery(node)))


def _fts5_ids(target: Target, match: str) -> Any:
    sql = f"SELECT {FTS_ID[target]} AS id FROM {target}_fts WHERE {target}_fts MATCH :fts_query"  # noqa: S608
    return text(sql).bindparams(fts_query=match).columns(column("id", Integer))


def fts_condition(
    session: Session, target: Target, q: str, id_col: SQLColumnExpression[int]
) -> ColumnElement[bool]:
    """Rows of ``target`` matching ``q``, as a condition without the rank (cheaper to count and filter).

    PostgreSQL tests the row's own tsvector (the GIN index answers it); SQLite looks ids up in FTS5.
    """
    node = parse(q)
    if session.get_bind().dialect.name == "sqlite":
        return id_col.in_(_fts5_ids(target, to_fts5(node)).subquery("fts_ids").select())
    return literal_column(f"{target}.search_vector").op("@@")(to_tsquery(node))


@contextmanager
def gin_scans(session: Session) -> Iterator[None]:
    """On PostgreSQL, no sequential scan for the full-text statements run inside.

    The planner does not cost detoasting each row's tsvector: for a common word it prefers a sequential
    scan that reads every article's vector (~200 ms at 100k articles) to the GIN bitmap scan that reads only
    the matches (~10 ms for the capped count, ~75 ms to rank 18k matches).
    """
    if session.get_bind().dialect.name == "sqlite":
        yield
        return
    before = session.execute(
        text("SELECT current_setting('enable_seqscan') AS before, set_config('enable_seqscan', 'off', true)")
    ).scalar_one()
    # No finally: after an error (a budget timeout) the transaction is aborted and rolls the setting back,
    # and a statement here would only replace that error with "current transaction is aborted".
    yield
    session.execute(text("SELECT set_config('enable_seqscan', :before, true)"), {"before": before})


def resolve_name(session: Session, *, name: str, kind: ResolveKind) -> ResolveRead:
    """Matches in the namespaces asked for; suggestions only when nothing matched."""
    found: list[NameMatch] = []
    if kind in (ResolveKind.ANY, ResolveKind.ACTOR):
        found += match_entities(session, name, ACTOR_KINDS)
    if kind in (ResolveKind.ANY, ResolveKind.PLACE):
        found += match_entities(session, name, PLACE_KINDS)
    if kind in (ResolveKind.ANY, ResolveKind.SOURCE):
        found += match_sources(session, name)
    suggestions: list[str] = []
    if not found:
        suggestions = suggest(session, name, _SUGGEST_KINDS[kind])
    matches = [MatchRead(id=m.id, name=m.name, kind=m.kind, matched=m.matched, match=m.how) for m in found]
    return ResolveRead(name=name, folded=fold(name), matches=matches, suggestions=suggestions)

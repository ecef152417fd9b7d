"""Full-text matches as a (id, rank) subquery: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Double,
    Float,
    Integer,
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
from app.search.fts import parse, to_fts5, to_tsquery
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
            f"SELECT rowid AS id, -{_BM25[target]} AS rank FROM {target}_fts "  # noqa: S608 - fixed names
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

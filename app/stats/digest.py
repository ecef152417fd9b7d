"""Actor, place, speaker and source counts from the scoped articles' digests (table article_facets).

One statement concatenates the digests of the scoped articles (one row each, instead of their thousands
of mention, quote and source rows); Python counts the ids; one statement per table names the ids that
can rank, ordered by name in SQL so the database's collation still breaks ties, as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, func, literal, select
from sqlalchemy.orm import Session

from app.models import ArticleFacets, Entity, Source
from app.stats.schemas import FacetCount

COLUMNS = ("actor_ids", "place_ids", "speaker_ids", "source_ids")
WIDEN = 4  # how much deeper to look when ids that could rank are no longer in their table


def digest_counts(session: Session, scope: Any) -> list[Counter[str]]:
    """Per column, how many scoped digests list each id (a speaker once per quote)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    columns = [func.nullif(getattr(ArticleFacets, name), "") for name in COLUMNS]
    joined = [func.string_agg(c, ",") if postgres else func.group_concat(c) for c in columns]
    row = session.execute(select(*joined).where(ArticleFacets.article_id.in_(scope))).one()
    return [_counted(text) for text in row]


def _counted(text: str | None) -> Counter[str]:
    # ids stay text here: only those that can rank are turned into ints (by _cut)
    return Counter(text.split(",")) if text else Counter()


def ranked(
    session: Session, model: Any, counts: Sequence[Counter[str]], top: int, values: Any
) -> list[list[FacetCount]]:
    """The ``top`` ids of each counter by count, then name, then id; ids missing from ``model``'s table
    are left out. ``values`` turns a list of ids into one bound SELECT."""
    depth = top
    while True:
        cuts = [_cut(c, depth) for c in counts]
        named = _names(session, model, sorted(set().union(*cuts)), values)
        lists = [_listed(named, cut, top) for cut in cuts]
        if all(len(listed) == min(top, len(cut)) for listed, cut in zip(lists, cuts, strict=True)) or all(
            depth >= len(c) for c in counts
        ):
            return lists
        depth *= WIDEN


def _cut(counts: Counter[str], depth: int) -> dict[int, int]:
    """The ids whose count ranks within ``depth``, every tie at the cut included."""
    if len(counts) <= depth:
        return {int(key): count for key, count in counts.items()}
    floor = counts.most_common(depth)[-1][1]
    return {int(key): count for key, count in counts.items() if count >= floor}


def _names(session: Session, model: Any, ids: list[int], values: Any) -> list[tuple[int, str, str]]:
    """(id, name, kind) of the stored ids, ordered by name then id."""
    if not ids:
        return []
    if model is Entity:
        stmt = select(Entity.id, Entity.name, Entity.kind)
    else:  # a source's kind is "source"
        stmt = select(Source.id, Source.name, literal("source", String))
    rows = session.execute(stmt.where(model.id.in_(values(session, ids))).order_by(model.name, model.id))
    return [(row[0], row[1], row[2]) for row in rows]


def _listed(named: list[tuple[int, str, str]], cut: dict[int, int], top: int) -> list[FacetCount]:
    listed = [FacetCount(id=i, name=name, kind=kind, count=cut[i]) for i, name, kind in named if i in cut]
    listed.sort(key=lambda facet: -facet.count)  # stable: the database's name order among equal counts
    return listed[:top]

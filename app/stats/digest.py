"""Actor, place, speaker and source counts from the scoped articles' digests (table article_facets).

One statement concatenates the digests of the scoped articles (one row each, instead of their thousands
of mention, quote and source rows); Python counts the ids; one statement per table names the ids that
can rank, ordered by name in SQL so the database's collation still breaks ties, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import String, func, literal, select
from sqlalchemy.orm import Session

from app.models import ArticleFacets, Entity, Source
from app.stats.schemas import FacetCount

COLUMNS = ("actor_ids", "place_ids", "speaker_ids", "source_ids")
WIDEN = 4  # how much deeper to look when ids that could rank are no longer in their table
DENSE_IDS = 1 << 16  # ids below this (or 16 per value counted) are tallied in an array as long as the largest


@dataclass(frozen=True, slots=True)
class IdCounts:
    """How many scoped digests list each id: distinct ids ascending, and their counts."""

    ids: np.ndarray[Any, np.dtype[np.int64]]
    counts: np.ndarray[Any, np.dtype[np.int64]]

    def __len__(self) -> int:
        return len(self.ids)


def digest_counts(session: Session, scope: Any) -> list[IdCounts]:
    """Per column, how many scoped digests list each id (a speaker once per quote)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    columns = [func.nullif(getattr(ArticleFacets, name), "") for name in COLUMNS]
    joined = [func.string_agg(c, ",") if postgres else func.group_concat(c) for c in columns]
    row = session.execute(select(*joined).where(ArticleFacets.article_id.in_(scope))).one()
    return [_counted(text) for text in row]


def _counted(text: str | None) -> IdCounts:
    # parsed and counted in C: a Counter of the split text took 4.5 ms of the 1,400-article facets request
    values = np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, np.int64)
    if values.size and values.max() < DENSE_IDS + 16 * values.size:  # a tally per id up to the largest
        tally = np.bincount(values)
        ids = np.flatnonzero(tally)
        return IdCounts(ids, tally[ids])
    ids, counts = np.unique(values, return_counts=True)  # sparse ids: sort instead
    return IdCounts(ids, counts.astype(np.int64))


def ranked(
    session: Session, model: Any, counts: Sequence[IdCounts], top: int, values: Any
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


def _cut(counts: IdCounts, depth: int) -> dict[int, int]:
    """The ids whose count ranks within ``depth``, every tie at the cut included."""
    ids, tally = counts.ids, counts.counts
    if len(counts) > depth:
        floor = np.partition(tally, len(tally) - depth)[len(tally) - depth]  # the depth-th largest count
        keep = tally >= floor
        ids, tally = ids[keep], tally[keep]
    return dict(zip(ids.tolist(), tally.tolist(), strict=True))


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

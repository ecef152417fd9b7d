"""A stable dump of a newsdesk database by natural keys, to compare two databases row for row.

Surrogate ids, timestamps and the run audit (ingest_runs, ingest_rejections, articles.ingest_run_id)
are left out: two databases that stored the same things in a different number of runs compare equal.
Rows are kept as sorted lists, not sets, so a duplicated row shows up.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

QUERIES = {
    "articles": """
        SELECT a.content_hash, a.title, a.lede, a.body, a.published_on, a.url, a.word_count,
               a.related_title, r.content_hash, a.source_file, a.source_position
        FROM articles a LEFT JOIN articles r ON r.id = a.related_article_id""",
    "article_sections": """
        SELECT a.content_hash, s.section, s.position
        FROM article_sections s JOIN articles a ON a.id = s.article_id""",
    "sources": "SELECT key, name FROM sources",
    "article_sources": """
        SELECT a.content_hash, s.key, x.role
        FROM article_sources x JOIN articles a ON a.id = x.article_id JOIN sources s ON s.id = x.source_id""",
    "entities": """
        SELECT key, name, kind, subtype, country_code, latitude, longitude, geonames_id FROM entities""",
    "entity_aliases": """
        SELECT e.key, x.alias, x.folded FROM entity_aliases x JOIN entities e ON e.id = x.entity_id""",
    "entity_roles": "SELECT e.key, x.role FROM entity_roles x JOIN entities e ON e.id = x.entity_id",
    "mentions": """
        SELECT a.content_hash, e.key, m.field, m.start, m."end", m.text
        FROM mentions m JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id""",
    "quotes": """
        SELECT a.content_hash, q.text, q.kind, q.cue, e.key, q.speaker_text, q.speaker_label,
               q.speaker_resolution, s.key, q.field, q.start, q."end", q.said_on
        FROM quotes q JOIN articles a ON a.id = q.article_id
        LEFT JOIN entities e ON e.id = q.speaker_entity_id
        LEFT JOIN sources s ON s.id = q.reported_via_source_id""",
    "date_mentions": """
        SELECT a.content_hash, d.text, d.value, d.precision, d.field, d.start, d."end",
               d.date_start, d.date_end
        FROM date_mentions d JOIN articles a ON a.id = d.article_id""",
}


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if value is None or isinstance(value, int | str):
        return value
    return str(value)  # dates: SQLite returns text, PostgreSQL date objects; both render ISO


def content_dump(engine: Engine) -> dict[str, list[list[Any]]]:
    """Every content table as a sorted list of natural-key rows."""
    with Session(engine) as session:
        return {
            table: sorted(
                ([_cell(v) for v in row] for row in session.execute(text(sql))),
                key=lambda row: json.dumps(row, default=str),
            )
            for table, sql in QUERIES.items()
        }


def digest(dump: dict[str, list[list[Any]]]) -> str:
    """sha256 of the dump."""
    return hashlib.sha256(json.dumps(dump, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def counts(dump: dict[str, list[list[Any]]]) -> dict[str, int]:
    """Rows per table."""
    return {table: len(rows) for table, rows in dump.items()}


def differences(left: dict[str, list[list[Any]]], right: dict[str, list[list[Any]]], limit: int = 5) -> str:
    """A readable account of the first rows that differ, per table."""
    lines = []
    for table in QUERIES:
        a = {json.dumps(r, default=str) for r in left[table]}
        b = {json.dumps(r, default=str) for r in right[table]}
        if left[table] != right[table]:
            lines.append(f"{table}: {len(left[table])} vs {len(right[table])} rows")
            lines += [f"  only left:  {r}" for r in sorted(a - b)[:limit]]
            lines += [f"  only right: {r}" for r in sorted(b - a)[:limit]]
    return "\n".join(lines)

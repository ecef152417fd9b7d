"""Storing one article and every row that hangs off it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extract.types import DateFinding, Extraction, QuoteFinding, SourceFinding, SourceRole
from app.ingest.identity import content_hash
from app.ingest.load.dialect import insert_ignore, insert_returning_id, insert_rows
from app.ingest.load.entities import EntityResolver
from app.ingest.load.sources import SourceResolver
from app.models import Article, ArticleSection, ArticleSource, DateMention, Mention, Quote

_WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")
POSITION_CHARS, CUE_CHARS = 64, 100


def word_count(extraction: Extraction) -> int:
    """Words in the lede and body as stored."""
    return len(_WORD_RE.findall(f"{extraction.lede or ''}\n{extraction.body}"))


def known_hashes(session: Session, hashes: Sequence[str]) -> set[str]:
    """Which of these content hashes are already stored."""
    if not hashes:
        return set()
    return set(
        session.execute(select(Article.content_hash).where(Article.content_hash.in_(hashes))).scalars()
    )


class ArticleWriter:
    """Writes an extraction's article, sections, sources, entities, mentions, quotes and dates."""

    def __init__(self, session: Session, entities: EntityResolver, sources: SourceResolver) -> None:
        self.session, self.entities, self.sources = session, entities, sources

    def write(self, extraction: Extraction, run_id: int | None) -> tuple[int | None, int]:
        """Store one article; returns (article id or None when already stored, quotes stored)."""
        article_id = insert_returning_id(
            self.session, Article, _article_row(extraction, run_id), conflict=["content_hash"]
        )
        if article_id is None:
            return None, 0
        self._sections(article_id, extraction)
        self._sources(article_id, extraction)
        entity_ids = self._entities(article_id, extraction)
        return article_id, self._quotes(article_id, extraction, entity_ids)

    def _sections(self, article_id: int, extraction: Extraction) -> None:
        sections = dict.fromkeys(s[:120] for s in extraction.record.sections if s.strip())
        rows = [{"article_id": article_id, "section": s, "position": i} for i, s in enumerate(sections)]
        insert_ignore(self.session, ArticleSection, rows, conflict=["article_id", "section"])

    def _sources(self, article_id: int, extraction: Extraction) -> None:
        findings = list(extraction.sources)
        publisher = extraction.record.publisher
        if publisher and not any(f.role is SourceRole.PUBLISHER for f in findings):
            findings.append(SourceFinding(publisher, SourceRole.PUBLISHER))
        pairs = {(self.sources.resolve(f.name), str(f.role)) for f in findings}
        rows = [{"article_id": article_id, "source_id": s, "role": r} for s, r in sorted(pairs, key=str) if s]
        insert_ignore(self.session, ArticleSource, rows, conflict=["article_id", "source_id", "role"])

    def _entities(self, article_id: int, extraction: Extraction) -> dict[str, int]:
        ids: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        for finding in extraction.entities:
            entity_id = ids[finding.key] = self.entities.resolve(finding)
            rows.extend(
                {
                    "article_id": article_id,
                    "entity_id": entity_id,
                    "field": str(m.field),
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                }
                for m in finding.mentions
            )
        self.entities.flush()
        insert_rows(self.session, Mention, rows)
        return ids

    def _quotes(self, article_id: int, extraction: Extraction, entity_ids: dict[str, int]) -> int:
        rows = [
            _quote_row(
                article_id,
                quote,
                speaker_id=self._speaker(quote.speaker_key, entity_ids),
                via_id=self.sources.resolve(quote.reported_via) if quote.reported_via else None,
            )
            for quote in extraction.quotes
        ]
        insert_rows(self.session, Quote, rows)
        insert_rows(self.session, DateMention, [_date_row(article_id, date) for date in extraction.dates])
        return len(rows)

    def _speaker(self, key: str | None, entity_ids: dict[str, int]) -> int | None:
        if key is None:
            return None
        return entity_ids.get(key) or self.entities.by_key.get(key)


def _article_row(extraction: Extraction, run_id: int | None) -> dict[str, Any]:
    record = extraction.record
    return {
        "content_hash": content_hash(record.title, record.body),
        "title": extraction.title,
        "lede": extraction.lede,
        "body": extraction.body,
        "published_on": record.published_on,
        "url": record.url,
        "word_count": word_count(extraction),
        "related_title": record.related_title,
        "source_file": record.source_file,
        "source_position": (record.source_position or None) and record.source_position[:POSITION_CHARS],
        "ingest_run_id": run_id,
    }


def _quote_row(
    article_id: int, quote: QuoteFinding, *, speaker_id: int | None, via_id: int | None
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "text": quote.text,
        "kind": str(quote.kind),
        "cue": (quote.cue or None) and quote.cue[:CUE_CHARS],
        "speaker_entity_id": speaker_id,
        "speaker_text": quote.speaker_text,
        "speaker_label": quote.speaker_label,
        "speaker_resolution": str(quote.resolution),
        "reported_via_source_id": via_id,
        "field": str(quote.field),
        "start": quote.start,
        "end": quote.end,
        "said_on": quote.said_on,
    }


def _date_row(article_id: int, date: DateFinding) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "text": date.text,
        "value": date.value,
        "precision": str(date.precision),
        "field": str(date.field),
        "start": date.start,
        "end": date.end,
        "date_start": date.date_start,
        "date_end": date.date_end,
    }

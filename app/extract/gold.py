"""The hand-annotated gold format (tests/data/gold/README.md) as typed dataclasses."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.extract.types import ArticleRecord, EntityKind, QuoteKind, SourceRole

GOLD_FORMAT = "newsdesk-gold/1"


@dataclass(frozen=True, slots=True)
class GoldQuote:
    parts: tuple[str, ...]  # one piece, or the pieces of a quote split by its attribution
    kind: QuoteKind
    cue: str | None
    speaker: str | None  # canonical name; None when anonymous
    speaker_kind: str  # "person", "organisation", "place" (a country speaking) or "anonymous"
    anonymous: str | None = None  # the description of an anonymous speaker
    reported_via: str | None = None
    occurrence: int = 1  # which occurrence of the first part in the body is meant


@dataclass(frozen=True, slots=True)
class GoldEntity:
    name: str
    kind: EntityKind
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    optional: bool = False  # neither missed nor spurious when scored


@dataclass(frozen=True, slots=True)
class GoldSource:
    name: str
    role: SourceRole


@dataclass(frozen=True, slots=True)
class GoldDate:
    text: str
    field: str
    value: str | None  # None: relative, and the article has no publication date to resolve it
    precision: str | None
    relative: bool = False


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    title: str
    body: str
    lede: str | None = None
    sections: tuple[str, ...] = ()
    published_on: dt.date | None = None
    related_title: str | None = None
    quotes: tuple[GoldQuote, ...] = ()
    entities: tuple[GoldEntity, ...] = ()
    sources: tuple[GoldSource, ...] = ()
    dates: tuple[GoldDate, ...] = ()
    note: str | None = None

    def record(self) -> ArticleRecord:
        """The article as a reader would hand it to the extractor."""
        return ArticleRecord(
            title=self.title,
            body=self.body,
            lede=self.lede,
            sections=self.sections,
            published_on=self.published_on,
            source_file=f"gold:{self.id}",
            related_title=self.related_title,
        )


def load_gold(path: Path) -> tuple[GoldArticle, ...]:
    """Read a gold file; raises ValueError when it is not in the documented format."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("format") != GOLD_FORMAT:
        raise ValueError(f"{path}: not a {GOLD_FORMAT} file")
    return tuple(_article(a) for a in raw["articles"])


def _article(a: dict[str, Any]) -> GoldArticle:
    published = a.get("published_on")
    return GoldArticle(
        id=a["id"],
        title=a["title"],
        body=a["body"],
        lede=a.get("lede"),
        sections=tuple(a.get("sections", ())),
        published_on=dt.date.fromisoformat(published) if published else None,
        related_title=a.get("related_title"),
        note=a.get("note"),
        quotes=tuple(_quote(q) for q in a.get("quotes", ())),
        entities=tuple(
            GoldEntity(
                e["name"],
                EntityKind(e["kind"]),
                e.get("subtype"),
                tuple(e.get("aliases", ())),
                bool(e.get("optional", False)),
            )
            for e in a.get("entities", ())
        ),
        sources=tuple(GoldSource(s["name"], SourceRole(s["role"])) for s in a.get("sources", ())),
        dates=tuple(
            GoldDate(d["text"], d["field"], d.get("value"), d.get("precision"), bool(d.get("relative")))
            for d in a.get("dates", ())
        ),
    )


def _quote(q: dict[str, Any]) -> GoldQuote:
    parts = tuple(q["parts"]) if q.get("parts") else (q["text"],)
    return GoldQuote(
        parts=parts,
        kind=QuoteKind(q["kind"]),
        cue=q.get("cue"),
        speaker=q.get("speaker"),
        speaker_kind=q["speaker_kind"],
        anonymous=q.get("anonymous"),
        reported_via=q.get("reported_via"),
        occurrence=int(q.get("occurrence", 1)),
    )


def locate(quote: GoldQuote, body: str) -> tuple[int, int] | None:
    """Character span of a gold quote in ``body``: first part's start to last part's end."""
    start = -1
    for _ in range(quote.occurrence):
        start = body.find(quote.parts[0], start + 1)
        if start < 0:
            return None
    end = start + len(quote.parts[0])
    for part in quote.parts[1:]:
        at = body.find(part, end)
        if at < 0:
            return None
        end = at + len(part)
    return start, end

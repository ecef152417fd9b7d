"""Assemble article text piece by piece while recording where every finding sits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.extract.types import (
    DateFinding,
    DatePrecision,
    EntityKind,
    Field,
    Mention,
    QuoteKind,
    SpeakerResolution,
)


@dataclass(slots=True)
class CastMember:
    """One entity of one article and everything seen of it."""

    key: str
    name: str
    kind: EntityKind
    subtype: str | None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    aliases: dict[str, None] = field(default_factory=dict)  # ordered set
    roles: dict[str, None] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A statement located in a paragraph; offsets are shifted into the body later."""

    text: str
    kind: QuoteKind
    start: int
    end: int
    cue: str
    speaker_key: str | None
    speaker_text: str | None
    speaker_label: str | None
    resolution: SpeakerResolution
    reported_via: str | None = None
    said_on: dt.date | None = None


@dataclass(slots=True)
class Para:
    """A paragraph under construction: text parts plus spans relative to its start."""

    parts: list[str] = field(default_factory=list)
    size: int = 0
    mentions: list[tuple[CastMember, int, int, str]] = field(default_factory=list)
    agencies: list[tuple[str, int, int]] = field(default_factory=list)
    quotes: list[QuoteSpan] = field(default_factory=list)
    dates: list[tuple[str, int, int, str, DatePrecision, dt.date | None, dt.date | None]] = field(
        default_factory=list
    )

    def add(self, text: str) -> int:
        """Append text; return where it starts."""
        start = self.size
        self.parts.append(text)
        self.size += len(text)
        return start

    def entity(self, member: CastMember, surface: str) -> None:
        start = self.add(surface)
        member.aliases.setdefault(surface)
        self.mentions.append((member, start, self.size, surface))

    def agency(self, name: str) -> None:
        start = self.add(name)
        self.agencies.append((name, start, self.size))

    def date(
        self, text: str, value: str, precision: DatePrecision, lo: dt.date | None, hi: dt.date | None
    ) -> None:
        start = self.add(text)
        self.dates.append((text, start, self.size, value, precision, lo, hi))

    def text(self) -> str:
        return "".join(self.parts)


def place_mentions(paras: list[Para], fld: Field, base: int = 0) -> None:
    """Move each paragraph's entity spans onto its cast member, as offsets into the joined field."""
    offset = base
    for para in paras:
        for member, start, end, surface in para.mentions:
            member.mentions.append(Mention(fld, offset + start, offset + end, surface))
        offset += para.size + 2  # paragraphs are joined by a blank line


def date_findings(paras: list[Para]) -> list[DateFinding]:
    """The date mentions of the body, as offsets into the joined body."""
    out: list[DateFinding] = []
    offset = 0
    for para in paras:
        for text, start, end, value, precision, lo, hi in para.dates:
            out.append(DateFinding(text, Field.BODY, offset + start, offset + end, value, precision, lo, hi))
        offset += para.size + 2
    return out

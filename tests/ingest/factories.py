"""Extraction objects built by hand, so loader tests need no spaCy model."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from app.extract.names import entity_key
from app.extract.types import (
    ArticleRecord,
    DateFinding,
    DatePrecision,
    EntityFinding,
    EntityKind,
    Extraction,
    Field,
    Mention,
    QuoteFinding,
    QuoteKind,
    SourceFinding,
    SourceRole,
    SpeakerResolution,
)


def mention(text: str, body: str) -> Mention:
    start = body.index(text)
    return Mention(Field.BODY, start, start + len(text), text)


def person(name: str, body: str, *aliases: str, roles: tuple[str, ...] = ()) -> EntityFinding:
    seen = [form for form in (name, *aliases) if form in body]
    return EntityFinding(
        key=entity_key(name, "person"),
        name=name,
        kind=EntityKind.PERSON,
        aliases=(name, *aliases),
        roles=roles,
        mentions=tuple(mention(form, body) for form in seen),
    )


def place(name: str, body: str, *, code: str, lat: float, lon: float, geonames_id: int) -> EntityFinding:
    return EntityFinding(
        key=entity_key(name, "place"),
        name=name,
        kind=EntityKind.PLACE,
        subtype="city",
        aliases=(name,),
        mentions=(mention(name, body),),
        country_code=code,
        latitude=lat,
        longitude=lon,
        geonames_id=geonames_id,
    )


def article(
    title: str,
    body: str,
    *,
    entities: tuple[EntityFinding, ...] = (),
    quotes: tuple[QuoteFinding, ...] = (),
    sources: tuple[SourceFinding, ...] = (),
    dates: tuple[DateFinding, ...] = (),
    source_file: str = "fixture.txt",
    position: str = "line 1",
    related_title: str | None = None,
    sections: tuple[str, ...] = ("Top News",),
) -> Extraction:
    record = ArticleRecord(
        title=title,
        body=body,
        sections=sections,
        source_file=source_file,
        source_position=position,
        related_title=related_title,
    )
    return Extraction(record, title, None, body, entities, quotes, sources, dates)


AUSTIN_BODY = (
    "Defence Secretary Lloyd Austin said the strikes were necessary, CNN reported. "
    "“We will respond,” Austin said in Baghdad on Tuesday."
)


def austin_article(**overrides: object) -> Extraction:
    """A full article: roles, aliases, a geocoded place, a quote via CNN, sources and a date."""
    body = AUSTIN_BODY
    austin = person("Lloyd Austin", body, "Austin", roles=("Defence Secretary",))
    baghdad = place("Baghdad", body, code="IQ", lat=33.34, lon=44.40, geonames_id=98182)
    quote_text = "We will respond,"
    start = body.index(quote_text)
    quote = QuoteFinding(
        text=quote_text,
        kind=QuoteKind.DIRECT,
        start=start,
        end=start + len(quote_text),
        cue="said",
        speaker_key=austin.key,
        speaker_text="Austin",
        speaker_label="Lloyd Austin",
        resolution=SpeakerResolution.ALIAS,
        reported_via="CNN",
    )
    tuesday = body.index("on Tuesday")
    date = DateFinding(
        "on Tuesday",
        Field.BODY,
        tuesday,
        tuesday + 10,
        "2024-01-09",
        DatePrecision.DAY,
        dt.date(2024, 1, 9),
        dt.date(2024, 1, 9),
    )
    sources = (
        SourceFinding("Asian Lite News", SourceRole.PUBLISHER),
        SourceFinding("ANI", SourceRole.WIRE),
        SourceFinding("CNN", SourceRole.CITED, (mention("CNN", body),)),
    )
    fields: dict[str, object] = {
        "entities": (austin, baghdad),
        "quotes": (quote,),
        "sources": sources,
        "dates": (date,),
        "sections": ("Top News", "Arab News", "USA"),
    }
    fields.update(overrides)
    return article("US Strikes Militia Targets in Iraq", body, **fields)  # type: ignore[arg-type]


class FakeExtractor:
    """Stands in for app.extract.pipeline.Extractor: stores the record's text, finds nothing."""

    def extract(self, record: ArticleRecord) -> Extraction:
        if "EXPLODE" in record.body:
            raise ValueError("cannot parse this")
        return Extraction(record, record.title, record.lede, record.body)

    def extract_many(self, records: Iterable[ArticleRecord], batch_size: int = 32) -> Iterator[Extraction]:
        return iter([self.extract(record) for record in records])


def fake_extractor() -> FakeExtractor:
    """A picklable factory for the worker-pool path."""
    return FakeExtractor()


class FakePipelinedExtractor(FakeExtractor):
    """FakeExtractor split as the real one is: ``parse_packed`` in a worker, ``assemble_packed`` here.
    What it "parses" is the id of the process that parsed it, kept in the extraction's warnings."""

    def parse_packed(self, records: Sequence[ArticleRecord]) -> list[dict[Field, Any]]:
        if any("EXPLODE" in record.body for record in records):
            raise ValueError("cannot parse this")
        return [{Field.BODY: os.getpid()} for _ in records]

    def assemble_packed(self, record: ArticleRecord, packed: Mapping[Field, Any]) -> Extraction:
        if "IMPLODE" in record.body:
            raise KeyError("no rule for this")
        found = self.extract(record)
        parsed_by = f"pid {packed[Field.BODY]}"
        return Extraction(found.record, found.title, found.lede, found.body, warnings=(parsed_by,))


class FakePipelinedFactory:
    """A picklable factory of FakePipelinedExtractor, whole or as the worker's parser."""

    def __call__(self) -> FakePipelinedExtractor:
        return FakePipelinedExtractor()

    def parser(self) -> FakePipelinedExtractor:
        return FakePipelinedExtractor()

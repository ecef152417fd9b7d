"""One article in, one Extraction out: sources, parse, entities, quotes and dates, in that order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from app.extract.agencies import SourceScan, find_sources
from app.extract.dates import find_dates
from app.extract.doccache import text_of, token_heads
from app.extract.docwire import pack, unpack
from app.extract.entities import find_entities
from app.extract.quotes import find_quotes
from app.extract.types import (
    ArticleRecord,
    DateFinding,
    DatePrecision,
    Extraction,
    Field,
    PackedDoc,
    QuoteFinding,
)

_PAREN_ACRONYM_RE = re.compile(r"\s*\([A-Z][A-Za-z]{1,7}\)")
_CONTENT_DEPS = {"ccomp", "xcomp", "relcl", "acl", "advcl", "conj", "parataxis", "csubj"}


class Extractor:
    """Runs every extractor over articles with one loaded spaCy pipeline."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def extract(self, record: ArticleRecord) -> Extraction:
        """Extract one article."""
        return next(self.extract_many([record]))

    def extract_many(self, records: Iterable[ArticleRecord], batch_size: int = 32) -> Iterator[Extraction]:
        """Extract articles in input order, parsing their fields in batches with nlp.pipe."""
        batch: list[ArticleRecord] = []
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                yield from self._batch(batch, batch_size)
                batch = []
        if batch:
            yield from self._batch(batch, batch_size)

    def _batch(self, records: Sequence[ArticleRecord], batch_size: int) -> Iterator[Extraction]:
        scans = [scan_sources(r) for r in records]
        for record, scan, docs in zip(records, scans, self.parse(records, scans, batch_size), strict=True):
            yield assemble(record, scan, docs)

    def parse_packed(self, records: Sequence[ArticleRecord]) -> list[dict[Field, PackedDoc]]:
        """The model's share for a worker process: each article's fields parsed, packed to send back."""
        scans = [scan_sources(r) for r in records]
        parsed = self.parse(records, scans, batch_size=max(1, len(records)))
        return [{field: pack(doc) for field, doc in fields.items()} for fields in parsed]

    def assemble_packed(self, record: ArticleRecord, packed: Mapping[Field, PackedDoc]) -> Extraction:
        """The rules' share: one article from the fields a worker parsed (``parse_packed``)."""
        docs = {field: unpack(self.nlp.vocab, doc) for field, doc in packed.items()}
        return assemble(record, scan_sources(record), docs)

    def parse(
        self, records: Sequence[ArticleRecord], scans: Sequence[SourceScan], batch_size: int = 32
    ) -> list[dict[Field, Doc]]:
        """Each article's fields parsed by the model, in one nlp.pipe: the model's share of extraction."""
        texts = [(r.title.strip(), s.lede, s.body) for r, s in zip(records, scans, strict=True)]
        flat = [t for title, lede, body in texts for t in (title, lede or "", body)]
        docs = list(self.nlp.pipe(flat, batch_size=batch_size * 3))
        parsed = []
        for n, scan in enumerate(scans):
            title_doc, lede_doc, body_doc = docs[3 * n : 3 * n + 3]
            fields = {Field.TITLE: title_doc, Field.BODY: body_doc}
            if scan.lede:
                fields[Field.LEDE] = lede_doc
            parsed.append(fields)
        return parsed


def scan_sources(record: ArticleRecord) -> SourceScan:
    """The article's publisher, wire credit and cited agencies, found in its raw text before parsing."""
    return find_sources(record.title.strip(), record.lede, record.body, record.publisher)


def assemble(record: ArticleRecord, scan: SourceScan, docs: Mapping[Field, Doc]) -> Extraction:
    """Entities, then quotes over the body with those entities, then dates, into one Extraction."""
    entities = find_entities(docs, _source_spans(scan, docs))
    body = docs[Field.BODY]
    dates = [d for f, doc in docs.items() for d in find_dates(text_of(doc), f, record.published_on)]
    quotes = _dated(find_quotes(body, entities), body, dates)
    return Extraction(
        record=record,
        title=text_of(docs[Field.TITLE]),
        lede=scan.lede,
        body=scan.body,
        entities=tuple(entities),
        quotes=tuple(quotes),
        sources=scan.sources,
        dates=tuple(dates),
    )


def _source_spans(scan: SourceScan, docs: Mapping[Field, Doc]) -> dict[Field, list[tuple[int, int]]]:
    """Where each field names a news organisation, with an acronym in parentheses after it ("(SPA)")."""
    spans: dict[Field, list[tuple[int, int]]] = {}
    for source in scan.sources:
        for m in source.mentions:
            text = text_of(docs[m.field]) if m.field in docs else ""
            after = _PAREN_ACRONYM_RE.match(text, m.end)
            spans.setdefault(m.field, []).append((m.start, after.end() if after else m.end))
    return spans


def _dated(quotes: list[QuoteFinding], body: Doc, dates: Sequence[DateFinding]) -> list[QuoteFinding]:
    """Each statement's date: a day-precise date that modifies its cue ("said on Tuesday"), not its words."""
    if all(q.cue_start is None for q in quotes):
        return quotes
    # Each date's head token, found once for all the article's statements, in the dates' order.
    roots: list[tuple[DateFinding, int]] = []
    for d in dates:
        if d.field is not Field.BODY or d.precision is not DatePrecision.DAY or d.date_start is None:
            continue
        span = body.char_span(d.start, d.end, alignment_mode="expand")
        if span is not None:
            roots.append((d, span.root.i))
    if not roots:
        return quotes
    return [_dated_by(q, body, roots) for q in quotes]


def _dated_by(quote: QuoteFinding, body: Doc, roots: list[tuple[DateFinding, int]]) -> QuoteFinding:
    if quote.cue_start is None:
        return quote
    cue = body.char_span(quote.cue_start, quote.cue_end or quote.cue_start + 1, alignment_mode="expand")
    if cue is None:
        return quote
    for d, root in roots:
        if _modifies(body, root, cue.start):
            return replace(quote, said_on=d.date_start)
    return quote


def _modifies(doc: Doc, i: int, cue: int) -> bool:
    """Whether token i hangs from the cue through adverbials only, not through the reported clause."""
    heads, deps = token_heads(doc)
    for _ in range(6):
        if i == cue:
            return True
        if deps[i] in _CONTENT_DEPS or heads[i] == i:
            return False
        i = heads[i]
    return False

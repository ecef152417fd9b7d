"""The Extractor over one full seed article: sources, entities, quotes with speakers and dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from spacy.language import Language

from app.extract.pipeline import Extractor
from app.extract.types import ArticleRecord, Extraction, QuoteKind, SourceRole

pytestmark = pytest.mark.nlp

SEED = Path(__file__).parents[2] / "seeds" / "asian-lite-news-us-iraq-iran-syria-2023-2024.txt"


def _seed_article(index: int) -> ArticleRecord:
    """One article of the seed dump: section line, title, lede, body paragraphs, ALSO READ."""
    chunk = re.split(r"^Categories\s*$", SEED.read_text("utf-8"), flags=re.MULTILINE)[index + 1]
    paragraphs = [p.strip() for p in chunk.splitlines() if p.strip()]
    body = [p for p in paragraphs[3:] if not p.startswith("ALSO READ")]
    return ArticleRecord(title=paragraphs[1], lede=paragraphs[2], body="\n\n".join(body))


@pytest.fixture(scope="module")
def extraction(nlp: Language) -> Extraction:
    record = _seed_article(1)  # "US strikes three ‘Iranian-backed’ militia targets in Iraq"
    return Extractor(nlp).extract(ArticleRecord(**{**_fields(record), "published_on": dt.date(2024, 1, 24)}))


def _fields(record: ArticleRecord) -> dict[str, object]:
    return {"title": record.title, "lede": record.lede, "body": record.body}


def test_sources_and_stored_lede(extraction: Extraction) -> None:
    roles = {(s.name, s.role) for s in extraction.sources}
    assert roles == {
        ("Asian Lite News", SourceRole.PUBLISHER),
        ("ANI", SourceRole.WIRE),
        ("CNN", SourceRole.CITED),
    }
    assert extraction.lede is not None and not extraction.lede.endswith("Asian Lite News")


def test_quotes_have_speakers_offsets_and_dates(extraction: Extraction) -> None:
    body = extraction.body
    by_text = {q.text[:20]: q for q in extraction.quotes}
    assert all(body[q.start : q.end].startswith(q.text[:10]) for q in extraction.quotes)
    grateful = by_text["I am grateful for bo"]
    assert grateful.kind is QuoteKind.DIRECT and grateful.speaker_label == "Lloyd Austin"
    president = by_text["The President and I "]
    assert (president.speaker_text, president.speaker_key) == ("he", grateful.speaker_key)
    singh = next(q for q in extraction.quotes if q.text.startswith("We’ve continued"))
    assert singh.speaker_label == "Sabrina Singh" and singh.said_on == dt.date(2024, 1, 22)  # "said Monday"
    tehran = next(q for q in extraction.quotes if q.text.startswith("Tehran and Iranian senior leaders"))
    assert (tehran.speaker_text, tehran.speaker_label) == ("the official", "a senior defence official")


def test_scare_quotes_are_not_statements(extraction: Extraction) -> None:
    assert not any(q.text in {"Kataib Hezbollah", "Iranian-backed"} for q in extraction.quotes)


def test_extract_many_keeps_input_order(nlp: Language) -> None:
    records = [_seed_article(i) for i in (4, 0, 6)]
    titles = [e.title for e in Extractor(nlp).extract_many(records, batch_size=2)]
    assert titles == [r.title for r in records]

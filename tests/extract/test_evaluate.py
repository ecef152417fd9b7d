"""Scoring rules of the evaluation on small synthetic extractions, with exact figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from app.extract.eval_score import overlap
from app.extract.evaluate import Score, evaluate, render, run_eval
from app.extract.gold import GoldArticle, GoldDate, GoldEntity, GoldQuote, GoldSource, load_gold, locate
from app.extract.types import (
    ArticleRecord,
    DateFinding,
    DatePrecision,
    EntityFinding,
    EntityKind,
    Extraction,
    Field,
    QuoteFinding,
    QuoteKind,
    SourceFinding,
    SourceRole,
    SpeakerResolution,
)

GOLD_DIR = Path(__file__).parents[1] / "data" / "gold"
BODY = (
    "Defence Secretary Lloyd Austin said the strikes were necessary. “We will respond,” he added. "
    "A senior US official said the talks would continue. Rockets hit Irbil, CNN reported. (ANI)"
)
AUSTIN = GoldEntity("Lloyd Austin", EntityKind.PERSON, aliases=("Austin",))
GOLD = GoldArticle(
    id="t-1",
    title="Austin vows response",
    body=BODY,
    quotes=(
        GoldQuote(("the strikes were necessary",), QuoteKind.INDIRECT, "said", "Lloyd Austin", "person"),
        GoldQuote(("We will respond,",), QuoteKind.DIRECT, "added", "Lloyd Austin", "person"),
        GoldQuote(
            ("the talks would continue",),
            QuoteKind.INDIRECT,
            "said",
            None,
            "anonymous",
            "A senior US official",
        ),
    ),
    entities=(
        AUSTIN,
        GoldEntity("Kataib Hezbollah", EntityKind.ORGANISATION, aliases=("KH",)),
        GoldEntity("Erbil", EntityKind.PLACE, "city", ("Irbil",)),
        GoldEntity("Baghdad", EntityKind.PLACE, "city", optional=True),
    ),
    sources=(GoldSource("ANI", SourceRole.WIRE), GoldSource("CNN", SourceRole.CITED)),
)


def _quote(
    text: str, label: str | None, resolution: SpeakerResolution, key: str | None = None
) -> QuoteFinding:
    start = BODY.index(text)
    return QuoteFinding(
        text, QuoteKind.INDIRECT, start, start + len(text), "said", key, label, label, resolution
    )


def _entity(name: str, kind: EntityKind) -> EntityFinding:
    return EntityFinding(f"{kind.value}:{name.lower()}", name, kind)


def _extraction(
    *,
    quotes: tuple[QuoteFinding, ...] = (),
    entities: tuple[EntityFinding, ...] = (),
    sources: tuple[SourceFinding, ...] = (),
    dates: tuple[DateFinding, ...] = (),
) -> Extraction:
    record = ArticleRecord(title=GOLD.title, body=BODY)
    return Extraction(record, GOLD.title, None, BODY, entities, quotes, sources, dates)


def test_overlap_is_shared_characters_over_the_longer_span() -> None:
    assert overlap((0, 10), (5, 15)) == 0.5
    assert overlap((0, 10), (0, 30)) == pytest.approx(1 / 3)
    assert overlap((0, 10), (10, 20)) == 0.0


def test_quotes_match_at_half_overlap_one_to_one() -> None:
    predicted = (
        _quote("the strikes were necessary", "Austin", SpeakerResolution.NAME, "person:lloyd austin"),
        _quote("the strikes were", "Austin", SpeakerResolution.NAME),  # second match for the same gold quote
        _quote("We will", "Austin", SpeakerResolution.PRONOUN),  # 7 of 16 characters: below half
        _quote("the talks would continue", "A senior US official", SpeakerResolution.ANONYMOUS),
    )
    report = evaluate([GOLD], [_extraction(quotes=predicted)])
    assert report.quotes == Score(tp=2, fp=2, fn=1)
    assert report.quotes.precision == 0.5
    assert report.quotes.recall == pytest.approx(2 / 3)
    assert report.quotes.f1 == pytest.approx(4 / 7)
    assert (report.speakers.correct, report.speakers.total) == (2, 2)


def test_speaker_accuracy_by_folded_alias_and_anonymity() -> None:
    predicted = (
        _quote("the strikes were necessary", "AUSTIN", SpeakerResolution.ALIAS),  # alias, case folded
        _quote("the talks would continue", "Lloyd Austin", SpeakerResolution.TITLE, "person:lloyd austin"),
    )
    report = evaluate([GOLD], [_extraction(quotes=predicted)])
    assert (report.speakers.correct, report.speakers.total) == (1, 2)
    anonymous_unresolved = (_quote("the talks would continue", None, SpeakerResolution.UNRESOLVED),)
    assert evaluate([GOLD], [_extraction(quotes=anonymous_unresolved)]).speakers.correct == 0


def test_entities_by_kind_with_aliases_duplicates_and_optional() -> None:
    predicted = (
        _entity("Austin", EntityKind.PERSON),
        _entity("Lloyd Austin", EntityKind.PERSON),  # the same person twice: the second is spurious
        _entity("Kataib Hezbollah", EntityKind.PERSON),  # wrong kind: spurious person, missed organisation
        _entity("the Irbil", EntityKind.PLACE),  # a leading article is ignored
        _entity("Baghdad", EntityKind.PLACE),  # optional: not counted either way
        _entity("Mosul", EntityKind.PLACE),
    )
    report = evaluate([GOLD], [_extraction(entities=predicted)])
    assert report.entities[EntityKind.PERSON] == Score(tp=1, fp=2, fn=0)
    assert report.entities[EntityKind.ORGANISATION] == Score(tp=0, fp=0, fn=1)
    assert report.entities[EntityKind.PLACE] == Score(tp=1, fp=1, fn=0)
    assert report.entities_all == Score(tp=2, fp=3, fn=1)


def test_agency_roles_are_name_and_role_pairs() -> None:
    predicted = (SourceFinding("ani", SourceRole.WIRE), SourceFinding("CNN", SourceRole.PUBLISHER))
    report = evaluate([GOLD], [_extraction(sources=predicted)])
    assert report.agencies == Score(tp=1, fp=1, fn=1)
    assert (report.agencies_all_right.correct, report.agencies_all_right.total) == (0, 1)


def test_only_resolved_gold_dates_are_scored() -> None:
    dates = (
        GoldDate("January 10", "body", "--01-10", "partial"),
        GoldDate("December 2021", "body", "2021-12", "month"),
        GoldDate("On Tuesday", "body", None, None, relative=True),  # no publication date: not scored
    )
    gold = dataclasses.replace(GOLD, dates=dates)
    found = DateFinding("January 10", Field.BODY, 0, 10, "--01-10", DatePrecision.PARTIAL)
    wrong = DateFinding("2015", Field.BODY, 0, 4, "2015", DatePrecision.YEAR)
    report = evaluate([gold], [_extraction(dates=(found, wrong))])
    assert report.dates == Score(tp=1, fp=1, fn=1)


def test_render_prints_a_row_per_metric() -> None:
    text = render(evaluate([GOLD], [_extraction()]), details=True)
    assert "quotes (overlap >= 0.5)" in text
    assert "entities: organisation" in text
    assert "quote missed: 'We will respond,'" in text


def test_split_quote_spans_from_first_to_last_part() -> None:
    body = "“First,” she said, “second.”"
    quote = GoldQuote(("First,", "second."), QuoteKind.DIRECT, "said", "X", "person")
    assert locate(quote, body) == (1, body.index("second.") + len("second."))


class _EchoExtractor:
    """Stands in for app.extract.pipeline.Extractor: predicts nothing, records what it was given."""

    def __init__(self) -> None:
        self.records: list[ArticleRecord] = []

    def extract(self, record: ArticleRecord) -> Extraction:
        self.records.append(record)
        return Extraction(record=record, title=record.title, lede=record.lede, body=record.body)


def test_run_eval_builds_records_from_the_gold_file(tmp_path: Path) -> None:
    raw = json.loads((GOLD_DIR / "hard_sentences.json").read_text("utf-8"))
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({**raw, "articles": raw["articles"][:2]}), "utf-8")
    extractor = _EchoExtractor()
    report = run_eval(path, extractor)
    assert [r.title for r in extractor.records] == ["Port strike talks stall", "Budget defended"]
    assert extractor.records[1].published_on == dt.date(2024, 3, 13)
    assert report.quotes == Score(tp=0, fp=0, fn=3)


@pytest.mark.parametrize("name", ["seed.json", "hard_sentences.json"])
def test_gold_files_are_consistent(name: str) -> None:
    articles = load_gold(GOLD_DIR / name)
    for article in articles:
        for quote in article.quotes:
            assert locate(quote, article.body) is not None, (article.id, quote.parts[0])
            assert (quote.speaker is None) == (quote.speaker_kind == "anonymous"), (
                article.id,
                quote.parts[0],
            )
        names = {e.name for e in article.entities}
        assert all(q.speaker in names for q in article.quotes if q.speaker), article.id
    assert len(articles) >= (10 if name == "seed.json" else 40)

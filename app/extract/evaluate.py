"""Score extractions against hand-annotated gold: quotes, speakers, entities, agency roles, dates.

A predicted quote matches a gold quote when their body spans overlap by at least half:
``overlap = |A ∩ B| / max(|A|, |B|)`` over character offsets into the stored body; pairs are matched
one-to-one, best overlap first. Only body quotes are scored (the gold annotates body quotes only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.extract.eval_score import Accuracy, Score, match_entities, match_quotes, norm, speaker_correct
from app.extract.gold import GoldArticle, load_gold
from app.extract.newsorgs import match_news_organisation
from app.extract.types import ArticleRecord, EntityKind, Extraction

__all__ = ["Accuracy", "EvalReport", "Score", "SupportsExtract", "evaluate", "render", "run_eval"]


class SupportsExtract(Protocol):
    """What run_eval needs of app.extract.pipeline.Extractor."""

    def extract(self, record: ArticleRecord) -> Extraction: ...


@dataclass(slots=True)
class EvalReport:
    articles: int = 0
    quotes: Score = field(default_factory=Score)
    speakers: Accuracy = field(default_factory=Accuracy)
    kinds: Accuracy = field(default_factory=Accuracy)
    reported_via: Accuracy = field(default_factory=Accuracy)
    entities: dict[EntityKind, Score] = field(default_factory=lambda: {k: Score() for k in EntityKind})
    agencies: Score = field(default_factory=Score)
    agencies_all_right: Accuracy = field(default_factory=Accuracy)  # articles whose roles are all right
    dates: Score = field(default_factory=Score)
    errors: list[str] = field(default_factory=list)

    @property
    def entities_all(self) -> Score:
        """Micro-average over the entity kinds."""
        return sum(self.entities.values(), Score())


def run_eval(gold_path: Path, extractor: SupportsExtract) -> EvalReport:
    """Extract every gold article with ``extractor`` and score the result."""
    gold = load_gold(gold_path)
    return evaluate(gold, [extractor.extract(article.record()) for article in gold])


def evaluate(gold: Sequence[GoldArticle], extractions: Sequence[Extraction]) -> EvalReport:
    """Score extractions, paired with the gold articles in order."""
    if len(gold) != len(extractions):
        raise ValueError(f"{len(gold)} gold articles but {len(extractions)} extractions")
    report = EvalReport(articles=len(gold))
    for article, extraction in zip(gold, extractions, strict=True):
        _score_quotes(report, article, extraction)
        _score_entities(report, article, extraction)
        _score_agencies(report, article, extraction)
        _score_dates(report, article, extraction)
    return report


def _score_quotes(report: EvalReport, article: GoldArticle, extraction: Extraction) -> None:
    result = match_quotes(article, extraction)
    report.quotes += result.score
    report.errors.extend(f"{article.id}: {e}" for e in result.errors)
    for gold_quote, predicted in result.pairs:
        right = speaker_correct(gold_quote, predicted, article, extraction)
        report.speakers += Accuracy(int(right), 1)
        report.kinds += Accuracy(int(gold_quote.kind == predicted.kind), 1)
        via_right = _source_key(gold_quote.reported_via or "") == _source_key(predicted.reported_via or "")
        report.reported_via += Accuracy(int(via_right), 1)
        if not right:
            said = predicted.speaker_label or predicted.resolution.value
            expected = gold_quote.speaker or f"anonymous ({gold_quote.anonymous})"
            report.errors.append(
                f"{article.id}: speaker {said!r}, expected {expected!r}: {gold_quote.parts[0][:60]!r}"
            )


def _score_entities(report: EvalReport, article: GoldArticle, extraction: Extraction) -> None:
    for kind in EntityKind:
        score, errors = match_entities(article, extraction, kind)
        report.entities[kind] += score
        report.errors.extend(f"{article.id}: {e}" for e in errors)


def _score_agencies(report: EvalReport, article: GoldArticle, extraction: Extraction) -> None:
    gold = {(_source_key(s.name), s.role) for s in article.sources}
    predicted = {(_source_key(s.name), s.role) for s in extraction.sources}
    report.agencies += Score(len(gold & predicted), len(predicted - gold), len(gold - predicted))
    report.agencies_all_right += Accuracy(int(gold == predicted), 1)
    report.errors.extend(f"{article.id}: agency missed {n} ({r})" for n, r in sorted(gold - predicted))
    report.errors.extend(f"{article.id}: agency spurious {n} ({r})" for n, r in sorted(predicted - gold))


def _source_key(name: str) -> str:
    """A news organisation's folded canonical name: "CP" = "The Canadian Press", "The Hindu" = "Hindu"."""
    canonical = match_news_organisation(name, loose=True) if name else None
    return norm(canonical or name)


def _score_dates(report: EvalReport, article: GoldArticle, extraction: Extraction) -> None:
    """Resolved dates as (field, value) multisets; unresolvable gold dates are not scored."""
    gold = Counter((d.field, d.value) for d in article.dates if d.value is not None)
    predicted = Counter((d.field.value, d.value) for d in extraction.dates)
    hit = sum((gold & predicted).values())
    report.errors.extend(f"{article.id}: date missed {f} {v}" for (f, v) in (gold - predicted).elements())
    report.errors.extend(f"{article.id}: date spurious {f} {v}" for (f, v) in (predicted - gold).elements())
    report.dates += Score(hit, sum(predicted.values()) - hit, sum(gold.values()) - hit)


def render(report: EvalReport, *, details: bool = False) -> str:
    """A readable table of the figures (and, with ``details``, every error)."""
    rows = [("quotes (overlap >= 0.5)", report.quotes)]
    rows += [(f"entities: {kind.value}", score) for kind, score in report.entities.items()]
    rows += [
        ("entities: all", report.entities_all),
        ("agency roles", report.agencies),
        ("dates (resolved)", report.dates),
    ]
    lines = [
        f"articles: {report.articles}",
        f"{'metric':<26}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}",
    ]
    lines += [
        f"{name:<26}{s.gold:>6}{s.predicted:>6}{s.tp:>7}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
        for name, s in rows
    ]
    accuracies = (
        ("speaker accuracy (matched quotes)", report.speakers),
        ("quote kind accuracy (matched quotes)", report.kinds),
        ("reported_via accuracy (matched quotes)", report.reported_via),
        ("articles with every agency role right", report.agencies_all_right),
    )
    lines += [f"{name}: {acc.correct}/{acc.total} = {acc.value:.3f}" for name, acc in accuracies]
    if details:
        lines += ["", "errors:", *(f"  {e}" for e in report.errors)]
    return "\n".join(lines)

"""Matching rules of the evaluation: quote spans, speakers, entities."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.extract.gold import GoldArticle, GoldEntity, GoldQuote, locate
from app.extract.names import fold
from app.extract.types import EntityKind, Extraction, Field, QuoteFinding, SpeakerResolution

MIN_OVERLAP = 0.5


def norm(name: str) -> str:
    """A name folded for comparison, without a leading article ("the Pentagon" = "Pentagon")."""
    folded = fold(name)
    return folded[4:] if folded.startswith("the ") else folded


@dataclass(frozen=True, slots=True)
class Score:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass(slots=True)
class QuoteMatch:
    score: Score
    pairs: list[tuple[GoldQuote, QuoteFinding]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters over the longer span's length."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    longest = max(a[1] - a[0], b[1] - b[0])
    return shared / longest if shared > 0 and longest > 0 else 0.0


def match_quotes(article: GoldArticle, extraction: Extraction) -> QuoteMatch:
    """Pair gold and predicted body quotes one-to-one, best overlap first."""
    predicted = [q for q in extraction.quotes if q.field is Field.BODY]
    spans = [locate(q, extraction.body) for q in article.quotes]
    errors = [
        f"gold quote not found in the stored body: {q.parts[0][:60]!r}"
        for q, s in zip(article.quotes, spans, strict=True)
        if s is None
    ]
    candidates = sorted(
        (-overlap(s, (p.start, p.end)), g, i)
        for g, s in enumerate(spans)
        if s is not None
        for i, p in enumerate(predicted)
    )
    pairs: list[tuple[GoldQuote, QuoteFinding]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for negative, g, i in candidates:
        if -negative < MIN_OVERLAP:
            break
        if g not in used_gold and i not in used_pred:
            used_gold.add(g)
            used_pred.add(i)
            pairs.append((article.quotes[g], predicted[i]))
    errors += [
        f"quote missed: {q.parts[0][:70]!r}" for g, q in enumerate(article.quotes) if g not in used_gold
    ]
    errors += [f"quote spurious: {p.text[:70]!r}" for i, p in enumerate(predicted) if i not in used_pred]
    score = Score(len(used_gold), len(predicted) - len(used_pred), len(article.quotes) - len(used_gold))
    return QuoteMatch(score, pairs, errors)


def gold_forms(name: str, article: GoldArticle) -> set[str]:
    """Folded name and aliases of a gold entity named ``name``."""
    forms = {norm(name)}
    for entity in article.entities:
        if norm(entity.name) == norm(name):
            forms |= {norm(a) for a in entity.aliases}
    return forms


def speaker_correct(
    gold: GoldQuote, predicted: QuoteFinding, article: GoldArticle, extraction: Extraction
) -> bool:
    """Named speakers by folded name or alias; anonymous ones must be predicted anonymous, unnamed."""
    if gold.speaker is None:
        return predicted.resolution is SpeakerResolution.ANONYMOUS and predicted.speaker_key is None
    if predicted.resolution in (SpeakerResolution.ANONYMOUS, SpeakerResolution.UNRESOLVED):
        return False
    names = {predicted.speaker_label or ""}
    if predicted.speaker_key:
        names.add(predicted.speaker_key.split(":", 1)[-1])
        names |= {e.name for e in extraction.entities if e.key == predicted.speaker_key}
    return bool({norm(n) for n in names if n} & gold_forms(gold.speaker, article))


def match_entities(article: GoldArticle, extraction: Extraction, kind: EntityKind) -> tuple[Score, list[str]]:
    """Predicted entities of ``kind`` against gold ones, by folded name or any gold alias."""
    gold = [e for e in article.entities if e.kind is kind]
    matched: set[int] = set()
    fp, errors = 0, []
    for entity in (e for e in extraction.entities if e.kind is kind):
        hits = [i for i, g in enumerate(gold) if norm(entity.name) in _forms(g)]
        free = [i for i in hits if i not in matched and not gold[i].optional]
        if free:
            matched.add(free[0])
        elif not any(gold[i].optional for i in hits):
            fp += 1
            errors.append(f"{kind.value} spurious: {entity.name!r}" + (" (duplicate)" if hits else ""))
    required = [i for i, g in enumerate(gold) if not g.optional]
    errors += [f"{kind.value} missed: {gold[i].name!r}" for i in required if i not in matched]
    return Score(len(matched), fp, len(required) - len(matched)), errors


def _forms(entity: GoldEntity) -> set[str]:
    return {norm(entity.name), *(norm(a) for a in entity.aliases)}

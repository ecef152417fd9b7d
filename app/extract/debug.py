"""A debugging printout of extraction errors against gold, article by article.

Run ``python -m app.extract.debug GOLD.json [GOLD.json ...] [--only ID]`` for the figures and, per article,
every missed or spurious quote, entity, agency role and date, plus wrong speakers. Wired to nothing else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app.extract.evaluate import evaluate, render
from app.extract.gold import GoldArticle, load_gold
from app.extract.pipeline import Extractor
from app.extract.types import Extraction


def article_errors(article: GoldArticle, extraction: Extraction) -> list[str]:
    """The scoring errors of one extraction against its gold article."""
    return evaluate([article], [extraction]).errors


def describe(extraction: Extraction) -> list[str]:
    """A compact listing of what was extracted: entities, sources and quote speakers."""
    lines = [f"  entity {e.kind.value:<12} {e.name!r} {e.subtype or ''}" for e in extraction.entities]
    lines += [f"  source {s.role.value:<12} {s.name!r}" for s in extraction.sources]
    lines += [
        f"  quote  {q.kind.value:<8} {q.speaker_label or q.resolution.value!r} via={q.reported_via!r} "
        f"{q.text[:50]!r}"
        for q in extraction.quotes
    ]
    return lines


def report(gold: Sequence[GoldArticle], extractions: Sequence[Extraction], *, full: bool = False) -> str:
    """The figures, then each article's errors (and, with ``full``, its whole extraction)."""
    out = [render(evaluate(gold, extractions)), ""]
    for article, extraction in zip(gold, extractions, strict=True):
        errors = article_errors(article, extraction)
        if errors or full:
            out.append(f"== {article.id}: {article.title[:70]}")
            out += [f"  {e.split(': ', 1)[-1]}" for e in errors]
            out += describe(extraction) if full else []
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: score each gold file and print per-article errors."""
    parser = argparse.ArgumentParser(prog="python -m app.extract.debug")
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--only", action="append", help="article id to show (repeatable)")
    parser.add_argument("--full", action="store_true", help="also list every extracted item")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    from app.core.config import get_settings
    from app.extract.nlp import load_nlp

    extractor = Extractor(load_nlp(args.model or get_settings().spacy_model))
    for path in args.gold:
        gold = [a for a in load_gold(path) if not args.only or a.id in args.only]
        extractions = [extractor.extract(a.record()) for a in gold]
        print(f"##### {path}")
        print(report(gold, extractions, full=args.full))
    return 0


if __name__ == "__main__":
    sys.exit(main())

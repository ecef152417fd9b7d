"""Serialise synthetic articles as the seed's plain-text dump or as JSON Lines."""

from __future__ import annotations

import json
from typing import TextIO

from app.extract.types import Extraction, SourceRole


def _wire(extraction: Extraction) -> str | None:
    return next((s.name for s in extraction.sources if s.role is SourceRole.WIRE), None)


def dump_text(extraction: Extraction) -> str:
    """One article in the dump layout: Categories, sections, title, lede…reports X, body, ALSO READ."""
    record = extraction.record
    lines = ["Categories", "-" + " ".join(record.sections), "", extraction.title, ""]
    if extraction.lede and record.publisher:
        lines += [f"{extraction.lede}….reports {record.publisher}", ""]
    body = extraction.body
    if wire := _wire(extraction):
        body += f" ({wire})"
    lines += [body, ""]
    if record.related_title:
        lines += [f"ALSO READ: {record.related_title}", ""]
    return "\n".join(lines) + "\n"


def jsonl_text(extraction: Extraction) -> str:
    """One article as a JSON object on one line (fields the JSONL reader accepts)."""
    record = extraction.record
    body = extraction.body
    if wire := _wire(extraction):
        body += f" ({wire})"
    row = {
        "title": extraction.title,
        "lede": extraction.lede,
        "body": body,
        "published_on": record.published_on.isoformat() if record.published_on else None,
        "publisher": record.publisher,
        "sections": list(record.sections),
        "url": record.url,
    }
    return json.dumps(row, ensure_ascii=False) + "\n"


def write(out: TextIO, extraction: Extraction, fmt: str) -> None:
    out.write(dump_text(extraction) if fmt == "txt" else jsonl_text(extraction))

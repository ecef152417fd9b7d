"""Records from structured rows (JSON Lines objects, CSV rows): field names, types and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from app.extract.types import ArticleRecord
from app.ingest.readers.base import ReadOptions, check_record
from app.ingest.readers.sections import MAX_SECTION_CHARS
from app.ingest.types import Rejection

TEXT_FIELDS = ("title", "body", "lede", "url", "publisher", "related_title")


class FieldError(ValueError):
    """A field with the wrong type or an unreadable value."""


def record_from_row(
    row: Mapping[str, object], *, source_file: str, position: str, options: ReadOptions
) -> ArticleRecord | Rejection:
    """Validate one structured row and build its record."""
    try:
        text = {name: _text(row, name) for name in TEXT_FIELDS}
        record = ArticleRecord(
            title=text["title"] or "",
            body=text["body"] or "",
            lede=text["lede"],
            sections=_sections(row.get("sections")),
            published_on=_published_on(row),
            url=text["url"],
            publisher=text["publisher"],
            source_file=source_file,
            source_position=position,
            related_title=text["related_title"],
        )
    except FieldError as exc:
        return Rejection(source_file, position, str(exc))
    return check_record(record, options)


def _text(row: Mapping[str, object], name: str) -> str | None:
    value = row.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldError(f"field '{name}' must be a string, not {type(value).__name__}")
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() or None


def _sections(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[object] = list(value.split(";"))
    elif isinstance(value, list):
        items = value
    else:
        raise FieldError("field 'sections' must be a list or a ';'-separated string")
    if not all(isinstance(item, str) for item in items):
        raise FieldError("field 'sections' must contain strings only")
    cleaned = (str(item).strip()[:MAX_SECTION_CHARS] for item in items)
    return tuple(dict.fromkeys(item for item in cleaned if item))


def _published_on(row: Mapping[str, object]) -> dt.date | None:
    for name in ("published_on", "published_at"):
        value = row.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise FieldError(f"invalid date in '{name}': expected a string, not {type(value).__name__}")
        return _parse_date(name, value.strip())
    return None


def _parse_date(name: str, value: str) -> dt.date:
    """An ISO date ("2024-01-10") or date-time ("2024-01-10T08:30:00Z") in either field."""
    for parse in (dt.date.fromisoformat, lambda v: dt.datetime.fromisoformat(v).date()):
        try:
            return parse(value)
        except ValueError:
            continue
    raise FieldError(f"invalid date in '{name}': {value!r}")

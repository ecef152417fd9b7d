"""Where CSV records begin and end, found from the quote marks alone, so one bad record stays one."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

QUOTE, DELIMITER = '"', ","
_FIELD_ENDS = ("", ",", "\r", "\n")
RUNAWAY = "quoted field not closed: the '\"' opened on this line runs on into the next records"


@dataclass(frozen=True, slots=True)
class Record:
    """The lines of one CSV record and the number of its first line."""

    start: int
    lines: list[str]


@dataclass(frozen=True, slots=True)
class Problem:
    """A stretch of lines that is not a readable record: where it starts and why."""

    line: int
    reason: str


def group_records(lines: Iterable[tuple[int, str | int]], limit: int) -> Iterator[Record | Problem]:
    """Group numbered lines into records. A line over the length limit (given as its byte length) spoils
    its record; a quoted field still open at the end of the input, or after ``limit`` characters, is
    reported at its record, and the lines after the record's first one are read again."""
    source = iter(lines)
    replay: deque[tuple[int, str | int]] = deque()
    while True:
        record, problem = _next_record(replay, source, limit)
        if problem is not None:
            yield problem
        if record is None:
            return
        if problem is None:
            yield record
        elif problem.reason == RUNAWAY:  # the lines a runaway quote swallowed hold the next records
            replay.extendleft(reversed(list(enumerate(record.lines[1:], start=record.start + 1))))


def _next_record(
    replay: deque[tuple[int, str | int]], source: Iterator[tuple[int, str | int]], limit: int
) -> tuple[Record | None, Problem | None]:
    """The next record (None at the end) and, when it is unreadable, why."""
    start, size, quoted = 0, 0, False
    lines: list[str] = []
    while (item := replay.popleft() if replay else next(source, None)) is not None:
        number, line = item
        start = start or number
        if isinstance(line, int):
            where = "line" if number == start else f"line {number}"
            return Record(start, lines), Problem(start, f"{where} too long: {line} bytes, not read")
        lines.append(line)
        size += len(line)
        state = _still_quoted(line, quoted)
        if state is None:
            return Record(start, lines), Problem(start, RUNAWAY)
        if not (quoted := state):
            return Record(start, lines), None
        if size > limit:
            return _skip_long(start, lines, source, limit)
    if not lines:
        return None, None
    return Record(start, lines), Problem(start, RUNAWAY)


def _skip_long(
    start: int, lines: list[str], source: Iterator[tuple[int, str | int]], limit: int
) -> tuple[Record | None, Problem | None]:
    """Read past a record longer than ``limit`` without keeping it; at the end of input it was a runaway."""
    quoted = True
    for _, line in source:
        quoted = True if isinstance(line, int) else _still_quoted(line, quoted) is not False
        if not quoted:
            return Record(start, []), Problem(start, f"record longer than {limit} characters, not read")
    reason = f"quoted field not closed within {limit} characters; the rest of the file is skipped"
    return Record(start, lines[:1]), Problem(start, reason)


def _still_quoted(line: str, quoted: bool) -> bool | None:
    """Whether a quoted field is still open at the end of ``line``, given the state at its start; None
    when a field opened on an earlier line closes with a '"' followed by neither a comma nor the line
    end: then that '"' opened the next field, and the earlier one was never closed."""
    if not quoted and QUOTE not in line:
        return False
    at, field_start, carried = 0, not quoted, quoted
    while True:
        if quoted:
            end = line.find(QUOTE, at)
            if end < 0:
                return True
            if line.startswith(QUOTE, end + 1):  # an escaped quote
                at = end + 2
                continue
            if carried and line[end + 1 : end + 2] not in _FIELD_ENDS:
                return None
            quoted, at, field_start, carried = False, end + 1, False, False
        elif field_start and line.startswith(QUOTE, at):
            quoted, at = True, at + 1
        else:
            comma = line.find(DELIMITER, at)
            if comma < 0:
                return False
            at, field_start = comma + 1, True

"""Record ids are checked across every file of one run, not only within a file: the first one wins."""

from __future__ import annotations

import json
from pathlib import Path

from app.extract.types import ArticleRecord
from app.ingest.readers import ReadOptions, read_paths
from app.ingest.types import Rejection

HARBOUR = {"title": "Harbour Reopens After Storm", "body": "The harbour reopened on Friday after the storm."}
BRIDGE = {"title": "Bridge Closed For Repairs", "body": "Engineers closed the bridge on Saturday."}
MARKET = {"title": "Market Rally Continues", "body": "Shares rose for a third day on Monday."}


def jsonl(path: Path, *rows: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def outcomes(*paths: Path) -> list[str]:
    """Each record as "FILE:POSITION title", each rejection as its report line."""
    return [
        f"{item.source_file}:{item.source_position} {item.title}"
        if isinstance(item, ArticleRecord)
        else str(item)
        for item in read_paths([str(p) for p in paths], ReadOptions())
    ]


def test_an_id_reused_for_other_content_in_a_second_file_is_reported_once(tmp_path: Path) -> None:
    first = jsonl(tmp_path / "a.jsonl", {"id": "a-1", **HARBOUR}, {"id": "a-2", **MARKET})
    second = jsonl(
        tmp_path / "b.jsonl", {"id": 7, **MARKET}, {"id": "a-1", **BRIDGE}, {"id": "b-1", **BRIDGE}
    )
    assert outcomes(first, second) == [
        f"{first}:line 1 Harbour Reopens After Storm",
        f"{first}:line 2 Market Rally Continues",
        f"{second}:line 1 Market Rally Continues",  # same content under another id: the loader skips it
        f"{second}:line 2: duplicate id 'a-1' (first at {first} line 1) with other content",
        f"{second}:line 3 Bridge Closed For Repairs",  # the content is fine under an id of its own
    ]


def test_the_same_id_and_content_in_two_files_passes_for_the_loader_to_skip(tmp_path: Path) -> None:
    first = jsonl(tmp_path / "a.jsonl", {"id": "a-1", **HARBOUR})
    again = jsonl(
        tmp_path / "again.jsonl",
        {"id": "a-1", "title": " Harbour  Reopens After Storm", "body": HARBOUR["body"]},
    )
    assert outcomes(first, again) == [
        f"{first}:line 1 Harbour Reopens After Storm",
        f"{again}:line 1 Harbour  Reopens After Storm",  # whitespace aside, the same article
    ]


def test_ids_are_shared_between_csv_and_json_lines(tmp_path: Path) -> None:
    table = tmp_path / "a.csv"
    table.write_text(
        f"id,title,body\nx-9,{MARKET['title']},{MARKET['body']}\n,{BRIDGE['title']},{BRIDGE['body']}\n"
    )
    lines = jsonl(tmp_path / "b.jsonl", {"id": "x-9", **HARBOUR})
    repeat = tmp_path / "c.csv"
    repeat.write_text(f"title,id,body\n{HARBOUR['title']},x-9,{HARBOUR['body']}\n")
    assert outcomes(table, lines, repeat) == [
        f"{table}:line 2 Market Rally Continues",
        f"{table}:line 3 Bridge Closed For Repairs",  # an empty id is no id
        f"{lines}:line 1: duplicate id 'x-9' (first at {table} line 2) with other content",
        f"{repeat}:line 2: duplicate id 'x-9' (first at {table} line 2) with other content",
    ]


def test_a_csv_id_reused_within_the_file_names_the_first_line(tmp_path: Path) -> None:
    table = tmp_path / "dup.csv"
    table.write_text(
        f"id,title,body\n1,{MARKET['title']},{MARKET['body']}\n1,{BRIDGE['title']},{BRIDGE['body']}\n"
    )
    rejections = [i for i in read_paths([str(table)], ReadOptions()) if isinstance(i, Rejection)]
    assert rejections == [
        Rejection(str(table), "line 3", "duplicate id '1' (first at line 2) with other content")
    ]

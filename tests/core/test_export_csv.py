"""CSV cells of list items: nested objects as dotted columns, lists joined, objects by name and role."""

from __future__ import annotations

import csv
import datetime as dt
import io

from pydantic import BaseModel

from app.core.export import columns, csv_chunks


class Place(BaseModel):
    name: str
    country: str | None


class Ref(BaseModel):
    id: int
    name: str
    role: str


class Inner(BaseModel):
    id: int
    tags: list[str]
    place: Place | None


class Item(BaseModel):
    id: int
    when: dt.date | None
    refs: list[Ref]
    inner: Inner | None
    note: str | None


def rows(items: list[object]) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(csv_chunks(items, Item)))))  # type: ignore[arg-type]


def test_columns_flatten_nested_models_even_when_null() -> None:
    assert columns(Item) == ["id", "when", "refs", "inner.id", "inner.tags", "inner.place.name",
                             "inner.place.country", "note"]


def test_cells_of_models_and_of_dicts_shaped_like_them() -> None:
    model = Item(id=1, when=dt.date(2024, 1, 9), refs=[Ref(id=1, name="AFP", role="wire"),
                                                      Ref(id=2, name="CNN", role="cited")],
                 inner=Inner(id=7, tags=["a", "b"], place=Place(name="Erbil", country="IQ")), note=None)
    plain = {"id": 2, "when": dt.date(2024, 1, 10), "refs": [], "note": "x",
             "inner": {"id": 8, "tags": [], "place": None}}
    header, first, second = rows([model, plain])
    assert header == columns(Item)
    assert first == ["1", "2024-01-09", "AFP (wire); CNN (cited)", "7", "a; b", "Erbil", "IQ", ""]
    assert second == ["2", "2024-01-10", "", "8", "", "", "", "x"]


def test_a_null_or_malformed_nested_object_gives_empty_cells() -> None:
    null = {"id": 3, "when": None, "refs": [{"name": "Xinhua"}], "inner": None, "note": None}
    odd = {"id": 4, "when": None, "refs": [{"id": 9}], "inner": "not an object", "note": None}
    _header, first, second = rows([null, odd])
    assert first == ["3", "", "Xinhua", "", "", "", "", ""]
    assert second == ["4", "", '{"id": 9}', "", "", "", "", ""]


def test_a_ready_row_is_written_as_it_is() -> None:
    ready = [5, "2024-02-01", "AP (wire)", 1, "t", "Doha", "QA", "n"]
    assert rows([ready])[1] == [str(cell) for cell in ready]

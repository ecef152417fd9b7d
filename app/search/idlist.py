"""A list of ids bound as ONE parameter: the SQL text stays the same whatever the number of ids.

``column IN (?, ?, …)`` with one placeholder per id makes a new statement for every list length, and
each one stays in the driver's prepared-statement cache (sqlite3 keeps 128 per connection; a statement
with thousands of placeholders holds about a megabyte), so a server's memory grew with every distinct
scope size. A JSON array (SQLite ``json_each``) or an integer array (PostgreSQL ``unnest``) is one value.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Integer, Select, String, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session


def id_values(session: Session, ids: list[int]) -> Select[Any]:
    """SELECT of the given ids (one column), for ``column.in_(...)``."""
    if session.get_bind().dialect.name == "postgresql":
        return select(func.unnest(literal(ids, ARRAY(Integer))).column_valued("id"))
    each = func.json_each(literal(json.dumps(ids), String)).table_valued("value")
    return select(each.c.value)

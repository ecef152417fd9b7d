"""News organisations, upserted by folded name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extract.names import fold
from app.ingest.load.bulk import insert_returning
from app.ingest.load.dialect import table_of
from app.models import Source

NAME_CHARS = 200
COLUMNS, KEY = ("name", "key"), ("key",)
_SOURCES = table_of(Source)  # Core, not ORM, statements: see entities.py


class SourceResolver:
    """Maps a news organisation's name to sources.id, inserting it the first time."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_key: dict[str, int] = {}

    def hydrate(self) -> None:
        """Load every stored source (again after a rollback)."""
        self.by_key = {
            key: source_id for source_id, key in self.session.execute(select(_SOURCES.c.id, _SOURCES.c.key))
        }

    def resolve(self, name: str) -> int | None:
        """The source id for a name, or None for a name that folds to nothing."""
        key = fold(name)[:NAME_CHARS]
        if not key:
            return None
        if key not in self.by_key:
            row = (name.strip()[:NAME_CHARS], key)
            new = insert_returning(self.session, Source, COLUMNS, [row], conflict=KEY, returning=("id",))
            self.by_key[key] = new[0][0] if new else self._stored_id(key)
        return self.by_key[key]

    def _stored_id(self, key: str) -> int:
        source_id: int = self.session.execute(select(_SOURCES.c.id).where(_SOURCES.c.key == key)).scalar_one()
        return source_id

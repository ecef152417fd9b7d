"""News organisations, upserted by folded name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extract.names import fold
from app.ingest.load.dialect import insert_returning_id
from app.models import Source

NAME_CHARS = 200


class SourceResolver:
    """Maps a news organisation's name to sources.id, inserting it the first time."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_key: dict[str, int] = {}

    def hydrate(self) -> None:
        """Load every stored source (again after a rollback)."""
        self.by_key = {
            key: source_id for source_id, key in self.session.execute(select(Source.id, Source.key))
        }

    def resolve(self, name: str) -> int | None:
        """The source id for a name, or None for a name that folds to nothing."""
        key = fold(name)[:NAME_CHARS]
        if not key:
            return None
        if key not in self.by_key:
            row = {"name": name.strip()[:NAME_CHARS], "key": key}
            new_id = insert_returning_id(self.session, Source, row, conflict=["key"])
            self.by_key[key] = new_id or self._stored_id(key)
        return self.by_key[key]

    def _stored_id(self, key: str) -> int:
        return self.session.execute(select(Source.id).where(Source.key == key)).scalar_one()

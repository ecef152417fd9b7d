"""articles.title_key / related_key: "ALSO READ" links made by index, for the run's own articles only

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 09:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.ingest.identity import title_key

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every ingest run (and every POST /v1/articles) read the title of every stored article to link "ALSO
# READ" titles still waiting for their story: 0.35-0.56 s at 100k articles, growing with the archive.
# With each title's key stored and indexed, a run links its own articles and the ones waiting for its
# titles by index. The key is Unicode case folding after NFKC, which SQL cannot compute: the backfill
# runs in Python, with the loader's own function (changing it needs a migration that re-keys).
TITLE_KEY, RELATED_KEY = "ix_articles_title_key_id", "ix_articles_related_key"
_PAGE = 5_000


def upgrade() -> None:
    op.add_column("articles", sa.Column("title_key", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("related_key", sa.Text(), nullable=True))
    _backfill(op.get_bind())
    op.create_index(TITLE_KEY, "articles", ["title_key", "id"], unique=False)
    op.create_index(RELATED_KEY, "articles", ["related_key"], unique=False)


def _backfill(bind: sa.Connection) -> None:
    read = sa.text(
        "SELECT id, title, related_title FROM articles WHERE id > :after ORDER BY id LIMIT :page"
    )
    write = sa.text("UPDATE articles SET title_key = :title_key, related_key = :related_key WHERE id = :id")
    after = 0
    while rows := bind.execute(read, {"after": after, "page": _PAGE}).all():
        bind.execute(write, [
            {"id": row.id, "title_key": title_key(row.title),
             "related_key": None if row.related_title is None else title_key(row.related_title)}
            for row in rows
        ])
        after = rows[-1].id


def downgrade() -> None:
    op.drop_index(RELATED_KEY, table_name="articles")
    op.drop_index(TITLE_KEY, table_name="articles")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild would drop the full-text triggers
    op.drop_column("articles", "related_key")
    op.drop_column("articles", "title_key")

"""quotes (id, published_on): a quote's date read by id from an index, not from its row

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 01:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A quote search sorted by date (or counted) looks up every match by id for its date. The row holds the
# quote's text, so 8,261 matches of "ceasefire" at 100k articles read about as many table pages; this
# index answers each lookup from ~15 bytes an entry (SQLite reads it through INDEXED BY when the search
# has no filter but dates: app.quotes.service). What migration 0006 did for articles.
INDEX = "ix_quotes_id_published_on"


def upgrade() -> None:
    op.create_index(INDEX, "quotes", ["id", "published_on"], unique=False)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="quotes")

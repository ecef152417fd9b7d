"""quotes (article_id, speaker_entity_id): the speakers facet reads the scoped articles' quotes from the index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Without it both databases read every quote row of the scoped articles (or, on PostgreSQL, the whole
# speaker index) to count speakers; with it the facet is an index-only scan of the articles' ranges.
INDEX = "ix_quotes_article_id_speaker_entity_id"


def upgrade() -> None:
    op.create_index(INDEX, "quotes", ["article_id", "speaker_entity_id"], unique=False)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="quotes")

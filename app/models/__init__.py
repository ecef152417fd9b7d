"""SQLAlchemy ORM tables; migrations/ is the authority on the schema, these mirror it."""

from app.models.article import Article, ArticleSection
from app.models.base import Base
from app.models.entity import Entity, EntityAlias, EntityRole, Mention
from app.models.facets import ArticleFacets
from app.models.ingest_run import IngestRejection, IngestRun
from app.models.quote import DateMention, Quote
from app.models.source import ArticleSource, Source

__all__ = [
    "Article",
    "ArticleFacets",
    "ArticleSection",
    "ArticleSource",
    "Base",
    "DateMention",
    "Entity",
    "EntityAlias",
    "EntityRole",
    "IngestRejection",
    "IngestRun",
    "Mention",
    "Quote",
    "Source",
]

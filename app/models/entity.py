"""Canonical actors and places, their aliases, roles and mentions."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, CreatedAt


class Entity(CreatedAt, Base):
    """A person, organisation or place; places carry GeoNames data."""

    __tablename__ = "entities"
    __table_args__ = (Index(None, "kind", "name"), Index(None, "latitude", "longitude"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)  # kind + folded canonical name
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))  # person | organisation | place
    subtype: Mapped[str | None] = mapped_column(String(32))
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)


class EntityAlias(Base):
    """A surface form of an entity; ``folded`` is what lookups compare."""

    __tablename__ = "entity_aliases"
    __table_args__ = (UniqueConstraint("entity_id", "folded"), Index(None, "folded"))

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    folded: Mapped[str] = mapped_column(String(300))


class EntityRole(Base):
    """A title seen attached to a person ("Defence Secretary")."""

    __tablename__ = "entity_roles"

    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(200), primary_key=True)


class Mention(Base):
    """One occurrence of an entity in an article field."""

    __tablename__ = "mentions"
    __table_args__ = (Index(None, "entity_id", "article_id"), Index(None, "article_id", "entity_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(8))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

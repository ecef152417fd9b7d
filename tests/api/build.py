"""Insert the tests/api/data.py archive with the ORM (flush only: the test's transaction rolls it back)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.extract.names import entity_key, fold
from app.models import (
    Article,
    ArticleSection,
    ArticleSource,
    DateMention,
    Entity,
    EntityAlias,
    EntityRole,
    Mention,
    Quote,
    Source,
)
from tests.api.data import ARTICLES, DATES, ENTITIES, QUOTES, SOURCES, Ids


def _entities(session: Session, ids: Ids) -> None:
    for short, (name, kind, subtype, country, lat, lon, aliases, roles) in ENTITIES.items():
        entity = Entity(key=entity_key(name, kind), name=name, kind=kind, subtype=subtype,
                        country_code=country, latitude=lat, longitude=lon)
        session.add(entity)
        session.flush()
        ids.entities[short] = entity.id
        by_folded = {fold(alias): alias for alias in reversed((name, *aliases))}  # the first spelling wins
        session.add_all(EntityAlias(entity_id=entity.id, alias=a, folded=f) for f, a in by_folded.items())
        session.add_all(EntityRole(entity_id=entity.id, role=role) for role in roles)


def _articles(session: Session, ids: Ids) -> None:
    for index, (short, title, published, sections, sources, entities, body) in enumerate(ARTICLES):
        article = Article(content_hash=f"{index:064d}", title=title, lede=body.split(". ")[0], body=body,
                          published_on=published, word_count=len(body.split()))
        session.add(article)
        session.flush()
        ids.articles[short] = article.id
        session.add_all(ArticleSection(article_id=article.id, section=s, position=i)
                        for i, s in enumerate(sections))
        session.add_all(ArticleSource(article_id=article.id, source_id=ids.sources[s], role=r)
                        for s, r in sources)
        for entity in entities:
            name = ENTITIES[entity][0]
            start = max(body.find(name), 0)
            session.add(Mention(article_id=article.id, entity_id=ids.entities[entity], field="body",
                                start=start, end=start + len(name), text=name))


def _quotes(session: Session, ids: Ids) -> None:
    for short, article, text, kind, speaker, resolution, label, via in QUOTES:
        quote = Quote(article_id=ids.articles[article], text=text, kind=kind, cue="said",
                      speaker_entity_id=ids.entities[speaker] if speaker else None,
                      speaker_text=label, speaker_label=label, speaker_resolution=resolution,
                      reported_via_source_id=ids.sources[via] if via else None, field="body", start=0,
                      end=len(text))
        session.add(quote)
        session.flush()
        ids.quotes[short] = quote.id


def build(session: Session) -> Ids:
    """Store the archive; returns the ids of what was stored."""
    ids = Ids()
    for short, name in SOURCES.items():
        source = Source(name=name, key=fold(name))
        session.add(source)
        session.flush()
        ids.sources[short] = source.id
    _entities(session, ids)
    _articles(session, ids)
    _quotes(session, ids)
    for article, text, value, precision, start, end in DATES:
        session.add(DateMention(article_id=ids.articles[article], text=text, value=value, precision=precision,
                                field="body", start=0, end=len(text), date_start=start, date_end=end))
    session.flush()
    return ids

"""Compose one synthetic wire article together with its ground-truth extraction."""

from __future__ import annotations

import datetime as dt
import random
from collections import deque

from app.extract.types import (
    ArticleRecord,
    EntityFinding,
    Extraction,
    Field,
    Mention,
    QuoteFinding,
    SourceFinding,
    SourceRole,
)
from benchmarks.corpus import phrases, sentences
from benchmarks.corpus.builder import Para, date_findings, place_mentions
from benchmarks.corpus.cast import Ctx
from benchmarks.corpus.world import FOCUS, Place, World, pools

FIRST_DAY = dt.date(2019, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days
# (writer, weight): tuned so the corpus matches the seed's quotes per article (see BENCHMARKS.md).
_WRITERS = (
    (sentences.direct_after, 12),
    (sentences.direct_before, 4),
    (sentences.split_quote, 4),
    (sentences.pronoun_quote, 6),
    (sentences.anonymous_quote, 4),
    (sentences.indirect, 9),
    (sentences.according_to, 3),
    (sentences.org_statement, 3),
    (sentences.narrative, 34),
    (sentences.background, 24),
)


def _countries(world: World, rng: random.Random) -> tuple[str, str]:
    first = FOCUS[min(len(FOCUS) - 1, int(len(FOCUS) * rng.random() ** 1.6))]
    second = rng.choice([c for c in FOCUS if c != first])
    return first, second


def _places(world: World, rng: random.Random, codes: tuple[str, str]) -> list[Place]:
    places = [world.by_code[c] for c in codes]
    for code in codes:
        cities = world.country_places(code)
        places += [world.pick(rng, cities, 1.5) for _ in range(rng.randint(2, 4))] if cities else []
    return list(dict.fromkeys(places))


def _ctx(world: World, rng: random.Random, published: dt.date) -> Ctx:
    codes = _countries(world, rng)
    people = list(dict.fromkeys(world.pick(rng, world.people) for _ in range(rng.randint(2, 4))))
    orgs = list(dict.fromkeys(world.pick(rng, world.orgs) for _ in range(rng.randint(2, 5))))
    return Ctx(rng, world, published, people, orgs, _places(world, rng, codes))


def _paragraphs(ctx: Ctx) -> list[Para]:
    count = min(24, 4 + round(ctx.rng.lognormvariate(1.65, 0.85)))
    writers, weights = zip(*_WRITERS, strict=True)
    paras = []
    for index in range(count):
        para = Para()
        for _ in range(1 if ctx.rng.random() < 0.3 else 2):
            if para.size:
                para.add(" ")
            writer = (
                sentences.narrative if index == 0 and not para.size else ctx.rng.choices(writers, weights)[0]
            )
            writer(ctx, para)
        paras.append(para)
    return paras


def _quotes(paras: list[Para]) -> list[QuoteFinding]:
    out, offset = [], 0
    for para in paras:
        for q in para.quotes:
            out.append(
                QuoteFinding(
                    q.text,
                    q.kind,
                    offset + q.start,
                    offset + q.end,
                    q.cue,
                    q.speaker_key,
                    q.speaker_text,
                    q.speaker_label,
                    q.resolution,
                    q.reported_via,
                    q.said_on,
                )
            )
        offset += para.size + 2
    return out


def _sources(paras: list[Para], publisher: str | None, wire: str | None) -> list[SourceFinding]:
    cited: dict[str, list[Mention]] = {}
    offset = 0
    for para in paras:
        for name, start, end in para.agencies:
            cited.setdefault(name, []).append(Mention(Field.BODY, offset + start, offset + end, name))
        offset += para.size + 2
    found = [SourceFinding(name, SourceRole.CITED, tuple(m)) for name, m in cited.items()]
    found += [SourceFinding(publisher, SourceRole.PUBLISHER)] if publisher else []
    return found + ([SourceFinding(wire, SourceRole.WIRE)] if wire else [])


class Composer:
    """Writes article after article; deterministic for a given world and seed."""

    def __init__(self, world: World, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed)
        self.recent: deque[str] = deque(maxlen=50)

    def article(self, index: int) -> Extraction:
        rng, p = self.rng, pools()
        published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        ctx = _ctx(self.world, rng, published)
        paras = _paragraphs(ctx)
        body = "\n\n".join(para.text() for para in paras)
        place_mentions(paras, Field.BODY)
        title = phrases.title(rng, self.world.by_code[ctx.places[0].country_code].name, ctx.places[1].name)
        publisher = str(rng.choice(p["publishers"])) if rng.random() < 0.9 else None
        lede = paras[0].text().split(". ")[0].rstrip(".") if publisher else None
        wire = str(rng.choices(p["wires"], p["wire_weights"])[0]) if rng.random() < 0.4 else None
        sections = tuple(rng.sample(p["sections"], rng.randint(2, 3)))
        related = rng.choice(self.recent) if self.recent and rng.random() < 0.9 else None
        self.recent.append(title)
        record = ArticleRecord(
            title,
            body,
            lede,
            sections,
            published,
            f"https://news.example/{index}",
            publisher,
            related_title=related,
        )
        entities = tuple(
            EntityFinding(
                m.key,
                m.name,
                m.kind,
                m.subtype,
                tuple(m.aliases),
                tuple(m.roles),
                tuple(m.mentions),
                m.country_code,
                m.latitude,
                m.longitude,
                m.geonames_id,
            )
            for m in ctx.members.values()
        )
        return Extraction(
            record,
            title,
            lede,
            body,
            entities,
            tuple(_quotes(paras)),
            tuple(_sources(paras, publisher, wire)),
            tuple(date_findings(paras)),
        )

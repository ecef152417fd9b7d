"""Sentence writers: each appends one sentence to a paragraph and records what it states."""

from __future__ import annotations

import random
from collections.abc import Callable

from app.extract.names import entity_key
from app.extract.types import DatePrecision, EntityKind, QuoteKind, SpeakerResolution
from benchmarks.corpus import phrases
from benchmarks.corpus.builder import CastMember, Para, QuoteSpan
from benchmarks.corpus.cast import Ctx
from benchmarks.corpus.world import pools

Writer = Callable[[Ctx, Para], None]


def _surface(para: Para, member: CastMember) -> str:
    """The words that named the speaker in this paragraph."""
    return next(text for m, _, _, text in reversed(para.mentions) if m is member)


def _cue(rng: random.Random) -> str:
    return str(rng.choice(pools()["speech_verbs"]))


def _weekday(ctx: Ctx, para: Para) -> None:
    """ " on Tuesday": a day-precision date resolved against the publication date."""
    name, day = phrases.weekday_before(ctx.published, ctx.rng)
    para.add(" on ")
    para.date(name, day.isoformat(), DatePrecision.DAY, day, day)


def _quoted(para: Para, words: str, closing: str) -> tuple[int, int]:
    para.add("“")
    start = para.add(words)
    end = para.size
    para.add(closing)
    return start, end


def _spoken(
    ctx: Ctx,
    para: Para,
    kind: QuoteKind,
    span: tuple[int, int],
    cue: str,
    member: CastMember,
    text: str,
    via: str | None = None,
) -> None:
    words = para.text()[span[0] : span[1]]
    para.quotes.append(
        QuoteSpan(
            words, kind, span[0], span[1], cue, member.key, text, member.name, SpeakerResolution.NAME, via
        )
    )


def direct_after(ctx: Ctx, para: Para) -> None:
    who = ctx.rng.choice(ctx.people)
    span = _quoted(para, phrases.statement(ctx.rng, ctx.rng.randint(1, 2)), ",” ")
    cue = _cue(ctx.rng)
    if cue == "said" and ctx.rng.random() < 0.3:
        para.add("said ")
        member = ctx.person(para, who, False)
    else:
        member = ctx.person(para, who, False)
        para.add(f" {cue}")
    if ctx.rng.random() < 0.25:
        _weekday(ctx, para)
    para.add(".")
    _spoken(ctx, para, QuoteKind.DIRECT, span, cue.split()[0], member, _surface(para, member))
    ctx.last_speaker = who


def direct_before(ctx: Ctx, para: Para) -> None:
    who = ctx.rng.choice(ctx.people)
    member = ctx.person(para, who, True)
    para.add(" said: ")
    span = _quoted(para, phrases.statement(ctx.rng, ctx.rng.randint(1, 3)) + ".", "”")
    _spoken(ctx, para, QuoteKind.DIRECT, span, "said", member, _surface(para, member))
    ctx.last_speaker = who


def split_quote(ctx: Ctx, para: Para) -> None:
    who = ctx.rng.choice(ctx.people)
    first = _quoted(para, phrases.statement(ctx.rng, 1), ",” ")
    member = ctx.person(para, who, False)
    para.add(" said, ")
    second = _quoted(para, phrases.statement(ctx.rng, 1).lower() + ".", "”")
    _spoken(ctx, para, QuoteKind.DIRECT, (first[0], second[1]), "said", member, _surface(para, member))
    ctx.last_speaker = who


def pronoun_quote(ctx: Ctx, para: Para) -> None:
    who = ctx.last_speaker
    if who is None:
        direct_after(ctx, para)
        return
    span = _quoted(para, phrases.statement(ctx.rng, 1), ",” ")
    pronoun = "she" if who.female else "he"
    para.add(f"{pronoun} added.")
    member = ctx.members[entity_key(f"{who.first[0]} {who.surname[0]}", EntityKind.PERSON)]
    para.quotes.append(
        QuoteSpan(
            para.text()[span[0] : span[1]],
            QuoteKind.DIRECT,
            span[0],
            span[1],
            "added",
            member.key,
            pronoun,
            member.name,
            SpeakerResolution.PRONOUN,
        )
    )


def anonymous_quote(ctx: Ctx, para: Para) -> None:
    span = _quoted(para, phrases.statement(ctx.rng, ctx.rng.randint(1, 2)), ",” ")
    who = str(ctx.rng.choice(pools()["anonymous"]))
    para.add(f"{who} said.")
    para.quotes.append(
        QuoteSpan(
            para.text()[span[0] : span[1]],
            QuoteKind.DIRECT,
            span[0],
            span[1],
            "said",
            None,
            who,
            who,
            SpeakerResolution.ANONYMOUS,
        )
    )


def indirect(ctx: Ctx, para: Para) -> None:
    who = ctx.rng.choice(ctx.people)
    member = ctx.person(para, who, True)
    verb = str(ctx.rng.choice(pools()["indirect_verbs"]))
    para.add(f" {verb} that ")
    start = para.add(phrases.clause(ctx.rng))
    span = (start, para.size)
    via = _agency_tail(ctx, para) if ctx.rng.random() < 0.3 else None
    para.add(".")
    _spoken(ctx, para, QuoteKind.INDIRECT, span, verb, member, _surface(para, member), via)
    ctx.last_speaker = who


def according_to(ctx: Ctx, para: Para) -> None:
    who = ctx.rng.choice(ctx.people)
    para.add("According to ")
    member = ctx.person(para, who, False)
    para.add(", ")
    start = para.add(phrases.clause(ctx.rng))
    span = (start, para.size)
    para.add(".")
    _spoken(ctx, para, QuoteKind.INDIRECT, span, "according to", member, _surface(para, member))


def org_statement(ctx: Ctx, para: Para) -> None:
    org = ctx.rng.choice(ctx.orgs)
    ctx.org(para, org, True)
    member = next(m for m in ctx.members.values() if m.name == org.name)
    para.add(" said in a statement that ")
    start = para.add(phrases.clause(ctx.rng))
    span = (start, para.size)
    para.add(".")
    _spoken(ctx, para, QuoteKind.INDIRECT, span, "said", member, _surface(para, member))


def _agency_tail(ctx: Ctx, para: Para) -> str:
    """ ", as reported by CNN" / ", Xinhua news agency reported": a cited source."""
    p = pools()
    agency = str(ctx.rng.choices(p["agencies"], p["agency_weights"])[0])
    if ctx.rng.random() < 0.5:
        para.add(", as reported by ")
        para.agency(agency)
    else:
        para.add(", ")
        para.agency(agency)
        para.add(" news agency reported" if ctx.rng.random() < 0.4 else " reported")
    return agency


def narrative(ctx: Ctx, para: Para) -> None:
    rng = ctx.rng
    if ctx.orgs and rng.random() < 0.6:
        ctx.org(para, rng.choice(ctx.orgs), True)
        para.add(
            f" {rng.choice(pools()['past_verbs'])} the {rng.choice(pools()['adjectives'])} "
            f"{rng.choice(pools()['nouns'])} in "
        )
    else:
        para.add(f"{phrases.narrative(rng)} in ")
    first = rng.choice(ctx.places)
    ctx.place(para, first)
    others = [p for p in ctx.places if p is not first]
    if others and rng.random() < 0.5:
        para.add(" and ")
        ctx.place(para, rng.choice(others))
    if rng.random() < 0.4:
        _weekday(ctx, para)
    elif rng.random() < 0.3:
        text, day = phrases.month_day(ctx.published, rng)
        para.add(" on ")
        para.date(text, day.isoformat(), DatePrecision.DAY, day, day)
    if rng.random() < 0.5:
        para.add(", near the border with ")
        ctx.place(para, rng.choice(ctx.world.countries) if rng.random() < 0.3 else rng.choice(ctx.places))
    if rng.random() < 0.35:
        _agency_tail(ctx, para)
    para.add(".")


def background(ctx: Ctx, para: Para) -> None:
    """A sentence dense in names: two countries, an organisation, a city."""
    rng, p = ctx.rng, pools()
    countries = [pl for pl in ctx.places if pl.subtype == "country"] or ctx.places
    cities = [pl for pl in ctx.places if pl.subtype == "city"] or ctx.places
    first = rng.choice(countries)
    ctx.place(para, first)
    para.add(" and ")
    others = [c for c in countries if c is not first]
    ctx.place(para, rng.choice(others) if others and rng.random() < 0.7 else rng.choice(ctx.world.countries))
    para.add(
        f" {rng.choice(p['past_verbs'])} the {rng.choice(p['adjectives'])} {rng.choice(p['nouns'])} "
        "during a meeting in "
    )
    ctx.place(para, rng.choice(cities))
    if ctx.orgs:
        para.add(" attended by ")
        ctx.org(para, rng.choice(ctx.orgs), False)
    para.add(".")

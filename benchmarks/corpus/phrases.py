"""Entity-free wording: statements, clauses, titles and date phrases."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re

from benchmarks.corpus.world import pools

_AN_RE = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")
_STATEMENTS = (
    "We will {verb} {abstract} and we will not accept any {adj} {noun}",
    "The {noun} are {adj} and we {verb} them fully",
    "This is a {adj} step towards {abstract}",
    "Nobody should {verb} the {adj} {noun} at this moment",
    "We don’t seek a {adj} conflict, but we will {verb} {abstract}",
    "Our position on the {noun} has not changed",
    "The government is ready to {verb} the {noun} as soon as possible",
    "There can be no {adj} solution without {abstract}",
    "We have been discussing the {noun} for months and we’re close to a {adj} {noun2}",
    "It’s time to {verb} the {noun} and to {verb2} the {noun2}",
    "These {noun} are a {adj} violation of {abstract}",
    "The people expect us to {verb} the {noun}, and that is what we are doing",
)
_CLAUSES = (
    "the {noun} would {verb} {abstract}",
    "the government was ready to {verb} the {adj} {noun}",
    "the {noun} with the {noun2} would continue next week",
    "any {adj} {noun} would be a mistake",
    "the country would {verb} the {noun} within months",
    "there was no deadline for the {noun}",
    "the {adj} {noun} had to respect {abstract}",
    "the {noun} were {adj} and would not last",
)
_TITLES = (
    "{C} {Past} {Adj} {Noun} With {C2}",
    "{C} and {C2} to {Verb} {Noun} Talks",
    "{C} {past} {adj} {noun} after {noun2} in {C2}",
    "{Noun} in {C}: {C2} Urges {Adj} {Noun2}",
    "{C} Vows to {Verb} {Noun} Amid {Adj} {Noun2}",
    "{Adj} {noun} expected as {C} and {C2} meet",
)


def _fill(rng: random.Random, template: str, **extra: str) -> str:
    p = pools()
    words = {
        "verb": rng.choice(p["verbs"]),
        "verb2": rng.choice(p["verbs"]),
        "adj": rng.choice(p["adjectives"]),
        "noun": rng.choice(p["nouns"]),
        "noun2": rng.choice(p["nouns"]),
        "abstract": rng.choice(p["abstracts"]),
        "past": rng.choice(p["past_verbs"]),
    }
    words |= {k.capitalize(): v.capitalize() for k, v in words.items()} | extra
    return _AN_RE.sub(r"\1n ", template.format(**words))


def statement(rng: random.Random, sentences: int) -> str:
    """Quoted words: one to three sentences, the last without its full stop (the writer adds it)."""
    parts = [_fill(rng, rng.choice(_STATEMENTS)) for _ in range(sentences)]
    return ". ".join(parts)


def clause(rng: random.Random) -> str:
    """A reported-speech clause ("the talks would continue")."""
    return _fill(rng, rng.choice(_CLAUSES))


def narrative(rng: random.Random) -> str:
    """Entity-free background sentence text."""
    return _fill(
        rng,
        rng.choice(
            (
                "The {noun} come amid {adj} {noun2} across the region",
                "Officials have {past} the {adj} {noun} several times since last year",
                "The {adj} {noun} has {past} the {noun2} in recent weeks",
                "Analysts say the {noun} could {verb} the {adj} {noun2}",
            )
        ),
    )


def title(rng: random.Random, country: str, country2: str) -> str:
    return _fill(rng, rng.choice(_TITLES), C=country, C2=country2)


def weekday_before(published: dt.date, rng: random.Random) -> tuple[str, dt.date]:
    """A weekday name in the week before publication and the date it stands for."""
    back = rng.randint(1, 6)
    day = published - dt.timedelta(days=back)
    return calendar.day_name[day.weekday()], day


def month_day(published: dt.date, rng: random.Random) -> tuple[str, dt.date]:
    """ "January 10"-style text for a date within the 60 days before publication."""
    day = published - dt.timedelta(days=rng.randint(1, 60))
    return f"{calendar.month_name[day.month]} {day.day}", day

"""The date word lists (app/extract/data/date_rules.json), the patterns built from them and their guards."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class DateRules:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    month_parts: dict[str, tuple[int, int]]
    day_words: dict[str, int]
    month_prepositions: frozenset[str]
    year_followed_by_ok: frozenset[str]
    time_words: tuple[str, ...]
    future_window_days: int
    future_markers: re.Pattern[str]
    past_prefix: re.Pattern[str]
    weekday_future: re.Pattern[str]


@lru_cache(maxsize=1)
def date_rules() -> DateRules:
    """The date word lists, read once."""
    raw = json.loads(resources.files("app.extract.data").joinpath("date_rules.json").read_text("utf-8"))
    return DateRules(
        months=raw["months"],
        weekdays=raw["weekdays"],
        seasons={k: (v[0], v[1]) for k, v in raw["seasons"].items()},
        month_parts={k: (v[0], v[1]) for k, v in raw["month_parts"].items()},
        day_words=raw["day_words"],
        month_prepositions=frozenset(raw["month_prepositions"]),
        year_followed_by_ok=frozenset(raw["year_followed_by_ok"]),
        time_words=tuple(raw["time_words"]),
        future_window_days=raw["future_window_days"],
        past_prefix=re.compile(rf"\b(?:{_alt(raw['past_prefixes'])})\s+(?:the\s+)?$", re.IGNORECASE),
        weekday_future=re.compile(
            rf"\b(?:{_alt(raw['weekday_future_markers'])})\b[^.,;:!?]*$", re.IGNORECASE
        ),
        future_markers=re.compile(rf"\b(?:{_alt(raw['future_markers'])})\b", re.IGNORECASE),
    )


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so "Sept" wins over "Sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def date_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) pairs; where matches overlap the longest wins, then the earlier kind."""
    r = date_rules()
    mon = rf"(?P<mon>{_alt(r.months)})\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    yr = r"(?P<year>(?:19|20)\d{2})(?!\d|,\d)"
    phrases = _alt(k for k in r.month_parts if " " in k)
    part = rf"(?P<part>(?:the\s+)?(?:{phrases})|{_alt(k for k in r.month_parts if ' ' not in k)})"
    season = rf"(?P<season>{_alt(r.seasons)})"
    wd = rf"(?P<wd>{_alt(r.weekdays)})"
    times = _alt(r.time_words)
    clock = rf"(?:\d{{1,2}}[:.]\d{{2}}(?:\s*(?:{times}))?|\d{{1,4}}\s*(?:{times}))"
    rel, rel_period = ("last", "next", "this"), ("last", "this", "next", "past", "the")
    pre = ("earlier", "later", "the", "beginning", "start", "middle", "end")
    counts = ("an", "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    months, parts, digit = list(r.months), ["the", *r.month_parts], r"\d"
    # Each pattern with the characters its matches can start with, in a lookahead before it: the same
    # matches, but re skips most positions at once instead of trying every alternative there.
    kinds = {
        "full_mdy": (_lead(months), rf"\b{mon}\s+{day},?\s+{yr}"),
        "full_dmy": (digit, rf"\b{day}\s+{mon},?\s+{yr}"),
        "part_month_year": (_lead(parts), rf"\b{part}[\s-]+{mon},?\s+{yr}"),
        "month_year": (_lead(months), rf"\b{mon},?\s+(?:of\s+)?{yr}"),
        "season_year": (_lead(r.seasons), rf"\b{season}\s+(?:of\s+)?{yr}"),
        "md": (_lead(months), rf"\b{mon}\s+{day}\b(?![:.,]?\d)"),
        "dm": (digit, rf"(?<![\d,.])\b{day}\s+(?:of\s+)?{mon}\b"),
        "part_month": (_lead(parts), rf"\b{part}[\s-]+{mon}\b"),
        "rel_month": (_lead(rel), rf"\b(?P<rel>last|next|this)\s+{mon}\b"),
        "month": (_lead(months), rf"\b{mon}\b"),
        "rel_season": (_lead((*rel, "past")), rf"\b(?P<rel>last|this|next|past)\s+{season}\b"),
        "rel_period": (
            _lead((*pre, *rel_period)),
            r"\b(?P<pre>(?:earlier|later)\s+|(?:the\s+)?(?:beginning|start|middle|end)\s+of\s+)?"
            r"(?P<rel>last|this|next|past|the)\s+(?P<unit>week|month|year)\b",
        ),
        "ago": (
            digit + _lead(counts),
            r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b",
        ),
        "weekday": (
            digit + _lead((*rel, "early", "late", *r.weekdays)),
            rf"(?:\b(?P<clock>{clock})\s+(?:\([^)]{{0,30}}\)\s+)?on\s+)?"
            rf"\b(?:(?P<rel>last|next|this|early|late)\s+)?{wd}\b(?:\s+(?:morning|afternoon|evening|night))?",
        ),
        "day_word": (_lead(r.day_words), rf"\b(?P<dw>{_alt(r.day_words)})\b"),
        "year": ("12", rf"(?<![\d,.$£€#-]){yr}"),
    }
    return tuple((kind, re.compile(rf"(?=[{lead}]){p}", re.IGNORECASE)) for kind, (lead, p) in kinds.items())


_GROUP_NAME_RE = re.compile(r"\(\?P<\w+>")
_CASE_TRAPS_RE = re.compile("[\u0131\u017f]")  # dotless i, long s


@lru_cache(maxsize=1)
def lowered_patterns() -> tuple[re.Pattern[str], ...]:
    """date_patterns() without IGNORECASE, for lower-cased text: the same matches at half the cost.

    Only for a text whose lower-casing keeps every character's position (same length) and that has
    none of the two characters IGNORECASE equates with an ASCII letter that lower() keeps apart: dotless
    i and long s (found by comparing both ways over every code point). Word, digit and space classes
    answer alike for a character and its lower case. The patterns' own letters are all lower case.
    """
    patterns = tuple(p.pattern for _, p in date_patterns())
    if any(_GROUP_NAME_RE.sub("", p) != _GROUP_NAME_RE.sub("", p).lower() for p in patterns):
        raise ValueError("a date pattern has an upper-case letter: it cannot run on lower-cased text")
    return tuple(re.compile(p) for p in patterns)


def lowered(text: str) -> str | None:
    """The lower-cased text when lowered_patterns() find in it what date_patterns() find in ``text``."""
    folded = text.lower()
    return folded if len(folded) == len(text) and not _CASE_TRAPS_RE.search(text) else None


def _lead(words: Iterable[str]) -> str:
    """The first letters of ``words``, for a character class."""
    return "".join(re.escape(ch) for ch in sorted({w[0] for w in words}))


def plausible(kind: str, m: re.Match[str], text: str) -> bool:
    """Reject lower-case month words ("march", "may") and years that are counts or clock times."""
    groups = m.groupdict()
    if groups.get("mon") and not groups["mon"][0].isupper():
        return False
    if kind == "month":
        before = text[max(0, m.start() - 12) : m.start()].lower().split()
        return bool(before) and (
            before[-1] in date_rules().month_prepositions
            or " ".join(before[-2:]) in date_rules().month_prepositions
        )
    if kind in ("rel_period", "rel_season") and text[max(0, m.start() - 4) : m.start()].lower() == "the ":
        return False  # "over the last week" is a duration, not a date
    if kind == "rel_period":
        return groups["rel"].lower() != "the" or bool(groups["pre"])
    if kind == "day_word" and groups["dw"][0].isupper():
        previous = text[max(0, m.start() - 40) : m.start()].split()
        return not previous or not previous[-1][:1].isupper()  # "Gulf Today" is a name
    if kind == "year":
        after = text[m.end() : m.end() + 12].lower()
        word = re.match(r"\s*([a-z]+)", after)
        if after[:1] in ("%", "s") or any(after.lstrip().startswith(t) for t in date_rules().time_words):
            return False
        return word is None or not after[:1].isspace() or word.group(1) in date_rules().year_followed_by_ok
    return True


_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*\s+|\n")


def window(m: re.Match[str], default: int) -> int:
    """Days after publication a year-less date may lie: more when its sentence speaks of the future."""
    if date_rules().past_prefix.search(m.string, max(0, m.start() - 20), m.start()):
        return 0  # "since October 17", "back in August"
    starts = [e.end() for e in _SENTENCE_END.finditer(m.string, 0, m.start())]
    end = _SENTENCE_END.search(m.string, m.end())
    sentence = m.string[starts[-1] if starts else 0 : end.start() if end else len(m.string)]
    future = date_rules().future_markers.search(sentence) or near_future(m)
    return 365 if future else default


def near_future(m: re.Match[str]) -> bool:
    """Whether a future marker stands just before the mention in its clause ("would run ... in September")."""
    return date_rules().weekday_future.search(m.string, max(0, m.start() - 60), m.start()) is not None

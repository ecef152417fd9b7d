"""News organisations an article names, and the role it gives each: publisher, wire, cited."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from app.extract.newsorgs import (
    OrgSpan,
    find_news_organisations,
    match_news_organisation,
    news_organisation_names,
)
from app.extract.types import Field, Mention, SourceFinding, SourceRole

__all__ = [
    "SourceScan",
    "dateline_end",
    "find_sources",
    "match_news_organisation",
    "news_organisation_names",
]

# "...as a vehicle for the talks….reports Asian Lite News" at the very end of the lede.
_NAME = r"[A-Z][\w’'&-]*"
# The tail follows an ellipsis or full stop; ", reports CNN" after a comma cites CNN instead.
_PUBLISHER_TAIL_RE = re.compile(rf"[.…][\s.…]*\breports?\s+((?:the\s+)?{_NAME}(?:\s+{_NAME}){{0,5}})\s*$")
# "... he added. (ANI)" at the end of the body; "BAGHDAD (Reuters) -" opening it.
_CREDIT_TAIL_RE = re.compile(r"\(\s*([A-Za-z][\w .&/-]{0,40}?)\s*\)[\s.]*$")
# "MUMBAI, Nov 23 (PTI) —", "LAGOS, Nigeria (AP) —", "WASHINGTON/BAGHDAD (Reuters) -": an upper-case place,
# optionally a comma and a few words (country, date), then the credit in parentheses and a dash.
_DATELINE_RE = re.compile(
    r"^\s*[A-Z][A-Z .'/-]{1,60}(?:,\s*[A-Z][\w.]*(?:\s+[\w.,]+){0,3})?\s*"
    r"\(\s*([A-Za-z][\w .&/-]{0,40}?)\s*\)\s*(?:-{1,2}|[–—:])"
)


@dataclass(frozen=True, slots=True)
class SourceScan:
    """The sources of one article and its lede and body as they are stored."""

    sources: tuple[SourceFinding, ...]
    lede: str | None
    body: str


@dataclass(frozen=True, slots=True)
class _Cues:
    before: re.Pattern[str]
    after: re.Pattern[str]
    photo: re.Pattern[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = json.loads(resources.files("app.extract.data").joinpath("citation_cues.json").read_text("utf-8"))
    between = "|".join(re.escape(w) for w in raw["between"])
    filler = rf"(?:(?:{between}|[A-Z][\w-]*[’']s|[\w]+-(?:based|run|owned|backed)|[A-Z][a-z]+)\s+){{0,3}}"
    before = "|".join(re.escape(c) for c in sorted(raw["before"], key=len, reverse=True))
    after = "|".join(re.escape(c) for c in sorted(raw["after"], key=len, reverse=True))
    photo = "|".join(re.escape(c) for c in raw["photo_credit"])
    descriptor = "|".join(re.escape(w) for w in sorted(raw["descriptor"], key=len, reverse=True))
    # "the Saudi Press Agency (SPA) said", "the Handelsblatt business daily reported"
    between_after = rf"(?:\s*\([A-Z][A-Za-z]{{1,7}}\))?(?:[’']s\s+|,\s+|\s+)(?:(?:{descriptor})\s+){{0,3}}"
    return _Cues(
        before=re.compile(rf"(?<![\w-])(?:{before})\s+{filler}$", re.IGNORECASE),
        after=re.compile(rf"^{between_after}(?:{after})\b"),
        photo=re.compile(rf"\(\s*(?:{photo})\s*[:-]?\s*$", re.IGNORECASE),
    )


def is_cited(text: str, span: OrgSpan) -> bool:
    """Whether the words around an organisation's name make it a cited source."""
    cues = _cues()
    sentence_start = max(text.rfind(". ", 0, span.start), text.rfind("\n", 0, span.start)) + 1
    before = text[max(sentence_start, span.start - 80) : span.start]
    after = text[span.end : span.end + 40]
    if cues.photo.search(before):
        return False
    if span.ambiguous and not span.suffixed and re.match(r"\s+[A-Z]", after):
        return False  # "Guardian Council", "Fars Province": part of another name
    return bool(cues.before.search(before) or cues.after.match(after))


def _cited(field: Field, text: str, skip: list[tuple[int, int]] | None = None) -> list[tuple[str, Mention]]:
    found = []
    for span in find_news_organisations(text):
        if any(a <= span.start < b for a, b in skip or []):
            continue
        if is_cited(text, span):
            found.append((span.name, Mention(field, span.start, span.end, text[span.start : span.end])))
    return found


def _publisher_tail(lede: str) -> tuple[str | None, str]:
    """The publisher named by "...reports <publisher>" at the lede's end, and the lede without it."""
    m = _PUBLISHER_TAIL_RE.search(lede)
    if not m:
        return None, lede
    name = match_news_organisation(m.group(1)) or m.group(1).removeprefix("the ")
    kept = lede[: m.start() + 1].rstrip(" .…")
    if kept and kept[-1] not in ".!?”\"’'":
        kept += "."
    return name, kept


def dateline_end(body: str) -> int:
    """Where the text after a wire dateline ("BERLIN (dpa) — ") starts; 0 when there is none."""
    m = _DATELINE_RE.match(body)
    if not m or not match_news_organisation(m.group(1), loose=True):
        return 0
    return m.end() + len(body[m.end() :]) - len(body[m.end() :].lstrip())


def _wires(body: str) -> list[tuple[str, Mention]]:
    """Wire credits: a trailing "(ANI)" and a dateline "ANKARA (Reuters) -" (both when both are there)."""
    found = []
    for regex in (_DATELINE_RE, _CREDIT_TAIL_RE):
        m = regex.search(body)
        # The parentheses and the position settle ambiguous forms such as "(CP)" or "(AA)".
        name = match_news_organisation(m.group(1), loose=True) if m else None
        if m and name:
            found.append((name, Mention(Field.BODY, m.start(1), m.end(1), m.group(1))))
    return found


def find_sources(title: str, lede: str | None, body: str, publisher_hint: str | None) -> SourceScan:
    """Publisher (from the input or the lede's tail), wire credit and cited news organisations."""
    tail_publisher, stored_lede = _publisher_tail(lede) if lede else (None, lede)
    found: list[tuple[str, SourceRole, Mention | None]] = []
    publisher = publisher_hint and (match_news_organisation(publisher_hint) or publisher_hint.strip())
    if publisher or tail_publisher:
        found.append((str(publisher or tail_publisher), SourceRole.PUBLISHER, None))
    wires = _wires(body)
    found.extend((name, SourceRole.WIRE, mention) for name, mention in wires)
    skip = [(mention.start, mention.end) for _, mention in wires]
    cited = _cited(Field.TITLE, title) + _cited(Field.LEDE, stored_lede or "")
    cited += _cited(Field.BODY, body, skip)
    found.extend((name, SourceRole.CITED, mention) for name, mention in cited)
    return SourceScan(_merge(found), stored_lede, body)


def _merge(found: list[tuple[str, SourceRole, Mention | None]]) -> tuple[SourceFinding, ...]:
    """One finding per (organisation, role), mentions in text order."""
    merged: dict[tuple[str, SourceRole], list[Mention]] = {}
    for name, role, mention in found:
        merged.setdefault((name, role), []).extend([mention] if mention else [])
    return tuple(SourceFinding(name, role, tuple(ms)) for (name, role), ms in merged.items())

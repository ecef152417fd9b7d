"""One user search grammar translated to SQLite FTS5 and to PostgreSQL tsquery.

Grammar: words, "exact phrases", AND (implicit between terms), OR, NOT or a leading '-', and
parentheses. Operators are upper-case words. Every word is reduced to its letters and digits and
quoted, so nothing a user types can become an FTS syntax error; dangling operators and unbalanced
parentheses are forgiven. A group made only of negations has nothing to subtract from and is a 422.

Also the layout of SQLite's article index: its rowids are search keys (``search_key``), in date order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache, reduce
from importlib import resources
from typing import Any

from sqlalchemy import ColumnElement, String, bindparam, func, literal_column

from app.core.errors import InvalidFilter

# articles_fts rowids are search keys (migration 0008): the Julian day number of published_on (0 when
# undated) above the article id's 32 bits, so FTS5 reads a search's matches in the list's date order.
KEY_BITS = 32
ID_MASK = (1 << KEY_BITS) - 1
MAX_KEY = (1 << 63) - 1  # SQLite's largest rowid
UNDATED = (0, ID_MASK)  # the keys of undated articles (day 0)
DATED = (ID_MASK + 1, MAX_KEY)  # the keys of dated ones
FTS_ID = {"articles": f"rowid & {ID_MASK}", "quotes": "rowid"}  # a full-text row's id in its table
_JULIAN_DAY_OF_ORDINAL_0 = 1_721_424  # julianday('0001-01-01') is 1721425.5; date(1, 1, 1).toordinal() is 1


def day_number(day: dt.date) -> int:
    """``CAST(julianday(day) AS INTEGER)`` in SQLite: the day part of a search key."""
    return day.toordinal() + _JULIAN_DAY_OF_ORDINAL_0


def search_key(day: dt.date | None, article_id: int) -> int:
    """An article's articles_fts rowid: what migration 0008's triggers compute from the row."""
    return ((day_number(day) if day else 0) << KEY_BITS) | article_id


# ``search_key`` in SQL, of the ``articles`` row named ``row`` (migration 0008's triggers spell it out too)
SEARCH_KEY_SQL = "((coalesce(CAST(julianday({row}.published_on) AS INTEGER), 0) << 32) | {row}.id)"


_TOKEN_RE = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class All:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Any_:
    nodes: tuple[Node, ...]


Node = Term | Not | All | Any_


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English stop words (PostgreSQL's list), dropped from single-word terms."""
    text = str(resources.files("app.search").joinpath("data/stopwords-en.txt").read_text(encoding="utf-8"))
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens: list[str] = _TOKEN_RE.findall(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        self.pos += 1
        return self.tokens[self.pos - 1]

    def any_(self) -> Node | None:
        parts = [p for p in [self.all_()] if p]
        while self.peek() == "OR":
            self.take()
            part = self.all_()
            if part:
                parts.append(part)
        return None if not parts else parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def all_(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok not in ("OR", ")"):
            if tok == "AND":
                self.take()
                continue
            part = self.unary()
            if part:
                parts.append(part)
        return None if not parts else parts[0] if len(parts) == 1 else All(tuple(parts))

    def unary(self) -> Node | None:
        tok = self.take()
        if tok == "NOT":
            inner = self.unary() if self.peek() not in (None, "OR", ")") else None
            return Not(inner) if inner else None
        if tok.startswith("-") and len(tok) > 1:
            inner = _term(tok[1:])
            return Not(inner) if inner else None
        if tok == "(":
            node = self.any_()
            if self.peek() == ")":
                self.take()
            return node
        return _term(tok)


def _term(token: str) -> Term | None:
    phrase = token.startswith('"')
    words = tuple(w.lower() for w in _WORD_RE.findall(token))
    if not phrase and len(words) == 1 and words[0] in stopwords():
        return None
    return Term(words) if words else None


def parse(text: str) -> Node:
    """The query tree of a q= string, or a 422 when it has nothing to search for."""
    parser = _Parser(text)
    node = None
    while parser.peek() is not None:  # a stray ')' ends a group; keep reading after it
        part = parser.any_()
        node = part if node is None else (All((node, part)) if part else node)
        if parser.peek() == ")":
            parser.take()
    if node is None:
        raise InvalidFilter("The search has no words to look for (stop words such as 'the' are ignored).",
                            param="q")
    _check_positive(node)
    return node


def _check_positive(node: Node) -> None:
    if isinstance(node, Not):
        raise InvalidFilter("NOT needs something to subtract from, as in 'Iraq NOT Syria'.", param="q")
    if isinstance(node, All):
        positives = [n for n in node.nodes if not isinstance(n, Not)]
        _check_positive(Not(node) if not positives else Any_(tuple(positives)))
    if isinstance(node, Any_):
        for child in node.nodes:
            _check_positive(child)


def to_fts5(node: Node) -> str:
    """FTS5 MATCH syntax: quoted strings, explicit parentheses, binary NOT."""
    if isinstance(node, Term):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Any_):
        return "(" + " OR ".join(to_fts5(n) for n in node.nodes) + ")"
    if isinstance(node, All):
        pos = [to_fts5(n) for n in node.nodes if not isinstance(n, Not)]
        neg = [to_fts5(n.node) for n in node.nodes if isinstance(n, Not)]
        return "((" + " AND ".join(pos) + ")" + "".join(f" NOT {n}" for n in neg) + ")"
    raise InvalidFilter("NOT needs something to subtract from.", param="q")


def to_tsquery(node: Node) -> ColumnElement[Any]:
    """A PostgreSQL tsquery expression; every word travels as a bound parameter."""
    if isinstance(node, Term):
        phrase = bindparam(None, '"' + " ".join(node.words) + '"', type_=String)
        return func.websearch_to_tsquery(literal_column("'english'::regconfig"), phrase)
    if isinstance(node, Any_):
        return reduce(func.tsquery_or, [to_tsquery(n) for n in node.nodes])
    if isinstance(node, All):
        parts = [
            func.tsquery_not(to_tsquery(n.node)) if isinstance(n, Not) else to_tsquery(n) for n in node.nodes
        ]
        return reduce(func.tsquery_and, parts)
    raise InvalidFilter("NOT needs something to subtract from.", param="q")

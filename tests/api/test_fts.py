"""The q= grammar: parsing, its FTS5 translation, and that no input becomes an FTS syntax error."""

from __future__ import annotations

import random
import sqlite3
import string

import pytest
from sqlalchemy.orm import Session

from app.articles.schemas import ArticleFilters
from app.articles.service import list_articles
from app.core.errors import InvalidFilter
from app.search.fts import parse, to_fts5
from tests.api.data import Ids


@pytest.mark.parametrize(("query", "fts5"), [
    ("Iraq", '"iraq"'),
    ("al-Sudani", '"al sudani"'),
    ('"prime minister" Iraq -Syria', '(("prime minister" AND "iraq") NOT "syria")'),
    ("Iraq OR Syria", '("iraq" OR "syria")'),
    ("Iraq AND Syria", '(("iraq" AND "syria"))'),
    ("(Iraq OR Syria) NOT Iran", '((("iraq" OR "syria")) NOT "iran")'),
    ("the strikes of Erbil", '(("strikes" AND "erbil"))'),  # stop words dropped
    ('"the coalition"', '"the coalition"'),  # ...but kept inside phrases
    ('unclosed "quote', '(("unclosed" AND "quote"))'),
    ("Iraq OR", '"iraq"'),
    ("iraq or syria", '(("iraq" AND "syria"))'),  # lower-case 'or' is a stop word, not an operator
])
def test_translation(query: str, fts5: str) -> None:
    assert to_fts5(parse(query)) == fts5


@pytest.mark.parametrize("query", ["NOT Iraq", "-Iraq", "Iraq OR -Syria", "the", "***", "()", "AND OR NOT"])
def test_queries_with_nothing_positive_are_422(query: str) -> None:
    with pytest.raises(InvalidFilter) as caught:
        parse(query)
    assert caught.value.param == "q"


def test_no_input_is_an_fts5_syntax_error() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO t VALUES ('Iraq and Syria: the prime minister said')")
    rng = random.Random(4)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " ’é" * 3
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(500)]
    samples += ['NEAR("a" "b")', "body:iraq", "iraq*", "^iraq", "a + b", "{body}: x", "x AND (y OR"]
    for text in samples:
        try:
            match = to_fts5(parse(text))
        except InvalidFilter:
            continue
        db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()


def test_random_input_never_fails_on_either_backend(session: Session, ids: Ids) -> None:
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.punctuation + " ’é" * 3
    for _ in range(150):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25)))
        try:
            list_articles(session, filters=ArticleFilters(q=text), count_cap=100)
        except InvalidFilter as exc:
            assert exc.param == "q"


@pytest.mark.parametrize(("query", "titles"), [
    ("strike", ["IRGC Missile Strike on Erbil Kills Four", "Austin Calls Sudani After Embassy Attack"]),
    ('"prime minister" Baghdad', ["Iraqi PM Vows to End US-led Coalition Presence",
                                  "Blinken Meets al-Sudani in Baghdad"]),
    ("Sudani -Blinken -coalition", ["Austin Calls Sudani After Embassy Attack"]),
    ("(Erbil OR Syria) AND strikes", ["IRGC Missile Strike on Erbil Kills Four",
                                      "Austin Calls Sudani After Embassy Attack"]),
])
def test_same_rows_on_both_backends(session: Session, ids: Ids, query: str, titles: list[str]) -> None:
    page = list_articles(session, filters=ArticleFilters(q=query, sort="-published_on"), count_cap=100)
    assert [item.title for item in page.items] == titles

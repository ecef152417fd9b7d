"""Pairing quotation marks: curly and straight, apostrophes, nesting, paragraphs, unclosed quotes."""

from __future__ import annotations

import pytest

from app.extract.quotemarks import pair_quotes


def _texts(text: str, double: bool = True) -> list[str]:
    return [q.text(text) for q in pair_quotes(text) if q.double == double]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“This is a choice,” said Alterman.", ["This is a choice"]),
        ('"This is a choice," said Alterman.', ["This is a choice"]),
        ("He called it “good and productive”, and left.", ["good and productive"]),
        (
            "Iraqi Prime Minister Mohammed Shia’ al-Sudani said it “hasn’t happened.”",
            ["hasn’t happened."],
        ),
        ("“First,” she said, “second.”", ["First", "second."]),
        ('He said: "We will go." Then "they" left.', ["We will go.", "they"]),
        (
            "The attacks near Al-Qa’im were “a clear violation of the sovereignty of the (Kurdish) region”.",
            ["a clear violation of the sovereignty of the (Kurdish) region"],
        ),
    ],
)
def test_double_quotes_pair_within_a_paragraph(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_apostrophes_inside_names_and_words_are_not_quotes() -> None:
    text = "Mohammed Shia’ al-Sudani met officials at Al-Qa’im; the countries’ envoys hadn’t left."
    assert pair_quotes(text) == []


def test_single_quotes_outside_and_inside_double_quotes() -> None:
    text = "Iranian-backed ‘Kataib Hezbollah’ was hit. “They called it ‘a crime’ today,” he said."
    assert _texts(text, double=False) == ["Kataib Hezbollah", "a crime"]
    assert _texts(text) == ["They called it ‘a crime’ today"]


def test_quote_running_over_paragraphs_is_one_span() -> None:
    text = "“We will stay.\n\n“We will not leave,” he said.\n\nThe talks ended."
    (quote,) = pair_quotes(text)
    assert quote.text(text) == "We will stay. We will not leave"
    assert len(quote.segments) == 2 and quote.closed


def test_unclosed_quote_ends_at_the_paragraph() -> None:
    text = "“The HMC is a chance. We will defend ourselves, the official added.\n\nLater, talks began."
    (quote,) = pair_quotes(text)
    assert not quote.closed
    assert quote.text(text).endswith("the official added.")
    assert quote.end == text.index("\n")


def test_closing_mark_without_opening_starts_at_the_paragraph() -> None:
    text = "Intro.\n\nWhile stressing his commitment, he warned against it,” a statement said."
    (quote,) = pair_quotes(text)
    assert not quote.opened
    assert quote.text(text) == "While stressing his commitment, he warned against it"


def test_a_new_opening_mark_ends_an_unclosed_quote() -> None:
    text = "He said “we will go and then “we will stay.”"
    assert _texts(text) == ["we will go and then", "we will stay."]

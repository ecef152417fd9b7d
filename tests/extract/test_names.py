"""Name normalisation: folding, display forms and cross-corpus keys."""

from __future__ import annotations

import pytest

from app.extract.names import entity_key, fold, key_form, tidy_name


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Mohammed Shia’ al-Sudani", "mohammed shia al sudani"),
        ("Shia-al-Sudani", "shia al sudani"),
        ("Qā’im", "qaim"),
        ("U.S.", "us"),
        ("  Kataib   Hezbollah ", "kataib hezbollah"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "tidy"),
    [
        ("Mohammed Shia’ al-Sudani", "Mohammed Shia al-Sudani"),
        ("Mohammed Shia-al-Sudani", "Mohammed Shia al-Sudani"),
        ("Mohammed Shiaa al-Sudani", "Mohammed Shiaa al-Sudani"),
        ("Al-Qa’im", "Al-Qa’im"),  # an apostrophe inside a word stays
        ("Abu Mahdi al-Muhandis", "Abu Mahdi al-Muhandis"),
    ],
)
def test_tidy_name(text: str, tidy: str) -> None:
    assert tidy_name(text) == tidy


def test_spelling_variants_share_a_key() -> None:
    variants = [
        "Mohammed Shia’ al-Sudani",
        "Mohammed Shia-al-Sudani",
        "Mohammed Shiaa al-Sudani",
        "Mohamed Shia al-Sudani",
    ]
    assert {entity_key(v, "person") for v in variants} == {"person:mohamed shia al sudani"}


def test_keys_differ_by_kind_and_name() -> None:
    assert entity_key("Jordan", "place") != entity_key("Jordan", "person")
    assert entity_key("Iran", "place") != entity_key("Iraq", "place")
    assert key_form("Hezbollah") == "hezbolah"

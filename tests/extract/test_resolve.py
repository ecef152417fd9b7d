"""Cross-corpus resolution: exact variants, alias table, surname and fuzzy guards, free-text candidates."""

from __future__ import annotations

import pytest

from app.extract.resolve import EntityIndex


@pytest.fixture
def index() -> EntityIndex:
    ix = EntityIndex()
    ix.add(1, "person", ["Mohammed Shia al-Sudani", "Mohammed Shia’ al-Sudani", "Al-Sudani"])
    ix.add(2, "organisation", ["Islamic State", "IS"])
    ix.add(3, "organisation", ["Popular Mobilization Forces", "Hashd Shaabi"])
    ix.add(4, "place", ["United States", "US", "American"])
    ix.add(5, "person", ["Lloyd Austin", "Austin"])
    ix.add(6, "organisation", ["Kataib Hezbollah", "KH"])
    ix.add(7, "organisation", ["Islamic Resistance in Iraq"])
    ix.add(8, "person", ["Jon Alterman"])
    ix.add(9, "person", ["Sabrina Singh"])
    ix.add(10, "person", ["Manmohan Singh"])
    ix.add(11, "place", ["Al-Asad Air Base"])
    return ix


@pytest.mark.parametrize(
    ("kind", "names", "expected"),
    [
        ("person", ["Mohammed Shia-al-Sudani"], 1),
        ("person", ["Mohammed Shiaa al-Sudani"], 1),
        ("person", ["MOHAMMED SHIA AL SUDANI"], 1),
        ("person", ["Sudani"], 1),
        ("organisation", ["ISIS"], 2),
        ("organisation", ["Daesh"], 2),
        ("organisation", ["ISIL"], 2),
        ("organisation", ["PMF"], 3),
        ("organisation", ["Hashd al-Shaabi"], 3),
        ("place", ["U.S."], 4),
        ("place", ["America"], 4),
        ("place", ["United States of America"], 4),
        ("organisation", ["Kataib Hizbollah"], 6),  # a transliteration within a long word
        ("person", ["Alterman"], 8),
        ("place", ["Al-Asad Airbase"], 11),
    ],
)
def test_match(index: EntityIndex, kind: str, names: list[str], expected: int) -> None:
    assert index.match(kind, names) == expected


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("organisation", ["Is"]),  # the word, not the acronym
        ("organisation", ["Islamic"]),  # a short form never fuzzy-matches
        ("organisation", ["Islamic Resistance in Iran"]),  # one letter, another country
        ("organisation", ["KHL"]),
        ("person", ["Singh"]),  # two people share the surname
        ("person", ["Floyd Austen"]),
        ("place", ["Islamic State"]),  # the right name, the wrong kind
    ],
)
def test_no_match(index: EntityIndex, kind: str, names: list[str]) -> None:
    assert index.match(kind, names) is None


def test_short_forms_do_not_override_full_names(index: EntityIndex) -> None:
    assert index.match("person", ["Jane Austin", "Austin"]) is None
    assert index.match("organisation", ["Khmer Heritage", "KH"]) is None
    assert index.match("organisation", ["KH"]) == 6
    assert index.match("person", ["Austin"]) == 5


def test_a_place_alias_does_not_catch_another_place() -> None:
    ix = EntityIndex()
    ix.add(1, "place", ["Kerman Province", "Kerman"])
    assert ix.match("place", ["Kerman"]) is None  # Kerman the city
    assert ix.match("place", ["Kerman Province"]) == 1
    ix.add(2, "place", ["Mission Support Site Green Village", "Green Village"])
    assert ix.match("place", ["Green Village"]) == 2


def test_facility_name_variants() -> None:
    ix = EntityIndex()
    ix.add(1, "place", ["Al-Asad Air Base"])
    assert ix.match("place", ["Ain Al-Asad air base"]) == 1
    assert ix.match("place", ["Al-Asad Airbase"]) == 1
    assert ix.match("place", ["Baghdad airport"]) is None


def test_new_index_matches_nothing() -> None:
    assert EntityIndex().match("person", ["Lloyd Austin"]) is None


@pytest.mark.parametrize(
    "query", ["Sudani", "al-Sudani", "Mohammed Shia al-Sudani", "mohammed shia’ al sudani"]
)
def test_candidates_find_sudani_first(index: EntityIndex, query: str) -> None:
    found = index.candidates(query)
    assert found[0][0] == 1
    assert found[0][2] >= 90


def test_candidates_are_ranked_and_limited(index: EntityIndex) -> None:
    found = index.candidates("Singh", limit=5)
    assert {eid for eid, _, _ in found} == {9, 10}
    assert index.candidates("Islamic", limit=1)[0][0] in {2, 7}
    assert len(index.candidates("Islamic", limit=1)) == 1


def test_candidates_short_names_exact_only(index: EntityIndex) -> None:
    assert [eid for eid, _, _ in index.candidates("IS")] == [2]
    assert index.candidates("is") == []
    assert index.candidates("") == []


def test_fuzzy_matches_do_not_chain_through_absorbed_variants() -> None:
    """A variant absorbed by fuzzy match must not become a bridge to a third, different person."""
    index = EntityIndex()
    index.add(1, "person", ["Mehmet Haddad"])
    assert index.match("person", ["Mehmed Haddad"]) == 1  # a spelling variant of the canonical name
    index.add(1, "person", ["Mehmed Haddad"])
    assert index.match("person", ["Mehmed Haddad"]) == 1  # exact alias
    assert index.match("person", ["Mahmed Haddad"]) is None  # close to the variant, not to the canonical

"""News organisations: the gazetteer, publisher tails, wire credits and cited sources."""

from __future__ import annotations

import pytest

from app.extract.agencies import find_sources, match_news_organisation, news_organisation_names
from app.extract.types import Field, SourceRole


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reuters", "Reuters"),
        ("Associated Press", "AP"),
        ("the Associated Press", "AP"),
        ("Xinhua news agency", "Xinhua"),
        ("Xinhua News Agency", "Xinhua"),
        ("Al-Jazeera", "Al Jazeera"),
        ("The New York Times", "The New York Times"),
        ("Asian Lite News", "Asian Lite News"),
        ("Fars news agency", "Fars"),
        ("Mehr News Agency", "Mehr"),
        ("Tasnim", "Tasnim"),
        ("Shargh news agency", "Shargh"),  # not listed: the "<Name> news agency" pattern
        ("Fars", None),  # ambiguous alone: also an Iranian province
        ("Guardian", None),
        ("Lloyd Austin", None),
        ("the Pentagon", None),
    ],
)
def test_match_news_organisation(text: str, expected: str | None) -> None:
    assert match_news_organisation(text) == expected


def test_names_are_folded_and_include_aliases() -> None:
    names = news_organisation_names()
    assert {"cnn", "al jazeera", "associated press", "xinhua", "asian lite news", "ani"} <= names
    assert "fars" not in names and "time" not in names


def _roles(title: str, lede: str | None, body: str, hint: str | None = None) -> set[tuple[str, SourceRole]]:
    return {(f.name, f.role) for f in find_sources(title, lede, body, hint).sources}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The talks were delayed, as reported by CNN, citing sources.", {("CNN", SourceRole.CITED)}),
        ("The talks were delayed, according to CNN.", {("CNN", SourceRole.CITED)}),
        ("The talks were delayed, CNN reported.", {("CNN", SourceRole.CITED)}),
        ("He spoke near the airport, Xinhua news agency reported.", {("Xinhua", SourceRole.CITED)}),
        ("“We are ready,” the minister told Al Jazeera.", {("Al Jazeera", SourceRole.CITED)}),
        ("“We are ready,” CNN quoted him as saying.", {("CNN", SourceRole.CITED)}),
        ("The visit lasted an hour, as per Reuters.", {("Reuters", SourceRole.CITED)}),
        ("Iran's semi-official Tasnim news agency said two were hurt.", {("Tasnim", SourceRole.CITED)}),
        ("The statement said, as quoted by Xinhua news agency report.", {("Xinhua", SourceRole.CITED)}),
        ("An Al Jazeera crew filmed the strike near the port.", set()),  # named, not cited
        ("The Guardian Council rejected the candidates, officials said.", set()),
        ("Militia targets were hit.\n\n.(photo:Twitter)\n\nThe strikes began at midnight.", set()),
        ("Three soldiers were wounded, the army said. (IANS)", {("IANS", SourceRole.WIRE)}),
        ("BAGHDAD (Reuters) - Rockets hit the Green Zone on Friday.", {("Reuters", SourceRole.WIRE)}),
    ],
)
def test_cited_and_wire_sources_in_the_body(body: str, expected: set[tuple[str, SourceRole]]) -> None:
    assert _roles("A title", None, body) == expected


def test_publisher_tail_is_stripped_from_the_lede() -> None:
    lede = "The strikes targeted three facilities used by militias in Iraq….reports Asian Lite News"
    scan = find_sources("US strikes militia targets", lede, "The strikes began at midnight. (ANI)", None)
    assert scan.lede == "The strikes targeted three facilities used by militias in Iraq."
    assert {(f.name, f.role) for f in scan.sources} == {
        ("Asian Lite News", SourceRole.PUBLISHER),
        ("ANI", SourceRole.WIRE),
    }


def test_publisher_given_by_the_input_wins() -> None:
    lede = "Rockets hit the vicinity of the embassy early Friday…reports Asian Lite News"
    scan = find_sources("Embassy attacked", lede, "Nobody was hurt.", "Associated Press")
    assert [(f.name, f.role) for f in scan.sources] == [("AP", SourceRole.PUBLISHER)]
    assert scan.lede == "Rockets hit the vicinity of the embassy early Friday."


def test_cited_mentions_carry_offsets_into_the_stored_text() -> None:
    body = "The talks will start soon, CNN reported. Later, according to CNN, they were delayed."
    (finding,) = find_sources("Talks", None, body, None).sources
    assert [(m.field, body[m.start : m.end]) for m in finding.mentions] == [
        (Field.BODY, "CNN"),
        (Field.BODY, "CNN"),
    ]


def test_a_lede_ending_with_a_citation_names_no_publisher() -> None:
    lede = "The ministry said twelve people were killed in the strike, reports CNN."
    scan = find_sources("Strike kills 12", lede, "The strike hit a market.", None)
    assert scan.lede == lede
    assert [(f.name, f.role) for f in scan.sources] == [("CNN", SourceRole.CITED)]

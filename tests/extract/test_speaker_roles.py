"""Role nouns, honorifics and company cues that decide who a speaker is and what a name is."""

from __future__ import annotations

import pytest
from spacy.language import Language

from app.extract.entities import find_entities
from app.extract.names import fold
from app.extract.quotes import find_quotes
from app.extract.types import EntityFinding, EntityKind, Field, QuoteFinding

pytestmark = pytest.mark.nlp


def _run(nlp: Language, body: str) -> tuple[list[QuoteFinding], list[EntityFinding]]:
    doc = nlp(body)
    entities = find_entities({Field.BODY: doc})
    return find_quotes(doc, entities), entities


def _speaker(quotes: list[QuoteFinding], entities: list[EntityFinding], words: str) -> str | None:
    quote = next(q for q in quotes if words in q.text)
    return next((e.name for e in entities if e.key == quote.speaker_key), None)


def test_the_striker_is_the_named_striker(nlp: Language) -> None:
    body = (
        "United lost to a late goal from Rovers striker Daniel Okafor on Sunday. "
        "Okafor, who scored twice, said he felt sorry for his friend. "
        "“It was a great night for us,” the striker told reporters."
    )
    quotes, entities = _run(nlp, body)
    assert _speaker(quotes, entities, "great night") == "Daniel Okafor"


def test_role_with_complement_names_its_holder(nlp: Language) -> None:
    body = (
        "“We will act,” said Johanna Lindqvist, the European commissioner for energy. "
        "Later the commissioner told a news conference that prices would fall."
    )
    quotes, entities = _run(nlp, body)
    assert _speaker(quotes, entities, "prices would fall") == "Johanna Lindqvist"


def test_the_company_is_the_story_company(nlp: Language) -> None:
    body = (
        "Steel maker Hartmann Werke AG will close two plants, chief executive Lena Vogel said on Monday. "
        "“There was no other way,” Vogel said. Ulrich Brenner, an analyst at Brightwater Securities, "
        "said the cuts were overdue. The company said in a statement that talks would start next week."
    )
    quotes, entities = _run(nlp, body)
    assert _speaker(quotes, entities, "talks would start") == "Hartmann Werke AG"


@pytest.mark.parametrize(
    "body",
    [
        "The airline, Skyward Nordic, said it would cut routes.",
        "Rights group Amnestia said the law was unjust.",
    ],
)
def test_a_name_beside_an_organisation_noun_is_an_organisation(nlp: Language, body: str) -> None:
    _, entities = _run(nlp, body)
    names = {fold(e.name): e.kind for e in entities}
    assert EntityKind.PERSON not in names.values()
    assert EntityKind.ORGANISATION in names.values()


def test_a_bare_title_is_no_entity(nlp: Language) -> None:
    body = "Deputy Prime Minister Datuk Seri Hamid Rahman said aid would be sent to the flooded state."
    quotes, entities = _run(nlp, body)
    assert {e.name for e in entities if e.kind is EntityKind.PERSON} == {"Hamid Rahman"}
    assert _speaker(quotes, entities, "aid would be sent") == "Hamid Rahman"

"""General mechanisms for wire copy from every region: datelines, cited papers, facility cities, names.

Sentences are written in the style of agency copy (none is taken from a gold file).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from app.extract.agencies import dateline_end, find_sources, match_news_organisation
from app.extract.entities import find_entities
from app.extract.pipeline import Extractor
from app.extract.types import ArticleRecord, EntityFinding, EntityKind, Extraction, Field, SourceRole

PERSON, ORG, PLACE = EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.PLACE


def _roles(body: str) -> set[tuple[str, SourceRole]]:
    return {(s.name, s.role) for s in find_sources("Title", None, body, None).sources}


@pytest.mark.parametrize(
    ("body", "wire"),
    [
        ("ANKARA (Reuters) - Turkey's parliament approved the bill on Tuesday.", "Reuters"),
        ("NEW DELHI, March 4 (PTI) — The government said on Monday it would act.", "PTI"),
        ("LAGOS, Nigeria (AP) — Thousands marched through the city.", "AP"),
        ("SANTIAGO, July 31 (Xinhua) -- Rescue teams were searching for workers.", "Xinhua"),
        ("WASHINGTON/BAGHDAD (Reuters) - The talks resumed.", "Reuters"),
        ("OTTAWA (CP) — The federal government will create a new agency.", "The Canadian Press"),
        ("The central bank raised rates again on Thursday. (AA)", "Anadolu Agency"),
    ],
)
def test_dateline_and_tail_credits_are_wires(body: str, wire: str) -> None:
    assert (wire, SourceRole.WIRE) in _roles(body)


def test_dateline_and_tail_credit_of_different_agencies_are_both_wires() -> None:
    roles = _roles("BERLIN (dpa) — The coalition collapsed on Wednesday night. (AFP)")
    assert {("dpa", SourceRole.WIRE), ("AFP", SourceRole.WIRE)} <= roles


@pytest.mark.parametrize(
    ("body", "cited"),
    [
        ("The machines needed to be examined, the Hindu reported.", "The Hindu"),
        ("The governor told state broadcaster TRT that the bank was ready.", "TRT"),
        ("The minister said in an interview with CNN that talks would go on.", "CNN"),
        ("Poorer nations had been pressured, Dawn newspaper reported.", "Dawn"),
        ("The kingdom would not accept the text, the Saudi Press Agency (SPA) said.", "Saudi Press Agency"),
        ("Markets closed higher, the Handelsblatt business daily reported.", "Handelsblatt"),
        ("Economists polled by Reuters had expected the rate to be held.", "Reuters"),
        ("A trader told Channels Television that prices had doubled.", "Channels Television"),
        ("The union said so, according to Punch newspaper.", "Punch"),
        (
            "The fire chief told the Australian Broadcasting Corporation the town was safe.",
            "Australian Broadcasting Corporation",
        ),
    ],
)
def test_inline_citations_of_papers_and_broadcasters(body: str, cited: str) -> None:
    assert (cited, SourceRole.CITED) in _roles(body)


def test_ambiguous_names_are_not_news_organisations_alone() -> None:
    assert match_news_organisation("Punch") is None  # also a word and a surname
    assert match_news_organisation("CP") is None
    assert match_news_organisation("CP", loose=True) == "The Canadian Press"  # inside a credit
    assert _roles("The Australian government said it would review the deal.") == set()


def test_dateline_end_skips_the_credit() -> None:
    body = "BERLIN (dpa) — Germany's coalition collapsed, officials said."
    assert body[dateline_end(body) :].startswith("Germany's")
    assert dateline_end("Germany's coalition collapsed.") == 0


def _extract(nlp: Language, body: str) -> Extraction:
    return Extractor(nlp).extract(ArticleRecord(title="Report", body=body))


def _entity(found: tuple[EntityFinding, ...] | list[EntityFinding], name: str) -> EntityFinding:
    matches = [e for e in found if e.name == name]
    assert len(matches) == 1, [(e.name, e.kind) for e in found]
    return matches[0]


@pytest.mark.nlp
def test_facility_also_mentions_its_city(nlp: Language) -> None:
    found = _extract(nlp, "A drone struck near Irbil airport on Tuesday, officials said.").entities
    airport, city = _entity(found, "Erbil airport"), _entity(found, "Erbil")
    assert (airport.subtype, city.subtype, city.country_code) == ("facility", "city", "IQ")
    assert [m.text for m in city.mentions] == ["Irbil"]


@pytest.mark.nlp
def test_named_base_does_not_invent_a_city(nlp: Language) -> None:
    found = _extract(nlp, "Rockets hit the Ain al-Asad air base in western Iraq.").entities
    assert {e.name for e in found if e.subtype == "city"} == set()


@pytest.mark.nlp
def test_dateline_city_is_a_place_and_not_part_of_the_statement(nlp: Language) -> None:
    extraction = _extract(nlp, "BERLIN (dpa) — Germany's coalition collapsed, officials said.")
    assert _entity(extraction.entities, "Berlin").kind is PLACE
    (quote,) = extraction.quotes
    assert quote.text.startswith("Germany's coalition collapsed")


@pytest.mark.nlp
def test_cited_paper_is_not_an_actor(nlp: Language) -> None:
    found = _extract(nlp, "Prices had doubled since May, according to Punch newspaper.").entities
    assert not [e for e in found if "Punch" in e.name]


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("body", "name", "kind"),
    [
        ("Flooding hit Maharashtra and Jharkhand on Sunday.", "Maharashtra", PLACE),
        ("Firefighters battled blazes across New South Wales.", "New South Wales", PLACE),
        ("Gunmen attacked a bus in Borno state on Friday.", "Borno", PLACE),
        ("The eruption of Mount Merapi in Central Java killed hundreds.", "Mount Merapi", PLACE),
        ("Officials flew to Baku for the summit.", "Baku", PLACE),
        ("State-owned miner Codelco said output fell. Codelco produced less copper.", "Codelco", ORG),
        (
            "Festus Osifo, president of the Trade Union Congress, said workers had not been paid.",
            "Festus Osifo",
            PERSON,
        ),
        ("Moments later, Indian delegate Chandni Raina took the floor.", "Chandni Raina", PERSON),
        (
            "Former European Council President Herman Van Rompuy spoke to reporters.",
            "European Council",
            ORG,
        ),
    ],
)
def test_general_names_kinds(nlp: Language, body: str, name: str, kind: EntityKind) -> None:
    assert _entity(find_entities({Field.BODY: nlp(body)}), name).kind is kind


@pytest.mark.nlp
def test_samoan_is_samoa(nlp: Language) -> None:
    found = find_entities({Field.BODY: nlp("The Samoan environment minister chaired the talks.")})
    assert _entity(found, "Samoa").subtype == "country"


@pytest.mark.nlp
def test_sentence_opening_common_words_are_not_names(nlp: Language) -> None:
    body = "Volunteer brigades struggled to recruit members. Judicial workers went on strike."
    assert find_entities({Field.BODY: nlp(body)}) == []


@pytest.mark.nlp
def test_islands_named_together(nlp: Language) -> None:
    found = find_entities({Field.BODY: nlp("Supplies reached troops on Patag and Lawak islands.")})
    assert _entity(found, "Patag").kind is PLACE


@pytest.mark.nlp
def test_pronoun_after_reported_clause_is_the_speaker(nlp: Language) -> None:
    body = (
        "Economy Minister Robert Habeck said the timing, on the day Donald Trump won the US election, "
        "was “anything but appropriate”. “Germany needs a functioning government,” he told ZDF."
    )
    quotes = _extract(nlp, body).quotes
    assert [q.speaker_label for q in quotes] == ["Robert Habeck", "Robert Habeck"]
    assert quotes[1].reported_via == "ZDF"


@pytest.mark.nlp
def test_the_company_is_the_named_company(nlp: Language) -> None:
    body = "Rescue teams searched, state-owned miner Codelco said.\n\nOne worker died, the company said."
    assert [q.speaker_label for q in _extract(nlp, body).quotes] == ["Codelco", "Codelco"]


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("body", "text", "speaker"),
    [
        (
            "The skating union said it would announce revised results “in due course”.",
            "it would announce revised results “in due course",
            None,
        ),
        (
            "Energy Minister Prince Abdulaziz bin Salman said the kingdom would not accept the text, the "
            "Saudi Press Agency (SPA) said.",
            "the kingdom would not accept the text",
            "Abdulaziz bin Salman",
        ),
        (
            "Prime Minister Mark Carney denied in the same interview that Ottawa was encroaching on "
            "provincial jurisdiction.",
            "Ottawa was encroaching on provincial jurisdiction",
            "Mark Carney",
        ),
        (
            "Ambassador Ken Salazar warned that the plan could pose “a major risk” to democracy, "
            "prompting the president to pause relations.",
            "the plan could pose “a major risk” to democracy",
            "Ken Salazar",
        ),
    ],
)
def test_reported_speech_on_hard_parses(nlp: Language, body: str, text: str, speaker: str | None) -> None:
    (quote,) = _extract(nlp, body).quotes
    assert quote.text.rstrip("”") == text.rstrip("”")
    if speaker:
        assert speaker in (quote.speaker_label or "")


@pytest.mark.nlp
def test_passive_speech_verb_is_no_statement(nlp: Language) -> None:
    body = "The bank said in a statement that the tight stance would be maintained “until inflation falls”."
    (quote,) = _extract(nlp, body).quotes
    assert quote.cue == "said" and quote.text.startswith("the tight stance would be maintained")

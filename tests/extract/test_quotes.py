"""Quoted statements on wire-style sentences: marks, attribution, speakers, sources."""

from __future__ import annotations

import pytest
from spacy.language import Language

from app.extract.entities import find_entities
from app.extract.names import fold
from app.extract.quotes import find_quotes
from app.extract.types import EntityFinding, Field, QuoteFinding, QuoteKind, SpeakerResolution

pytestmark = pytest.mark.nlp

R = SpeakerResolution


def _quotes(nlp: Language, body: str) -> tuple[list[QuoteFinding], list[EntityFinding]]:
    doc = nlp(body)
    entities = find_entities({Field.BODY: doc})
    return find_quotes(doc, entities), entities


def _key(entities: list[EntityFinding], name_part: str) -> str:
    return next(e.key for e in entities if fold(name_part) in fold(e.name))


@pytest.mark.parametrize(
    ("body", "kind", "text", "speaker", "resolution"),
    [
        (
            "“This is a choice of where you want to be on a spectrum,” said Alterman.",
            QuoteKind.DIRECT,
            "This is a choice of where you want to be on a spectrum",
            "Alterman",
            R.NAME,
        ),
        (
            "Defence Secretary Lloyd Austin said that the strikes “are in direct response to a series of "
            "escalatory attacks” by militia groups.",
            QuoteKind.MIXED,
            "the strikes “are in direct response to a series of escalatory attacks” by militia groups",
            "Austin",
            R.NAME,
        ),
        (
            "“We will not leave,” Turkish Foreign Minister Hakan Fidan said, “and we will not be silent.”",
            QuoteKind.DIRECT,
            "We will not leave and we will not be silent.",
            "Fidan",
            R.NAME,
        ),
        (
            "A senior US official said the Biden administration is not considering a withdrawal from Syria.",
            QuoteKind.INDIRECT,
            "the Biden administration is not considering a withdrawal from Syria",
            "A senior US official",
            R.ANONYMOUS,
        ),
        (
            "Dutch Defence Minister Kajsa Ollongren told reporters that the mission would change this year.",
            QuoteKind.INDIRECT,
            "the mission would change this year",
            "Ollongren",
            R.NAME,
        ),
        (
            "The Kurdistan Region Security Council said in a statement that four people were killed "
            "in Erbil.",
            QuoteKind.INDIRECT,
            "four people were killed in Erbil",
            "Kurdistan Region Security Council",
            R.NAME,
        ),
        (
            "Last summer, the US and Iraq agreed to form a higher military commission, according to the "
            "Pentagon, as a vehicle for the talks.",
            QuoteKind.INDIRECT,
            "Last summer, the US and Iraq agreed to form a higher military commission "
            "as a vehicle for the talks",
            "the Pentagon",
            None,
        ),
        (
            "The strikes followed raids on Monday, which a senior official said were successful in "
            "striking weapons storage sites, drone systems, and missiles.",
            QuoteKind.INDIRECT,
            "were successful in striking weapons storage sites, drone systems, and missiles",
            "a senior official",
            R.ANONYMOUS,
        ),
        (
            "Blinken said: “We need to continue to prevent escalation of this conflict.\n\nThe visit ended.",
            QuoteKind.DIRECT,
            "We need to continue to prevent escalation of this conflict.",
            "Blinken",
            R.NAME,
        ),
        (
            "“We will stay in the region.\n\n“We will not leave our partners,” Blinken said in Baghdad.",
            QuoteKind.DIRECT,
            "We will stay in the region. We will not leave our partners",
            "Blinken",
            R.NAME,
        ),
    ],
)
def test_one_statement(
    nlp: Language, body: str, kind: QuoteKind, text: str, speaker: str, resolution: SpeakerResolution | None
) -> None:
    (quote,), _ = _quotes(nlp, body)
    assert (quote.kind, quote.text) == (kind, text)
    assert fold(speaker) in fold(f"{quote.speaker_text} {quote.speaker_label}")
    assert body[quote.start : quote.end].startswith(text[:15])
    if resolution is not None:
        assert quote.resolution is resolution


@pytest.mark.parametrize(
    "body",
    [
        "US strikes three ‘Iranian-backed’ militia targets in Iraq near the border with Syria.",
        "The blasts came two weeks after two “suicide terrorists” detonated bombs near the tomb.",
        "The government has not formally asked the US military to withdraw its troops.",
        "The U.S. justified its actions, citing escalating attacks by Iran-aligned groups.",
        "Residents were told that the border crossing would reopen on Monday.",
        "The talks have sparked a greater urgency as regional instability rises, according to CNN.",
        "Iraq has donated 10 million litres of fuel to the Gaza Strip, the media reported.",
        "Blinken made an unannounced visit to Iraq on Sunday, CNN reported.",
    ],
)
def test_no_statement(nlp: Language, body: str) -> None:
    assert _quotes(nlp, body)[0] == []


def test_pronoun_speaker_is_the_nearest_named_speaker(nlp: Language) -> None:
    body = (
        "Jonathan Lord, the director of the security programme at the Centre for New American Security, "
        "said that the US needs a plan.\n\n"
        "“If we leave now with no plan in place, we fail,” he added."
    )
    quotes, entities = _quotes(nlp, body)
    assert [q.kind for q in quotes] == [QuoteKind.INDIRECT, QuoteKind.DIRECT]
    assert quotes[1].speaker_text == "he" and quotes[1].resolution is R.PRONOUN
    assert quotes[0].speaker_key == quotes[1].speaker_key == _key(entities, "Lord")


def test_role_noun_reuses_the_earlier_anonymous_description(nlp: Language) -> None:
    body = (
        "“The US and Iraq are close to agreement,” a US official said.\n\n"
        "“The talks will start soon. We will keep our right to self-defense, the official added.\n\n"
        "The embassy was closed."
    )
    first, second = _quotes(nlp, body)[0]
    assert second.text == "The talks will start soon. We will keep our right to self-defense"
    assert (second.speaker_text, second.speaker_label) == ("the official", "a US official")
    assert second.speaker_key is None and second.resolution is R.ANONYMOUS
    assert first.speaker_label == "a US official"


def test_title_resolves_to_the_named_holder(nlp: Language) -> None:
    body = (
        "Iraqi Prime Minister Mohammed Shia’ al-Sudani spoke at a ceremony in Baghdad on Friday.\n\n"
        "“The forces are official forces affiliated with the state,” the Prime Minister said."
    )
    (quote,), entities = _quotes(nlp, body)
    assert quote.resolution is R.TITLE
    assert quote.speaker_key == _key(entities, "al-Sudani")


def test_statement_speaks_for_its_issuer(nlp: Language) -> None:
    body = (
        "The IRGC fired missiles on “several populated civilian areas” in Erbil, the Kurdistan Region "
        "Security Council said in a statement early Tuesday.\n\n"
        "“Erbil, as a stable region, has never been a source of threat to any party,” the statement said."
    )
    (first, second), entities = _quotes(nlp, body)
    council = _key(entities, "Security Council")
    assert first.kind is QuoteKind.MIXED and first.speaker_key == council
    assert second.kind is QuoteKind.DIRECT and second.speaker_key == council
    assert second.resolution is R.TITLE


@pytest.mark.parametrize(
    ("body", "via", "label"),
    [
        (
            "Blinken met the prime minister in Baghdad.\n\n"
            "“We are working on exactly that,” CNN quoted him as saying.",
            "CNN",
            "Blinken",
        ),
        (
            "“We will respond at a time of our choosing,” the minister told Al Jazeera.",
            "Al Jazeera",
            "the minister",
        ),
        (
            "Meanwhile, the US Central Command said in a statement that its aircraft conducted precision "
            "strikes in Iraq, Xinhua news agency reported.",
            "Xinhua",
            "Central Command",
        ),
        (
            "The US also has a presence in Syria, but administration officials said that a withdrawal is not "
            "under consideration, according to CNN.",
            "CNN",
            "administration officials",
        ),
    ],
)
def test_reported_via_a_news_organisation(nlp: Language, body: str, via: str, label: str) -> None:
    (quote,), _ = _quotes(nlp, body)
    assert quote.reported_via == via
    assert fold(label) in fold(quote.speaker_label or "")


def test_news_organisations_are_never_speakers(nlp: Language) -> None:
    body = "Rasoul said the government had coordinated with Egyptian officials, Xinhua news agency reported."
    (quote,), _ = _quotes(nlp, body)
    assert "Rasoul" in (quote.speaker_label or "")
    assert quote.reported_via == "Xinhua"


def test_scare_quote_inside_an_accusation_is_part_of_it(nlp: Language) -> None:
    body = "Al-Sudani accused the coalition of repeating the “crime” of killing Soleimani."
    (quote,), _ = _quotes(nlp, body)
    assert (quote.kind, quote.cue) == (QuoteKind.MIXED, "accused")
    assert quote.text == "the coalition of repeating the “crime” of killing Soleimani"


def test_one_statement_per_reporting_clause(nlp: Language) -> None:
    body = (
        "The Pentagon emphasised that the Iraqi government has not asked the US military to withdraw, "
        "stressing that the troops are there at its invitation, adding that there is no deadline."
    )
    quotes, _ = _quotes(nlp, body)
    assert [(q.cue, q.text) for q in quotes] == [
        ("emphasised", "the Iraqi government has not asked the US military to withdraw"),
        ("stressing", "the troops are there at its invitation"),
        ("adding", "there is no deadline"),
    ]
    assert len({q.speaker_key for q in quotes}) == 1 and quotes[0].speaker_key is not None


@pytest.mark.parametrize(
    ("body", "cue", "text", "speaker"),
    [
        (
            "Turkish President Recep Tayyip Erdogan reiterated his pledge on Friday to end the operation "
            "after the strikes killed two soldiers.",
            "reiterated",
            "his pledge on Friday to end the operation",
            "Erdogan",
        ),
        (
            "Blinken met the Iraqi prime minister in Baghdad.\n\n"
            "He also made it clear that the US will defend its personnel, the statement added.",
            "made it clear",
            "the US will defend its personnel",
            "Blinken",
        ),
        (
            "“The port will reopen next week, the harbour master, Pieter Jansen, told reporters on Friday."
            "\n\nShips waited offshore.",
            "told",
            "The port will reopen next week",
            "Pieter Jansen",
        ),
        (
            "BAGHDAD (Reuters) - Iraq’s Foreign Minister Fuad Hussein said on Monday that talks would go on.",
            "said",
            "talks would go on",
            "Fuad Hussein",
        ),
    ],
)
def test_cue_content_and_named_speaker(nlp: Language, body: str, cue: str, text: str, speaker: str) -> None:
    (quote,), entities = _quotes(nlp, body)
    assert (quote.cue, quote.text) == (cue, text)
    assert quote.speaker_key == _key(entities, speaker)


def test_she_does_not_resolve_to_a_man(nlp: Language) -> None:
    body = "Israeli Prime Minister Benjamin Netanyahu met the envoy.\n\n“We are ready,” she said."
    (quote,), _ = _quotes(nlp, body)
    assert (quote.speaker_key, quote.resolution) == (None, R.UNRESOLVED)


def test_they_for_an_unnamed_group_stays_anonymous(nlp: Language) -> None:
    body = "Local elders in Helmand said the road had been closed for days. “We have no food,” they said."
    first, second = _quotes(nlp, body)[0]
    assert second.speaker_text == "they" and second.resolution is R.ANONYMOUS
    assert first.speaker_label == second.speaker_label == "Local elders in Helmand"


def test_citing_unnamed_sources(nlp: Language) -> None:
    body = "The US and Iraq are expected to begin talks soon, as reported by CNN, citing sources."
    (quote,), _ = _quotes(nlp, body)
    assert (quote.cue, quote.speaker_label, quote.reported_via) == ("citing", "sources", "CNN")
    assert quote.text == "The US and Iraq are expected to begin talks soon"


def test_a_new_cue_between_two_quotes_makes_two_statements(nlp: Language) -> None:
    body = "Chancellor Olaf Scholz spoke in Berlin. “We cannot stand by,” he said, adding: “It is our duty.”"
    quotes, _ = _quotes(nlp, body)
    assert [(q.cue, q.text, q.speaker_label) for q in quotes] == [
        ("said", "We cannot stand by", "Olaf Scholz"),
        ("adding", "It is our duty.", "Olaf Scholz"),
    ]


def test_passive_cue_speaks_through_its_agent(nlp: Language) -> None:
    body = "The envoys were told by Foreign Minister Fuad Hussein that the talks would resume."
    (quote,), entities = _quotes(nlp, body)
    assert (quote.cue, quote.text) == ("told", "the talks would resume")
    assert quote.speaker_key == _key(entities, "Fuad Hussein")


def test_the_relaying_agency_not_the_venue_is_reported_via(nlp: Language) -> None:
    body = "The IRGC said in statements published on Sepah News that it had hit bases, reports Xinhua."
    (quote,), _ = _quotes(nlp, body)
    assert (quote.text, quote.reported_via) == ("it had hit bases", "Xinhua")


def test_a_participle_carrying_only_a_quotation_is_direct(nlp: Language) -> None:
    body = (
        "Prime Minister Mohammed Shia’ al-Sudani stressed his rejection of any attack, reiterating "
        "“the government’s commitment to protecting diplomatic missions,” his office said."
    )
    quotes, _ = _quotes(nlp, body)
    reiterating = next(q for q in quotes if q.cue == "reiterating")
    assert reiterating.kind is QuoteKind.DIRECT
    assert reiterating.text == "the government’s commitment to protecting diplomatic missions"


def test_a_dateline_is_not_part_of_the_speaker(nlp: Language) -> None:
    body = "KYIV (Reuters) - Ukraine's air force said on Sunday it had shot down 18 of 20 drones."
    (quote,), _ = _quotes(nlp, body)
    assert quote.speaker_text == "Ukraine's air force"
    assert quote.text == "it had shot down 18 of 20 drones"

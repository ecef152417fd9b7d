"""Entities on wire-style sentences: names kept whole, titles split off, aliases, kinds, geocoding."""

from __future__ import annotations

import pytest
from spacy.language import Language

from app.extract.entities import find_entities
from app.extract.names import entity_key
from app.extract.types import EntityFinding, EntityKind, Field

pytestmark = pytest.mark.nlp

PERSON, ORG, PLACE = EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.PLACE


def _find(nlp: Language, body: str, title: str | None = None, lede: str | None = None) -> list[EntityFinding]:
    docs = {Field.BODY: nlp(body)}
    if title is not None:
        docs[Field.TITLE] = nlp(title)
    if lede is not None:
        docs[Field.LEDE] = nlp(lede)
    return find_entities(docs)


def _named(found: list[EntityFinding], name: str) -> EntityFinding:
    matches = [e for e in found if e.name == name]
    assert len(matches) == 1, [(e.name, e.kind) for e in found]
    return matches[0]


@pytest.mark.parametrize(
    ("body", "name", "kind", "roles", "aliases"),
    [
        (
            "The United States has carried out airstrikes in Iraq, Defence Secretary Lloyd Austin said in a "
            "statement on Tuesday. Austin said that the strikes were a direct response.",
            "Lloyd Austin",
            PERSON,
            ("Defence Secretary",),
            {"Austin"},
        ),
        (
            "Iraqi Prime Minister Mohammed Shia’ al-Sudani has said that any attack on Iraqi soil "
            "violates its sovereignty. Al-Sudani made the remarks during a meeting in Baghdad.",
            "Mohammed Shia al-Sudani",
            PERSON,
            ("Prime Minister",),
            {"Al-Sudani"},
        ),
        (
            "Saudi Crown Prince Mohammed bin Salman met European Commission President Ursula von der "
            "Leyen in Riyadh on Monday. Von der Leyen said the talks were productive.",
            "Ursula von der Leyen",
            PERSON,
            ("European Commission President",),
            {"Von der Leyen"},
        ),
        (
            "Turkish President Recep Tayyip Erdogan accused Israel of war crimes. Erdogan said Ankara would "
            "take the case to court.",
            "Recep Tayyip Erdogan",
            PERSON,
            ("President",),
            {"Erdogan"},
        ),
        (
            "These incidents followed the U.S. strike on Iran-aligned Kataib Hezbollah (KH) south of "
            "Baghdad. KH has denied involvement.",
            "Kataib Hezbollah",
            ORG,
            (),
            {"KH"},
        ),
        (
            "Iran’s Islamic Revolution Guards Corps (IRGC) on Tuesday announced that it launched missiles. "
            "The IRGC said the strikes hit spy headquarters.",
            "Islamic Revolutionary Guard Corps",
            ORG,
            (),
            {"IRGC", "Islamic Revolution Guards Corps"},
        ),
        (
            "The militia Asaib Ahl al-Haq (AAH) claimed the attack. AAH leader Qais al-Khazali praised it.",
            "Asaib Ahl al-Haq",
            ORG,
            (),
            {"AAH"},
        ),
    ],
)
def test_one_entity_per_actor_with_roles_and_aliases(
    nlp: Language, body: str, name: str, kind: EntityKind, roles: tuple[str, ...], aliases: set[str]
) -> None:
    entity = _named(_find(nlp, body), name)
    assert entity.kind is kind
    assert entity.roles == roles
    assert aliases <= set(entity.aliases)
    assert len(entity.mentions) == len(aliases) + 1 or len(entity.mentions) >= 2
    assert entity.key == entity_key(name, kind.value)


def test_mentions_carry_field_offsets(nlp: Language) -> None:
    body = "Defence Secretary Lloyd Austin said the strikes worked. Austin added that more may follow."
    austin = _named(_find(nlp, body), "Lloyd Austin")
    assert [(m.field, body[m.start : m.end]) for m in austin.mentions] == [
        (Field.BODY, "Lloyd Austin"),
        (Field.BODY, "Austin"),
    ]


@pytest.mark.parametrize(
    ("body", "name", "kind", "subtype"),
    [
        (
            "The strikes targeted facilities used by Kataib Hezbollah in western Iraq.",
            "Kataib Hezbollah",
            ORG,
            "militia",
        ),
        (
            "The US Department of Defense said it killed a leader of the Harakat al-Nujaba group.",
            "Harakat al-Nujaba",
            ORG,
            "militia",
        ),
        (
            "Four people were killed in Erbil, according to the Kurdistan Region Security Council.",
            "Kurdistan Region Security Council",
            ORG,
            "government",
        ),
        (
            "The strikes hit Al-Qa’im near the Syrian border and Jurf al-Sakhar south of Baghdad.",
            "Jurf al-Sakhar",
            PLACE,
            "city",
        ),
        (
            "US personnel at Al-Asad Air Base in Iraq were injured in a missile attack.",
            "Al-Asad Air Base",
            PLACE,
            "facility",
        ),
        (
            "Regular attacks by the Houthis in Yemen on commercial shipping continued.",
            "Houthis",
            ORG,
            "militia",
        ),
    ],
)
def test_kinds(nlp: Language, body: str, name: str, kind: EntityKind, subtype: str) -> None:
    entity = _named(_find(nlp, body), name)
    assert (entity.kind, entity.subtype) == (kind, subtype)


def test_apostrophe_name_is_one_person(nlp: Language) -> None:
    found = _find(nlp, "Iraqi Prime Minister Mohammed Shia’ al-Sudani reiterated his pledge on Friday.")
    persons = [e for e in found if e.kind is PERSON]
    assert [(p.name, p.mentions[0].text) for p in persons] == [
        ("Mohammed Shia al-Sudani", "Mohammed Shia’ al-Sudani")
    ]


def test_name_variants_share_a_key(nlp: Language) -> None:
    keys = {
        _named(
            _find(nlp, f"The office of Iraq Prime Minister {variant} said talks would begin."),
            "Mohammed Shia al-Sudani",
        ).key
        for variant in ("Mohammed Shia-al-Sudani", "Mohammed Shia’ al-Sudani")
    }
    assert keys == {entity_key("Mohammed Shia al-Sudani", "person")}


def test_role_reference_after_named_holder(nlp: Language) -> None:
    body = (
        "Iraqi Prime Minister Mohammed Shia’ al-Sudani met the Dutch defence minister on Monday. "
        "The Prime Minister stressed his rejection of any attack on Iraqi territory."
    )
    sudani = _named(_find(nlp, body), "Mohammed Shia al-Sudani")
    assert [m.text for m in sudani.mentions] == ["Mohammed Shia’ al-Sudani", "The Prime Minister"]


def test_demonyms_are_country_mentions(nlp: Language) -> None:
    found = _find(nlp, "Iraqi security forces and Dutch troops met the Egyptian authorities.")
    countries = {e.name: e.country_code for e in found if e.kind is PLACE}
    assert countries == {"Iraq": "IQ", "Netherlands": "NL", "Egypt": "EG"}


def test_irbil_is_erbil(nlp: Language) -> None:
    irbil = _named(_find(nlp, "The attacks targeted a base near Irbil in northern Iraq."), "Erbil")
    erbil = _named(_find(nlp, "The missiles struck Erbil, the capital of Iraq's Kurdistan Region."), "Erbil")
    assert irbil.geonames_id == erbil.geonames_id == 95446
    assert (irbil.kind, irbil.subtype, irbil.country_code) == (PLACE, "city", "IQ")
    assert irbil.latitude is not None and irbil.longitude is not None
    assert "Irbil" in irbil.aliases


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("The attacks targeted a base near Irbil airport on Thursday.", "Erbil airport"),
        ("A barrage of rockets hit the vicinity of the US embassy in Baghdad.", "US embassy"),
        (
            "Two rocket attacks hit forces at Mission Support Site Euphrates, Syria.",
            "Mission Support Site Euphrates",
        ),
    ],
)
def test_facilities(nlp: Language, body: str, name: str) -> None:
    facility = _named(_find(nlp, body), name)
    assert (facility.kind, facility.subtype) == (PLACE, "facility")


def test_headline_title_case_is_not_entities(nlp: Language) -> None:
    found = _find(
        nlp,
        "Iraqi Prime Minister Mohammed Shia’ al-Sudani said any attack violates Iraq's sovereignty.",
        title="Iraq Asserts Sovereignty, Aims to End US-Led Coalition’s Presence",
    )
    assert {e.name for e in found} == {"Mohammed Shia al-Sudani", "Iraq", "United States"}
    iraq = _named(found, "Iraq")
    assert Field.TITLE in {m.field for m in iraq.mentions}


def test_headline_surname_joins_body_person(nlp: Language) -> None:
    found = _find(
        nlp,
        "US Secretary of State Antony Blinken made an unannounced visit to Iraq on Sunday.",
        title="Blinken Makes Unannounced Iraq Visit",
    )
    blinken = _named(found, "Antony Blinken")
    assert [(m.field, m.text) for m in blinken.mentions] == [
        (Field.TITLE, "Blinken"),
        (Field.BODY, "Antony Blinken"),
    ]
    assert blinken.roles == ("Secretary of State",)


def test_news_organisations_and_lede_tail_are_not_entities(nlp: Language) -> None:
    found = _find(
        nlp,
        "The US launched strikes in Iraq, as reported by CNN. Xinhua news agency reported the toll.",
        lede="Four people were killed in Erbil….reports Asian Lite News",
    )
    assert {e.name for e in found} == {"United States", "Iraq", "Erbil"}


def test_model_mislabels_are_corrected_by_context(nlp: Language) -> None:
    body = (
        "Iraqi military spokesman Yahya Rasoul was quoted as saying on Thursday. Rasoul said the government "
        "had coordinated with the Egyptian authorities. US Secretary of State Antony Blinken arrived. "
        "Regarding the situation in Gaza, Blinken said negotiations were a process."
    )
    found = _find(nlp, body)
    assert _named(found, "Yahya Rasoul").aliases == ("Yahya Rasoul", "Rasoul")
    assert _named(found, "Antony Blinken").aliases == ("Antony Blinken", "Blinken")
    assert {e.kind for e in found if e.name in {"Yahya Rasoul", "Antony Blinken"}} == {PERSON}


def test_alias_table_and_short_names(nlp: Language) -> None:
    body = (
        "Ollongren said victory over the terrorist group Islamic State (IS) requires changing the mission. "
        "The coalition fights the IS in Iraq. The U.S. and the US-led coalition fight ISIS."
    )
    found = _find(nlp, body)
    isis = _named(found, "Islamic State")
    assert {"IS", "ISIS"} <= set(isis.aliases)
    us = _named(found, "United States")
    assert {"U.S.", "US"} <= set(us.aliases)


@pytest.mark.parametrize(
    ("body", "name", "kind", "roles"),
    [
        (
            "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Friday.",
            "Olaf Scholz",
            PERSON,
            ("Chancellor",),
        ),
        ("The UN envoy, Ramtane Lamamra, called for a ceasefire.", "Ramtane Lamamra", PERSON, ("UN envoy",)),
        ("Olaf Scholz spoke in Berlin. “We cannot stand by,” he said.", "Olaf Scholz", PERSON, ()),
        (
            "UN Secretary-General Antonio Guterres said he was deeply troubled.",
            "Antonio Guterres",
            PERSON,
            ("UN Secretary-General",),
        ),
        (
            "Brazil’s General Workers’ Union (CGT) warned the strike could spread.",
            "General Workers Union",
            ORG,
            (),
        ),
        ("The M23 rebel group claimed it had captured the airport in Goma.", "M23", ORG, ()),
        (
            "Iranian and US negotiators met in Muscat, Oman’s foreign ministry said.",
            "Oman’s foreign ministry",
            ORG,
            (),
        ),
    ],
)
def test_model_labels_corrected(
    nlp: Language, body: str, name: str, kind: EntityKind, roles: tuple[str, ...]
) -> None:
    entity = _named(_find(nlp, body), name)
    assert (entity.kind, entity.roles) == (kind, roles)


def test_defined_acronym_with_an_acronym_inside(nlp: Language) -> None:
    body = (
        "The UN Assistance Mission in Afghanistan (UNAMA) urged Kabul to reverse the decision. UNAMA said so."
    )
    unama = _named(_find(nlp, body), "UN Assistance Mission in Afghanistan")
    assert unama.aliases == ("UN Assistance Mission in Afghanistan", "UNAMA")
    assert len(unama.mentions) == 3


def test_city_decided_by_the_countries_named(nlp: Language) -> None:
    found = _find(nlp, "Saudi officials met in Riyadh. Later the minister visited the Grand Mosque in Mecca.")
    mecca = next(e for e in found if "Mecca" in e.aliases)
    assert mecca.country_code == "SA"


def test_dateline_and_people_demonyms(nlp: Language) -> None:
    found = _find(
        nlp,
        "NAIROBI (AFP) - Kenya’s Interior Minister Joseph Kiprono said the curfew would be lifted. "
        "Aid reached Palestinian civilians.",
    )
    assert {e.name for e in found if e.kind is PLACE} == {"Nairobi", "Kenya"}
    assert "AFP" not in {a for e in found for a in e.aliases}


def test_state_body_keeps_its_country_mention(nlp: Language) -> None:
    found = _find(nlp, "Iranian and US negotiators met again in Muscat, Oman’s foreign ministry said.")
    oman = _named(found, "Oman")
    ministry = _named(found, "Oman’s foreign ministry")
    assert [m.text for m in oman.mentions] == ["Oman"]
    assert [m.text for m in ministry.mentions] == ["foreign ministry"]

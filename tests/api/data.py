"""A small hand-made archive for API tests: five articles about Iraq, its people, places and sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Ids:
    """Database ids of the fixture rows, by short name."""

    sources: dict[str, int] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    quotes: dict[str, int] = field(default_factory=dict)


ENTITIES = {  # short name: (canonical name, kind, subtype, country, lat, lon, aliases, roles)
    "sudani": ("Mohammed Shia al-Sudani", "person", None, None, None, None,
               ("Mohammed Shia’ al-Sudani", "Al-Sudani", "Shiaa al-Sudani"), ("Prime Minister",)),
    "austin": ("Lloyd Austin", "person", None, None, None, None, ("Austin",), ("Defence Secretary",)),
    "blinken": ("Antony Blinken", "person", None, None, None, None, ("Blinken",), ("Secretary of State",)),
    "kh": ("Kataib Hezbollah", "organisation", "militia", None, None, None, ("KH",), ()),
    "irgc": ("IRGC", "organisation", "military", None, None, None, (), ()),
    "erbil": ("Erbil", "place", "city", "IQ", 36.19257, 44.01062, ("Irbil",), ()),
    "baghdad": ("Baghdad", "place", "city", "IQ", 33.34058, 44.40088, (), ()),
    "iraq": ("Iraq", "place", "country", "IQ", 33.0, 44.0, ("Iraqi",), ()),
    "syria": ("Syria", "place", "country", "SY", 35.0, 38.0, (), ()),
}
SOURCES = {"aln": "Asian Lite News", "ani": "ANI", "cnn": "CNN", "xinhua": "Xinhua"}

ARTICLES = [  # short, title, published_on, sections, sources, entities, body
    ("talks", "US, Iraq to Soon Begin Talks on Troops Pull Out", None, ("Top News", "Arab News"),
     (("aln", "publisher"), ("cnn", "cited")), ("sudani", "iraq", "austin"),
     "The US and Iraq are expected to soon begin talks on the military presence, as reported by CNN. "
     "The office of Prime Minister Mohammed Shia-al-Sudani said they would end the coalition presence."),
    ("erbil", "IRGC Missile Strike on Erbil Kills Four", dt.date(2024, 1, 16), ("Top News",),
     (("aln", "publisher"), ("ani", "wire"), ("xinhua", "cited")), ("irgc", "erbil", "iraq"),
     "Four people were killed in a missile strike on Erbil, Xinhua news agency reported. "
     "Erbil has never been a source of threat, the council said."),
    ("vow", "Iraqi PM Vows to End US-led Coalition Presence", dt.date(2024, 1, 5), ("Arab News",),
     (("aln", "publisher"), ("ani", "wire")), ("sudani", "baghdad", "iraq"),
     "Iraqi Prime Minister Mohammed Shia’ al-Sudani reiterated his pledge to end the presence of the "
     "US-led coalition. He spoke at a memorial ceremony in Baghdad on January 4, 2024."),
    ("blinken", "Blinken Meets al-Sudani in Baghdad", dt.date(2023, 11, 5), ("USA",),
     (("aln", "publisher"), ("cnn", "cited")), ("blinken", "sudani", "baghdad"),
     "Antony Blinken held discussions with Prime Minister Mohammed Shiaa al-Sudani in Baghdad, as per CNN."),
    ("austin", "Austin Calls Sudani After Embassy Attack", dt.date(2023, 12, 8), ("Top News", "USA"),
     (("aln", "publisher"),), ("austin", "sudani", "kh", "syria"),
     "Defence Secretary Lloyd Austin called al-Sudani after a rocket attack blamed on Kataib Hezbollah. "
     "Strikes in Syria followed."),
]

QUOTES = [  # short, article, text, kind, speaker, resolution, label, via
    ("office", "talks", "to end the presence of the international coalition forces in Iraq permanently",
     "direct", "sudani", "name", None, "cnn"),
    ("official", "talks", "The US and Iraq are close to agreement on starting the dialogue", "direct", None,
     "anonymous", "a US official", None),
    ("council", "erbil", "Erbil, as a stable region, has never been a source of threat to any party",
     "direct", None, "unresolved", None, None),
    ("pledge", "vow", "a commitment that the government will not back down from", "direct", "sudani",
     "pronoun", None, None),
    ("withdrawal", "vow", "his government would soon start talks on the withdrawal of foreign troops",
     "indirect", "sudani", "alias", None, None),
    ("escalation", "blinken", "We must prevent the conflict from spreading across the region", "direct",
     "blinken", "name", None, "cnn"),
    ("unacceptable", "austin", "the targeting of diplomatic missions is unacceptable under any circumstances",
     "mixed", "sudani", "alias", None, None),
    ("selfdefense", "austin", "The United States reserves the right to respond", "direct", "austin",
     "name", None, None),
]

DATES = [  # article, text, value, precision, start, end
    ("talks", "December 2021", "2021-12", "month", dt.date(2021, 12, 1), dt.date(2021, 12, 31)),
    ("talks", "January 10", "--01-10", "partial", None, None),
    ("erbil", "January 15, 2024", "2024-01-15", "day", dt.date(2024, 1, 15), dt.date(2024, 1, 15)),
    ("vow", "January 4, 2024", "2024-01-04", "day", dt.date(2024, 1, 4), dt.date(2024, 1, 4)),
    ("blinken", "November 5, 2023", "2023-11-05", "day", dt.date(2023, 11, 5), dt.date(2023, 11, 5)),
]

"""A seeded generator of small wire-style articles, written as a dump (.txt) and JSON Lines."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

PEOPLE = [
    ("Defence Minister", "Ahmed Karimi"),
    ("Foreign Minister", "Layla Haddad"),
    ("Prime Minister", "Omar Nasser"),
    ("General", "Samuel Ortiz"),
    ("Spokesman", "John Kirby"),
    ("Ambassador", "Fatima Rahimi"),
    ("President", "Karim Yusuf"),
    ("Senator", "Helen Marsh"),
    ("Colonel", "Sara Karimi"),  # shares a surname: "Karimi" alone becomes ambiguous once she appears
]
ORGS = ["the United Nations", "the Red Crescent", "the World Bank", "NATO", "the Pentagon", "the Arab League"]
PLACES = ["Baghdad", "Damascus", "Tehran", "Amman", "Beirut", "Cairo", "Riyadh", "Erbil", "Doha", "Ankara"]
TOPICS = ["troop talks", "border security", "grain exports", "a ceasefire", "reconstruction aid", "oil"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
AGENCIES = ["Reuters", "AFP", "Xinhua news agency", "CNN", "Al Jazeera"]


@dataclass(frozen=True, slots=True)
class Story:
    """One generated article."""

    title: str
    lede: str
    paragraphs: tuple[str, ...]
    sections: tuple[str, ...]


def story(rng: random.Random, number: int) -> Story:
    """A short article with two people, a place, an organisation, quotes and a relative date."""
    (role_a, name_a), (role_b, name_b) = rng.sample(PEOPLE, 2)
    place, org, topic = rng.choice(PLACES), rng.choice(ORGS), rng.choice(TOPICS)
    day, agency = rng.choice(DAYS), rng.choice(AGENCIES)
    surname_a = name_a.split()[-1]
    title = f"{place} Talks on {topic.title()} Resume, Round {number}"
    lede = f"Officials met in {place} on {day} to discuss {topic}….reports Test Wire"
    paragraphs = (
        f"{role_a} {name_a} met {role_b} {name_b} in {place} on {day} to discuss {topic}, "
        f"according to {agency}.",
        f"“We have made real progress on {topic} today,” {surname_a} told reporters after the meeting "
        f"number {number}.",
        f"{name_b} said that {org} would send a team to {place} next week.",
        f"“The next round will decide a great deal,” {surname_a} added. (ANI)",
    )
    return Story(title, lede, paragraphs, ("Top News", rng.choice(["World News", "Arab News", "USA"])))


def stories(seed: int, count: int) -> list[Story]:
    """``count`` distinct stories from a seeded generator."""
    rng = random.Random(seed)
    return [story(rng, number) for number in range(1, count + 1)]


def dump_text(items: list[Story]) -> str:
    """The stories in the seeds/ dump format."""
    blocks = [
        "\n\n".join(["Categories", "-" + " ".join(s.sections), s.title, s.lede, *s.paragraphs]) for s in items
    ]
    return "\n\n".join(blocks) + "\n"


def jsonl_text(items: list[Story]) -> str:
    """The stories as JSON Lines, one object per line."""
    rows = (
        {"title": s.title, "lede": s.lede, "body": "\n\n".join(s.paragraphs), "sections": list(s.sections)}
        for s in items
    )
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def write_corpus(directory: Path, *, seed: int = 7, dump: int = 50, jsonl: int = 20, shared: int = 5) -> int:
    """A dump and a JSONL file whose first ``shared`` records repeat dump stories; returns distinct count."""
    items = stories(seed, dump + jsonl)
    in_dump, in_jsonl = items[:dump], items[:shared] + items[dump:]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "wire.txt").write_text(dump_text(in_dump), encoding="utf-8")
    (directory / "feed.jsonl").write_text(jsonl_text(in_jsonl), encoding="utf-8")
    return dump + jsonl

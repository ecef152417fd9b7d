"""The `newsdesk` command: thin argument parsing that calls the services."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import ArgumentError, OperationalError

from app.core.config import (
    BATCH_SECONDS,
    BATCH_SECONDS_MAX,
    BATCH_SIZE,
    BATCH_SIZE_MAX,
    Settings,
    get_settings,
)


class CliError(Exception):
    """A user mistake or environment problem, reported as one line and exit status 2."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _settings(args: argparse.Namespace) -> Settings:
    try:
        settings = get_settings()
    except ValidationError as exc:  # a bad NEWSDESK_* value in the environment or .env
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "?"
        variable = "DATABASE_URL" if name == "database_url" else f"NEWSDESK_{name.upper()}"
        raise CliError(f"invalid setting {variable}={first.get('input')!r}: {first['msg']}") from None
    if getattr(args, "database_url", None):
        settings = settings.model_copy(update={"database_url": args.database_url})
    return settings


def cmd_db(args: argparse.Namespace) -> int:
    from app.core import migrate
    from app.core.db import make_engine

    url = _settings(args).database_url
    if args.action == "upgrade":
        migrate.upgrade(url, args.revision or "head")
    elif args.action == "downgrade":
        migrate.downgrade(url, args.revision or "base")
    engine = make_engine(url)
    try:
        current = migrate.current_revision(engine) or "none"
        print(f"schema revision: {current} (code head: {migrate.head_revision()})")
    finally:
        engine.dispose()
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    for path in args.paths:
        if path != "-" and not Path(path).exists():
            raise CliError(f"no such file or directory: {path}")
    if args.workers < 1:
        raise CliError("--workers must be at least 1")
    if args.batch_size is not None and not 1 <= args.batch_size <= BATCH_SIZE_MAX:
        raise CliError(f"--batch-size must be between 1 and {BATCH_SIZE_MAX}")
    if args.batch_seconds is not None and not 0 < args.batch_seconds <= BATCH_SECONDS_MAX:
        raise CliError(f"--batch-seconds must be more than 0 and at most {BATCH_SECONDS_MAX}")
    from app.core import migrate
    from app.ingest.service import ingest_paths

    settings = _settings(args)
    if args.batch_size:
        settings = settings.model_copy(update={"batch_size": args.batch_size})
    if args.batch_seconds:
        settings = settings.model_copy(update={"batch_seconds": args.batch_seconds})
    migrate.upgrade(settings.database_url)
    report = ingest_paths(
        args.paths,
        settings=settings,
        published_on=args.published_on,
        workers=args.workers,
        progress=not args.no_progress,
    )
    return 1 if report.rejected else 0


def _warn_if_behind(url: str) -> None:
    """One line on stderr when the database is not at this code's schema revision: queries would read a
    layout the code no longer expects (migration 0008 re-keys SQLite's article search index)."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from app.core import migrate
    from app.core.db import make_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        current = None  # not created here: connecting would make an empty file
    else:
        engine = make_engine(url)
        try:
            current = migrate.current_revision(engine)
        except SQLAlchemyError:
            return  # unreachable: GET /health reports it
        finally:
            engine.dispose()
    head = migrate.head_revision()
    if current != head:
        print(f"newsdesk: warning: the database is at schema revision {current or 'none'}, this code "
              f"expects {head}; run `newsdesk db upgrade` (GET /health answers 503 until then)",
              file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.main import create_app

    settings = _settings(args)
    workers = settings.workers if args.workers is None else args.workers
    access_log = settings.access_log if args.access_log is None else args.access_log
    if workers < 1:
        raise CliError("--workers must be at least 1")
    _warn_if_behind(settings.database_url)
    options = {"host": args.host, "port": args.port, "log_level": args.log_level, "access_log": access_log}
    if workers == 1:
        uvicorn.run(create_app(settings, freeze=True), **options)
        return 0
    from app.serving.supervisor import Supervisor

    # worker processes import the app themselves: they read the database URL from the environment
    os.environ["DATABASE_URL"] = settings.database_url
    config = uvicorn.Config("app.main:serving_app", factory=True, workers=workers, **options)
    return Supervisor(config, workers).run()


def cmd_eval(args: argparse.Namespace) -> int:
    from app.extract.evaluate import render, run_eval
    from app.extract.nlp import load_nlp
    from app.extract.pipeline import Extractor

    if not Path(args.gold).is_file():
        raise CliError(f"no such gold file: {args.gold}")
    settings = _settings(args)
    extractor = Extractor(load_nlp(args.model or settings.spacy_model))
    print(render(run_eval(Path(args.gold), extractor)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Load news articles and serve who said what, about whom, where, when, via whom.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    db_url = argparse.ArgumentParser(add_help=False)
    db_url.add_argument(
        "--database-url", help="SQLAlchemy URL (default: $DATABASE_URL or sqlite:///newsdesk.db)"
    )

    db = sub.add_parser(
        "db",
        parents=[db_url],
        help="migrate the database schema",
        description="Apply (upgrade) or revert (downgrade) the Alembic migrations.",
    )
    db.add_argument("action", choices=["upgrade", "downgrade", "current"])
    db.add_argument(
        "revision", nargs="?", help="target revision (default: head for upgrade, base for downgrade)"
    )
    db.set_defaults(func=cmd_db)

    ingest = sub.add_parser(
        "ingest",
        parents=[db_url],
        help="extract and load articles",
        description="Read wire dumps (.txt), JSON Lines (.jsonl/.ndjson), CSV (.csv), directories or '-' "
        "(stdin); extract entities, quotes, sources and dates; load them idempotently. Migrates the "
        "database first. Exit status 1 when any record was rejected (each is reported with file, "
        "position and reason), 2 on a usage or environment error.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    ingest.add_argument(
        "--published-on",
        type=_date,
        metavar="YYYY-MM-DD",
        help="publication date for articles whose input gives none",
    )
    ingest.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="extraction processes (default 1: with a core to spare, one process parses while this one "
        "runs the rules and writes)",
    )
    ingest.add_argument(
        "--batch-size", type=int, metavar="N", help=f"most articles per transaction (default {BATCH_SIZE})"
    )
    ingest.add_argument(
        "--batch-seconds", type=float, metavar="S",
        help="also end and commit a batch with the first article arriving S seconds or more after its first "
        f"(default {BATCH_SECONDS:g})",
    )
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest.set_defaults(func=cmd_ingest)

    serve = sub.add_parser(
        "serve",
        parents=[db_url],
        help="serve the JSON API",
        description="Serve the API with uvicorn; docs at /docs, schema at /openapi.json.",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument(
        "--workers", type=int, metavar="N", help="server processes (default: $NEWSDESK_WORKERS or 1)"
    )
    serve.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="log every request at info level (default: $NEWSDESK_ACCESS_LOG or on)",
    )
    serve.set_defaults(func=cmd_serve)

    ev = sub.add_parser(
        "eval",
        help="measure extraction against a hand-annotated gold file",
        description="Print precision, recall and F1 for quotes, speakers, entities and agencies.",
    )
    ev.add_argument("gold", metavar="GOLD.json")
    ev.add_argument("--model", help="spaCy pipeline to load (default: settings)")
    ev.set_defaults(func=cmd_eval)
    return parser


def _run(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return func(args)
    except CliError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
    except ArgumentError as exc:
        print(f"newsdesk: error: invalid database URL: {exc}", file=sys.stderr)
    except OperationalError as exc:
        first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "unknown error"
        print(f"newsdesk: error: cannot use the database: {first}", file=sys.stderr)
    except OSError as exc:
        print(f"newsdesk: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsdesk` console script."""
    args = build_parser().parse_args(argv)
    return _run(args.func, args)


if __name__ == "__main__":
    sys.exit(main())

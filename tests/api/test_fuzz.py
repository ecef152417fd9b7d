"""Schemathesis against /openapi.json over a real server, on SQLite and PostgreSQL with the archive loaded.

Every operation gets ≥ 100 schema-valid (positive) and, where it takes parameters, ≥ 100 schema-violating
(negative) requests. All of Schemathesis' default checks run — no server error, documented status codes,
content types, headers and bodies, schema-violating requests rejected (unless the violation is a JSON null,
which a query string cannot carry) — except positive_data_acceptance:
the schema cannot say "a name the archive knows" or "a cursor this API issued", so a schema-valid request
may rightly be a 422. In its place `rejections_name_the_param` requires every 422 to be problem+json that
names a parameter the request sent or the operation documents. POST /v1/articles (admin) is fuzzed too,
with the token, through the real extraction and loader.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, CheckContext, GenerationMode, Response
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from sqlalchemy.orm import Session

from app.articles.ingest import ArticleIn
from app.core.config import Settings
from app.core.db import make_engine
from app.core.migrate import upgrade
from app.main import create_app
from tests.api.build import build
from tests.api.server import serving
from tests.conftest import BACKENDS, create_database

EXAMPLES = 100
TOKEN = "fuzz-token"
SPEC = create_app(Settings()).openapi()
OPERATIONS = [(path, method.upper(), bool(op.get("parameters")))
              for path, methods in SPEC["paths"].items() for method, op in methods.items()]
CASES = [pytest.param(path, method, mode, has_params, id=f"{method} {path} {mode.value}")
         for path, method, has_params in OPERATIONS
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if has_params or mode is GenerationMode.POSITIVE]  # nothing to violate without parameters
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))


def _holds_null(value: Any) -> bool:
    return value is None or (isinstance(value, list) and any(item is None for item in value))


def schema_violations_are_rejected(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Schemathesis' negative_data_rejection, except where the violation is a JSON null in the query string.

    A URL cannot carry null: the client sends the parameter as the text ``null`` or leaves it out, and
    ``section=null`` names a section like any other (a known false positive: schemathesis issues #2312,
    #2900), so whether such a request is "schema-violating" depends on the client, not on this API.
    """
    if any(_holds_null(value) for value in (case.query or {}).values()):
        return None
    return negative_data_rejection(ctx, response, case)


def rejections_name_the_param(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A 422 is problem+json naming a parameter the request sent or the operation documents."""
    if response.status_code != 422:
        return None
    assert response.headers.get("content-type", [""])[0].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    documented = {parameter.name for parameter in case.operation.iter_parameters()}
    named = {*(case.query or {}), *(case.path_parameters or {}), *documented, *ArticleIn.model_fields}
    if not isinstance(case.body, dict) and case.method == "POST":
        named.add(None)  # the body as a whole is not a JSON object: no one field to name
    assert body.get("param") in named, f"422 names {body.get('param')!r}, not a parameter sent or documented"
    return True


def _served_schema(
    request: pytest.FixtureRequest, tmp: pytest.TempPathFactory, **settings: Any
) -> Iterator[Any]:
    """The schema as a live server publishes it, over a fresh committed copy of the hand-made archive."""
    url, drop = create_database(request.param, str(tmp.mktemp(f"fuzz-{request.param}")))
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            build(session)
            session.commit()
        with serving(create_app(Settings(database_url=url, **settings))) as base:
            yield schemathesis.openapi.from_url(f"{base}/openapi.json")
    finally:
        engine.dispose()
        drop()  # type: ignore[operator]


@pytest.fixture(scope="module", params=BACKENDS)
def api_schema(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The read-only API (no admin token)."""
    yield from _served_schema(request, tmp_path_factory)


@pytest.fixture(scope="module", params=BACKENDS)
def admin_schema(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The API with its admin token set, so POST /v1/articles exists."""
    yield from _served_schema(request, tmp_path_factory, admin_token=TOKEN)


def _fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str] | None = None) -> int:
    """Run the operation's examples through every check; returns how many requests were sent."""
    calls = 0

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: Case[Any]) -> None:
        nonlocal calls
        calls += 1
        case.call_and_validate(headers=headers,
                               excluded_checks=[positive_data_acceptance, negative_data_rejection],
                               additional_checks=[rejections_name_the_param, schema_violations_are_rejected])

    started = time.monotonic()
    fuzz()
    print(f"{operation.method.upper()} {operation.path} {mode.value}: {calls} requests in "
          f"{time.monotonic() - started:.1f}s")
    return calls


@pytest.mark.parametrize(("path", "method", "mode", "has_params"), CASES)
def test_operation_survives_fuzzing(
    api_schema: Any, path: str, method: str, mode: GenerationMode, has_params: bool
) -> None:
    calls = _fuzz(api_schema[path][method], mode)
    assert calls >= (EXAMPLES if has_params else 1)  # /health has exactly one possible request


@pytest.mark.nlp
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_admin_ingest_survives_fuzzing(admin_schema: Any, mode: GenerationMode) -> None:
    """Random articles through the real extraction and loader: stored (201/200) or a 422, never a 500."""
    calls = _fuzz(admin_schema["/v1/articles"]["POST"], mode, headers={"Authorization": f"Bearer {TOKEN}"})
    assert calls >= EXAMPLES

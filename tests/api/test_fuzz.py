"""Schemathesis against /openapi.json over a real server, on SQLite and PostgreSQL with the archive loaded.

Every operation gets ≥ 100 schema-valid (positive) and, where it takes parameters, ≥ 100 schema-violating
(negative) requests. All of Schemathesis' default checks run — no server error, documented status codes,
content types, headers and bodies, schema-violating requests rejected — except positive_data_acceptance:
the schema cannot say "a name the archive knows" or "a cursor this API issued", so a schema-valid request
may rightly be a 422. In its place `rejections_name_the_param` requires such a 422 to be problem+json that
names a parameter the request actually sent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, CheckContext, GenerationMode, Response
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import make_engine
from app.core.migrate import upgrade
from app.main import create_app
from tests.api.build import build
from tests.api.server import serving
from tests.conftest import BACKENDS, create_database

EXAMPLES = 100
SPEC = create_app(Settings()).openapi()
OPERATIONS = [(path, method.upper(), bool(op.get("parameters")))
              for path, methods in SPEC["paths"].items() for method, op in methods.items()]
CASES = [pytest.param(path, method, mode, has_params, id=f"{method} {path} {mode.value}")
         for path, method, has_params in OPERATIONS
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if has_params or mode is GenerationMode.POSITIVE]  # nothing to violate without parameters
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))


def rejections_name_the_param(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """A 422 is problem+json naming a parameter the request sent or the operation documents."""
    if response.status_code != 422:
        return None
    assert response.headers.get("content-type", [""])[0].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    documented = {parameter.name for parameter in case.operation.iter_parameters()}
    named = {*(case.query or {}), *(case.path_parameters or {}), *documented}
    assert body.get("param") in named, f"422 names {body.get('param')!r}, not a parameter sent or documented"
    return True


@pytest.fixture(scope="module", params=BACKENDS)
def api_schema(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The schema as a live server publishes it, over a fresh committed copy of the hand-made archive."""
    url, drop = create_database(request.param, str(tmp_path_factory.mktemp(f"fuzz-{request.param}")))
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            build(session)
            session.commit()
        with serving(create_app(Settings(database_url=url))) as base:
            yield schemathesis.openapi.from_url(f"{base}/openapi.json")
    finally:
        engine.dispose()
        drop()  # type: ignore[operator]


@pytest.mark.parametrize(("path", "method", "mode", "has_params"), CASES)
def test_operation_survives_fuzzing(
    api_schema: Any, path: str, method: str, mode: GenerationMode, has_params: bool
) -> None:
    operation = api_schema[path][method]
    calls = 0

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: Case) -> None:
        nonlocal calls
        calls += 1
        case.call_and_validate(excluded_checks=[positive_data_acceptance],
                               additional_checks=[rejections_name_the_param])

    started = time.monotonic()
    fuzz()
    print(f"{method} {path} {mode.value}: {calls} requests in {time.monotonic() - started:.1f}s")
    assert calls >= (EXAMPLES if has_params else 1)  # /health has exactly one possible request

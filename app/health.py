"""GET /health: is the database reachable and at the schema revision this code expects."""

from __future__ import annotations

from functools import cache
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from app.core.migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


class HealthRead(BaseModel):
    status: Literal["ok", "degraded", "unavailable"]
    database: Literal["ok", "unreachable"]
    dialect: str
    schema_revision: str | None
    expected_revision: str | None


@cache
def _expected_revision() -> str | None:
    return head_revision()  # parses every migration file: once per process, not per probe


def check_health(engine: Engine) -> HealthRead:
    """Probe the database and compare its schema revision with the code's."""
    expected = _expected_revision()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        revision = current_revision(engine)
    except SQLAlchemyError:
        return HealthRead(status="unavailable", database="unreachable", dialect=engine.dialect.name,
                          schema_revision=None, expected_revision=expected)
    status: Literal["ok", "degraded"] = "ok" if revision == expected else "degraded"
    return HealthRead(status=status, database="ok", dialect=engine.dialect.name,
                      schema_revision=revision, expected_revision=expected)


@router.get(
    "/health",
    response_model=HealthRead,
    summary="Service health",
    description="Database reachability and schema revision. 200 when ok, 503 otherwise.",
    responses={503: {"model": HealthRead,
                     "description": "Database unreachable or schema not at the expected revision"}},
)
def health(request: Request) -> JSONResponse:
    report = check_health(request.app.state.engine)
    code = 200 if report.status == "ok" else 503
    return JSONResponse(report.model_dump(), status_code=code)

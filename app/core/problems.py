"""Exception handlers that render every error as RFC 9457 application/problem+json."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.budget import is_timeout
from app.core.errors import (
    PROBLEM_BASE,
    PROBLEM_MEDIA_TYPE,
    DatabaseUnavailable,
    NewsdeskError,
    QueryTimeout,
)

log = logging.getLogger("newsdesk")


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSONResponse with the problem+json media type."""
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_MEDIA_TYPE, headers=headers)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsdeskError)
    return problem_response(exc.to_problem(instance=str(request.url.path)), headers=exc.headers)


def _param_of(error: dict[str, Any]) -> str | None:
    # the parameter as the client spelled it: list positions (kind.0) are dropped, an empty name kept
    # (only the leading location is dropped: an article's "body" field is a parameter too)
    loc = list(error.get("loc", ()))
    if loc and loc[0] in ("query", "path", "body", "header"):
        loc = loc[1:]
    names = [part for part in loc if isinstance(part, str)]
    return ".".join(names) if names else None


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"param": _param_of(e), "message": e.get("msg", "invalid value"), "input": _jsonable(e.get("input"))}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"param": None, "message": "invalid request"}
    where = f"'{first['param']}'" if first["param"] else "the request"
    body = {
        "type": PROBLEM_BASE + "invalid-parameter",
        "title": "Invalid parameter",
        "status": 422,
        "detail": f"Invalid value for {where}: {first['message']}",
        "param": first["param"],
        "errors": errors,
        "instance": str(request.url.path),
    }
    return problem_response(body)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    body = {
        "type": PROBLEM_BASE + slug,
        "title": str(exc.detail) if exc.status_code != 404 else "Not found",
        "status": exc.status_code,
        "detail": str(exc.detail),
        "instance": str(request.url.path),
    }
    return problem_response(body, headers=getattr(exc, "headers", None))


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database error on %s: %s", request.url.path, exc)
    error: NewsdeskError = DatabaseUnavailable("The database is not reachable right now; try again shortly.")
    if isinstance(exc, OperationalError) and is_timeout(exc):
        error = QueryTimeout("The query ran out of its database time budget; narrow the filters.")
    return problem_response(error.to_problem(instance=str(request.url.path)), headers={"Retry-After": "5"})


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    error = NewsdeskError("An unexpected error occurred; it has been logged.")
    return problem_response(error.to_problem(instance=str(request.url.path)))


def install_problem_handlers(app: FastAPI) -> None:
    """Register the problem+json handlers on the app."""
    app.add_exception_handler(NewsdeskError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)

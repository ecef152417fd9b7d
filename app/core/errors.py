"""Domain errors that carry their HTTP status, rendered as RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://newsdesk.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class NewsdeskError(Exception):
    """Base of every error a service may raise; the app renders it as problem+json."""

    status: int = 500
    slug: str = "internal-error"
    title: str = "Internal error"

    def __init__(
        self, detail: str, *, param: str | None = None, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.param = param
        self.headers = headers
        self.extra = extra

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.slug

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        """The problem+json body for this error."""
        body: dict[str, Any] = {"type": self.type, "title": self.title, "status": self.status}
        body["detail"] = self.detail
        if self.param is not None:
            body["param"] = self.param
        if instance is not None:
            body["instance"] = instance
        body.update(self.extra)
        return body


class NotFound(NewsdeskError):
    status, slug, title = 404, "not-found", "Not found"


class InvalidFilter(NewsdeskError):
    status, slug, title = 422, "invalid-filter", "Invalid filter"


class UnknownName(InvalidFilter):
    slug, title = "unknown-name", "Unknown name"


class Unauthorized(NewsdeskError):
    status, slug, title = 401, "unauthorized", "Unauthorized"


class Forbidden(NewsdeskError):
    status, slug, title = 403, "forbidden", "Forbidden"


class DatabaseUnavailable(NewsdeskError):
    status, slug, title = 503, "database-unavailable", "Database unavailable"


class QueryTimeout(NewsdeskError):
    status, slug, title = 503, "query-timeout", "Query took too long"

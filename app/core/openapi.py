"""OpenAPI response documentation shared by the routers: examples and problem+json responses."""

from __future__ import annotations

from typing import Any

from app.core.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

UNKNOWN_NAME_EXAMPLE = {
    "type": PROBLEM_BASE + "unknown-name", "title": "Unknown name", "status": 422,
    "detail": "No person/organisation is known as 'al-Sudany'. Did you mean: Mohammed Shia al-Sudani?",
    "param": "actor", "value": "al-Sudany", "suggestions": ["Mohammed Shia al-Sudani"],
    "instance": "/v1/articles",
}
INVALID_EXAMPLE = {
    "type": PROBLEM_BASE + "invalid-parameter", "title": "Invalid parameter", "status": 422,
    "detail": "Invalid value for 'limit': Input should be less than or equal to 200", "param": "limit",
    "instance": "/v1/articles",
}
UNAVAILABLE_EXAMPLE = {
    "type": PROBLEM_BASE + "query-timeout", "title": "Query took too long", "status": 503,
    "detail": "The query needed more than the 1000 ms database budget; narrow the filters.",
    "instance": "/v1/articles",
}
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object", "title": "Problem", "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"], "additionalProperties": True,
    "properties": {
        "type": {"type": "string", "description": "stable problem type URI"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "a human sentence"},
        "param": {"type": ["string", "null"], "description": "the offending parameter"},
        "instance": {"type": "string"},
    },
}
NOT_FOUND_EXAMPLE = {
    "type": PROBLEM_BASE + "not-found", "title": "Not found", "status": 404,
    "detail": "There is no article with id 999999.", "param": "id", "instance": "/v1/articles/999999",
}


def _problem(description: str, example: dict[str, Any]) -> dict[str, Any]:
    return {"description": description,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_SCHEMA, "example": example}}}


def common_responses() -> dict[int | str, dict[str, Any]]:
    """What any /v1 operation may answer besides its own: a bad parameter, or no database right now."""
    return {
        422: _problem("A malformed value or an unknown parameter.", INVALID_EXAMPLE),
        503: _problem("The database is unreachable (database-unavailable) or the request ran out of its "
                      "time budget (query-timeout); retry later or narrow the filters.", UNAVAILABLE_EXAMPLE),
    }


def list_responses(example: dict[str, Any], *, geojson: bool = False) -> dict[int | str, dict[str, Any]]:
    """200 with a JSON example and the streaming formats, 422 as problem+json."""
    content: dict[str, Any] = {
        "application/json": {"example": example},
        "text/csv": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    }
    if geojson:
        content["application/geo+json"] = {"schema": {"type": "object"}}
    return {
        200: {"description": "A page (format=json) or a stream of every match (csv, ndjson"
                             + (", geojson" if geojson else "") + ").", "content": content},
        422: _problem("An unknown name, a malformed value or an unknown parameter.", UNKNOWN_NAME_EXAMPLE),
    }


def item_responses(example: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """200 with an example, 404 and 422 as problem+json."""
    return {
        200: {"description": "The resource.", "content": {"application/json": {"example": example}}},
        404: _problem("No such id.", NOT_FOUND_EXAMPLE),
        422: _problem("An id that is not a positive integer.", INVALID_EXAMPLE),
    }

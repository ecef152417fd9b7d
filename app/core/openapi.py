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
NOT_FOUND_EXAMPLE = {
    "type": PROBLEM_BASE + "not-found", "title": "Not found", "status": 404,
    "detail": "There is no article with id 999999.", "param": "id", "instance": "/v1/articles/999999",
}


def _problem(description: str, example: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"example": example}}}


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
    """200 with an example, 404 as problem+json."""
    return {
        200: {"description": "The resource.", "content": {"application/json": {"example": example}}},
        404: _problem("No such id.", NOT_FOUND_EXAMPLE),
    }

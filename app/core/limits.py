"""Request limits enforced before any handler runs: body size (413) and NUL bytes in the query (422)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(BaseException):  # not an Exception: FastAPI turns those into a 400
    """Raised while streaming a request body that passes the cap."""


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_bytes`` (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except BodyTooLarge:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        await send_problem(send, {
            "type": PROBLEM_BASE + "body-too-large",
            "title": "Request body too large",
            "status": 413,
            "detail": f"Request bodies are limited to {self.max_bytes} bytes.",
            "instance": scope.get("path", ""),
        })


class NulQueryMiddleware:
    """Refuse query parameters containing NUL: no text column can hold one (PostgreSQL rejects it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw: bytes = scope.get("query_string", b"") if scope["type"] == "http" else b""
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True) if b"%00" in raw else []
        param = next((name for name, value in pairs if "\x00" in name + value), None)
        if param is None:
            await self.app(scope, receive, send)
            return
        await send_problem(send, {
            "type": PROBLEM_BASE + "invalid-parameter",
            "title": "Invalid parameter",
            "status": 422,
            "detail": f"Invalid value for '{param}': NUL characters are not allowed.",
            "param": param,
            "instance": scope.get("path", ""),
        })


async def send_problem(send: Send, body: dict[str, Any]) -> None:
    """Send a complete problem+json response from ASGI middleware."""
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": body["status"], "headers": headers})
    await send({"type": "http.response.body", "body": payload})

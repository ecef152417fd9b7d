"""The admin token: write endpoints exist only when one is configured, and require it as a Bearer token."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.core.errors import Unauthorized

_bearer = HTTPBearer(auto_error=False, description="NEWSDESK_ADMIN_TOKEN as `Authorization: Bearer ...`")


def require_admin(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Let the request through only with the configured admin token (compared in constant time)."""
    token = request.app.state.settings.admin_token
    given = credentials.credentials if credentials is not None else ""
    expected = token.get_secret_value() if token is not None else ""
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("A valid admin token is required: send 'Authorization: Bearer <token>'.",
                           headers={"WWW-Authenticate": 'Bearer realm="newsdesk"'})


AdminDep = Depends(require_admin)

"""FastAPI dependencies: a database session per request, inside the request's time budget."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.core.budget import time_budget


def get_session(request: Request) -> Iterator[Session]:
    """A session for one request; the read API never commits, so it is closed (rolled back) at the end."""
    budget_ms = request.app.state.settings.db_time_budget_ms
    with request.app.state.sessionmaker() as session, time_budget(session, budget_ms):
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]

"""FastAPI dependencies: a database session per request, inside the request's time budget."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.core.budget import BUDGET_MS, timeouts_as_errors

REQUEST_SESSION = "newsdesk.request_session"  # Session.info key: made by get_session, closed by the request
LIMITER = "newsdesk.limiter"  # Session.info key: the process's query limiter (app.core.respond.run_query)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for one request; the read API never commits, so it is closed (rolled back) at the end.

    Making it costs no database work: it connects, and its time budget starts, when a query first runs,
    in the worker thread running it. An async dependency saves the two threadpool hops a sync one takes.
    """
    state = request.app.state
    budget_ms = state.settings.db_time_budget_ms
    session = state.sessionmaker(info={BUDGET_MS: budget_ms, REQUEST_SESSION: True, LIMITER: state.limiter})
    try:
        with timeouts_as_errors(budget_ms):
            yield session
    finally:
        if session.in_transaction():  # still holds a connection: handing it back is database I/O
            await run_in_threadpool(session.close)
        else:
            session.close()


def release(session: Session) -> None:
    """Close a request's own session where its queries ran (a session injected in its place is left open)."""
    if session.info.get(REQUEST_SESSION):
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]

"""API test fixtures: the hand-made archive in the per-test session, and an app serving that session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.deps import get_session
from app.core.pagination import session_factory
from app.main import create_app
from tests.api.build import build
from tests.api.data import Ids


@pytest.fixture
def ids(session: Session) -> Ids:
    """The fixture archive, stored in this test's (rolled back) transaction."""
    return build(session)


@pytest.fixture
def app(database_url: str, session: Session) -> FastAPI:
    """The real app, whose request sessions are this test's session."""
    application = create_app(Settings(database_url=database_url))

    def same_session() -> Iterator[Session]:
        yield session

    def same_session_for_exports() -> Callable[[], AbstractContextManager[Session]]:
        return lambda: nullcontext(session)  # later export pages too read the test's transaction

    application.dependency_overrides[get_session] = same_session
    application.dependency_overrides[session_factory] = same_session_for_exports
    return application


@pytest.fixture
def client(app: FastAPI, ids: Ids) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client

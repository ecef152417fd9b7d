"""The versioned API: every feature router mounted under /v1."""

from __future__ import annotations

from fastapi import APIRouter

v1_router = APIRouter(prefix="/v1")

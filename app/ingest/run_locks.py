"""Locks that live exactly as long as an ingest process: how a later run tells a dead run from a live one.

PostgreSQL: session advisory locks on a connection kept for the run (the server drops them when the
connection goes, e.g. the process was killed), so runs on other hosts are judged right too. SQLite: an
flock on a file next to the database per run (the kernel drops it when the process dies; a SQLite
database is only ever shared by processes of one host). A database in memory needs no lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, text

LOCK_CLASS = 0x6E657773  # "news": the first key of every advisory lock newsdesk takes
STARTING = 0  # the second key of the start-up lock; run ids start at 1


class RunLocks(Protocol):
    """What a run needs: the start-up lock, a lock of its own, and a test of another run's."""

    def starting(self) -> contextlib.AbstractContextManager[None]: ...
    def hold(self, run_id: int) -> None: ...
    def alive(self, run_id: int) -> bool: ...


@contextlib.contextmanager
def run_locks(bind: Engine | Connection) -> Iterator[RunLocks]:
    """The locks for the database behind ``bind``, released when the block ends."""
    engine = bind if isinstance(bind, Engine) else bind.engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            advisory = AdvisoryLocks(conn)
            try:
                yield advisory
            finally:
                advisory.release()  # the connection goes back to the pool, where a lock would outlive us
        return
    database = engine.url.database or ""
    if database in ("", ":memory:") or "mode=memory" in str(engine.url):
        yield NoLocks()
        return
    files = FileLocks(Path(database))
    try:
        yield files
    finally:
        files.release()


class NoLocks:
    """A private database (SQLite in memory): no other process can see its runs."""

    @contextlib.contextmanager
    def starting(self) -> Iterator[None]:
        yield

    def hold(self, run_id: int) -> None:
        """Nothing to hold."""

    def alive(self, run_id: int) -> bool:
        """A "running" run of a private database can only be this process's own."""
        return True


class AdvisoryLocks:
    """PostgreSQL session advisory locks (LOCK_CLASS, run id) on one dedicated connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.held: int | None = None

    @contextlib.contextmanager
    def starting(self) -> Iterator[None]:
        self._call("pg_advisory_lock", STARTING)
        try:
            yield
        finally:
            self._call("pg_advisory_unlock", STARTING)

    def hold(self, run_id: int) -> None:
        """Take the run's lock until release() (or until the connection dies with the process)."""
        self._call("pg_advisory_lock", run_id)
        self.held = run_id

    def release(self) -> None:
        """Give the run's lock back (the status is already stored when this runs)."""
        if self.held is not None:
            self._call("pg_advisory_unlock", self.held)
            self.held = None

    def alive(self, run_id: int) -> bool:
        """True when another session holds the run's lock."""
        if not self._call("pg_try_advisory_lock", run_id):
            return True
        self._call("pg_advisory_unlock", run_id)
        return False

    def _call(self, function: str, key: int) -> bool:
        statement = text(f"SELECT {function}(:cls, :key)")
        result = self.conn.execute(statement, {"cls": LOCK_CLASS, "key": key}).scalar()
        return result is not False


class FileLocks:
    """flock(2) on "<database>.ingest.lock" (start-up) and "<database>.run-<id>.lock" (one run)."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.held: tuple[Path, int] | None = None
        self.usable = True  # False when no lock file can be made here (e.g. a read-only directory)

    @contextlib.contextmanager
    def starting(self) -> Iterator[None]:
        try:
            fd = os.open(f"{self.database}.ingest.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            self.usable = False  # then no run is judged (alive() says yes) and none holds a lock
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the only descriptor releases the lock

    def hold(self, run_id: int) -> None:
        """Create the run's lock file and keep it locked until release()."""
        if not self.usable:
            return
        path = self._path(run_id)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.held = (path, fd)

    def alive(self, run_id: int) -> bool:
        """True when some process holds the run's lock file locked; a dead run's file is removed."""
        if not self.usable:
            return True
        try:
            fd = os.open(self._path(run_id), os.O_RDWR)
        except FileNotFoundError:
            return False  # runs take their lock before anyone may look: no file, no process
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        self._path(run_id).unlink(missing_ok=True)
        return False

    def release(self) -> None:
        """Remove and unlock this run's file (the status is already stored when this runs)."""
        if self.held is not None:
            path, fd = self.held
            path.unlink(missing_ok=True)
            os.close(fd)
            self.held = None

    def _path(self, run_id: int) -> Path:
        return Path(f"{self.database}.run-{run_id}.lock")

"""Tables derived from installed data (GeoNames), kept on disk: each process loads them, not rebuilds them.

A table is stored under a digest of everything it is derived from: the data files' paths, sizes and
modification times, the source of the modules that build it, and the Python version. A changed input
is a new file name, so a stale table is never read. Any failure to read (missing, truncated, corrupt,
unreadable) means a rebuild; any failure to write is ignored. Writes go to a temporary file that is then
renamed, so concurrent workers never read a half-written table. Set NEWSDESK_CACHE_DIR to move the cache,
or to an empty string to turn it off. The files hold pickles: the directory must be the user's own.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cached_table(name: str, inputs: Iterable[Path], build: Callable[[], T], kind: type[T]) -> T:
    """The table ``build`` makes from ``inputs``, read from the disk cache when a current copy is there."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{_digest(inputs)}.pickle"
    table = _read(path)
    if isinstance(table, kind):
        return table
    table = build()
    _write(path, table)
    return table


def cache_dir() -> Path | None:
    """$NEWSDESK_CACHE_DIR, else $XDG_CACHE_HOME/newsdesk or ~/.cache/newsdesk; None when turned off."""
    configured = os.environ.get("NEWSDESK_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsdesk"


def _digest(inputs: Iterable[Path]) -> str:
    digest = hashlib.sha256(f"{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for path in inputs:
        stat = path.stat()
        digest.update(f"|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|".encode())
        if path.suffix == ".py":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _read(path: Path) -> object:
    paused = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects, none cyclic
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # missing or damaged: the caller rebuilds it
        return None
    finally:
        if paused:
            gc.enable()


def _write(path: Path, table: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(table, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a table built at image build time
            os.replace(tmp, path)
            _prune(path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:  # a read-only or full disk: the table was built, it just is not kept
        pass


def _prune(current: Path) -> None:
    """Drop the tables of older inputs under the same name: each is tens of megabytes."""
    name = current.name.rsplit("-", 1)[0]
    for old in current.parent.glob(f"{name}-*.pickle"):
        if old != current:
            old.unlink(missing_ok=True)

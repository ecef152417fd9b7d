"""Cap glibc's malloc arenas, so a threaded server's memory does not creep up with fragmentation.

glibc gives each thread that contends for the heap an arena of its own (up to 8 per core) and rarely
returns their memory; with the threadpool that serves sync endpoints, the server's RSS kept growing in the
soak (benchmarks/soak.py: +40% in 5 minutes by default, flat with 2 arenas). Same as MALLOC_ARENA_MAX=2,
which takes precedence when set.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

M_ARENA_MAX = -8  # from glibc's malloc.h
DEFAULT_ARENAS = 2


def cap_malloc_arenas(arenas: int = DEFAULT_ARENAS) -> bool:
    """Limit the arenas threads created from now on may use; False when not on glibc or already set."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to cap
        return False

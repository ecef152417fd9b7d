"""The process tree and its TCP connections, read from /proc (Linux), for tests of worker processes."""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.procs import children

__all__ = ["alive", "children", "spawned", "tcp_peers"]


def spawned(pids: set[int]) -> set[int]:
    """The multiprocessing workers among ``pids`` (the rest: multiprocessing's resource tracker)."""
    found = set()
    for pid in pids:
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(pid)
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """True while the process runs (not ended, not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def tcp_peers(pid: int, port: int) -> set[int]:
    """The remote ports of the IPv4 TCP connections process ``pid`` holds on local port ``port``."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    peers = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()  # sl, local address, remote address, ..., inode (the tenth)
        local, remote, inode = fields[1], fields[2], fields[9]
        if inode in inodes and int(local.split(":")[1], 16) == port:
            peers.add(int(remote.split(":")[1], 16))
    return peers

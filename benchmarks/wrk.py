"""The same closed-loop load as ``loadgen``, driven by wrk (Debian's ``wrk`` package): a C client.

The Python client spends about as much CPU per request as a fast server does, and on a 2-core machine
that CPU is taken from the server being measured. wrk keeps C connections busy from one thread per core
with a small fraction of that, so the server's own cost per request decides the figures.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import urlencode

from benchmarks.loadgen import Result

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_SIZES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def available() -> bool:
    return shutil.which("wrk") is not None


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse(name: str, clients: int, output: str) -> Result:
    """A Result from ``wrk --latency`` output (bytes per response include the HTTP headers)."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m), ([\d.]+)([KMG]?B) read", output)
    if done is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    requests, seconds = int(done[1]), _ms(done[2] + done[3]) / 1000
    read = float(done[4]) * _SIZES[done[5]]
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx[1]) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    first = (non_2xx[0] if non_2xx else "") or (sockets[0] if sockets else "")
    return Result(
        name,
        clients,
        requests - (int(non_2xx[1]) if non_2xx else 0),
        errors,
        seconds,
        _ms(p50[1]) if p50 else float("nan"),
        _ms(p99[1]) if p99 else float("nan"),
        read / requests if requests else 0.0,
        first,
    )


def run(name: str, url: str, params: dict[str, str], clients: int, seconds: float) -> Result:
    """Load one URL with ``clients`` connections for ``seconds`` (one wrk thread per core, at most 2)."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("benchmarks only load servers on 127.0.0.1")
    full = f"{url}?{urlencode(params)}" if params else url
    threads = min(2, clients)
    cmd = ["wrk", "--latency", f"-t{threads}", f"-c{clients}", f"-d{max(1, round(seconds))}s",
           "--timeout", "120s", full]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 180)
    return parse(name, clients, done.stdout)

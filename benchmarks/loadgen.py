"""A closed-loop HTTP load generator: C clients, each sending its next request when the last one ends."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

import httpx


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    clients: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    mean_bytes: float
    first_error: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        err = f"  errors {self.errors} ({self.first_error[:80]})" if self.errors else ""
        return (
            f"{self.name:<34} c={self.clients:<3} {self.rps:8.1f} req/s  p50 {self.p50_ms:8.1f} ms  "
            f"p99 {self.p99_ms:8.1f} ms  n={self.requests:<5} {self.mean_bytes / 1024:8.1f} KiB/resp{err}"
        )


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def _client(
    client: httpx.AsyncClient,
    url: str,
    params: dict[str, str],
    deadline: float,
    budget: list[int],
    latencies: list[float],
    sizes: list[int],
    errors: list[str],
) -> None:
    while budget[0] > 0 and time.perf_counter() < deadline:
        budget[0] -= 1
        started = time.perf_counter()
        try:
            response = await client.get(url, params=params)
            body = await response.aread()
            ok = response.status_code == 200
            if not ok:
                errors.append(f"{response.status_code}: {body[:200]!r}")
        except httpx.HTTPError as exc:
            ok, body = False, b""
            errors.append(f"{type(exc).__name__}: {exc}")
        if ok:
            latencies.append((time.perf_counter() - started) * 1000)
            sizes.append(len(body))


async def _run(
    name: str,
    url: str,
    params: dict[str, str],
    clients: int,
    max_requests: int,
    max_seconds: float,
    warmup: int,
) -> Result:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        for _ in range(warmup):
            await (await client.get(url, params=params)).aread()
        latencies: list[float] = []
        sizes: list[int] = []
        errors: list[str] = []
        budget = [max_requests]
        started = time.perf_counter()
        deadline = started + max_seconds
        await asyncio.gather(
            *(
                _client(client, url, params, deadline, budget, latencies, sizes, errors)
                for _ in range(clients)
            )
        )
        seconds = time.perf_counter() - started
    return Result(
        name,
        clients,
        len(latencies),
        len(errors),
        seconds,
        _percentile(latencies, 50),
        _percentile(latencies, 99),
        statistics.fmean(sizes) if sizes else 0.0,
        errors[0] if errors else "",
    )


def run(
    name: str,
    url: str,
    params: dict[str, str],
    clients: int,
    *,
    max_requests: int = 3000,
    max_seconds: float = 10.0,
    warmup: int = 2,
    client: str = "httpx",
) -> Result:
    """Load one URL with ``clients`` concurrent connections, bounded in requests and seconds.

    ``client="wrk"`` drives the load with wrk instead (bounded in seconds only), after the same warm-up.
    """
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("benchmarks only load servers on 127.0.0.1")
    if client == "wrk":
        from benchmarks import wrk  # imported here: wrk imports Result from this module

        asyncio.run(_run(name, url, params, 1, warmup, 60.0, 0))
        return wrk.run(name, url, params, clients, max_seconds)
    return asyncio.run(_run(name, url, params, clients, max_requests, max_seconds, warmup))

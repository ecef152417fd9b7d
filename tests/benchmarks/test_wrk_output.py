"""The wrk driver of the API benchmark reads wrk's own report correctly (outputs captured from wrk 4.1.0)."""

from __future__ import annotations

import math

import pytest

from benchmarks.wrk import parse

ERRORS = """Running 1s test @ http://127.0.0.1:8791/v1/articles?limit=5000
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.41ms    1.83ms  16.78ms   88.55%
    Req/Sec     2.20k     0.96k    3.40k    50.00%
  Latency Distribution
     50%  608.00us
     75%    1.35ms
     90%    3.40ms
     99%    9.46ms
  2208 requests in 1.01s, 0.99MB read
  Non-2xx or 3xx responses: 2208
Requests/sec:   2184.29
Transfer/sec:      0.98MB
"""

OK = """Running 3s test @ http://127.0.0.1:8791/v1/articles?limit=50
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    95.12ms   40.20ms 250.10ms   70.00%
    Req/Sec    41.20     10.00    60.00     70.00%
  Latency Distribution
     50%   92.90ms
     75%  110.00ms
     90%  150.00ms
     99%  243.70ms
  236 requests in 3.02s, 7.56MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
Requests/sec:     78.10
Transfer/sec:      2.50MB
"""


def test_latencies_are_read_in_their_units() -> None:
    result = parse("page 1", 8, OK)
    assert (result.requests, result.seconds) == (236, pytest.approx(3.02))
    assert result.p50_ms == pytest.approx(92.9) and result.p99_ms == pytest.approx(243.7)
    assert result.mean_bytes == pytest.approx(7.56 * 1024**2 / 236)
    assert result.errors == 3 and result.first_error.startswith("Socket errors")


def test_non_2xx_responses_are_errors_not_throughput() -> None:
    result = parse("bad", 2, ERRORS)
    assert result.requests == 0 and result.errors == 2208 and result.rps == 0.0
    assert result.p50_ms == pytest.approx(0.608)


def test_output_without_a_summary_is_refused() -> None:
    with pytest.raises(RuntimeError, match="unexpected wrk output"):
        parse("x", 1, "unable to connect to 127.0.0.1:1 Connection refused\n")
    assert math.isnan(parse("x", 1, "  5 requests in 1.00s, 1.00KB read\n").p99_ms)

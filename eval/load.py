"""Load a running citeqa server: throughput, latency percentiles, errors and the server's memory under concurrency.

Usage (a server started separately, e.g. ``citeqa serve --port 8799``; ``--pid`` to follow its RSS)::

    python -m citeqa.eval.load --url http://127.0.0.1:8799 --set eval/sets/article.jsonl \\
        --clients 1 16 64 --requests 640 --pid $(pgrep -f "citeqa serve")

For each client count, that many clients ask the set's questions in turn (``--requests`` in all) over httpx's async
client and the script prints: requests per second, p50/p95/p99 of answered requests and their ratio to the
one-client p50 of the same run (the machine is shared, so ratios travel better than milliseconds), answers by
status (503 is the server's deliberate backpressure), transport errors, and the server's RSS before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from citeqa.core.errors import ConfigError
from citeqa.eval.metrics import percentile
from citeqa.eval.runner import load_set


@dataclass
class Round:
    """What one client count measured."""

    clients: int
    requests: int
    seconds: float
    statuses: dict[str, int]
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rss_mb_before: float | None
    rss_mb_after: float | None
    per_second: float = field(init=False)

    def __post_init__(self) -> None:
        self.per_second = self.requests / self.seconds if self.seconds > 0 else 0.0


def rss_mb(pid: int | None) -> float | None:
    """The resident memory of process ``pid`` in MB (``None`` without a pid or where /proc cannot tell)."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def run_round(url: str, questions: list[str], clients: int, requests: int, pid: int | None,
                    timeout: float = 120.0, honor_retry_after: bool = True) -> Round:
    """``clients`` concurrent clients asking ``requests`` questions in all (cycling through ``questions``). A client
    told 503 waits the ``Retry-After`` seconds before its next request, as a well-behaved client does (unless
    ``honor_retry_after`` is off: then it asks again at once)."""
    statuses: Counter[str] = Counter()
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(questions[i % len(questions)])
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            question = queue.get_nowait()
            started = time.perf_counter()
            try:
                response = await http.post(f"{url}/ask", json={"question": question})
            except httpx.HTTPError:
                errors += 1
                continue
            statuses[str(response.status_code)] += 1
            if response.status_code == 200:
                latencies.append((time.perf_counter() - started) * 1000)
            elif response.status_code == 503 and honor_retry_after:
                await asyncio.sleep(float(response.headers.get("retry-after", "1") or 1))

    before = rss_mb(pid)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        seconds = time.perf_counter() - started
    return Round(clients, requests, seconds, dict(statuses), errors, percentile(latencies, 50),
                 percentile(latencies, 95), percentile(latencies, 99), before, rss_mb(pid))


def render(rounds: list[Round]) -> str:
    """A table of the rounds; latencies also as multiples of the first round's p50."""
    floor = rounds[0].p50_ms or 1.0
    lines = [f"{'clients':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p99/p50(1)':>10} "
             f"{'200':>6} {'503':>6} {'other':>6} {'errors':>6} {'RSS MB':>15}"]
    for r in rounds:
        other = sum(n for s, n in r.statuses.items() if s not in ("200", "503"))
        rss = (f"{r.rss_mb_before:.0f} -> {r.rss_mb_after:.0f}"
               if r.rss_mb_before is not None and r.rss_mb_after is not None else "-")
        lines.append(f"{r.clients:>7} {r.per_second:>7.1f} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.p99_ms:>8.1f} "
                     f"{r.p99_ms / floor:>10.1f} {r.statuses.get('200', 0):>6} {r.statuses.get('503', 0):>6} "
                     f"{other:>6} {r.errors:>6} {rss:>15}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--url", required=True, help="the server's base URL")
    parser.add_argument("--set", type=Path, required=True, help="an eval set (JSONL) whose questions to ask")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16, 64], help="client counts, in order")
    parser.add_argument("--requests", type=int, nargs="+", default=[320],
                        help="requests per client count: one for all, or one per --clients value")
    parser.add_argument("--pid", type=int, default=None, help="the server's process id, to report its RSS")
    parser.add_argument("--output", type=Path, default=None, help="also write the rounds as JSON")
    parser.add_argument("--no-retry-after", action="store_true",
                        help="ask again at once after a 503 (default: wait its Retry-After seconds)")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.clients + args.requests):
        parser.error("--clients and --requests must be at least 1")
    if len(args.requests) not in (1, len(args.clients)):
        parser.error(f"give one --requests, or one per client count ({len(args.clients)})")
    requests = args.requests * len(args.clients) if len(args.requests) == 1 else args.requests
    try:
        questions = [item.question for item in load_set(args.set)]
    except ConfigError as exc:
        parser.error(str(exc))
    if not questions:
        parser.error(f"{args.set} holds no questions")
    rounds = [asyncio.run(run_round(args.url, questions, n, count, args.pid, honor_retry_after=not args.no_retry_after))
              for n, count in zip(args.clients, requests, strict=True)]
    sys.stdout.write(render(rounds) + "\n")
    if args.output is not None:
        args.output.write_text(json.dumps([asdict(r) for r in rounds], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

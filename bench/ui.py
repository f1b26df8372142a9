"""Review-UI benchmark: page latency under simulated users, SQLite and PostgreSQL, against static HTML.

Run: `uv run python bench/ui.py [--units 100] [--documents 100] [--users 20] [--duration 60] [--skip-postgres]`
(`--quick`: 10 units × 20 documents, 15 s, a smoke run).

The corpus (bench/ui_corpus.py) is built in a temporary folder, the real app is started as its own process
(`uvicorn --factory review_ui.app:create_app`, one process per core, as `kiemchung serve` starts it) on a free port, and
`--users` simulated users, each signed in with its own session, request in turn the dashboard, a random unit
page, a random document page and a search (a document number or two words of a topic), pausing 1 s after each
answer (a closed loop: a slow server gets fewer requests, so the rate reached is printed). Requests sent in the
measured window count, after a warm-up. The load generator runs on the same machine (asyncio + httpx). Page
images are separate requests and are left out. Baseline in the same run: one page of each kind, fetched
once, served as static files by the same kind of uvicorn process under the same load. Goal (issue): p95 <
300 ms for every page on both databases. Other processes on the machine slow it too: its load average is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
SERVER_WORKERS = min(os.cpu_count() or 1, 4)  # what `kiemchung serve` starts by default
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from bench.ui_corpus import BuiltCorpus

KINDS = ("dashboard", "unit", "document", "search")
GOAL_MS = 300.0
PAUSE_SECONDS = 1.0
YEAR = 2025
SECRET = "bench-ui-secret-key-not-for-production-use-0123456789"
STATIC_DIR_ENV = "BENCH_UI_STATIC_DIR"


class Picker(Protocol):
    def url(self, kind: str, rng: random.Random) -> str: ...


@dataclass
class AppTargets:
    """Random pages of the built corpus, by kind."""

    units: list[str]
    document_ids: list[int]
    terms: list[str]

    def url(self, kind: str, rng: random.Random) -> str:
        if kind == "dashboard":
            return f"/?year={YEAR}"
        if kind == "unit":
            return f"/units/{quote(rng.choice(self.units), safe='')}/{YEAR}"
        if kind == "document":
            return f"/documents/{rng.choice(self.document_ids)}"
        return f"/search?q={quote(rng.choice(self.terms))}"


class StaticTargets:
    """The saved copy of each kind of page."""

    def url(self, kind: str, rng: random.Random) -> str:
        return f"/{kind}.html"


@dataclass
class Samples:
    """Latencies (ms) of the answers to requests sent inside the measured window, by page kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    examples: list[str] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds of the server process in the window, per second (1.0 = one core)
    client_cpu: float = 0.0
    load_average: float = 0.0  # the machine's 1-minute load average at the end of the window

    def record(self, kind: str, milliseconds: float | None, problem: str | None) -> None:
        self.requests += 1
        if milliseconds is not None:
            self.latencies[kind].append(milliseconds)
        if problem is not None:
            self.errors[kind] += 1
            if len(self.examples) < 5:
                self.examples.append(problem)


@dataclass(frozen=True)
class Window:
    start: float
    end: float


@dataclass
class RunResult:
    name: str
    samples: Samples
    setup_seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


# --- the server processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_ready(base_url: str, path: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base_url + path, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{base_url}{path} did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def server(factory: str, env: dict[str, str], ready_path: str, log: Path) -> Iterator[tuple[str, int]]:
    """`uvicorn --factory` in its own process(es), `SERVER_WORKERS` of them as `kiemchung serve` starts by
    default on this machine, no access log; yields (base URL, pid of the parent)."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning", "--no-access-log", "--workers", str(SERVER_WORKERS)]  # fmt: skip
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=output)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base_url, ready_path, process)
        yield base_url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def static_app() -> Starlette:
    """The baseline server: the saved pages as static files (`uvicorn --factory bench.ui:static_app`)."""
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    return Starlette(routes=[Mount("/", StaticFiles(directory=os.environ[STATIC_DIR_ENV]))])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its child processes (the server's workers; Linux /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


# --- the simulated users --------------------------------------------------------------------------------------


async def sign_in(client: httpx.AsyncClient, username: str, password: str) -> None:
    page = await client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    if found is None:
        raise RuntimeError(f"no CSRF token on the sign-in page (HTTP {page.status_code})")
    answer = await client.post(
        "/login", data={"username": username, "password": password, "csrf": found.group(1), "next": "/"}
    )
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in refused: HTTP {answer.status_code}")


async def timed_get(client: httpx.AsyncClient, url: str) -> tuple[float | None, str | None]:
    """(latency in ms with the whole body read, a problem if the answer was not a 200)."""
    started = time.perf_counter()
    try:
        response = await client.get(url)
    except httpx.HTTPError as error:
        return None, f"{url}: {type(error).__name__}"
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, None if response.status_code == 200 else f"{url}: HTTP {response.status_code}"


async def simulate_user(
    index: int, client: httpx.AsyncClient, picker: Picker, window: Window, samples: Samples
) -> None:
    """Dashboard, unit, document, search, in turn (each user starting elsewhere), a pause after each answer."""
    rng = random.Random(index)
    await asyncio.sleep(rng.random() * PAUSE_SECONDS)  # users do not all start on the same tick
    turn = index
    while time.perf_counter() < window.end:
        kind = KINDS[turn % len(KINDS)]
        turn += 1
        sent = time.perf_counter()
        milliseconds, problem = await timed_get(client, picker.url(kind, rng))
        if window.start <= sent < window.end:
            samples.record(kind, milliseconds, problem)
        await asyncio.sleep(PAUSE_SECONDS)


async def measure_cpu(pid: int, window: Window, samples: Samples) -> None:
    await asyncio.sleep(max(0.0, window.start - time.perf_counter()))
    server, client = cpu_seconds(pid), time.process_time()
    await asyncio.sleep(max(0.0, window.end - time.perf_counter()))
    samples.server_cpu = (cpu_seconds(pid) - server) / (window.end - window.start)
    samples.client_cpu = (time.process_time() - client) / (window.end - window.start)
    samples.load_average = os.getloadavg()[0]


async def run_load(base_url: str, pid: int, picker: Picker, args: argparse.Namespace, login: bool) -> Samples:
    from bench.ui_corpus import ADMIN, ADMIN_PASSWORD

    samples = Samples(seconds=args.duration)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)  # one browser tab per user
    clients = [httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) for _ in range(args.users)]
    try:
        if login:
            for client in clients:  # one after the other: argon2 is meant to be slow
                await sign_in(client, ADMIN, ADMIN_PASSWORD)
        now = time.perf_counter()
        window = Window(now + args.warmup, now + args.warmup + args.duration)
        users = [simulate_user(i, c, picker, window, samples) for i, c in enumerate(clients)]
        await asyncio.gather(measure_cpu(pid, window, samples), *users)
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    return samples


async def signed_in_client(base_url: str) -> httpx.AsyncClient:
    from bench.ui_corpus import ADMIN, ADMIN_PASSWORD

    client = httpx.AsyncClient(base_url=base_url, timeout=120)
    await sign_in(client, ADMIN, ADMIN_PASSWORD)
    return client


async def unloaded(base_url: str, targets: AppTargets, repeats: int = 5) -> dict[str, float]:
    """Median latency (ms) of each kind of page requested alone, one after the other: the service time that
    the load then queues behind."""
    rng = random.Random(2)
    client = await signed_in_client(base_url)
    medians = {}
    try:
        for kind in KINDS:
            times = [(await timed_get(client, targets.url(kind, rng)))[0] for _ in range(repeats)]
            medians[kind] = statistics.median(t if t is not None else math.nan for t in times)
    finally:
        await client.aclose()
    return medians


async def save_pages(base_url: str, targets: AppTargets, folder: Path) -> dict[str, int]:
    """One page of each kind as the app renders it → kind.html (search: two words of a topic, a full page of
    results, rather than a number that finds one document)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    urls = {kind: targets.url(kind, rng) for kind in KINDS}
    words = next(term for term in targets.terms if not any(ch.isdigit() for ch in term))
    urls["search"] = f"/search?q={quote(words)}"
    sizes = {}
    client = await signed_in_client(base_url)
    try:
        for kind, url in urls.items():
            response = await client.get(url)
            response.raise_for_status()
            (folder / f"{kind}.html").write_bytes(response.content)
            sizes[kind] = len(response.content)
    finally:
        await client.aclose()
    return sizes


# --- one run per backend, and the baseline ----------------------------------------------------------------------


def app_env(data_dir: Path, database_url: str) -> dict[str, str]:
    return {"KIEMCHUNG_DATA_DIR": str(data_dir), "KIEMCHUNG_DATABASE_URL": database_url,
            "KIEMCHUNG_SECRET_KEY": SECRET}  # fmt: skip


def build(
    name: str, data_dir: Path, database_url: str, args: argparse.Namespace
) -> tuple[BuiltCorpus, float]:
    from bench.ui_corpus import build_corpus

    print(f"\n[{name}] building {args.units} units × {args.documents} documents …", flush=True)
    started = time.perf_counter()
    built = build_corpus(data_dir, database_url, args.units, args.documents)
    seconds = time.perf_counter() - started
    steps = ", ".join(f"{step} {value:.0f} s" for step, value in built.timings.items())
    print(f"[{name}] set-up {seconds:.0f} s ({steps}); {len(built.document_ids):,} documents", flush=True)
    return built, seconds


def run_backend(
    name: str, database_url: str, data_dir: Path, args: argparse.Namespace, static_dir: Path | None
) -> RunResult:
    """Build, serve, load; with `static_dir`, also keep one page of each kind there for the baseline."""
    data_dir.mkdir(parents=True, exist_ok=True)
    built, setup = build(name, data_dir, database_url, args)
    targets = AppTargets(built.units, built.document_ids, built.search_terms)
    with server("review_ui.app:create_app", app_env(data_dir, database_url), "/login",
                data_dir / "server.log") as (base_url, pid):  # fmt: skip
        print(f"[{name}] load: {args.users} users, {args.warmup:.0f} s warm-up + {args.duration:.0f} s …",
              flush=True)  # fmt: skip
        alone = asyncio.run(unloaded(base_url, targets))
        samples = asyncio.run(run_load(base_url, pid, targets, args, login=True))
        if static_dir is not None:
            sizes = asyncio.run(save_pages(base_url, targets, static_dir))
            print(
                "  saved for the baseline: " + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items())
            )
    print_detail(name, samples, alone)
    return RunResult(name, samples, setup, built.timings)


def run_static(static_dir: Path, args: argparse.Namespace) -> RunResult:
    env = {STATIC_DIR_ENV: str(static_dir)}
    with server("bench.ui:static_app", env, "/dashboard.html", static_dir.parent / "static.log") as (
        base_url,
        pid,
    ):
        print(f"\n[static] load: {args.users} users, {args.warmup:.0f} s warm-up + {args.duration:.0f} s …",
              flush=True)  # fmt: skip
        samples = asyncio.run(run_load(base_url, pid, StaticTargets(), args, login=False))
    print_detail("static", samples)
    return RunResult("static", samples)


def run_postgres(tmp: Path, args: argparse.Namespace) -> RunResult | None:
    from devkit.pgserver import PostgresUnavailable, TemporaryPostgres

    if args.skip_postgres:
        print("\n[postgresql] skipped (--skip-postgres)")
        return None
    try:
        with TemporaryPostgres() as url:
            return run_backend("postgresql", url, tmp / "postgresql", args, None)
    except PostgresUnavailable as error:
        print(f"\n[postgresql] skipped: PostgreSQL is unavailable ({error})")
        return None


# --- the report ----------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def print_detail(name: str, samples: Samples, alone: dict[str, float] | None = None) -> None:
    """Per page kind under load; `alone`: the median of the page requested with no other load."""
    rate = samples.requests / samples.seconds if samples.seconds else 0.0
    print(
        f"  {'page':<10} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'alone ms':>9}"
    )
    for kind in KINDS:
        values = samples.latencies[kind]
        print(f"  {kind:<10} {len(values):>6} {samples.errors[kind]:>6} {percentile(values, 0.5):>8.1f} "
              f"{percentile(values, 0.95):>8.1f} {max(values, default=math.nan):>8.1f} "
              f"{(alone or {}).get(kind, math.nan):>9.1f}")  # fmt: skip
    print(f"  {samples.requests:,} requests in {samples.seconds:.0f} s ({rate:.1f}/s); server CPU "
          f"{samples.server_cpu:.0%} of a core, load generator {samples.client_cpu:.0%}; machine load average "
          f"{samples.load_average:.1f} ({os.cpu_count()} CPUs; other processes count too)")  # fmt: skip
    for example in samples.examples:
        print(f"  error: {example}")


def cell(samples: Samples | None, kind: str, with_max: bool = True) -> str:
    if samples is None:
        return "—"
    values = samples.latencies[kind]
    parts = [percentile(values, 0.5), percentile(values, 0.95)] + (
        [max(values, default=math.nan)] if with_max else []
    )
    text = " / ".join(f"{value:.0f}" for value in parts)
    return text + (f" ({samples.errors[kind]} err)" if samples.errors[kind] else "")


def verdict(runs: list[RunResult], kind: str) -> str:
    checked = [run for run in runs if run.name != "static"]
    met = [run.name for run in checked
           if percentile(run.samples.latencies[kind], 0.95) < GOAL_MS and not run.samples.errors[kind]]  # fmt: skip
    missed = [run.name for run in checked if run.name not in met]
    return "yes" if not missed else f"no ({', '.join(missed)})" if not met else f"only {', '.join(met)}"


def print_summary(runs: list[RunResult], args: argparse.Namespace) -> None:
    by_name = {run.name: run.samples for run in runs}
    head = ["page", "SQLite p50/p95/max ms", "PostgreSQL p50/p95/max ms", "static baseline p50/p95 ms",
            f"goal p95 < {GOAL_MS:.0f} ms met?"]  # fmt: skip
    rows = [[kind, cell(by_name.get("sqlite"), kind), cell(by_name.get("postgresql"), kind),
             cell(by_name.get("static"), kind, with_max=False), verdict(runs, kind)] for kind in KINDS]  # fmt: skip
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    print(
        f"\n{args.units} units × {args.documents} documents, {args.users} users, {args.duration:.0f} s each"
    )
    for row in [head, *rows]:
        print(" | ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)))
    for run in runs:
        setup = f"set-up {run.setup_seconds:.0f} s, " if run.setup_seconds else ""
        print(f"  {run.name}: {setup}{run.samples.requests:,} requests measured")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--documents", type=int, default=100, help="documents per unit")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds of load per server")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of load before measuring")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--quick", action="store_true", help="10 units × 20 documents, 15 s (a smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.units, args.documents, args.duration, args.warmup = 10, 20, 15.0, 3.0
    return args


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="kiemchung-bench-ui-", dir=os.environ.get("TMPDIR")) as name:
        tmp = Path(name)
        sqlite_dir = tmp / "sqlite"
        sqlite_url = f"sqlite:///{sqlite_dir / 'kiemchung.sqlite3'}"
        runs = [run_backend("sqlite", sqlite_url, sqlite_dir, args, tmp / "static" / "pages")]
        runs.append(run_static(tmp / "static" / "pages", args))
        postgres = run_postgres(tmp, args)
        runs += [postgres] if postgres else []
        print_summary(runs, args)


if __name__ == "__main__":
    main()

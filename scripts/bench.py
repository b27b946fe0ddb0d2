#!/usr/bin/env python3
"""Tend's speed budgets, measured as ratios against a baseline run in the same process.

Run: .venv/bin/python scripts/bench.py [--people 10000] [--interactions 200000] [--writes 400]
Prints a table and writes bench-results/bench.json. Budgets are in ../shared/ARCHITECTURE.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
import orjson  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from concurrent.futures import ThreadPoolExecutor  # noqa: E402
import threading  # noqa: E402

import bench_store  # noqa: E402
from companion import imports, profiles  # noqa: E402
from companion.conversations import resolve  # noqa: E402
from companion.activity import Activity  # noqa: E402
from companion.extract import extract  # noqa: E402
from companion.extract.lean import lean_capture  # noqa: E402
from companion.jobs import read_profile  # noqa: E402
from companion.store.captures import pack_page  # noqa: E402
from companion.workers import pool  # noqa: E402
from companion.models import CaptureRequest, ImportRequest, InteractionCreate, ResolveRequest, format_timestamp  # noqa: E402
from companion.store import Store  # noqa: E402
from companion.store.derived import DERIVED_NAME  # noqa: E402
from companion.suggestions import Suggestions  # noqa: E402
from companion.store.people_match import match_fold, person_words  # noqa: E402

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def build_snapshot(data_dir: Path, people: int, interactions: int) -> dict[str, dict[str, dict[str, Any]]]:
    """A realistic store of that size (scripts/bench_store.py) in data_dir; its tables, for the baseline."""
    tables = bench_store.tables(people, interactions, NOW)
    bench_store.write(data_dir, tables)
    return tables


def measure_start(data_dir: Path, until_saved: bool = False) -> dict[str, float]:
    """Start `tend serve` on that store: seconds until /health answers, seconds until a person's timeline
    answers (every table loaded and indexed), and the peak resident memory once suggestions answer too.
    `until_saved`: stop only once the warm-up has saved what it derived (tend.derived), as a companion
    left running for a few seconds does."""
    (data_dir / "runtime.json").unlink(missing_ok=True)  # a killed run's; this one writes its own once ready
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "companion", "serve", "--port", "0", "--data-dir",
                               str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]  # "Tend companion X listening on URL"
        with urllib.request.urlopen(f"{url}/api/v1/health") as answer:
            answer.read()
        listening = time.perf_counter() - started
        token = _wait_runtime(data_dir, server)[1]
        timeline = urllib.request.Request(f"{url}/api/v1/people/1/interactions",
                                          headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(timeline) as answer:
            answer.read()
        ready = time.perf_counter() - started
        suggestions = urllib.request.Request(f"{url}/api/v1/suggestions",
                                             headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(suggestions) as answer:  # the warm-up's last step: memory at its peak
            answer.read()
        rss_mb = max(memory_mb(server.pid))
        deadline = time.monotonic() + 120
        while until_saved and not (data_dir / DERIVED_NAME).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.kill()  # no final snapshot: the store is measured as it was built
        server.wait()
    return {"start_s": listening, "ready_s": ready, "rss_mb": rss_mb}


def _wait_runtime(data_dir: Path, process: subprocess.Popen) -> tuple[str, str]:  # type: ignore[type-arg]
    """The URL and CLI token a starting `tend serve` writes once it listens."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("tend serve exited")
        try:
            runtime = json.loads((data_dir / "runtime.json").read_text())
            return runtime["url"], runtime["cli_token"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.05)
    raise RuntimeError("tend serve did not start")


@contextmanager
def served(data_dir: Path, kill: bool = False) -> Iterator[tuple[int, str, str]]:
    """A `tend serve` on that store once it listens: its pid, URL and CLI token. Stopped on the way out:
    terminated (it writes its final snapshot) or, with `kill`, killed (the store left as it was measured)."""
    (data_dir / "runtime.json").unlink(missing_ok=True)  # a killed server's own would point at nothing
    process = subprocess.Popen([sys.executable, "-m", "companion", "serve", "--port", "0", "--data-dir",
                                str(data_dir)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url, token = _wait_runtime(data_dir, process)
        yield process.pid, url, token
    finally:
        if kill:
            process.kill()
            process.wait()
        else:
            process.terminate()
            process.wait(30)


def _get(url: str, token: str) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})) as answer:
        return answer.read()


def _post(url: str, token: str, body: object) -> int:
    """POST a JSON body (already encoded when bytes, as a client sends it ready); the answer's status."""
    data = body if isinstance(body, bytes) else orjson.dumps(body)
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def match_times(data_dir: Path, people: int, runs: int = 200) -> dict[str, float]:
    """The picker's answer (GET /people/match, minus HTTP): two to five typed letters of a random person's
    name or organization, on the store as warmed up; and the index's build, timed on its own."""
    store = Store(data_dir, lambda: NOW)
    store.db.table_docs("people")
    started = time.perf_counter()
    store.people.words.warm()
    build = time.perf_counter() - started
    rng = random.Random(4)
    samples = []
    for _ in range(runs):
        doc = store.people.raw(rng.randint(1, people))
        word = rng.choice([doc["name"], doc.get("organization") or doc["name"]]).split()[-1]
        typed = word[: rng.randint(2, 5)]
        start = time.perf_counter()
        store.people.match(typed, 10)
        samples.append(time.perf_counter() - start)
    resolving = []
    for _ in range(runs // 4):  # a conversation page: ten saved people's addresses and links, ten strangers'
        docs = [store.people.raw(rng.randint(1, people)) for _ in range(10)]
        emails = [email for doc in docs for email in doc.get("emails", [])] + [f"x{n}@nowhere.example" for n in range(5)]
        links = [link["url"] for doc in docs for link in doc.get("urls", [])] + [f"https://github.com/nobody{n}" for n in range(5)]
        start = time.perf_counter()
        resolve(store, ResolveRequest(emails=emails, urls=links))
        resolving.append(time.perf_counter() - start)
    store.db.storage._journal.close()  # nothing was written: leave the store as it was built
    store.db._lock.release()
    return {"match_p95_ms": p95(samples) * 1000, "match_index_build_ms": build * 1000,
            "resolve_page_p95_ms": p95(resolving) * 1000}


def suggestion_times(data_dir: Path, people: int, runs: int = 40) -> dict[str, float]:
    """Today's suggestions on that store: cold (a fresh engine on the store as `tend serve` has it after
    its warm-up: the world and every rule), warm (asked again, nothing changed), after a write (indexes
    kept current, ranking recomputed). The activity index the rules read is one of the store's indexes,
    built at warm-up; its build is timed on its own too, so nothing is hidden."""
    store = Store(data_dir, lambda: NOW)
    started = time.perf_counter()
    store.db.warm()  # tables loaded and indexes built, the activity index among them
    warm_up = time.perf_counter() - started
    builds = []
    for _ in range(3):
        started = time.perf_counter()
        Activity.build(store.db.storage.table("interactions").values())
        builds.append(time.perf_counter() - started)
    today = NOW.date()
    colds = []
    engine: Suggestions | None = None
    for _ in range(3):  # the median of three fresh engines: this machine is noisy
        if engine is not None:
            store.db.unsubscribe(engine._on_change)
        started = time.perf_counter()
        engine = Suggestions(store)
        engine.today(today)
        colds.append(time.perf_counter() - started)
    assert engine is not None
    cold = statistics.median(colds)
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        engine.today(today)
        warm.append(time.perf_counter() - started)
    rng = random.Random(3)
    after_write = []
    for _ in range(runs // 4):
        store.interactions.log(InteractionCreate(person_ids=[rng.randint(1, people)], kind="call"))
        started = time.perf_counter()
        engine.today(today)
        after_write.append(time.perf_counter() - started)
    store.db.storage._journal.close()
    store.db._lock.release()
    return {"suggest_cold_ms": cold * 1000, "activity_index_build_ms": statistics.median(builds) * 1000,
            "store_warm_up_s": warm_up, "suggest_warm_p95_ms": p95(warm) * 1000,
            "suggest_after_write_p95_ms": p95(after_write) * 1000, "suggest_candidates": len(engine.ranked(today))}


def linkedin_import(folder: Path, rows: int) -> dict[str, float]:
    """LinkedIn's Connections.csv with `rows` connections into an empty store, then again (all known).
    The baseline: reading the same file with the csv module alone, in the same process."""
    rng = random.Random(4)
    lines = ["Notes:", '"When exporting your connection data, you may notice that some of the email addresses are '
             'missing."', "", "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(rows):
        email = f"p{i}@example.org" if rng.random() < 0.1 else ""
        lines.append(f"First{i},Last{i},https://www.linkedin.com/in/first-last-{i},{email},\"Company {i % 900}, Inc\","
                     f"Engineer {i % 50},{rng.randint(1, 28):02d} {rng.choice(['Jan', 'Mar', 'Jul', 'Nov'])} "
                     f"{rng.randint(2010, 2025)}")
    request = ImportRequest(format="linkedin", content="\n".join(lines) + "\n")
    store = Store(folder / "imports", lambda: NOW)
    started = time.perf_counter()
    first = imports.run(store, request)
    fresh = time.perf_counter() - started
    started = time.perf_counter()
    second = imports.run(store, request)
    again = time.perf_counter() - started
    store.close()
    started = time.perf_counter()
    sum(1 for _ in csv.reader(io.StringIO(request.content)))
    parse = time.perf_counter() - started
    assert first.created == rows and second.skipped == rows, (first.created, second.skipped)
    return {"import_fresh_s": fresh, "import_again_s": again, "import_csv_parse_s": parse,
            "import_fresh_vs_csv": fresh / parse}


def store_figures(data_dir: Path, people: int, terms: list[str], writes: int) -> dict[str, list[float]]:
    """In process, on the store as `tend serve` holds it after its warm-up: logging an interaction (the
    fsync included), a search of a few typed letters (one page of 20) and a person's timeline (one page
    of 50): the logical operations the SQLite baseline repeats."""
    store = Store(data_dir, lambda: NOW)
    store.db.warm()
    rng = random.Random(2)
    samples: dict[str, list[float]] = {"log": [], "search": [], "timeline": []}
    for _ in range(writes):
        fields = InteractionCreate(person_ids=[rng.randint(1, people)], kind="call", note="quick check-in")
        start = time.perf_counter()
        store.interactions.log(fields)
        samples["log"].append(time.perf_counter() - start)
    for term in terms:
        start = time.perf_counter()
        store.people.search(term, limit=20)
        samples["search"].append(time.perf_counter() - start)
    for _ in range(len(terms)):
        person_id = rng.randint(1, people)
        start = time.perf_counter()
        store.interactions.timeline(person_id, limit=50)
        samples["timeline"].append(time.perf_counter() - start)
    store.db.storage._journal.close()  # leave without the final snapshot: only the operations are measured
    store.db._lock.release()
    return samples


class Baseline:
    """The anchor: the same store in SQLite (WAL, synchronous=FULL, indexed), the same logical operations:
    log an interaction (insert it, link its person, update their last time), search the words people are
    known by (an indexed prefix range, one page of 20 by name, and the count), a person's timeline (one
    page of 50, newest first). Results are decoded from JSON, as Tend's are."""

    def __init__(self, path: Path, tables: dict[str, dict[str, dict[str, Any]]]) -> None:
        self.db = db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript("""
            CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, doc TEXT, last TEXT);
            CREATE TABLE words (word TEXT, person_id INTEGER);
            CREATE TABLE interactions (id INTEGER PRIMARY KEY, doc TEXT);
            CREATE TABLE involved (person_id INTEGER, occurred_at TEXT, interaction_id INTEGER);
        """)
        db.execute("BEGIN")
        db.executemany("INSERT INTO people VALUES (?, ?, ?, ?)",
                       ((int(key), match_fold(doc["name"]), json.dumps(doc), doc.get("last_interaction_at"))
                        for key, doc in tables["people"].items()))
        db.executemany("INSERT INTO words VALUES (?, ?)", ((word, int(key)) for key, doc in tables["people"].items()
                                                             for word in person_words(doc)))
        db.executemany("INSERT INTO interactions VALUES (?, ?)",
                       ((int(key), json.dumps(doc)) for key, doc in tables["interactions"].items()))
        db.executemany("INSERT INTO involved VALUES (?, ?, ?)",
                       ((person_id, doc["occurred_at"], int(key)) for key, doc in tables["interactions"].items()
                        for person_id in doc["person_ids"]))
        for statement in ("CREATE INDEX by_word ON words(word)", "CREATE INDEX by_name ON people(name)",
                          "CREATE INDEX by_person ON involved(person_id, occurred_at)", "COMMIT"):
            db.execute(statement)

    def log(self, people: int, writes: int) -> list[float]:
        rng = random.Random(2)
        samples = []
        for _ in range(writes):
            person = rng.randint(1, people)
            now = format_timestamp(NOW)
            doc = json.dumps({"person_ids": [person], "kind": "call", "note": "quick check-in", "occurred_at": now})
            start = time.perf_counter()
            self.db.execute("BEGIN")
            cursor = self.db.execute("INSERT INTO interactions (doc) VALUES (?)", (doc,))
            self.db.execute("INSERT INTO involved VALUES (?, ?, ?)", (person, now, cursor.lastrowid))
            self.db.execute("UPDATE people SET last = ? WHERE id = ?", (now, person))
            self.db.execute("COMMIT")
            samples.append(time.perf_counter() - start)
        return samples

    def search(self, terms: list[str]) -> list[float]:
        samples = []
        for term in terms:
            low = match_fold(term)
            high = low + "\U0010ffff"
            start = time.perf_counter()
            page = self.db.execute(
                "SELECT id, doc FROM people WHERE id IN (SELECT person_id FROM words WHERE word >= ? AND word < ?) "
                "ORDER BY name, id LIMIT 20", (low, high)).fetchall()
            [json.loads(doc) for _, doc in page]
            self.db.execute("SELECT COUNT(DISTINCT person_id) FROM words WHERE word >= ? AND word < ?",
                            (low, high)).fetchone()
            samples.append(time.perf_counter() - start)
        return samples

    def timeline(self, people: int, runs: int) -> list[float]:
        rng = random.Random(5)
        samples = []
        for _ in range(runs):
            person = rng.randint(1, people)
            start = time.perf_counter()
            page = self.db.execute(
                "SELECT interactions.doc FROM involved JOIN interactions ON interactions.id = involved.interaction_id "
                "WHERE person_id = ? ORDER BY occurred_at DESC, interaction_id DESC LIMIT 50", (person,)).fetchall()
            [json.loads(doc) for (doc,) in page]
            self.db.execute("SELECT COUNT(*) FROM involved WHERE person_id = ?", (person,)).fetchone()
            samples.append(time.perf_counter() - start)
        return samples

    def close(self) -> None:
        self.db.close()


class Connection:
    """One keep-alive HTTP connection to a running `tend serve`, as the extension's fetches reuse theirs."""

    def __init__(self, url: str, token: str) -> None:
        address = urllib.parse.urlsplit(url)
        self.http = http.client.HTTPConnection(address.hostname, address.port, timeout=300)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: object = None) -> bytes:
        self.http.request(method, path, body=None if body is None else orjson.dumps(body), headers=self.headers)
        answer = self.http.getresponse()
        content = answer.read()
        if answer.status >= 400:
            raise RuntimeError(f"{method} {path}: {answer.status} {content[:200]!r}")
        return content

    def timed(self, method: str, path: str, body: object = None) -> float:
        start = time.perf_counter()
        self.call(method, path, body)
        return time.perf_counter() - start


def memory_mb(pid: int) -> tuple[float, float]:
    """A process's resident memory now and at its peak so far (VmRSS, VmHWM), in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def cpu_ticks(pid: int) -> int:
    """User and system clock ticks a process and its children (the capture workers, which import the
    extraction stack as the server warms up) have used (/proc/PID/stat, fields 14 and 15)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # field 4: the parent's pid
            total += int(fields[11]) + int(fields[12])
    return total


def settled(pid: int, quiet_s: float = 0.5, timeout_s: float = 120) -> None:
    """Wait until the server's warm-up is over (a condition, not a guess: half a second with almost no
    CPU used by it and its workers), so the timed reads measure the warm server, not its competition
    with the warm-up."""
    deadline = time.monotonic() + timeout_s
    before = cpu_ticks(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = cpu_ticks(pid)
        if now - before <= 2:
            return
        before = now
    raise RuntimeError("the companion never went quiet after starting")


def http_reads(data_dir: Path, people: int, terms: list[str]) -> dict[str, float]:
    """Over HTTP from a real `tend serve`, warmed up: search, insights, a timeline, and the suggestions
    asked just after logging an interaction; then memory after all that, and how much each export
    raises the peak (each is streamed, so none should raise it much)."""
    rng = random.Random(6)
    with served(data_dir, kill=True) as (pid, url, token):
        client = Connection(url, token)
        client.call("GET", "/api/v1/people/1/interactions?limit=50")  # every table loaded and indexed
        client.call("GET", "/api/v1/suggestions")
        client.call("GET", "/api/v1/insights")
        settled(pid)
        search = [client.timed("GET", "/api/v1/people?limit=20&q=" + urllib.parse.quote(term)) for term in terms]
        timeline = [client.timed("GET", f"/api/v1/people/{rng.randint(1, people)}/interactions?limit=50")
                    for _ in terms]
        insights, after_write = [], []
        for _ in range(len(terms) // 2):
            client.call("POST", "/api/v1/interactions", {"person_ids": [rng.randint(1, people)],
                                                         "kind": rng.choice(["helped_me", "helped_them", "call"])})
            after_write.append(client.timed("GET", "/api/v1/suggestions"))
            insights.append(client.timed("GET", "/api/v1/insights"))
        rss, peak = memory_mb(pid)
        exports = {}
        for key in ("json", "csv", "vcard", "ics"):
            client.call("GET", f"/api/v1/exports/{key}")
            exports[key] = memory_mb(pid)[1] / peak
    return {"search_http_p95_ms": p95(search) * 1000, "timeline_http_p95_ms": p95(timeline) * 1000,
            "insights_http_p95_ms": p95(insights) * 1000, "suggest_after_write_http_p95_ms": p95(after_write) * 1000,
            "rss_after_reads_mb": rss, "peak_after_reads_mb": peak,
            **{f"export_peak_growth:{key}": value for key, value in exports.items()},
            "export_peak_growth_max": max(exports.values())}


def scale_figures(folder: Path, people: int, interactions: int, writes: int, runs: int) -> dict[str, float]:
    """Every figure of issue 20 at one size: start, memory, search, insights, suggestions after a write,
    timeline and logging, with the SQLite anchor doing the same logical operations in the same run."""
    data_dir = folder / f"store-{people}"
    tables = build_snapshot(data_dir, people, interactions)
    terms = bench_store.search_terms(random.Random(4), tables["people"], runs)
    baseline = Baseline(folder / f"baseline-{people}.sqlite", tables)
    del tables
    sqlite = {"log": baseline.log(people, writes), "search": baseline.search(terms),
              "timeline": baseline.timeline(people, runs)}
    baseline.close()
    first = measure_start(data_dir, until_saved=True)  # nothing derived saved yet, as after an upgrade
    starts = [measure_start(data_dir) for _ in range(3)]  # this machine is noisy: the median of three
    figures = {key: statistics.median(run[key] for run in starts) for key in starts[0]}
    figures["first_ready_s"] = first["ready_s"]
    figures.update(http_reads(data_dir, people, terms))
    tend = store_figures(data_dir, people, terms, writes)
    for operation in ("log", "search", "timeline"):
        figures[f"{operation}_p95_ms"] = p95(tend[operation]) * 1000
        figures[f"{operation}_sqlite_p95_ms"] = p95(sqlite[operation]) * 1000
        figures[f"{operation}_vs_sqlite"] = p95(tend[operation]) / p95(sqlite[operation])
    return figures


CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
CAPTURE_PAGES = {"linkedin-2022-signedin-1": "https://www.linkedin.com/in/austinoboyle/",
                 "linkedin-2024-signedin-1": "https://www.linkedin.com/in/sri-lalitha-jeevanige-35520a61/",
                 "x-2025-1": "https://x.com/Kikobeats", "github-2021-self-1": "https://github.com/Winay-Chowdary66"}


def best_times(actions: list[Callable[[], object]], runs: int) -> list[float]:
    """The fastest of `runs` timings of each action, taken in turns (A B A B ...), so both sides of a
    ratio see the same machine: this one is shared and noisy, and the minimum is the least disturbed."""
    best = [float("inf")] * len(actions)
    for _ in range(runs):
        for position, action in enumerate(actions):
            start = time.perf_counter()
            action()
            best[position] = min(best[position], time.perf_counter() - start)
    return best


PACKER = ThreadPoolExecutor(max_workers=1)


def handle_capture(store: Store, body: bytes) -> bytes:
    """What POST /captures does with a body, minus HTTP framing: decode, validate, read the page in a worker
    process while it is compressed on a thread, capture, serialize."""
    request = CaptureRequest.model_validate(orjson.loads(body))
    packing = PACKER.submit(pack_page, request.html)
    draft = pool().call(read_profile, request.html, request.url)
    return profiles.capture(store, request, draft, packing.result(), []).model_dump_json().encode()


def pathological_page(elements: int = 40_000) -> str:
    """Misnested inline tags under the tag limit (240k tags): seconds of parsing, past the time budget."""
    return "<html><body>" + "<p><b>x<i>y</b></i></p>" * elements + "</body></html>"


def loop_under_heavy_capture(data_dir: Path) -> dict[str, float]:
    """/health and a timeline, asked again and again from a real `tend serve` while it refuses a
    pathological capture (killed at its 10 s budget), against how long reading that page holds a Python
    thread: what every request waited for when extraction ran on the event loop."""
    html = pathological_page()
    started = time.perf_counter()
    extract(html, "https://example.org/pathological")
    inline_s = time.perf_counter() - started
    with served(data_dir) as (_, url, token):
        get = lambda path: _get(url + path, token)  # noqa: E731
        _post(url + "/api/v1/captures", token, {"url": "https://example.org/warm", "html": "<h1>Warm</h1>"})
        outcome: dict[str, object] = {}
        heavy = threading.Thread(target=lambda: outcome.update(status=_post(
            url + "/api/v1/captures", token, {"url": "https://example.org/pathological", "html": html})))
        heavy.start()
        health, timeline = [], []
        while heavy.is_alive():
            for samples, path in ((health, "/api/v1/health"), (timeline, "/api/v1/people/1/interactions?limit=20")):
                start = time.perf_counter()
                get(path)
                samples.append(time.perf_counter() - start)
        heavy.join()
    quantile = lambda samples, q: statistics.quantiles(samples, n=100)[q - 1] * 1000  # noqa: E731
    return {"heavy_capture_status": float(outcome["status"]), "heavy_health_p50_ms": quantile(health, 50),  # type: ignore[arg-type]
            "heavy_health_p99_ms": quantile(health, 99), "heavy_timeline_p99_ms": quantile(timeline, 99),
            "heavy_requests": float(len(health) + len(timeline)), "heavy_inline_parse_s": inline_s}


def capture_budgets(folder: Path, runs: int) -> dict[str, float]:
    """Handling a capture vs one BeautifulSoup(lxml) parse of the same HTML (<= 1.3x), and the
    companion side of a lean capture of a 1 MB profile vs a bare lxml.html parse of the full page (<= 4x).
    The lean capture is made by companion.extract.lean, the reference of what the extension sends."""
    store = Store(folder / "captures-data", lambda: NOW)
    ratios: dict[str, float] = {}
    for slug, url in CAPTURE_PAGES.items():
        html = (CORPUS / slug / "source.html").read_bytes().decode("utf-8")
        # Each run a distinct page (a comment differs), so each one is compressed and written anew; the
        # body is encoded before the clock starts, as it arrives already encoded.
        bodies = [orjson.dumps({"url": url, "html": f"{html}<!-- {n} -->"}) for n in range(runs)]
        next_body = iter(bodies).__next__
        parse, handle = best_times([lambda: BeautifulSoup(html, "lxml"),
                                    lambda: handle_capture(store, next_body())], runs)
        ratios[slug] = handle / parse
    full = (CORPUS / "linkedin-2022-signedin-1" / "source.html").read_bytes().decode("utf-8")
    lean = lean_capture(full)
    lean_body = orjson.dumps({"url": CAPTURE_PAGES["linkedin-2022-signedin-1"], "html": lean})
    bare, lean_handle = best_times([lambda: lxml.html.fromstring(full), lambda: handle_capture(store, lean_body)],
                                   runs)
    store.close()
    return {"capture_vs_parse_max": max(ratios.values()), **{f"capture_vs_parse:{k}": v for k, v in ratios.items()},
            "lean_save_ms": lean_handle * 1000, "lxml_full_parse_ms": bare * 1000,
            "lean_save_vs_lxml_full": lean_handle / bare, "lean_kb": len(lean.encode()) / 1024,
            "full_kb": len(full.encode()) / 1024}


def capture_over_http(data_dir: Path, runs: int) -> dict[str, float]:
    """POST /api/v1/captures to a real `tend serve` on loopback, end to end (HTTP, JSON, the worker
    process, compression, the store), against one BeautifulSoup(lxml) parse of the same page in this
    process, timed in turns. The body is encoded before the clock starts, as a client sends it ready."""
    ratios: dict[str, float] = {}
    with served(data_dir) as (_, url, token):
        _post(url + "/api/v1/captures", token, {"url": "https://example.org/warm", "html": "<h1>Warm</h1>"})
        for slug, page_url in CAPTURE_PAGES.items():
            html = (CORPUS / slug / "source.html").read_bytes().decode("utf-8")
            bodies = iter([orjson.dumps({"url": page_url, "html": f"{html}<!-- {n} -->"}) for n in range(runs)])
            parse, handle = best_times([lambda: BeautifulSoup(html, "lxml"),
                                        lambda: _post(url + "/api/v1/captures", token, next(bodies))], runs)
            ratios[slug] = handle / parse
    return {"capture_http_vs_parse_max": max(ratios.values()),
            **{f"capture_http_vs_parse:{k}": v for k, v in ratios.items()}}


# (figure, label, goal at the first size, goal at the large size, unit); None: reported, no goal.
SCALE_ROWS: list[tuple[str, str, float | None, float | None, str]] = [
    ("start_s", "start -> /health answers", 0.4, 0.4, "s"),
    ("ready_s", "start -> a timeline answers", 1.5, 5, "s"),
    ("first_ready_s", "  the first start (none saved)", None, None, "s"),
    ("rss_mb", "resident memory, warmed up", 200, 700, "MB"),
    ("export_peak_growth_max", "  peak raised by an export", 1.25, 1.25, "x"),
    ("search_http_p95_ms", "GET /people?q=, p95", 10, 30, "ms"),
    ("insights_http_p95_ms", "GET /insights, p95", 50, 50, "ms"),
    ("suggest_after_write_http_p95_ms", "suggestions after a write, p95", 20, 60, "ms"),
    ("timeline_http_p95_ms", "a timeline over HTTP, p95", None, None, "ms"),
    ("log_p95_ms", "log one interaction, p95", 5, 5, "ms"),
    ("log_vs_sqlite", "  vs SQLite (same operation)", 3, 3, "x"),
    ("search_p95_ms", "search in process, p95", None, None, "ms"),
    ("search_vs_sqlite", "  vs SQLite (indexed prefix)", 3, 3, "x"),
    ("timeline_p95_ms", "timeline in process, p95", None, None, "ms"),
    ("timeline_vs_sqlite", "  vs SQLite (indexed)", 3, 3, "x"),
]


def scale_table(sizes: list[tuple[int, int]], figures: list[dict[str, float]]) -> list[str]:
    """One line per figure: its value at each size, its goal, and the growth factor between the sizes."""
    head = f"{'figure':<32}" + "".join(f"{f'{p // 1000}k/{i // 1000}k':>12}" for p, i in sizes)
    lines = [head + ("     growth" if len(sizes) > 1 else "") + "  goal"]
    for key, label, small_goal, large_goal, unit in SCALE_ROWS:
        goals = [small_goal] + [large_goal] * (len(sizes) - 1)
        values = [size[key] for size in figures]
        ok = all(goal is None or value <= goal for value, goal in zip(values, goals))
        line = f"{label:<32}" + "".join(f"{value:>9.3g} {unit:<2}" for value in values)
        if len(sizes) > 1:
            line += f"{values[-1] / values[0]:>10.2f}x"
        goal_text = " / ".join(f"<= {goal:g}" for goal in dict.fromkeys(goals) if goal is not None) or "-"
        lines.append(f"{line}  {goal_text:<14} {'ok' if ok else 'OVER'}")
    return lines


POUCHDB_SERVER = ROOT / "tests" / "sync" / "server" / "node_modules" / "pouchdb-server" / "bin" / "pouchdb-server"


@contextmanager
def couch_server(folder: Path) -> Iterator[str]:
    """PouchDB Server in memory on a free loopback port (./scripts/test installs it): its URL."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(["node", str(POUCHDB_SERVER), "--in-memory", "--host", "127.0.0.1", "--port",
                               str(port), "--no-color"], cwd=folder, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("PouchDB Server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        server.kill()
        server.wait()


def sync_figures(folder: Path, people: int, interactions: int, runs: int = 40) -> dict[str, float]:
    """Issue 21's figures against a CouchDB-protocol server: the first sync of a whole store to an empty
    database; how long an interaction logged on one machine takes to appear on another (push, the other's
    long poll answering, its apply), both online; and logging with sync recording beside without."""
    import asyncio

    from companion.sync.couch import Couch, Server
    from companion.sync.local import LocalSide
    from companion.sync.replicator import Replicator

    build_snapshot(folder / "sync-laptop", people, interactions)
    bench_store.write(folder / "sync-small", bench_store.tables(200, 2000, NOW))

    async def measure(url: str) -> dict[str, float]:
        laptop = Store(folder / "sync-laptop", lambda: NOW)
        side = LocalSide(laptop)
        async with Couch(Server(url, "first")) as couch:
            started = time.perf_counter()
            await Replicator(side, couch).sync()
            first = time.perf_counter() - started
        side.close()
        rng = random.Random(7)
        plain = [timed_log(laptop, rng.randint(1, people)) for _ in range(runs * 5)]
        side = LocalSide(laptop)
        recorded = [timed_log(laptop, rng.randint(1, people)) for _ in range(runs * 5)]
        side.close()
        laptop.close()

        one, other = Store(folder / "sync-small", lambda: NOW), Store(folder / "sync-empty", lambda: NOW)
        sides = LocalSide(one), LocalSide(other)
        async with Couch(Server(url, "live")) as near, Couch(Server(url, "live")) as far:
            sender, receiver = Replicator(sides[0], near), Replicator(sides[1], far)
            await sender.sync()
            await receiver.sync()
            delays = []
            for _ in range(runs):
                listening = asyncio.create_task(receiver.pull(wait_s=30))
                await asyncio.sleep(0.05)  # the long poll is at the server before the write
                started = time.perf_counter()
                one.interactions.log(InteractionCreate(person_ids=[rng.randint(1, 200)], kind="call"))
                await sender.push()
                await listening
                delays.append(time.perf_counter() - started)
        for side_, store_ in zip(sides, (one, other)):
            side_.close()
            store_.close()
        return {"sync_first_s": first, "sync_appears_p95_s": p95(delays),
                "sync_log_p95_ms": p95(recorded) * 1000, "sync_log_plain_p95_ms": p95(plain) * 1000}

    with couch_server(folder / "couch") as url:
        return asyncio.run(measure(url))


def timed_log(store: Store, person_id: int) -> float:
    started = time.perf_counter()
    store.interactions.log(InteractionCreate(person_ids=[person_id], kind="call"))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--writes", type=int, default=400)
    parser.add_argument("--reads", type=int, default=200, help="timed searches, timelines (half as many insights)")
    parser.add_argument("--large", action="store_true", help="the scale figures at 50k people / 1M interactions too, "
                        "with each figure's growth factor")
    parser.add_argument("--capture-runs", type=int, default=11)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--sync", action="store_true", help="sync's figures too, against PouchDB Server "
                        "(installed by ./scripts/test), at --people / --interactions")
    args = parser.parse_args()
    sizes = [(args.people, args.interactions)] + ([(50_000, 1_000_000)] if args.large else [])

    # On the project's own disk, as the user's data would be (tmpfs would flatter fsync).
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        folder = Path(tmp)
        # Captures first: before the large store exists, so its 300 MB do not weigh on the parse timings.
        captures = capture_budgets(folder, args.capture_runs)
        captures.update(capture_over_http(folder / "http-data", args.capture_runs))
        build_snapshot(folder / "heavy-data", 1000, 20_000)
        heavy = loop_under_heavy_capture(folder / "heavy-data")
        scale = [scale_figures(folder, people, interactions, args.writes, args.reads) for people, interactions in sizes]
        data_dir = folder / f"store-{args.people}"
        suggestions = suggestion_times(data_dir, args.people)
        matching = match_times(data_dir, args.people)
        imported = linkedin_import(folder, args.import_rows)  # last: its 50k people weigh on nothing else
        synced = sync_figures(folder, args.people, args.interactions) if args.sync else {}

    results: dict[str, Any] = {
        "store": {"people": args.people, "interactions": args.interactions, "writes": args.writes},
        "sizes": {f"{p}/{i}": {key: round(value, 3) for key, value in figures.items()}
                  for (p, i), figures in zip(sizes, scale)},
        **{key: round(value, 3) for key, value in captures.items()},
        **{key: round(value, 3) for key, value in heavy.items()},
        **{key: round(value, 3) for key, value in suggestions.items()},
        **{key: round(value, 3) for key, value in matching.items()},
        **{key: round(value, 3) for key, value in imported.items()},
        **{key: round(value, 3) for key, value in synced.items()},
    }
    if len(scale) > 1:
        results["growth"] = {key: round(scale[-1][key] / scale[0][key], 3) for key in scale[0] if scale[0][key]}
    budgets = [
               ("capture vs BS4 parse (max)", f"{results['capture_vs_parse_max']}x", "<= 1.3x",
                results["capture_vs_parse_max"] <= 1.3),
               ("  over HTTP, end to end (max)", f"{results['capture_http_vs_parse_max']}x", "<= 1.3x",
                results["capture_http_vs_parse_max"] <= 1.3),
               ("health while a page is read", f"p50 {results['heavy_health_p50_ms']} ms, p99 "
                f"{results['heavy_health_p99_ms']} ms ({results['heavy_requests']:.0f} asked; the page: "
                f"{results['heavy_capture_status']:.0f})", "<= 50 ms", results["heavy_health_p99_ms"] <= 50),
               ("  a timeline meanwhile, p99", f"{results['heavy_timeline_p99_ms']} ms", "<= 50 ms",
                results["heavy_timeline_p99_ms"] <= 50),
               ("  inline, as before", f"{results['heavy_inline_parse_s']} s (the loop held by the parse)", "-", True),
               ("lean save of a 1 MB page", f"{results['lean_save_vs_lxml_full']}x ({results['lean_save_ms']} ms, "
                f"{results['lean_kb']:.0f} of {results['full_kb']:.0f} KB)", "<= 4x lxml",
                results["lean_save_vs_lxml_full"] <= 4),
               ("picker match, p95", f"{results['match_p95_ms']} ms (index built in "
                f"{results['match_index_build_ms']} ms)", "<= 50 ms", results["match_p95_ms"] <= 50),
               ("  a page's people resolved, p95", f"{results['resolve_page_p95_ms']} ms", "<= 50 ms",
                results["resolve_page_p95_ms"] <= 50),
               ("suggestions, warm p95", f"{results['suggest_warm_p95_ms']} ms", "<= 50 ms",
                results["suggest_warm_p95_ms"] <= 50),
               ("  after a write, p95", f"{results['suggest_after_write_p95_ms']} ms", "-", True),
               ("suggestions, cold", f"{results['suggest_cold_ms']} ms", "<= 500 ms", results["suggest_cold_ms"] <= 500),
               ("  activity index build", f"{results['activity_index_build_ms']} ms (in the store's warm-up, "
                f"{results['store_warm_up_s']} s)", "-", True),
               (f"import {args.import_rows} LinkedIn rows", f"{results['import_fresh_s']} s "
                f"({results['import_fresh_vs_csv']:.0f}x the csv module's read)", "<= 30 s",
                results["import_fresh_s"] <= 30),
               ("  again, all already known", f"{results['import_again_s']} s", "<= first import",
                results["import_again_s"] <= max(30, results["import_fresh_s"]))]
    if synced:
        budgets += [
            (f"first sync, {args.people // 1000}k/{args.interactions // 1000}k", f"{results['sync_first_s']} s",
             "<= 60 s", results["sync_first_s"] <= 60),
            ("  logged here, there, p95", f"{results['sync_appears_p95_s']} s", "<= 2 s",
             results["sync_appears_p95_s"] <= 2),
            ("  log while syncing, p95", f"{results['sync_log_p95_ms']} ms (without: "
             f"{results['sync_log_plain_p95_ms']} ms)", "<= 5 ms", results["sync_log_p95_ms"] <= 5)]
    print(f"realistic stores (scripts/bench_store.py); {args.writes} timed writes, {args.reads} timed reads each")
    print("\n".join(scale_table(sizes, scale)))
    print()
    for name, value, budget, ok in budgets:
        print(f"{name:<28} {value:<22} {budget:<10} {'ok' if ok else 'OVER'}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

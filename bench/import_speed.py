"""`steadfast import FILE.csv --source NAME` on a large file: rows per second and peak memory.

Writes a CSV of N rows as a lead vendor sends them (external ids, phones in several formats,
emails, states, practice areas, messages, consent columns), with one row in fifty bad (no
first name, a consent cell that is not yes/no) and one in fifty a duplicate of an earlier
lead, then runs the command as a person does, in a new process on a fresh database, and
reports the wall time, the rows per second, the CPU time (the command and the process it
starts to check rows), the largest peak resident memory of one of its processes and the peak
of all of them together (PSS: pages they share counted once), and the load average. It then
runs the same file again (nothing new should be created) and reports that too.

    .venv/bin/python bench/import_speed.py                             # SQLite, 100,000 rows
    .venv/bin/python bench/import_speed.py --postgres postgres://postgres@127.0.0.1:5432/sf_bench_NAME
    .venv/bin/python bench/import_speed.py --compare OLD_CHECKOUT/src --compare-rows 1000

--compare imports a file of --compare-rows rows with the code under OLD_CHECKOUT/src and with
this code, one after the other on fresh databases, so the ratio is measured in one run.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PY = sys.executable
STATES = ["IL", "Illinois", "WI", "il", "IL", "WI"]
AREAS = ["auto_accident", "Car Accident", "workers_comp", "slip_and_fall", "dog_bite"]


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["external_id", "first_name", "last_name", "phone", "email", "state",
                      "zip", "practice_area", "message", "consent_call", "consent_sms",
                      "consent_email"])  # fmt: skip
        for i in range(rows):
            n = i - 1 if i % 50 == 25 else i  # a duplicate of the lead before
            phone = [f"(312) 5{n % 1_000_000:06d}"[:14], f"+1 773 {n % 10_000_000:07d}"][n % 2]
            out.writerow(
                [
                    f"V-{i}",
                    "" if i % 50 == 7 else f"First{i}",
                    f"Last{i}",
                    phone,
                    f"lead{n}@example.com",
                    STATES[i % len(STATES)],
                    "60601" if i % 3 == 0 else "",
                    AREAS[i % len(AREAS)],
                    f"I was hurt on the {i % 28 + 1}th, what can I do?",
                    "yes",
                    "maybe" if i % 50 == 13 else "yes",
                    "no" if i % 4 == 0 else "yes",
                ]
            )


def prepare(url: str, src: str | None, var: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "STEADFAST_VAR_DIR": str(var)}
    env["STEADFAST_LOG_LEVEL"] = "WARNING"
    if src:
        env["PYTHONPATH"] = src
    if url.startswith("postgres"):
        name, admin = url.rsplit("/", 1)[1], url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    subprocess.run([PY, "-m", "steadfast", "migrate", "-v0"], env=env, check=True)
    seed = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'steadfast.settings');"
        "django.setup(); from steadfast import clock;"
        "from steadfast.firms.services import demo_firm_seed;"
        "from steadfast.leads.services import source_create;"
        "firm = demo_firm_seed(now=clock.now())[0];"
        "source_create(firm=firm, name='Vendor', kind='csv', now=clock.now())"
    )
    subprocess.run([PY, "-c", seed], env=env, check=True)
    return env


def _tree(pid: int) -> list[int]:
    """The process and its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(child) for child in children)
    return found


def _pss_mb(pids: list[int]) -> float:
    """The proportional set size of these processes together (shared pages counted once)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the command and the processes it started
    peak: float  # the largest resident set of any one of them (MB)
    pss: float  # the peak of all of them together, shared pages counted once (MB)
    summary: str


def import_file(path: Path, env: dict[str, str]) -> Run:
    """Runs the command as a person does; its wall time, CPU, memory and summary."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [PY, "-m", "steadfast", "import", str(path), "--source", "Vendor"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    peak_pss = 0.0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak_pss
        while not done.wait(0.2):
            peak_pss = max(peak_pss, _pss_mb(_tree(proc.pid)))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    output = proc.stdout.read()
    done.set()
    watcher.join()
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    summary = " ".join(
        line.strip() for line in output.splitlines() if line.startswith("  ") and ":" in line
    )
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, peak_pss, summary)


def measure(label: str, rows: int, url: str, src: str | None, folder: Path) -> None:
    path = folder / f"leads-{rows}.csv"
    if not path.exists():
        write_csv(path, rows)
    size = path.stat().st_size / 1e6
    var = Path(tempfile.mkdtemp(prefix="steadfast-import-", dir=folder))
    env = prepare(url, src, var)
    first = import_file(path, env)
    print(
        f"{label:10} {rows:7,} rows ({size:.1f} MB): {rows / first.seconds:7,.0f} rows/s "
        f"({first.seconds:.1f} s, {first.cpu:.1f} s CPU), {_memory(first)}, load average "
        f"{os.getloadavg()[0]:.1f}; {first.summary}"
    )
    again = import_file(path, env)
    print(
        f"{'':10} the same file again: {rows / again.seconds:7,.0f} rows/s "
        f"({again.seconds:.1f} s, {again.cpu:.1f} s CPU), {_memory(again)}; {again.summary}"
    )


def _memory(run: Run) -> str:
    return f"peak memory {run.peak:.0f} MB (all its processes together: {run.pss:.0f} MB PSS)"


READ = (
    "import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'steadfast.settings');"
    "django.setup(); from pathlib import Path; from steadfast.leads.importing import csv_read;"
    "rows = csv_read(Path(sys.argv[1])); print(sum(1 for _ in rows))"
)


def read_only(path: Path, src: str | None) -> tuple[float, float, str]:
    """Reading and checking a file and going through its rows, without the database: the
    part whose memory grew with the file."""
    env = {**os.environ, "STEADFAST_LOG_LEVEL": "WARNING"}
    if src:
        env["PYTHONPATH"] = src
    start = time.perf_counter()
    proc = subprocess.Popen([PY, "-c", READ, str(path)], env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    rows = proc.stdout.read().strip()
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be dropped")
    parser.add_argument("--compare", help="the src/ folder of another checkout to measure too")
    parser.add_argument("--compare-rows", type=int, default=1_000)
    parser.add_argument(
        "--read-rows", type=int, default=0, help="only read a file of this many rows (no import)"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="steadfast-import-bench-"))
    if args.read_rows:
        path = folder / "read.csv"
        write_csv(path, args.read_rows)
        codes = [("this code", None)]
        if args.compare:
            codes.append(("compared", str(Path(args.compare).resolve())))
        for label, src in codes:
            seconds, peak, rows = read_only(path, src)
            print(
                f"{label:10} read and check {path.stat().st_size / 1e6:.0f} MB ({rows} rows): "
                f"{seconds:.1f} s, peak memory {peak:.0f} MB"
            )
        return
    url = args.postgres or f"sqlite:///{folder / 'bench.sqlite3'}"

    def fresh_url() -> str:
        if args.postgres:
            return url
        return f"sqlite:///{Path(tempfile.mkdtemp(dir=folder)) / 'bench.sqlite3'}"

    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}")
    if args.compare:
        old = str(Path(args.compare).resolve())
        measure("compared", args.compare_rows, fresh_url(), old, folder)
        measure("this code", args.compare_rows, fresh_url(), None, folder)
    measure("this code", args.rows, fresh_url(), None, folder)


if __name__ == "__main__":
    main()

"""Speed to lead: a burst of leads posted over HTTP, arrival → first touch queued.

Starts Steadfast on a free port (embedded: `steadfast serve` on a fresh SQLite file; or with
--postgres URL: `steadfast web` + two `steadfast worker` processes on a fresh database), posts
N leads spread evenly over D seconds from a pool of client threads, and reports, per lead, the
time from the client starting the POST to the lead's first touch being committed in the
ledger (the 201 is sent only after that commit, so the round trip is an upper bound), plus
the server-side figure (touch.created_at - lead.arrived_at).

    .venv/bin/python bench/speed_to_lead.py                       # embedded default
    .venv/bin/python bench/speed_to_lead.py --postgres postgres://postgres@127.0.0.1:5432/sf_bench
    .venv/bin/python bench/speed_to_lead.py --src OLD_CHECKOUT/src   # the same, older code
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)


def cpu_seconds(pids: list[int]) -> float | None:
    """User + system CPU of these processes and their live descendants (Linux /proc), or None."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    wanted, total = set(pids), 0.0
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    for pid in wanted:
        total += times.get(pid, 0.0)
    return total


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument(
        "--threads", type=int, help="web threads of the embedded server (default: serve's own)"
    )
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be dropped")
    parser.add_argument("--web-processes", type=int, default=2, help="gunicorn processes (PG)")
    parser.add_argument(
        "--src", help="run the server from another checkout's src/ folder (to compare)"
    )
    parser.add_argument(
        "--timeline", action="store_true", help="also print each second's p50 and max round trip"
    )
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="steadfast-bench-"))
    env = {
        **os.environ,
        "STEADFAST_VAR_DIR": str(var),
        "STEADFAST_LOG_LEVEL": "WARNING",
        # One vendor key posting 100 leads a second is over the API's abuse limit (600/m):
        # this measures speed, not the limit.
        "STEADFAST_RATE_LIMIT_API_KEY": "off",
    }
    if args.src:
        env["PYTHONPATH"] = str(Path(args.src).resolve())
    port = free_port()
    procs: list[subprocess.Popen[bytes]] = []
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
        name = args.postgres.rsplit("/", 1)[1]
        admin = args.postgres.rsplit("/", 1)[0] + "/postgres"
        run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], env)
        run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], env)
        run([PY, "-m", "steadfast", "migrate", "-v0"], env)
        run(
            [
                PY,
                "-c",
                "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
                "'steadfast.settings'); django.setup(); from steadfast import clock; "
                "from steadfast.firms.services import demo_firm_seed; "
                "demo_firm_seed(now=clock.now())",
            ],
            env,
        )
        procs.append(
            subprocess.Popen(
                [
                    PY,
                    "-m",
                    "steadfast",
                    "web",
                    "--port",
                    str(port),
                    "--workers",
                    str(args.web_processes),
                ],
                env=env,
                stderr=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        )
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [PY, "-m", "steadfast", "worker"], env=env, stdout=subprocess.DEVNULL
                )
            )
        mode = f"PostgreSQL, gunicorn ({args.web_processes} processes) + 2 workers"
    else:
        procs.append(
            subprocess.Popen(
                [PY, "-m", "steadfast", "serve", "--port", str(port)]
                + (["--threads", str(args.threads)] if args.threads else []),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        mode = "embedded (SQLite, one process: waitress + worker)"
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        key = (
            run([PY, "-m", "steadfast", "sources", "create", "--name", "Bench"], env)
            .stdout.strip()
            .splitlines()[-1]
        )

        latencies: list[float] = []
        by_second: dict[int, list[float]] = {}
        lock = threading.Lock()
        errors = 0

        def post(i: int, at: float) -> None:
            nonlocal errors
            delay = at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            body = json.dumps(
                {
                    "external_id": f"b-{i}",
                    "first_name": f"Bench{i}",
                    "phone": f"+1312{2000000 + i:07d}",
                    "email": f"lead{i}@example.com",
                    "state": "IL",
                    "consent": {"call": True, "sms": True, "email": True},
                }
            ).encode()
            request = urllib.request.Request(
                base + "/api/v1/leads",
                data=body,
                method="POST",
                headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            )
            # From the moment the lead was due to be posted: a post that waited for a free
            # client (all of them waiting on the server) waited on the server too.
            started = min(time.perf_counter(), at)
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    payload = json.load(response)
                ok = payload.get("next_touch") is not None
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                    by_second.setdefault(int(at - t0), []).append(elapsed * 1000)
                else:
                    errors += 1

        pids = [p.pid for p in procs]
        cpu_before = cpu_seconds(pids)
        t0 = time.perf_counter() + 0.5
        spacing = args.seconds / args.leads
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            for i in range(args.leads):
                pool.submit(post, i, t0 + i * spacing)
        wall = time.perf_counter() - t0
        cpu_after = cpu_seconds(pids)
        load = os.getloadavg()

        server = run(
            [
                PY,
                "-c",
                "import django, os, statistics; "
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE','steadfast.settings'); "
                "django.setup(); from steadfast.leads.models import Lead; "
                "from steadfast.dispatch.models import Touch; "
                "d=[(min(t.created_at for t in l.touches.all())-l.arrived_at).total_seconds()"
                " for l in Lead.objects.prefetch_related('touches') if l.touches.exists()]; "
                "print(len(d), max(d) if d else 0)",
            ],
            env,
        ).stdout.split()
        ms = [x * 1000 for x in latencies]
        print(f"mode: {mode}")
        print(
            f"leads posted: {args.leads} over {args.seconds:.0f} s "
            f"(finished in {wall:.1f} s), errors: {errors}"
        )
        if ms:
            print(
                f"POST → first touch committed: p50 {statistics.median(ms):.0f} ms, "
                f"p99 {percentile(ms, 99):.0f} ms, max {max(ms):.0f} ms"
            )
            print(f"within 5 s: {sum(1 for x in ms if x <= 5000)}/{args.leads}")
        if cpu_before is not None and cpu_after is not None:
            spent = cpu_after - cpu_before
            print(
                f"server CPU while posting: {spent:.1f} s, {spent * 1000 / args.leads:.1f} ms "
                f"per lead ({spent / wall:.2f} cores)"
            )
        print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        if args.timeline:
            print("posted in second: p50 / max round trip (ms)")
            for second, values in sorted(by_second.items()):
                print(f"  {second:3d}: {statistics.median(values):6.0f} / {max(values):6.0f}")
        print(f"server side (arrival → touch row): {server[0]} leads, max {float(server[1]):.3f} s")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()

"""How long `steadfast demo` takes: wall and CPU time for N leads on a fresh SQLite database.

    .venv/bin/python bench/demo_speed.py --leads 300 --days 30

Prints the figures; asserts nothing (the machine's load decides the wall time, so read the CPU
time too).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=300)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sf-demo-bench-") as var:
        env = {**os.environ, "STEADFAST_VAR_DIR": var, "DATABASE_URL": ""}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "steadfast", "demo", "--leads", str(args.leads),
             "--days", str(args.days)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(done.stdout.strip() or done.stderr.strip())
    print(
        f"{args.leads} leads over {args.days} days: wall {wall:.1f} s, "
        f"CPU {usage.ru_utime + usage.ru_stime:.1f} s"
    )


if __name__ == "__main__":
    main()

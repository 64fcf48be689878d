#!/usr/bin/env python
"""Memory of one gunicorn web worker after warm-up, for one or more revisions.

    python benchmarks/worker_rss.py [REVISION ...] [--wait 40]

Each revision (default: the working tree) is checked out into a temporary worktree and served
with `gunicorn --workers 1 'habitory:create_app()'` on 127.0.0.1, scheduler on, over the
benchmark database (20 habits × 3 years). The client logs in, opens every page 20 times and
toggles 40 days (so predictions go stale), then waits --wait seconds so that the scheduler's
tick runs its background work (refreshes, trainings) the way a real worker's would. Printed:
the worker's RSS (VmRSS) and whether it has loaded scikit-learn (its memory maps name it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dataset
import http_bench

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGES = ("/", "/calendar", "/insights", "/notifications", "/settings")


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def _has_sklearn(pid: int) -> bool:
    return "sklearn" in Path(f"/proc/{pid}/maps").read_text()


def measure(tree: Path, wait: float) -> dict:
    data = dataset.build()
    port = http_bench.free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, HABITORY_INSTANCE=data.instance, DATABASE_URL=data.url,
               SECRET_KEY=dataset.SECRET_KEY, PYTHONPATH=str(tree),
               # The database is built by this checkout's migrations, which may be newer.
               HABITORY_CHECK_MIGRATIONS="0")
    log_path = os.path.join(data.folder, "gunicorn.log")
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
               f"127.0.0.1:{port}", "--graceful-timeout", "5", "--log-level", "warning",
               "habitory:create_app()"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, env=env, cwd=tree, stdout=log, stderr=subprocess.STDOUT)
    try:
        http_bench._wait_ready(base, proc, log_path)
        client = http_bench.Client(base)
        client.login()
        for _ in range(20):
            for page in PAGES + tuple(f"/habits/{h}" for h in data.habit_ids[:3]):
                client.open("GET", page)
        for i in range(40):
            habit = data.habit_ids[i % len(data.habit_ids)]
            client.open("POST", f"/habits/{habit}/toggle", {"day": data.today.isoformat()},
                        {"HX-Request": "true"})
        time.sleep(wait)
        workers = _children(proc.pid)
        worker = next(w for w in workers if "gunicorn" in Path(f"/proc/{w}/cmdline").read_text())
        return {"rss_mib": round(_rss_mib(worker), 1), "sklearn": _has_sklearn(worker)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="*")
    parser.add_argument("--wait", type=float, default=40.0,
                        help="seconds to let the scheduler tick after the requests")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        for revision in args.revisions or ["working tree"]:
            tree = ROOT
            if args.revisions:
                tree = Path(scratch) / revision
                subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree),
                                revision], cwd=ROOT, check=True)
            try:
                result = measure(tree, args.wait)
            finally:
                if tree != ROOT:
                    subprocess.run(["git", "worktree", "remove", "--force", str(tree)],
                                   cwd=ROOT, check=False)
            print(f"{revision}: web worker RSS {result['rss_mib']} MiB, scikit-learn loaded: "
                  f"{'yes' if result['sklearn'] else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

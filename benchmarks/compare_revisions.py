#!/usr/bin/env python
"""bench_core.py on two revisions in the same run, alternating, so both see the same machine.

    python benchmarks/compare_revisions.py BEFORE [AFTER] [--rounds 3] [--requests 150]

Checks each revision out into a temporary worktree (AFTER defaults to the working tree), runs
this checkout's bench_core.py against each in turn (old/new/old/new...), and prints per route
the median over rounds of p50 wall time, p50 CPU time and the page size. CPU time is the figure
to compare on a shared machine: wall time includes waiting for the CPU.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _worktree(revision: str, folder: Path) -> Path:
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(folder), revision],
                   cwd=ROOT, check=True)
    # The newest measuring script (and its dataset) against the old code.
    for name in ("bench_core.py", "dataset.py"):
        (folder / "benchmarks" / name).write_text((HERE / name).read_text())
    return folder


def _run(tree: Path, requests: int, out: Path) -> dict:
    subprocess.run([sys.executable, str(tree / "benchmarks" / "bench_core.py"),
                    "--requests", str(requests), "--warmup", "20", "--json", str(out)],
                   cwd=tree, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(out.read_text())["in_process"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", help="default: the working tree")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=150)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        trees = {"before": _worktree(args.before, base / "before")}
        trees["after"] = _worktree(args.after, base / "after") if args.after else ROOT
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        try:
            for round_ in range(args.rounds):
                for label in ("before", "after"):
                    runs[label].append(_run(trees[label], args.requests,
                                            base / f"{label}-{round_}.json"))
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(["git", "worktree", "remove", "--force", str(tree)],
                                   cwd=ROOT, check=False)
    routes = [r for r in runs["after"][0] if r in runs["before"][0]]
    print("| route | p50 before | p50 after | CPU p50 before | CPU p50 after | KB before | "
          "KB after |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for route in routes:
        cells = []
        for field, fmt in (("p50", "{:.1f}"), ("cpu_p50", "{:.1f}"), ("kb", "{:.0f}")):
            for label in ("before", "after"):
                cells.append(fmt.format(statistics.median(r[route][field]
                                                          for r in runs[label])))
        print(f"| {route} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

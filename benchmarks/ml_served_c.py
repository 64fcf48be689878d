"""ml_served.py's protocol (one prediction for tomorrow per habit, through fit_user and
predict_next_day, fallbacks and the served-baseline switch included) on generator C.

    OMP_NUM_THREADS=1 python benchmarks/ml_served_c.py [--users 200] [--every 2] [--days 4]

ml_served.py is not edited: its main() knows only A, B and real, so this passes C's users to
its one() and report().
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ml_served  # noqa: E402
from ml_compare_c import users  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--days", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    ml_served.DAYS[0] = args.days
    accounts = [u for u, *_ in users(args.users)][::args.every]
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        found = pool.map(ml_served.one, accounts, chunksize=2)
    print(ml_served.report("C", len(accounts), [r for rows in found for r in rows]))


if __name__ == "__main__":
    main()

"""`python -m habitory.jobs.trainer`: train (or refresh) users' predictions now, in this process.

The serving processes start it (habitory/jobs/background.py) so that scikit-learn and the CPU
of a training stay out of them; administrators can run it too, with the app's configuration
(DATABASE_URL, SECRET_KEY, HABITORY_INSTANCE) like the flask commands.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from habitory import create_app
from habitory.domain import accounts
from habitory.domain.predictions import models_dir
from habitory.jobs import forecast
from habitory.jobs.background import LEASE_HELD
from habitory.ml.paths import model_path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m habitory.jobs.trainer",
                                     description="Train one user's habit model now.")
    parser.add_argument("user_id", type=int, nargs="?")
    parser.add_argument("--json", action="store_true", help="print the full metadata")
    parser.add_argument("--refresh", action="store_true",
                        help="only recompute the stored predictions")
    parser.add_argument("--due", action="store_true",
                        help="every due training and refresh (what the scheduler starts)")
    parser.add_argument("--background", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; the exit status is 0, 2 (no such user) or LEASE_HELD."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.user_id is None and not args.due:
        parser.error("give a user id, or --due")
    if args.background:  # started by a serving process: its requests come first
        os.nice(10)
    app = create_app({"SCHEDULER_ENABLED": False, "ML_BACKGROUND": False})
    with app.app_context():
        if args.due:
            print(f"trainer: {forecast.run_due()} job(s) run")
            return 0
        if accounts.get(args.user_id) is None:
            print(f"trainer: no user with id {args.user_id}", file=sys.stderr)
            return 2
        if args.refresh:
            forecast.refresh(args.user_id)
            return 0
        meta = forecast.train(args.user_id)
        if meta is None:
            print(f"trainer: user {args.user_id} is being trained by another process",
                  file=sys.stderr)
            return LEASE_HELD
        path = model_path(models_dir(), args.user_id)
    if args.json:
        print(json.dumps(meta, indent=2))
    else:
        print(f"user {args.user_id}: {meta['rows']} rows, serving {meta['served']}, "
              f"{meta['seconds']} s, saved in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`python -m habitory.jobs.trainer`: train (or refresh) users' predictions now, in this process.

The embedded queue consumer starts it (habitory/jobs/trainer_process.py) so that scikit-learn
and the CPU of a training stay out of the web processes; administrators can run it too, with
the app's configuration (DATABASE_URL, SECRET_KEY, HABITORY_INSTANCE) like the flask commands.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from habitory import create_app
from habitory.domain import accounts
from habitory.jobs import forecast


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m habitory.jobs.trainer",
        description="Train one user's habit model now (or only refresh their predictions), "
                    "or run every due training and refresh with --due.")
    parser.add_argument("user_id", type=int, nargs="?",
                        help="the user's id (flask --app habitory list-users shows them)")
    parser.add_argument("--json", action="store_true",
                        help="print the training's metadata as JSON")
    parser.add_argument("--refresh", action="store_true",
                        help="only recompute the user's stored predictions")
    parser.add_argument("--due", action="store_true",
                        help="every due training and refresh, now (no user id)")
    parser.add_argument("--background", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; the exit status is 0, 1 (the job failed) or 2 (no such user)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.user_id is None and not args.due:
        parser.error("give a user id, or --due")
    if args.due and (args.user_id is not None or args.refresh):
        parser.error("--due runs every due job: not with a user id or --refresh")
    if args.json and (args.refresh or args.due):
        parser.error("--json prints a training's metadata: not with --refresh or --due")
    if args.background:  # started by a serving process: its requests come first
        os.nice(10)
    app = create_app({"SCHEDULER_ENABLED": False, "EMBEDDED_WORKER": False,
                      "ML_BACKGROUND": False})
    with app.app_context():
        if args.due:
            ran = forecast.run_due()  # each failure set aside
            print(f"trainer: {ran} job{'' if ran == 1 else 's'} run")
            return 0
        if accounts.get(args.user_id) is None:
            print(f"trainer: no user with id {args.user_id}", file=sys.stderr)
            return 2
        if args.background:  # a queued job: a failure sets the user aside (run_safely)
            job = "refresh" if args.refresh else "train"
            return 0 if forecast.run_safely(job, args.user_id) else 1
        if args.refresh:
            forecast.refresh(args.user_id)
            return 0
        meta = forecast.train(args.user_id)
    if args.json:
        print(json.dumps(meta, indent=2))
    else:
        print(f"user {args.user_id}: {meta['rows']} rows, serving {meta['served']}, "
              f"{meta['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

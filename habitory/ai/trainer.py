"""`python -m habitory.ai.trainer <user_id>`: the command's name from earlier releases.

Kept so that scripts and cron lines written against the README still work; the command lives
in habitory/jobs/trainer.py.
"""

from habitory.jobs.trainer import main

if __name__ == "__main__":
    raise SystemExit(main())

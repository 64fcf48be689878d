"""A training or refresh in `python -m habitory.jobs.trainer`, a child at a lower CPU priority.

The embedded consumer (a thread of a web process) runs its user jobs this way: a training is
CPU-bound Python and NumPy for up to a second, which in a thread would hold the GIL against
that process's requests, and it would load scikit-learn (~100 MiB) into every web worker.
`flask --app habitory worker` runs jobs in its own process instead (ML_TRAIN_PROCESS off).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from flask import Flask

from habitory.domain.model_store import models_dir

log = logging.getLogger(__name__)
CHILD_TIMEOUT_SECONDS = 600


def run(app: Flask, job: str, user_id: int | None) -> bool:
    """Run "train" or "refresh" for a user, or "due" (every due job, user_id None), in the
    child, and wait; False when it failed."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.secret_key,  # same user, same machine: the child must sign alike
        "HABITORY_INSTANCE": app.instance_path,
        "HABITORY_MODELS_DIR": str(models_dir()),
    }
    if app.config.get("MODEL_STORE"):
        env["HABITORY_MODEL_STORE"] = app.config["MODEL_STORE"]
    target = ["--due"] if job == "due" else [str(int(user_id))]
    command = [sys.executable, "-m", "habitory.jobs.trainer", *target, "--background"]
    if job == "refresh":
        command.append("--refresh")
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=CHILD_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.error("%s for user %s in a child process failed: %s", job, user_id, error)
        return False
    if done.returncode != 0:
        log.error("%s for user %s exited with %s: %s", job, user_id, done.returncode,
                  done.stderr[-2000:])
        return False
    return True

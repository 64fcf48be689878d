"""Who runs the jobs: a consumer thread inside each web process (the embedded default), or
`flask --app habitory worker` processes on any host (HABITORY_QUEUE_URL=redis://...).
"""

from __future__ import annotations

import logging
import time

import click
from flask import Flask, current_app
from huey.consumer import Consumer, Scheduler

from habitory.jobs import queue, tasks

log = logging.getLogger(__name__)
EMBEDDED = "habitory_embedded_consumer"


def init_app(app: Flask) -> None:
    """Give the app its queue and jobs; web processes only ever enqueue on it."""
    huey = queue.build(app.config)
    app.extensions[queue.EXTENSION] = queue.Jobs(huey, tasks.register(app, huey))
    tasks.connect_signals()


class _HeartbeatScheduler(Scheduler):
    """Huey's scheduler thread (it runs every second in every consumer, periodic jobs or not),
    also writing the consumer's heartbeat for /healthz every HEARTBEAT_SECONDS."""

    _next_beat = 0.0

    def loop(self, now=None):
        if time.monotonic() >= self._next_beat:
            self._next_beat = time.monotonic() + queue.HEARTBEAT_SECONDS
            try:
                queue.heartbeat(self.huey)
            except Exception as error:  # the storage is down: /healthz says so by itself
                log.warning("consumer heartbeat not written: %s: %s", type(error).__name__, error)
        super().loop(now)


class HeartbeatConsumer(Consumer):
    """A consumer that says it is alive, in the queue's own storage."""

    scheduler_class = _HeartbeatScheduler


class _EmbeddedConsumer(HeartbeatConsumer):
    """Huey's consumer without its signal handlers: the web server owns the process's signals
    (and a thread may not install them)."""

    def _set_signal_handlers(self) -> None:
        pass


def start_embedded(app: Flask) -> None:
    """Start the embedded consumer's threads once per process (daemon threads: they end with
    the web process, and a job cut short is run again by the next sweep)."""
    if EMBEDDED in app.extensions:
        return
    consumer = _EmbeddedConsumer(queue.of(app).huey, workers=1, worker_type="thread",
                                 periodic=bool(app.config.get("SCHEDULER_ENABLED", True)),
                                 max_delay=5.0)
    consumer.start()
    app.extensions[EMBEDDED] = consumer
    queue.of(app).tasks["sweep"]()  # work left over from before a restart


@click.command("worker")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Jobs run at once in this process (trainings are CPU-bound: prefer one "
                   "worker process per core).")
@click.option("--no-periodic", is_flag=True,
              help="Do not enqueue the periodic jobs from this worker.")
def worker_command(threads: int, no_periodic: bool) -> None:
    """Consume the job queue (HABITORY_QUEUE_URL) until SIGINT or SIGTERM."""
    app = current_app._get_current_object()
    if not logging.getLogger().handlers:  # say which jobs run, for journald or a terminal
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # Here the worker is its own process: jobs run in it, not in a child of it.
    app.config["ML_TRAIN_PROCESS"] = False
    jobs = queue.of(app)
    periodic = not no_periodic and bool(app.config.get("SCHEDULER_ENABLED", True))
    consumer = HeartbeatConsumer(jobs.huey, workers=threads, worker_type="thread",
                                 periodic=periodic, max_delay=2.0)
    jobs.tasks["sweep"]()  # trainings a killed worker left unfinished run again now
    click.echo(f"habitory worker: consuming {_where(app)} with {counted(threads, 'thread')}",
               err=True)
    consumer.run()


@click.command("run-jobs")
def run_jobs_command() -> None:
    """Run every waiting job now, in this process, then exit (cron, or debugging)."""
    current_app.config["ML_TRAIN_PROCESS"] = False
    click.echo(f"{counted(queue.drain(), 'job')} run")


def counted(n: int, noun: str) -> str:
    """"1 job", "3 jobs": the number first, for scripts that read it."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _where(app: Flask) -> str:
    url = app.config.get("QUEUE_URL")
    if url:
        return queue.masked_url(url)  # never print a password
    return app.config["QUEUE_SQLITE_PATH"]


COMMANDS = (worker_command, run_jobs_command)

"""flask train, evaluate and predict: the model, now, from a shell.

These are the only commands that load scikit-learn; they import habitory.jobs.forecast and
habitory.ml when they run, not when the app is built, so web workers never load it
(ARCHITECTURE.md, "Memory").
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

import click

from habitory.cli_support import user_by_email
from habitory.clock import user_today
from habitory.domain import accounts, history, logging_hours, predictions
from habitory.extensions import db

if TYPE_CHECKING:  # scikit-learn: imported when a command runs (see the docstring)
    from habitory.ml.model import Prediction as NextDay

log = logging.getLogger(__name__)


def _compute():
    """habitory.jobs.forecast, imported on first use (see the module's docstring)."""
    from habitory.jobs import forecast

    return forecast


@click.command("train")
@click.argument("user_id", type=int, required=False)
@click.option("--all", "everyone", is_flag=True, help="Train every user's model.")
def train_command(user_id: int | None, everyone: bool) -> None:
    """Train the prediction model of the user with id USER_ID now, or every user's with
    --all."""
    if (user_id is None) == (not everyone):
        raise click.UsageError("Give a user id or --all (not both).")
    if user_id is not None and accounts.get(user_id) is None:
        raise click.ClickException(f"No user with id {user_id}.")
    ids = [user_id] if user_id is not None else [u.id for u in accounts.everyone()]
    forecast = _compute()
    failed = []
    for uid in ids:
        try:
            meta = forecast.train(uid)
        except Exception as error:  # one user's bad data must not stop the others
            db.session.rollback()
            log.exception("training user %s failed", uid)
            click.echo(f"user {uid}: failed: {type(error).__name__}: {error}", err=True)
            failed.append(uid)
            continue
        if meta is None:  # deleted since the list was read: the others go on
            continue
        click.echo(f"user {uid}: {meta['rows']} rows, serving {meta['served']}, "
                   f"{meta['seconds']} s")
    if failed:
        raise click.ClickException(
            f"Training failed for user{'s' if len(failed) > 1 else ''} "
            f"{', '.join(map(str, failed))} (see the log).")


@click.command("evaluate")
@click.option("--user", "user_id", type=int, default=None,
              help="Only this user (by id; not with --all).")
@click.option("--all", "everyone", is_flag=True, help="Every user (the default).")
@click.option("--days", default=28, show_default=True, type=click.IntRange(7, 365),
              help="How many of the last days to predict and compare.")
@click.option("--remind-below", default=60, show_default=True, type=click.IntRange(1, 99),
              help="Risk-aware reminders' threshold (%) for the reminders backtest.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate_command(user_id: int | None, everyone: bool, days: int, remind_below: int,
                     as_json: bool) -> None:
    """Backtest the model against simple baselines over the last N days, and what risk-aware
    reminders would have saved (a reminder each due day, skipped at a chance >= the threshold;
    and at the habits' own reminder times, counting what is usually ticked off by then)."""
    if user_id is not None and everyone:
        raise click.UsageError("Give --user or --all, not both.")
    from habitory.ml.evaluation import evaluate  # scikit-learn: see the module's docstring

    if user_id is None:
        users = accounts.everyone()
    else:
        users = [u for u in [accounts.get(user_id)] if u is not None]
    if user_id is not None and not users:
        raise click.ClickException(f"No user with id {user_id}.")
    by_id = {u.id: u for u in users}
    report = evaluate(((u.id, *history.of_user(u)) for u in users), days=days,
                      remind_below=remind_below / 100,
                      hours_of=lambda uid: logging_hours.reminder_hours(by_id[uid], days))
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"{'user':>6} {'rows':>6} {'model':>8} {'best baseline':>22} {'served':>18} "
               f"{'reminders saved':>16} {'then missed':>12} {'at their times':>15} "
               f"{'then missed':>12}")
    for row in report["users"]:
        best = min(((n, b["brier"]) for n, b in row["baselines"].items()
                    if b.get("brier") is not None), key=lambda x: x[1], default=("-", None))
        brier = row["model"]["brier"]
        timed = row["reminders"]["at_reminder_times"] or {}
        click.echo(f"{row['user_id']:>6} {row['rows']:>6} "
                   f"{'-' if brier is None else f'{brier:.4f}':>8} "
                   f"{best[0] + (f' {best[1]:.4f}' if best[1] is not None else ''):>22} "
                   f"{row['served']:>18} {_share(row['reminders']['saved_share']):>16} "
                   f"{_share(row['reminders']['saved_then_missed_share']):>12} "
                   f"{_share(timed.get('saved_share')):>15} "
                   f"{_share(timed.get('saved_then_missed_share')):>12}")
    summary = report["summary"]
    click.echo("summary: " + ", ".join(f"{k} {v}" for k, v in summary.items()))


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


@click.command("predict")
@click.option("--email", required=True, help="The account's login email.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def predict_command(email: str, as_json: bool) -> None:
    """Tomorrow's chance for each active habit due tomorrow, and where it comes from: what
    the app serves (/api/v1/predictions prints the same), recomputed now."""
    user = user_by_email(email)
    forecast = _compute()
    # Never trained (a shell right after an import, no worker running yet): train now, rather
    # than answer with the fallback estimate the queue would replace within the minute. A model
    # that is merely due, or unreadable, is the queue's to redo: this shows what is served.
    if user.model_trained_at is None:
        forecast.train(user.id)
    # Stored as the worker would, then read as the API reads it: the two never differ.
    computed: list[NextDay] = forecast.refresh(user.id)
    today = user_today(user)
    if as_json:
        click.echo(json.dumps(predictions.listed(user.id, today)))
        return
    habits = predictions.tomorrow_of(user.id, today)
    if not habits:
        click.echo(f"{user.email} has no active habits: nothing to predict.")
    not_due = {p.habit_id for p in computed if not p.due}
    for habit in habits:
        chance = habit.chance
        if chance is None:  # left out of the JSON and the API too
            why = "not due tomorrow" if habit.habit_id in not_due else "no prediction yet"
            click.echo(f"{habit.name}: {why}")
            continue
        flag = "  at risk" if chance.at_risk else ""
        click.echo(f"{habit.name}: {chance.probability:.0%} ({chance.source}){flag}")


COMMANDS = (train_command, evaluate_command, predict_command)

"""flask commands for administrators."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask

from .auth.forms import normalise_email
from .clock import is_valid_timezone
from .extensions import db
from .models import User


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""

    @app.cli.command("create-user")
    @click.option("--email", required=True, help="The login email.")
    @click.option("--password", required=True, help="At least 8 characters.")
    @click.option("--timezone", "tz", default="UTC", show_default=True, help="IANA zone name.")
    def create_user(email: str, password: str, tz: str) -> None:
        """Create an account (works when open registration is off)."""
        email = normalise_email(email)
        if "@" not in email or len(email) > 254:
            raise click.ClickException(f"'{email}' is not a valid email address.")
        if len(password) < 8:
            raise click.ClickException("The password must have at least 8 characters.")
        if password.strip().lower() == email:
            raise click.ClickException("The password must not be the email address.")
        if not is_valid_timezone(tz):
            raise click.ClickException(f"Unknown timezone '{tz}' (use a name like Europe/Paris).")
        if db.session.scalar(sa.select(User.id).where(User.email == email)):
            raise click.ClickException(f"An account for {email} already exists.")
        user = User(email=email, timezone=tz)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"Created user {user.id}: {email} ({tz}).")

    @app.cli.command("strength")
    @click.option("--email", required=True, help="The habit owner's email.")
    @click.option("--habit", "habit_ref", required=True, help="The habit's name or id.")
    @click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day.")
    @click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day.")
    def strength_command(email: str, habit_ref: str, start, end) -> None:
        """Print a habit's daily strength as CSV (date,score), to compare with Loop's Scores.csv."""
        from .ai.stats import strength_series
        from .clock import user_today
        from .habits.queries import entries_for, history_of
        from .models import Habit

        user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise click.ClickException(f"No account for {email}.")
        query = sa.select(Habit).where(Habit.user_id == user.id)
        habit = None
        if habit_ref.isdigit():
            habit = db.session.scalar(query.where(Habit.id == int(habit_ref)))
        if habit is None:
            habit = db.session.scalar(query.where(Habit.name_key == habit_ref.strip().casefold()))
        if habit is None:
            raise click.ClickException(f"{email} has no habit called or numbered '{habit_ref}'.")
        entries = entries_for([habit.id]).get(habit.id, {})
        history = history_of(habit, entries)
        first = min([habit.created_on, *entries.keys()])
        start_day = start.date() if start else first
        end_day = end.date() if end else user_today(user)
        if end_day < start_day:
            raise click.ClickException("--to is before --from.")
        click.echo("date,score")
        for day, score in strength_series(history, start_day, end_day):
            click.echo(f"{day.isoformat()},{score:.4f}")

    @app.cli.command("seed-demo")
    @click.option("--email", default="demo@example.com", show_default=True)
    @click.option("--days", default=365, show_default=True, type=click.IntRange(7, 3650))
    @click.option("--password", default=None, help="Default: a random one, printed.")
    @click.option("--timezone", "tz", default="UTC", show_default=True)
    @click.option("--replace", is_flag=True, help="Delete an existing account with this email.")
    def seed_demo(email: str, days: int, password: str | None, tz: str, replace: bool) -> None:
        """Create a demo account with 8 habits and realistic history."""
        import secrets

        from .clock import local_today
        from .demo import seed
        from .settings.account import delete_user

        email = normalise_email(email)
        if not is_valid_timezone(tz):
            raise click.ClickException(f"Unknown timezone '{tz}'.")
        existing = db.session.scalar(sa.select(User).where(User.email == email))
        if existing is not None:
            if not replace:
                raise click.ClickException(
                    f"An account for {email} already exists; add --replace to start it afresh."
                )
            delete_user(existing.id)
        password = password or secrets.token_urlsafe(9)
        if len(password) < 8:
            raise click.ClickException("The password must have at least 8 characters.")
        user = User(email=email, timezone=tz)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        habits, checkins = seed(user, local_today(tz), days)
        click.echo(f"Demo account ready: {habits} habits, {checkins} check-ins over {days} days.")
        click.echo(f"Log in with  email: {email}  password: {password}")

    @app.cli.command("run-rules")
    @click.option("--user", "user_id", type=int, default=None, help="Only this user (by id).")
    def run_rules_command(user_id: int | None) -> None:
        """Evaluate due reminders and the daily rules now (for cron; safe to run often)."""
        from .notifications.engine import run_reminders, run_rules

        if user_id is not None:
            user = db.session.get(User, user_id)
            if user is None:
                raise click.ClickException(f"No user with id {user_id}.")
            created = run_rules([user], force=True)
            click.echo(f"Created {created} notification(s) for user {user_id}.")
            return
        reminders = run_reminders()
        created = run_rules(list(db.session.scalars(sa.select(User))))
        click.echo(f"Created {created} notification(s) and {reminders} reminder(s).")

    @app.cli.command("import-data")
    @click.option("--email", required=True, help="The account to import into.")
    @click.option("--on-conflict", type=click.Choice(["merge", "skip", "rename"]),
                  default="merge", show_default=True,
                  help="What to do with habits whose name the account already has.")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    def import_data_command(email: str, on_conflict: str, file: str) -> None:
        """Import a Habitory backup or a Loop Habit Tracker export (.db or .zip)."""
        from .clock import user_today
        from .portability import BadImportFile, Limits, read_import
        from .portability import store as portability_store
        from .settings.data import summary_sentence

        user = _user_by_email(email)
        limits = Limits.from_config(app.config, today=user_today(user))
        try:
            bundle = read_import(file, limits)
            summary = portability_store.apply(user.id, bundle, on_conflict)
        except BadImportFile as problem:
            raise click.ClickException(problem.message) from None
        click.echo(f"{summary_sentence(summary)} ({bundle.checkin_count:,} check-ins in "
                   f"{len(bundle.habits)} habits read from {file})")

    @app.cli.command("export-data")
    @click.option("--email", required=True, help="The account to export.")
    @click.option("--format", "fmt", type=click.Choice(["json", "csv", "loop"]), required=True)
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
                  help="The file to write.")
    def export_data_command(email: str, fmt: str, output: str) -> None:
        """Export an account: Habitory backup (json), check-ins (csv) or Loop's zip (loop)."""
        from .clock import user_today
        from .settings.data import export_stream

        user = _user_by_email(email)
        habits = len(user.habits)
        checkins = 0
        from .models import CheckIn, Habit

        checkins = db.session.scalar(
            sa.select(sa.func.count(CheckIn.id)).join(Habit).where(Habit.user_id == user.id)
        )
        with open(output, "wb") as out:
            for chunk in export_stream(user.id, fmt, user_today(user)):
                out.write(chunk.encode() if isinstance(chunk, str) else chunk)
        click.echo(f"Exported {habits} habits and {checkins:,} check-ins to {output}.")

    def _user_by_email(email: str) -> User:
        user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise click.ClickException(f"No account for {email}.")
        return user

    @app.cli.command("train")
    @click.argument("user_id", type=int, required=False)
    @click.option("--all", "everyone", is_flag=True, help="Train every user's model.")
    def train_command(user_id: int | None, everyone: bool) -> None:
        """Train a user's prediction model now (or --all)."""
        from .predictions import train

        if (user_id is None) == (not everyone):
            raise click.UsageError("Give a user id or --all (not both).")
        ids = [user_id] if user_id is not None else list(db.session.scalars(sa.select(User.id)))
        for uid in ids:
            if db.session.get(User, uid) is None:
                raise click.ClickException(f"No user with id {uid}.")
            meta = train(uid)
            if meta is None:
                click.echo(f"user {uid}: another process is training this user; skipped.")
                continue
            click.echo(f"user {uid}: {meta['rows']} rows, serving {meta['served']}, "
                       f"{meta['seconds']} s")

    @app.cli.command("evaluate")
    @click.option("--user", "user_id", type=int, default=None)
    @click.option("--all", "everyone", is_flag=True, help="Every user (the default).")
    @click.option("--days", default=28, show_default=True, type=click.IntRange(7, 365))
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
    def evaluate_command(user_id: int | None, everyone: bool, days: int, as_json: bool) -> None:
        """Backtest the model against simple baselines over the last N days."""
        import json

        from .ai.evaluation import evaluate
        from .predictions import load_histories

        query = sa.select(User)
        if user_id is not None:
            query = query.where(User.id == user_id)
        users = list(db.session.scalars(query))
        if user_id is not None and not users:
            raise click.ClickException(f"No user with id {user_id}.")
        report = evaluate(((u.id, *load_histories(u)) for u in users), days=days)
        if as_json:
            click.echo(json.dumps(report, indent=2))
            return
        click.echo(f"{'user':>6} {'rows':>6} {'model':>8} {'best baseline':>22} {'served':>18}")
        for row in report["users"]:
            best = min(((n, b["brier"]) for n, b in row["baselines"].items()
                        if b.get("brier") is not None), key=lambda x: x[1], default=("-", None))
            brier = row["model"]["brier"]
            click.echo(f"{row['user_id']:>6} {row['rows']:>6} "
                       f"{'-' if brier is None else f'{brier:.4f}':>8} "
                       f"{best[0] + (f' {best[1]:.4f}' if best[1] is not None else ''):>22} "
                       f"{row['served']:>18}")
        summary = report["summary"]
        click.echo("summary: " + ", ".join(f"{k} {v}" for k, v in summary.items()))

    @app.cli.command("predict")
    @click.option("--email", required=True)
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
    def predict_command(email: str, as_json: bool) -> None:
        """Tomorrow's chance for each active habit, and where it comes from."""
        import json

        from .ai.model import predict_next_day
        from .predictions import cached_model, load_histories

        user = _user_by_email(email)
        histories, today = load_histories(user)
        names = {h.id: h.name for h in user.habits}
        result = predict_next_day(cached_model(user.id), histories, today)
        rows = [{"habit_id": p.habit_id, "habit": names[p.habit_id],
                 "probability": p.probability, "source": p.source} for p in result]
        if as_json:
            click.echo(json.dumps(rows))
            return
        for row, p in zip(rows, result, strict=True):
            flag = "  at risk" if p.at_risk else ""
            click.echo(f"{row['habit']}: {row['probability']:.0%} ({row['source']}){flag}")

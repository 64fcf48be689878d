"""The application factory: configuration, extensions, blueprints, error handlers, commands."""

from __future__ import annotations

import gc
import logging
import os
import stat
import sys
from typing import NoReturn

import sqlalchemy as sa
from flask import Flask
from flask_migrate.cli import db as migrate_commands
from limits.errors import ConfigurationError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from habitory import api, backup_command, config_names, database, errors, i18n, security, templating
from habitory import config as app_config
from habitory.api import commands as api_commands
from habitory.auth import bp as auth_bp
from habitory.auth import commands as auth_commands
from habitory.calendar import bp as calendar_bp
from habitory.cli_support import schema_checked
from habitory.extensions import csrf, db, limiter, login_manager, migrate
from habitory.habits import bp as habits_bp
from habitory.habits import commands as habit_commands
from habitory.health import bp as health_bp
from habitory.htmx import see_other_after_a_form
from habitory.insights import bp as insights_bp
from habitory.jobs import commands as job_commands
from habitory.jobs import consumer as job_consumer
from habitory.notifications import bp as notifications_bp
from habitory.notifications import commands as notification_commands
from habitory.page_bodies import refuse_json_bodies
from habitory.pwa import register as register_pwa
from habitory.settings import bp as settings_bp
from habitory.settings import commands as data_commands
from habitory.timing import ServerTiming

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), "migrations")
log = logging.getLogger(__name__)


# A request builds tens of thousands of short-lived objects (rows, entries, template output);
# with Python's default thresholds the collector runs full passes mid-request.
GC_THRESHOLDS = (50_000, 20, 100)


def digits_up_to(limit: int) -> str:
    """A regex for the decimal numbers 0..limit: the shorter ones, then those of its length
    that are below it in their first differing digit, then the limit itself."""
    text = str(limit)
    size = len(text)
    options = [rf"\d{{1,{size - 1}}}"] if size > 1 else []
    for i, digit in enumerate(text):
        lowest = 1 if i == 0 and size > 1 else 0
        if int(digit) > lowest:
            rest = size - i - 1
            options.append(f"{text[:i]}[{lowest}-{int(digit) - 1}]"
                           + (rf"\d{{{rest}}}" if rest else ""))
    options.append(text)
    return "(?:" + "|".join(options) + ")"


class BoundedInt(IntegerConverter):
    """`<int:...>` within a 32-bit INTEGER column (PostgreSQL's): larger ids match no route.

    In the pattern itself: Werkzeug checks a rule's methods before its converter, so a POST to
    /habits/2147483648/delete met the GET rule of that path first and was told 405."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)
        if self.max is not None and (self.min or 0) == 0 and not self.signed:
            self.regex = digits_up_to(self.max)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, error handlers.

    Called as the host starts it (`flask --app habitory ...`, gunicorn's
    'habitory:create_app()': no test_config), a setting or a database it cannot start with
    ends the process with one sentence on stderr, not a traceback. The exit status is 4,
    gunicorn's "App failed to load", which stops gunicorn instead of starting workers again
    and again. Code that passes a configuration (tests, the trainer) gets the exception."""
    try:
        return _build(test_config)
    except app_config.StartupError as problem:
        if test_config is not None:
            raise
        _stop(problem)


def check_start() -> None:
    """The host's start checked once, before gunicorn forks its workers (gunicorn_conf.py's
    on_starting): with a setting or a database it cannot start with, several workers each
    exiting at once made gunicorn's arbiter print its own traceback after our sentence. The
    same checks as create_app, without its consumer thread; nothing stays open to be forked."""
    try:
        app = _build(None, start_work=False)
    except app_config.StartupError as problem:
        _stop(problem)
    with app.app_context():
        db.engine.dispose()


def _stop(problem: app_config.StartupError) -> NoReturn:
    print(f"Error: {problem}", file=sys.stderr, flush=True)
    raise SystemExit(4) from None


def _build(test_config: dict | None, start_work: bool = True) -> Flask:
    folder = (test_config or {}).get("INSTANCE_PATH") or app_config.instance_path()
    # Created for the host's user alone: the database, keys, uploads and models live in it
    # (an existing folder keeps the modes its host gave it).
    os.makedirs(folder, mode=0o700, exist_ok=True)
    app = Flask("habitory", instance_path=folder, instance_relative_config=True)

    app.config.from_mapping(app_config.DEFAULTS)
    environment = app_config.from_environment(folder)
    if test_config is None:  # the host's start: its variables, read in full by now
        config_names.warn_unknown_settings()
    app.config.from_mapping(environment)
    app.config.from_pyfile("config.py", silent=True)
    key_source = _key_source(folder, environment["SECRET_KEY"], app.config["SECRET_KEY"])
    app.config["DATABASE_URL_SOURCE"] = _database_source(
        folder, environment["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_DATABASE_URI"])
    if test_config:
        app.config.from_mapping(test_config)
    # A key the calling code hands over (tests, benchmarks, a script) is that code's business;
    # the host's (environment, instance/config.py, instance/secret_key) is checked.
    if not app.testing and "SECRET_KEY" not in (test_config or {}):
        app_config.check_secret_key(app.config["SECRET_KEY"], key_source)
    database.check_url(app.config["SQLALCHEMY_DATABASE_URI"], app.config["DATABASE_URL_SOURCE"])
    keep_private(folder, _private_files(app))

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = database.engine_options(
        app.config, statement_timeout=_serving()
    )
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    security.limit_request_bodies(app)  # first: CSRFProtect reads the body in its own hook
    app.before_request(refuse_json_bodies)  # before CSRFProtect: its answer would be "expired"
    app.after_request(see_other_after_a_form)
    csrf.init_app(app)
    try:
        limiter.init_app(app)
    except ConfigurationError as problem:  # an unknown scheme, a driver not installed
        raise app_config.SettingError(
            f"RATELIMIT_STORAGE_URI cannot be used ({problem}): use memory:// (one process) or "
            "redis://host:6379 (shared by every worker and host).") from None
    login_manager.init_app(app)
    i18n.register(app)

    database.tune_sqlite(app)
    # An id past what the database's INTEGER holds must be a 404, not an overflow (a 500).
    app.url_map.converters["int"] = BoundedInt

    blueprints = (auth_bp, habits_bp, calendar_bp, insights_bp, notifications_bp, settings_bp,
                  health_bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    register_pwa(app)  # manifest, service worker, Web Push

    errors.register(app)
    api.register(app)  # after errors: its problem documents answer the /api/ routing errors
    security.register(app)
    templating.register(app)
    job_consumer.init_app(app)
    for command in (*auth_commands.COMMANDS, *habit_commands.COMMANDS, *data_commands.COMMANDS,
                    *notification_commands.COMMANDS, *job_commands.COMMANDS,
                    *api_commands.COMMANDS, *job_consumer.COMMANDS, *backup_command.COMMANDS):
        app.cli.add_command(schema_checked(command))
    schema_checked(migrate_commands, schema=False)  # `flask db upgrade` on a database down
    if app.config.get("PROXY_HOPS"):
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    if app.config.get("SERVER_TIMING"):
        app.wsgi_app = ServerTiming(app.wsgi_app)

    if not app.testing and _serving():
        if app.config.get("CHECK_MIGRATIONS"):
            with app.app_context():
                try:
                    database.require_current_schema()
                except sa.exc.DBAPIError as error:
                    if not database.connection_failed(error):
                        raise
                    raise database.unreachable(error, app.config["DATABASE_URL_SOURCE"]) from None
        if not start_work:
            return app
        if app.config.get("EMBEDDED_WORKER"):
            job_consumer.start_embedded(app)
        # Everything built so far lives as long as the process: move it out of the garbage
        # collector's sight, so collections during requests stay short.
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
    return app


def _key_source(folder: str, from_environment: str, configured: str) -> str:
    if configured != from_environment:
        return os.path.join(folder, "config.py")
    if os.environ.get("SECRET_KEY"):
        return "the environment"
    return os.path.join(folder, "secret_key")


def _database_source(folder: str, from_environment: str, configured: str) -> str:
    """Where the database URL was set, as a host would look for it."""
    if configured != from_environment:
        return f"SQLALCHEMY_DATABASE_URI (in {os.path.join(folder, 'config.py')})"
    if os.environ.get("DATABASE_URL"):
        return "DATABASE_URL"
    return "DATABASE_URL (not set: the SQLite file in the instance folder)"


def _private_files(app: Flask) -> list[str]:
    """The secrets and the data in the instance folder: keys, SQLite databases and their
    journals (the database may live elsewhere: it is the host's all the same)."""
    files = [os.path.join(app.instance_path, name)
             for name in ("secret_key", "vapid_private.pem")]
    for path in (app_config.sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"]),
                 app.config.get("QUEUE_SQLITE_PATH")):
        if path:
            files += [path + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    return files


def keep_private(folder: str, files: list[str]) -> None:
    """Make the instance folder 0700 and its secret and data files 0600 when they are this
    user's and every user of the machine may read them (the clone's own instance/ comes from
    git as 755; SQLite creates its files as the umask says). Access for a group alone (0750,
    0640: a backup group, say) is the host's own choice and kept. One line says so; a refusal
    never stops the start."""
    changed, failed = [], []
    for path in [folder, *files]:
        try:
            status = os.stat(path)
        except OSError:
            continue  # not there (yet): created private, or by SQLite, checked next start
        if status.st_uid != os.geteuid() or not stat.S_IMODE(status.st_mode) & 0o007:
            continue
        name = "the folder" if path == folder else os.path.basename(path)
        private = 0o700 if path == folder else 0o600 | _group_read(folder, status.st_mode)
        try:
            os.chmod(path, private)
        except OSError as error:
            failed.append(f"{name} ({error.strerror})")
        else:
            changed.append(f"{name} {private:04o}")
    if changed:
        log.warning("instance folder %s was open to other users, now its user's alone: %s",
                    folder, ", ".join(changed))
    if failed:
        log.warning("instance folder %s is open to other users and could not be closed: %s; "
                    "run chmod 700 on it as its owner", folder, ", ".join(failed))


def _group_read(folder: str, mode: int) -> int:
    """A file's group bits, kept when the folder lets its group in (the host's 0750): a 0644
    database there becomes 0640, not 0600, or the backup group the folder was opened for
    could no longer read it."""
    try:
        opened = os.stat(folder).st_mode & 0o050 == 0o050
    except OSError:
        return 0
    return mode & 0o060 if opened else 0


def _serving() -> bool:
    """False for `flask db ...` and the other admin commands, which must run on any schema."""
    command = os.path.basename(sys.argv[0]) if sys.argv else ""
    if command == "flask":
        return "run" in sys.argv[1:]
    return True

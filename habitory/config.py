"""Settings from the environment and the instance folder."""

from __future__ import annotations

import logging
import math
import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from habitory.config_names import read as _env

log = logging.getLogger(__name__)

def instance_path() -> str:
    """The instance folder: HABITORY_INSTANCE, or ./instance next to the working directory."""
    return os.path.abspath(_env("HABITORY_INSTANCE", "instance"))


class StartupError(RuntimeError):
    """Something the host set up wrong (a setting, the database) that stops Habitory from
    starting: its text is the one sentence a host reads instead of a traceback (what is wrong,
    which variable, what to do), factory.create_app prints it and exits."""


class SettingError(StartupError, ValueError):
    """An environment variable holding what its setting cannot be."""


_YES = {"1", "true", "yes", "on"}
_NO = {"", "0", "false", "no", "off"}


def _env_flag(name: str, default: bool) -> bool:
    raw = _env(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value not in _YES | _NO:
        # A typo must not quietly mean "no": HABITORY_SECURE_COOKIES=ture left cookies
        # without Secure, and nothing said so.
        raise SettingError(f"{name} must be yes or no (1, true, yes, on or 0, false, no, off), "
                           f"not {raw!r}.")
    return value in _YES


def load_secret_key(folder: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder.

    Keeping it on disk means sessions and remember-me cookies survive restarts and are shared
    by every gunicorn worker.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    path = Path(folder) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written whole under a name of its own, then linked into place: when several workers
    # start at once, one link wins and the others read its key, never a file still empty.
    draft = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    try:
        os.link(draft, path)
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        draft.unlink()
    return key


SECRET_KEY_MIN_LENGTH = 16
# Compared with letters and digits only, lower-cased: "CHANGE-ME", "change me!" and "ChangeMe"
# are one placeholder. Words that are a placeholder wherever they appear in a key come first.
_PLACEHOLDER_WORDS = ("changeme", "changethis", "replaceme", "pleasechange", "yoursecret")
_PLACEHOLDERS = {"", "secret", "secretkey", "mysecret", "mysecretkey", "supersecret",
                 "supersecretkey", "topsecret", "dev", "devkey", "devsecret", "development",
                 "test", "testing", "default", "password", "key", "flask", "habitory",
                 "insecure", "notsecret", "xxx", "todo", "none", "null"}
_HOW = ("set it to a long random value, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_hex(32))'`, or unset it to have one "
        "generated into instance/secret_key")


class WeakSecretKey(StartupError):
    """SECRET_KEY is a placeholder anyone could guess: sessions signed with it can be forged."""


def check_secret_key(key: str, source: str) -> None:
    """Refuse a well-known placeholder (WeakSecretKey); warn, loudly, about a short key.

    A short key is not refused outright: hosts and scripts that pass one (a test's own key
    through the environment, the trainer child that inherits its parent's) would stop
    starting; the warning says what to do. The key itself is never written out.
    """
    key = str(key or "")
    # Letters and digits of any script: a Cyrillic or Japanese key is no empty placeholder.
    plain = re.sub(r"[\W_]", "", key.lower())
    if not plain:
        weak = not key.strip() or len(key) < SECRET_KEY_MIN_LENGTH
    else:  # a placeholder phrase begins so ("change-me-64-hex"), a passphrase merely holds it
        weak = plain in _PLACEHOLDERS or any(
            plain.startswith(word) and len(plain) - len(word) < 24 for word in _PLACEHOLDER_WORDS)
    if weak:
        raise WeakSecretKey(f"SECRET_KEY (from {source}) is a well-known placeholder, with which "
                            f"anyone can forge a login: refusing to start; {_HOW}.")
    if len(key) < SECRET_KEY_MIN_LENGTH:
        log.warning("SECRET_KEY (from %s) is only %d characters: it can be guessed, and with "
                    "it any login forged; %s.", source, len(key), _HOW)


def _env_seconds(name: str, default: float) -> float:
    raw = _env(name, "").strip()
    if not raw:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    # float() takes "nan", "inf" and "-5": none is a wait a host meant.
    if not math.isfinite(seconds) or seconds < 0:
        raise SettingError(f"{name} must be a number of seconds (0 or more), not {raw!r}.")
    return seconds


def _env_count(name: str, default: int, least: int = 0) -> int:
    raw = _env(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < least:
        raise SettingError(f"{name} must be a whole number ({least} or more), not {raw!r}.")
    return int(raw)


def normalise_database_url(url: str) -> str:
    """Let people paste the URLs hosting providers hand out (postgres://, postgresql://)."""
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def sqlite_file(url: str) -> str | None:
    """The database file of an SQLite URL (None for another database or one in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return os.path.abspath(parsed.database)


def from_environment(folder: str) -> dict:
    """The configuration a deployment sets through environment variables."""
    default_db = "sqlite:///" + os.path.join(folder, "habitory.sqlite3")
    return {
        "SECRET_KEY": load_secret_key(folder),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("DATABASE_URL", default_db)
        ),
        # A database that does not answer must not hold a worker for minutes: give up
        # connecting after this many seconds, and (PostgreSQL, while serving) cancel a statement
        # after DATABASE_STATEMENT_TIMEOUT (0: never). /healthz waits at most HEALTHZ_TIMEOUT.
        "DATABASE_CONNECT_TIMEOUT": _env_seconds("HABITORY_DB_CONNECT_TIMEOUT", 5),
        "DATABASE_STATEMENT_TIMEOUT": _env_seconds("HABITORY_DB_STATEMENT_TIMEOUT", 15),
        "HEALTHZ_TIMEOUT": _env_seconds("HABITORY_HEALTHZ_TIMEOUT", 3),
        # Below this many MB free in the instance folder (or the SQLite database's), /healthz
        # says 503: SQLite, the queue and the session writes fail well before 0 bytes.
        "HEALTHZ_MIN_FREE_MB": _env_count("HABITORY_HEALTHZ_MIN_FREE_MB", 50),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # How many reverse proxies stand in front and append to X-Forwarded-For/-Proto: their
        # count of entries is trusted for the client's address (login throttle, rate limits)
        # and scheme. 0: the connection's own address (a client can't forge it).
        "PROXY_HOPS": _env_count("HABITORY_PROXY_HOPS", 0),
        # How many habits one account may hold, archived ones included (domain/habits.py).
        # 0 is no "unlimited": it would refuse every new habit to every account.
        "MAX_HABITS": _env_count("HABITORY_MAX_HABITS", 200, least=1),
        "OPEN_REGISTRATION": _env_flag("HABITORY_OPEN_REGISTRATION", True),
        # Web Push: who runs this server, for push services that need to reach the operator
        # (Apple's refuses a localhost address).
        "VAPID_SUBJECT": vapid_subject(),
        # Secure cookies need HTTPS; a plain-HTTP self-host on a LAN would otherwise lose its login.
        "SESSION_COOKIE_SECURE": _env_flag("HABITORY_SECURE_COOKIES", False),
        "REMEMBER_COOKIE_SECURE": _env_flag("HABITORY_SECURE_COOKIES", False),
        "CHECK_MIGRATIONS": _env_flag("HABITORY_CHECK_MIGRATIONS", True),
        "SCHEDULER_ENABLED": _env_flag("HABITORY_SCHEDULER", True),
        "MODELS_DIR": _env("HABITORY_MODELS_DIR") or os.path.join(folder, "models"),
        "ML_BACKGROUND": _env_flag("HABITORY_ML_BACKGROUND", True),
        # Train in a child process: a training holds the GIL for most of a second, which a
        # worker thread would take from the requests of the same gunicorn worker.
        "ML_TRAIN_PROCESS": _env_flag("HABITORY_ML_TRAIN_PROCESS", True),
        "SERVER_TIMING": _env_flag("HABITORY_SERVER_TIMING", False),
        **queue_settings(folder),
    }


DEFAULT_VAPID_SUBJECT = "mailto:admin@localhost"


def vapid_subject() -> str:
    """HABITORY_VAPID_SUBJECT, the contact push services are given: a mailto: or https: URL
    (RFC 8292), else they refuse every notification; unset or empty, the default."""
    raw = (_env("HABITORY_VAPID_SUBJECT") or "").strip()
    if not raw:
        return DEFAULT_VAPID_SUBJECT
    scheme, _, rest = raw.partition(":")
    mail = scheme.lower() == "mailto" and "@" in rest.strip("@")
    web = scheme.lower() == "https" and bool(urlsplit(raw).hostname)
    if not (mail or web):
        raise SettingError("HABITORY_VAPID_SUBJECT must be a mailto: or https: contact "
                           f"(mailto:you@example.org or https://example.org), not {raw!r}.")
    return raw


def queue_settings(folder: str) -> dict:
    """Where jobs wait and models live (README, "Running on several hosts").

    No HABITORY_QUEUE_URL: an SQLite queue in the instance folder, consumed by a thread of each
    web process (EMBEDDED_WORKER). With a redis:// URL the web processes only enqueue and
    `flask --app habitory worker` consumes, on any host.
    """
    url = _env("HABITORY_QUEUE_URL", "").strip() or None
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        # Only the scheme is said: the rest of a URL may hold its password.
        raise SettingError("HABITORY_QUEUE_URL must be a redis://, rediss:// or unix:// URL "
                           f"(or unset, for the SQLite queue), not one starting "
                           f"{url.partition(':')[0]!r}.")
    store = _env("HABITORY_MODEL_STORE", "").strip().lower() or None
    if store not in (None, "files", "database"):
        raise SettingError(f"HABITORY_MODEL_STORE must be 'files' or 'database', not {store!r}.")
    return {
        "QUEUE_URL": url,
        "QUEUE_SQLITE_PATH": os.path.join(folder, "queue.sqlite3"),
        "EMBEDDED_WORKER": _env_flag("HABITORY_EMBEDDED_WORKER", url is None),
        "QUEUE_HEALTH_TIMEOUT": _env_seconds("HABITORY_QUEUE_HEALTH_TIMEOUT", 2),
        # /healthz says "workers": "none seen in N s" once no consumer has written its
        # heartbeat (every jobs.queue.HEARTBEAT_SECONDS) for this long.
        "WORKER_SILENT_SECONDS": _env_seconds("HABITORY_WORKER_SILENT_SECONDS", 120),
        # None: "database" on PostgreSQL (every node reads it), "files" on SQLite.
        "MODEL_STORE": store,
    }


DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 365,
    "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead: a tab left open all day still works
    "WTF_CSRF_HEADERS": ["X-CSRFToken", "X-CSRF-Token"],
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_HEADERS_ENABLED": True,
    # A shared store (Redis) that stops answering must not stop every login: each process
    # counts in its own memory until the store is back (flask-limiter checks it again).
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_SWALLOW_ERRORS": True,
    "LOGIN_LIMIT_PER_ADDRESS": "60 per 15 minutes",
    "REGISTER_LIMIT_PER_ADDRESS": "100 per hour",
    "PUSH_TEST_LIMIT": "10 per 10 minutes",  # test notifications, per account
    # Wrong passwords for one account from one address (an IPv6 /64) before that address is
    # locked out of it for the window; past the second count (from every address together),
    # one wrong password locks an address. See domain/throttle.py.
    "LOGIN_FAILURES_PER_ACCOUNT": 10,
    "LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES": 100,
    "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
    # Request bodies. Every form is a few KB, so anything past MAX_CONTENT_LENGTH is a 413
    # before a byte of it is parsed (a megabyte-long email would keep a worker busy for
    # seconds); MAX_FORM_MEMORY_SIZE bounds each text field of a multipart body the same way.
    # Only the import upload may send more: up to IMPORT_MAX_CONTENT_LENGTH (None: the file
    # limit plus 5 MB), and files above IMPORT_MAX_BYTES get a friendly message, not a 413.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    "IMPORT_MAX_CONTENT_LENGTH": None,
}

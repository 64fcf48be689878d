"""Register, log in, log out."""

from __future__ import annotations

import hmac
from functools import lru_cache

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.security import check_password_hash, generate_password_hash

from habitory.account_fields import account_for
from habitory.account_language import follow_user
from habitory.i18n import remember_language, translate

from ..domain import accounts, push, throttle
from ..domain.text import has_control
from ..extensions import csrf, limiter, login_manager
from ..htmx import client_redirect, is_htmx, safe_next
from ..models import User
from ..sessions import begin_login, end_login
from . import bp
from .forms import EMAIL_TAKEN, LoginForm, RegisterForm

BAD_CREDENTIALS = _l("That email and password do not match an account.")
# The language cookie follows the signed-in user's choice, for the pages they see logged out.
bp.after_app_request(follow_user)


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """Checked when the email is unknown, so a wrong email takes as long as a wrong password:
    made with the method the accounts' hashes are (User.set_password), not Werkzeug's default,
    which may cost another time."""
    return generate_password_hash("not-a-real-password", method=method)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: "<id>:<session token>", and the token must still be the user's
    (a password change, or an account deleted and its id given to a new one, voids it)."""
    number, _, token = user_id.partition(":")
    if not number.isdigit() or not token or len(number) > 18:
        return None
    user = accounts.get(int(number))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """Send anonymous visitors to the login page; htmx gets HX-Redirect, never a 3xx."""
    view = current_app.view_functions.get(request.endpoint)
    if request.method == "GET" and not getattr(view, "fragment_only", False):
        back = request.full_path.rstrip("?")
    else:  # a POST, a poll or a row is no page to come back to: the page it was asked from is
        back = request.headers.get("HX-Current-URL") or request.referrer
    login_url = url_for("auth.login", next=safe_next(back))
    if is_htmx():
        return client_redirect(login_url, status=401)
    return redirect(login_url)


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _register_limit() -> str:
    return current_app.config["REGISTER_LIMIT_PER_ADDRESS"]


def _address() -> str:
    # As the failed logins are counted (an IPv6 /64 is one household): by the single address,
    # a client that owns a /64 had 2**64 fresh allowances for sign-ups and login attempts.
    return throttle.address_key(request.remote_addr)


def _not_signed_in(response) -> bool:
    """Whether a login attempt failed (wrong password, unknown email, a form not filled in,
    a locked account): only those count toward the per-address limit. A family or a team
    behind one router signs in many times a day, and a correct password must not be refused
    because the others' were right too."""
    return response.status_code >= 400


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, key_func=_address, methods=["POST"], deduct_when=_not_signed_in)
def login():
    """Show the login form and log the user in."""
    form = LoginForm()
    # Only a same-site path ever goes back into the form, also when it is shown again.
    form.next.data = safe_next(request.args.get("next") if request.method in ("GET", "HEAD")
                               else form.next.data) or ""
    if current_user.is_authenticated:  # signed in meanwhile (another tab): go where asked
        return redirect(form.next.data or url_for("habits.dashboard"), code=303)
    if request.method in ("GET", "HEAD"):
        return render_template("auth/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422
    email, address = form.email.data, throttle.address_key(request.remote_addr)
    # Only what an account's email can be is counted: a name without "@" is another counter's
    # (accounts.settings_key), which strangers' wrong logins must never feed.
    counted = "@" in email
    if counted and throttle.is_locked(email, address):
        return render_template(
            "auth/login.html",
            form=form,
            error=_("Too many failed attempts for this account. Wait 15 minutes and try again."),
        ), 429
    user = account_for(form.email)
    if user is None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        check_password_hash(_dummy_hash(method), form.password.data)
    if user is None or not user.check_password(form.password.data):
        if counted:
            throttle.record_failure(email, address)
        return render_template("auth/login.html", form=form, error=BAD_CREDENTIALS), 401
    throttle.clear(email, address)
    begin_login(user, remember=form.remember.data)
    remember_language(user.language)  # for the pages drawn without the database
    return redirect(form.next.data or url_for("habits.dashboard"), code=303)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, key_func=_address, methods=["POST"])
def register():
    """Create an account and log it in."""
    if not current_app.config["OPEN_REGISTRATION"]:
        return render_template("auth/registration_closed.html"), 403
    if current_user.is_authenticated:
        return redirect(url_for("habits.dashboard"), code=303)
    form = RegisterForm()
    if request.method in ("GET", "HEAD"):
        return render_template("auth/register.html", form=form)
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form), 422
    try:
        user = accounts.create(form.email.data, form.password.data, form.timezone.data or "UTC")
    except accounts.EmailTaken:  # the same email signed up at the same moment, after our check
        form.email.errors = [*form.email.errors, translate(EMAIL_TAKEN)]
        return render_template("auth/register.html", form=form), 422
    begin_login(user)
    flash(_("Welcome to Habitory. Add your first habit to get started."), "success")
    return redirect(url_for("habits.dashboard"), code=303)


@bp.post("/logout")
@csrf.exempt  # checked below, once the visitor is known to be signed in
def logout():
    """Log out everywhere (POST only, so a link or an image cannot do it).

    Already logged out, the visitor lands on the login page: a tab left open after logging
    out in another has a form whose token went with the session, and its "Log out" must not
    answer "form expired".

    The session cookie is signed, not stored: clearing it here would leave any copy of it
    valid. So the account's session token is rotated, which voids every session and
    remember-me cookie issued so far, on this device and on every other one.

    This device's push subscription, when app.js sends it (`push_endpoint`), is forgotten:
    reminders naming the habits must not keep reaching a shared phone nobody is logged in on.
    Also from a tab whose login ended elsewhere (a password or email change, a logout on
    another device): the session still names the account, and its owner pressing "Log out"
    on this phone means its reminders too. (No token is checked there, but a forged post
    would have to know this browser's endpoint, a secret of its own.)
    """
    if not current_user.is_authenticated:
        number = str(session.get("_user_id", "")).partition(":")[0]
        if request.form.get("push_endpoint") and number.isdigit() and len(number) <= 18:
            owner = accounts.get(int(number))
            if owner is not None:
                _forget_push(owner.id)
        return end_login()
    config = current_app.config
    if config.get("WTF_CSRF_ENABLED", True) and config.get("WTF_CSRF_CHECK_DEFAULT", True):
        csrf.protect()  # as CSRFProtect would have before the view
    _forget_push(current_user.id)
    accounts.end_sessions(current_user._get_current_object())
    return end_login(_("You are logged out. Every other device you were logged in on is "
                       "logged out too."))


def _forget_push(user_id: int) -> None:
    endpoint = request.form.get("push_endpoint", "")
    # Only what a subscription can hold (no NUL: PostgreSQL would refuse the query).
    if endpoint and len(endpoint) <= push.ENDPOINT_MAX and not has_control(endpoint):
        push.unsubscribe(user_id, endpoint)

"""Account: change password, change email, delete the account and everything in it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user

from ..account_fields import canonical_email, email_in_use
from ..account_language import forget_language
from ..domain import accounts, throttle, tokens
from ..sessions import end_login
from . import bp
from .forms import DeleteAccountForm, EmailChangeForm, PasswordChangeForm

WRONG_PASSWORD = _l("That is not your current password.")
EMAIL_IN_USE = _l("Another account already uses this email.")
PASSWORD_IS_EMAIL = _l("Your password must not be your email address.")


def _confirmed(field) -> int:
    """Check the current password, counting wrong ones as the login does but on a counter of
    their own ("settings:<id>"): a stolen session cannot guess it at full speed (10 a
    quarter-hour), while wrong logins from strangers never lock the owner out of changing it.
    0 when it is right; else the status to answer, with the message at the field."""
    user = current_user._get_current_object()
    key, address = accounts.settings_key(user), throttle.address_key(request.remote_addr)
    if throttle.is_locked(key, address):
        field.errors = [_("Too many failed attempts for this account. Wait 15 minutes and try "
                          "again.")]
        return 429
    if not user.check_password(field.data or ""):
        throttle.record_failure(key, address)
        field.errors = [WRONG_PASSWORD]
        return 422
    throttle.clear(key, address)
    return 0


def _stay_logged_in(user) -> None:
    """Log this device back in after a change that ended every login of the account (a new
    password or email), with a fresh cookie, remembered if it was."""
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    login_user(user, remember=remembered in request.cookies)


@bp.route("/settings/account", methods=["GET"])
@login_required
def account():
    """Password, email and account deletion."""
    return _page()


def _page(status: int = 200, **forms):
    context = {
        "password_form": PasswordChangeForm(formdata=None, prefix="password"),
        "email_form": EmailChangeForm(formdata=None, prefix="email"),
        "delete_form": DeleteAccountForm(formdata=None, prefix="delete"),
    }
    context.update(forms)
    return render_template("settings/account.html", **context), status


@bp.post("/settings/password")
@login_required
def change_password():
    """A new password, once the current one is confirmed."""
    form = PasswordChangeForm(prefix="password")
    if not form.validate_on_submit():
        return _page(422, password_form=form)
    refused = _confirmed(form.current)
    if refused:
        return _page(refused, password_form=form)
    if canonical_email(form.password.data) == current_user.email:
        form.password.errors = [PASSWORD_IS_EMAIL]
    else:
        user = current_user._get_current_object()
        accounts.change_password(user, form.password.data)
        revoked = tokens.revoke_all(user.id) if form.revoke_tokens.data else 0
        _stay_logged_in(user)
        flash(_("Password changed. Every other device you were logged in on is logged out.")
              + (" " + ngettext("%(num)d API token was revoked.",
                                "%(num)d API tokens were revoked.", revoked)
                 if form.revoke_tokens.data else ""), "success")
        return redirect(url_for("settings.account"), code=303)
    return _page(422, password_form=form)


@bp.post("/settings/email")
@login_required
def change_email():
    """A new login email, unique whatever its case, confirmed with the password."""
    form = EmailChangeForm(prefix="email")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        refused = _confirmed(form.current)
        if refused:
            return _page(refused, email_form=form)
        if form.email.data == user.email:
            # Nothing would change, but every other device would be logged out.
            form.email.errors = [_("That is already your login email.")]
        elif email_in_use(form.email, user):
            form.email.errors = [EMAIL_IN_USE]
        elif canonical_email(form.current.data) == form.email.data:
            # The rule of the sign-up and the password change, from the email's side.
            form.email.errors = [PASSWORD_IS_EMAIL]
        else:
            try:
                accounts.change_email(user, form.email.data)
            except accounts.EmailTaken:  # another account took it at the same moment
                form.email.errors = [EMAIL_IN_USE]
                return _page(422, email_form=form)
            # API tokens stay: they are not the login (the password is unchanged), and
            # scripts are no reason to break; Settings → Tokens revokes them.
            _stay_logged_in(user)
            flash(_("Your login email is now %(email)s.", email=form.email.data) + " "
                  + _("Every other device you were logged in on is logged out."), "success")
            return redirect(url_for("settings.account"), code=303)
    return _page(422, email_form=form)


@bp.post("/settings/delete")
@login_required
def delete_account():
    """Delete the account: every row of the user and their model file; the session ends."""
    form = DeleteAccountForm(prefix="delete")
    if not form.validate_on_submit():
        return _page(422, delete_form=form)
    refused = _confirmed(form.current)
    if refused:
        return _page(refused, delete_form=form)
    accounts.delete(current_user.id)
    # The language it chose is no reason to keep a trace of the account on this browser.
    return forget_language(end_login(_("Your account and all its data are deleted.")))

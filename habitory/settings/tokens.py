"""Settings → API tokens: create one (shown once), see when each was last used, revoke.

Each rendering of the create form carries a one-time value (`once`), and the token it makes
keeps it (hashed): a reload of the answer (the browser sends the form again) or a second click
then says the form was already sent, instead of making a token whose secret nobody sees, from
whichever browser or session it comes. The outcome depends on the value alone: a fresh form
always makes its token, even one named like a token made a minute ago in another browser.
"""

from __future__ import annotations

import hashlib

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import tokens
from ..domain.tokens import TokenError
from ..models import ApiToken, utcnow
from . import bp
from .token_forms import TokenForm, new_once

# [[user id, fingerprint of a form's value, its token's id, the token's hint], ...]: the hint
# too, as SQLite gives a revoked token's id to the next token made. A revoked token is deleted,
# its form's value with it: only the sessions that saw the form sent can still tell.
SENT = "token_forms_sent"
SENT_KEPT = 10  # the session cookie stays small; a token that exists is found by its row


def _page(form: TokenForm, status: int = 200, listed: list[ApiToken] | None = None,
          **shown):
    if form.sent_once() is None:
        form.once.data = new_once()
    if listed is None:
        listed = tokens.tokens_of(current_user.id)
    shown = {"secret": None, "created": None, "sent_again": False, "sent_token": None,
             **shown}
    return render_template("settings/tokens.html", form=form, tokens=listed, now=utcnow(),
                           **shown), status


def _fingerprint(once: str) -> str:
    return hashlib.sha256(once.encode()).hexdigest()[:16]


def _noted() -> list[list]:
    return [entry for entry in session.get(SENT, []) if entry[0] == current_user.id]


def _note(once: str | None, token: ApiToken) -> None:
    if once is not None:
        entry = [current_user.id, _fingerprint(once), token.id, token.hint]
        entries = [kept for kept in session.get(SENT, []) if kept[:2] != entry[:2]]
        session[SENT] = [*entries, entry][-SENT_KEPT:]


def _sent_before(form: TokenForm, mine: list[ApiToken]) -> tuple[bool, ApiToken | None]:
    """Whether this rendering of the form made a token already, and which (None: revoked
    since). A submission without the form's value never was."""
    once = form.sent_once()
    if once is None:
        return False, None
    made = tokens.made_by_form(mine, once)
    if made is not None:
        return True, made
    # No token has it: revoked since (if this session saw the form make one), made before
    # tokens kept their form's value (by its id), or a fresh form.
    by_id = {token.id: token for token in mine}
    for entry in _noted():
        if entry[1] == _fingerprint(once):
            made = by_id.get(entry[2])  # (an entry noted before hints were: by its id alone)
            return True, made if made is not None and entry[3:] in ([], [made.hint]) else None
    return False, None


@bp.get("/settings/tokens")
@login_required
def api_tokens():
    """Your API tokens: name, access, created, last used, expiry."""
    return _page(TokenForm(formdata=None))


@bp.post("/settings/tokens")
@login_required
def create_api_token():
    """Create a token and show it, this once (only its hash is kept); a form sent again
    makes none (409) and says which token it made."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    if not form.name.data:
        form.name.errors = [_("Give the token a name, such as “Phone shortcut”.")]
        return _page(form, 422)
    mine = tokens.held_tokens_of(current_user.id)
    sent, made = _sent_before(form, mine)
    if sent:
        # 409, not 200: nothing was made, and a script or test sees so without reading the
        # page; 201 stays the one answer that carries a secret.
        if made is not None:
            _note(form.sent_once(), made)
        return _page(TokenForm(formdata=None), 409, mine, sent_again=True, sent_token=made)
    try:
        token, secret = tokens.create(current_user.id, form.name.data, form.scope.data,
                                      form.expires_in_days(), form_once=form.sent_once())
    except TokenError as error:
        getattr(form, error.field).errors = [error.message]
        return _page(form, 422)
    _note(form.sent_once(), token)
    return _page(TokenForm(formdata=None), 201, secret=secret, created=token)


@bp.post("/settings/tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    """Revoke a token: scripts using it get 401 from the next request on."""
    if not tokens.revoke(current_user.id, token_id):
        abort(404)
    flash(_("Token revoked: anything using it can no longer reach your data."), "success")
    return redirect(url_for("settings.api_tokens"), code=303)

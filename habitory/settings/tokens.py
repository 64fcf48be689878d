"""Settings → API tokens: create one (shown once), see when each was last used, revoke."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import tokens
from ..domain.tokens import TokenError
from ..models import utcnow
from . import bp
from .token_forms import TokenForm


def _page(form: TokenForm, status: int = 200, secret: str | None = None, created=None):
    return render_template("settings/tokens.html", form=form, tokens=tokens.tokens_of(
        current_user.id), secret=secret, created=created, now=utcnow()), status


@bp.get("/settings/tokens")
@login_required
def api_tokens():
    """Your API tokens: name, access, created, last used, expiry."""
    return _page(TokenForm(formdata=None))


@bp.post("/settings/tokens")
@login_required
def create_api_token():
    """Create a token and show it, this once (only its hash is kept)."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    if not form.name.data:
        form.name.errors = [_("Give the token a name, such as “Phone shortcut”.")]
        return _page(form, 422)
    try:
        token, secret = tokens.create(current_user.id, form.name.data, form.scope.data,
                                      form.expires_in_days())
    except TokenError as error:
        getattr(form, error.field).errors = [error.message]
        return _page(form, 422)
    return _page(TokenForm(formdata=None), 201, secret=secret, created=token)


@bp.post("/settings/tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    """Revoke a token: scripts using it get 401 from the next request on."""
    if not tokens.revoke(current_user.id, token_id):
        abort(404)
    flash(_("Token revoked: anything using it can no longer reach your data."), "success")
    return redirect(url_for("settings.api_tokens"), code=303)

"""The few helpers that decide page vs fragment, client redirects and events."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, make_response, redirect, render_template, request, url_for


def is_htmx() -> bool:
    """True for an htmx request that wants a fragment.

    A history restore (the page was not in htmx's cache) sends HX-Request too but needs the
    whole page, so it does not count.
    """
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def see_other_after_a_form(response: Response) -> Response:
    """A redirect answering a POST is a 303 (the README's contract for every plain form): a
    302 lets a client repeat the POST at the new address. Registered for every response, so
    a redirect written without code=303 (a login's, a library's) keeps it too."""
    if response.status_code == 302 and request.method not in ("GET", "HEAD"):
        response.status_code = 303
    return response


def page_or_fragment(
    page_template: str, fragment_template: str, status: int = 200, **context
) -> Response:
    """Render the full page, or only the fragment for htmx."""
    template = fragment_template if is_htmx() else page_template
    response = make_response(render_template(template, **context), status)
    return response


def redirect_back(fallback_endpoint: str = "habits.dashboard", anchor: str | None = None,
                  **values) -> Response:
    """303 to the page the form came from, if it was ours, else to the fallback; at `anchor`
    (an element's id), so a page reloaded without JavaScript opens where the user was."""
    target = safe_next(request.form.get("next") or request.referrer)
    target = target or url_for(fallback_endpoint, **values)
    if anchor:
        target = f"{target.partition('#')[0]}#{anchor}"
    return redirect(target, code=303)


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths: never an open redirect.

    Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so
    "/<tab>/evil.com" is "//evil.com" to them: any control character or backslash disqualifies
    a target, and what is left must have neither scheme nor host. Nor may it be what Python
    cannot parse ("http://[", a host with a fullwidth "／"): that is no page of ours either.
    """
    if not target:
        return None
    host = request.host_url
    if target.startswith(host):
        target = "/" + target[len(host):]
    if any(ch < " " or ch == "\x7f" for ch in target) or "\\" in target:
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def fragment_only(view):
    """Mark a view whose URL is no page to land on (a poll, a row): after a login, come back
    to the page it was asked from instead (see auth.routes.unauthorized)."""
    view.fragment_only = True
    return view


def client_redirect(url: str, status: int = 200) -> Response:
    """Redirect the browser from an htmx request (a 3xx would be followed inside the swap)."""
    response = make_response("", status)
    response.headers["HX-Redirect"] = url
    return response


def add_vary(response: Response) -> Response:
    """Caches must keep the page and the fragment apart."""
    response.vary.add("HX-Request")
    return response

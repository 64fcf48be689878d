"""?limit= and ?offset= pages of a list, and the Link header that names the pages around one
(the habits and the notifications page alike)."""

from __future__ import annotations

from flask import request, url_for


def page_links(endpoint: str, query, more: bool) -> str:
    """RFC 8288 links to the pages around this one (none when the request asked no page):
    the request's own query with another offset."""
    if query.limit is None:
        return ""
    links = []
    for rel, offset, wanted in (("next", query.offset + query.limit, more),
                                ("prev", max(0, query.offset - query.limit), query.offset > 0)):
        if wanted:
            args = {k: v for k, v in request.args.items() if k != "offset"}
            url = url_for(endpoint, **args, offset=offset)
            links.append(f'<{url}>; rel="{rel}"')
    return ", ".join(links)


def answer(page, links: str):
    """The page, with its Link header when it has one."""
    return (page, 200, {"Link": links}) if links else page

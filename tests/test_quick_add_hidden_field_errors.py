"""Quick add shows the name field alone: a message for another field a hand-made request sent
(a NUL byte in the description) was lost, a 422 with nothing said."""

from __future__ import annotations

import pytest

from .conftest import HTMX


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_hidden_fields_message_is_said_at_the_name(client, user, headers):
    response = client.post("/habits", data={"form": "quick", "name": "Read",
                                            "description": "a\x00b"}, headers=headers)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "NUL" in page
    assert "Remove a NUL byte" in page

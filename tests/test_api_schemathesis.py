"""Schemathesis fuzzes every operation of /api/openapi.json against the app, on SQLite and
PostgreSQL, with a read-write token and all its default checks: no server error, statuses,
content types and bodies as documented, negative data refused, positive data accepted,
authentication not ignored.

Positive data may also get a 422 here: a day in the future, "times" above "days" or a name
with no visible character are valid JSON Schema but refused by the rules of the day (JSON
Schema cannot say "not after today"). Every such refusal is still checked against the
documented problem document. So may a 304 or a 412: If-None-Match: * and If-Match with any
string are valid headers, and their documented answers.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from habitory.extensions import db

from .api_support import bearer

CONFIG = SchemathesisConfig.from_dict({
    "checks": {"positive_data_acceptance": {
        "expected-statuses": ["2xx", "304", "401", "403", "404", "409", "412", "422"]}},
})
FUZZ = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture
def api_headers(app, user, make_habit):
    """A read-write token of Ada's, who has a habit with history (ids 1.. exist)."""
    make_habit(user, "Read", done=[user.created_at.date()])
    return bearer(user.id)


@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
def test_every_operation_conforms(app, api_headers, mode):
    """Each operation gets its own Hypothesis run (schemathesis' lazy pytest loader does not
    run on pytest 9.2 yet: the Python API is the same engine without it)."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 14

    for operation in operations:
        @FUZZ
        @given(case=operation.as_strategy(generation_mode=mode))
        def conforms(case):
            try:
                case.call_and_validate(headers=api_headers)
            finally:
                db.session.rollback()

        conforms()

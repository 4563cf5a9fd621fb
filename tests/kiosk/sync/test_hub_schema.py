"""schemathesis against the hub's own OpenAPI schema: whatever a client sends, the hub never answers 500.

Every operation is called with a valid desk token (else all but /v1/enrol would stop at the 401) on a hub
that already holds a few events; bounded examples keep it under a minute.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from kiosk.store import Store
from kiosk.sync import enrolment
from kiosk.sync.hub import create_app
from tests.conftest import small_config
from tests.factories import add_attendees

# schemathesis reads the schema when the module is collected, so the hub exists from then on (not a fixture)
_folder = Path(tempfile.mkdtemp(prefix="kiosk-hub-schema-"))
_store = Store.open(_folder / "hub.sqlite", "fuzz-desk")
_store.set_config(small_config(), actor="t")
add_attendees(_store, "Ada Lovelace", "Grace Hopper")
_token = enrolment.enrol(_store, "Desk <1>", "fuzz-desk")
atexit.register(lambda: (_store.close(), shutil.rmtree(_folder, ignore_errors=True)))

app = create_app(_store, "SCHEMA42")
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case: schemathesis.Case) -> None:
    headers = dict(case.headers or {})
    headers.setdefault("Authorization", f"Bearer {_token}")
    if isinstance(case.body, dict) and isinstance(case.body.get("events"), list):
        for event in case.body["events"]:  # the token's own device: reach accept() rather than stop at the 403
            if isinstance(event, dict):
                event["device"] = "fuzz-desk"
    case.call_and_validate(headers=headers, checks=[not_a_server_error])

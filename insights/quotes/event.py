"""The event a stored request becomes for the CRM: its JSON body, fixed when it is written."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from insights.quotes.requests import Origin, QuoteRequest

EVENT_TYPE = "quote_request.created"


def new_event_id() -> str:
    """Return a fresh webhook-id: the same on every retry of its event, unique across events."""
    return f"msg_{uuid.uuid4().hex}"


def _iso(moment: dt.datetime) -> str:
    """Return an aware time as ISO 8601 UTC with a Z."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def make_event(
    reference: str, request: QuoteRequest, origin: Origin, received_at: dt.datetime
) -> dict[str, Any]:
    """Return the event as Standard Webhooks shapes one: type, timestamp, data."""
    return {
        "type": EVENT_TYPE,
        "timestamp": _iso(received_at),
        "data": {
            "reference": reference,
            "received_at": _iso(received_at),
            "kind": request.kind,
            "name": request.name,
            "company": request.company,
            "email": request.email,
            "phone": request.phone,
            "places": list(request.places),
            "themes": list(request.themes),
            "message": request.message,
            "consent": request.consent,
            "pitch": {
                "items": list(origin.pitch_items),
                "saved_pitch_id": origin.saved_pitch_id,
            },
        },
    }


def encode_event(event: dict[str, Any]) -> str:
    """Return the event's body as sent: compact JSON, UTF-8 text kept as typed."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))

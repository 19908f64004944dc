"""IP pledge test support: a valid pledge input for an enterprise."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from api.domain.clock import city_today


def pledge_input(uscc: str, **changes: Any) -> dict[str, Any]:
    """A valid patent pledge of the enterprise, loaned yesterday after a week."""
    loaned = city_today(datetime.now(UTC)) - timedelta(days=1)
    values: dict[str, Any] = {
        "uscc": uscc,
        "kind": "PATENT",
        "registrationNumber": "ZL202010123456.2",
        "pledgeRegisteredOn": (loaned - timedelta(days=3)).isoformat(),
        "valuation": "5000000.00",
        "loanAmount": "3000000.00",
        "appliedOn": (loaned - timedelta(days=7)).isoformat(),
        "loanedOn": loaned.isoformat(),
        "idempotencyKey": str(uuid.uuid4()),
    }
    values.update(changes)
    return values


def ip_pledge_variables(uscc: str) -> dict[str, Any]:
    """The IP pledges' part of the scope matrix's pool."""
    return {
        "ipPledge": pledge_input(uscc),
        "until": city_today(datetime.now(UTC)).isoformat(),
    }

"""Where a webhook host points now: the event loop's ``getaddrinfo``, for the destination rule.

Registration and every delivery resolve the host and refuse non-public addresses
(``api.domain.banking.webhooks.destination_refusal``); tests inject their own table instead.
"""

from __future__ import annotations

import asyncio
import socket

#: A host that does not resolve within this long is treated as not resolving.
RESOLVE_SECONDS = 5.0


async def resolve_host(host: str) -> list[str]:
    """The addresses ``host`` resolves to now, in the resolver's order; none when it does not."""
    loop = asyncio.get_running_loop()
    try:
        found = await asyncio.wait_for(
            loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), RESOLVE_SECONDS
        )
    except (OSError, UnicodeError, TimeoutError):
        # socket.gaierror is an OSError; IDNA refuses some names.
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in found))

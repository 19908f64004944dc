"""The typed per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeAlias

from strawberry.types import Info as StrawberryInfo

from api.auth.principal import Principal
from api.crypto import KeyedAccessCrypto, Keys
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.banking.ports import HostResolver
from api.graphql.bulk.links import BulkLinks
from api.graphql.ids import Cursors, GlobalIds
from api.graphql.loaders import Loaders
from api.webhooks.resolve import resolve_host


@dataclass(slots=True)
class Context:
    """What one GraphQL request carries: its unit of work and the repositories on its session,
    loaders, ID sealers. Only the unit of work commits (mutations through ``BaseMutation``)."""

    uow: UnitOfWork
    repos: Repositories
    loaders: Loaders
    ids: GlobalIds
    cursors: Cursors
    today: date
    request_id: str
    principal: Principal | None
    keys: Keys
    crypto: KeyedAccessCrypto
    now: datetime
    #: The platform's address as this request reached it (``http://host:port``), for links.
    public_url: str = ""
    #: Set when an access could not be audited: the request then commits nothing, serves nothing.
    audit_failed: bool = False
    #: Where a webhook host points (checked at registration); tests inject a table.
    resolve_host: HostResolver = resolve_host
    #: Signs the download links of completed bulk operations (none: no links are given).
    bulk_links: BulkLinks | None = None
    #: Whether the caller's partner type may run only its trusted documents (bulk queries too).
    trusted_only: bool = False


Info: TypeAlias = StrawberryInfo[Context, None]

"""GET /bulk-operations/{id}.jsonl: a completed bulk operation's file, for a signed link.

No token: the link's signature is the right to the file (as Shopify's). A forged link is 403,
an expired one 410, each with a JSON body saying so; a link to an operation that is not
completed, or whose file is gone, is 404. Every download served is audited first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from api.crypto import Keys
from api.db.bulk_jobs import completed_operation, record_download
from api.graphql.bulk.links import BulkLinks, LinkCheck
from api.settings import Settings

_REFUSALS = {
    LinkCheck.FORGED: (403, "FORGED_LINK", "this link was not signed by the platform"),
    LinkCheck.EXPIRED: (410, "EXPIRED_LINK", "this link has expired: ask for the operation again"),
}


class BulkDownloads:
    """Serves the files of completed bulk operations to holders of a valid link."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], links: BulkLinks, directory: Path
    ) -> None:
        self._sessions = sessions
        self._links = links
        self._directory = directory

    async def handle(self, request: Request) -> Response:
        """Check the link, audit the download, stream the file."""
        operation_id = str(request.path_params["operation_id"])
        params = request.query_params
        check = self._links.check(
            operation_id,
            params.get("expires", ""),
            params.get("signature", ""),
            datetime.now(UTC),
        )
        if check is not LinkCheck.VALID:
            status, code, message = _REFUSALS[check]
            return JSONResponse({"error": code, "message": message}, status_code=status)
        partner_id = await completed_operation(self._sessions, operation_id)
        path = self._directory / f"{operation_id}.jsonl"
        if partner_id is None or not path.is_file():
            return JSONResponse(
                {"error": "NOT_FOUND", "message": "no completed bulk operation has this file"},
                status_code=404,
            )
        address = request.client.host if request.client else "-"
        await record_download(
            self._sessions,
            operation_id,
            partner_id=partner_id,
            now=datetime.now(UTC),
            request_id=request.scope.get("state", {}).get("request_id", "-"),
            detail=f"from {address}",
        )
        return FileResponse(
            path, media_type="application/jsonl", filename=f"bulk-{operation_id}.jsonl"
        )


def bulk_download_routes(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], keys: Keys
) -> list[Route]:
    """The download route, its links checked with the key and lifetime from settings."""
    links = BulkLinks(keys.bulk_link, settings.resolved_oauth_issuer, settings.bulk_link_seconds)
    downloads = BulkDownloads(sessions, links, settings.resolved_bulk_export_dir)
    return [
        Route(
            "/bulk-operations/{operation_id:str}.jsonl", downloads.handle, methods=["GET", "HEAD"]
        )
    ]

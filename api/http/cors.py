"""Cross-origin access to /graphql and /oauth/token, for an explicit list of origins only.

Starlette's ``CORSMiddleware`` answers preflights and marks responses, one instance per path
(each allows its own methods); every other path gets no CORS headers at all. An origin not
in ``CREDIT_CORS_ORIGINS`` gets no ``Access-Control-Allow-Origin`` header, so a browser keeps
the response from the page; with the list empty the middleware is not installed.

No credentials mode: partners send bearer tokens in ``Authorization``, never cookies.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

#: The paths open to cross-origin requests and the methods each allows.
CORS_PATHS = {"/graphql": ("GET", "POST"), "/oauth/token": ("POST",)}
ALLOWED_HEADERS = ("Authorization", "Content-Type", "Accept")
EXPOSED_HEADERS = ("Retry-After", "X-Request-Id")
MAX_AGE_SECONDS = 600


def parse_origins(text: str) -> tuple[str, ...]:
    """The comma-separated origins of ``CREDIT_CORS_ORIGINS``; a malformed one raises."""
    origins = []
    for raw in text.split(","):
        origin = raw.strip()
        if not origin:
            continue
        parts = urlsplit(origin)
        exact = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme not in ("https", "http") or not parts.hostname or origin != exact:
            raise ValueError(
                f"CREDIT_CORS_ORIGINS: {origin!r} is not an origin"
                " (scheme://host[:port], no path, no trailing slash, no wildcard)"
            )
        if "*" in origin:
            raise ValueError("CREDIT_CORS_ORIGINS: wildcards are refused; list each origin")
        origins.append(origin)
    return tuple(origins)


class PathCORSMiddleware:
    """Starlette's CORS middleware on ``CORS_PATHS`` only, for ``origins`` only."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self._app = app
        self._by_path = {
            path: CORSMiddleware(
                app,
                allow_origins=origins,
                allow_methods=methods,
                allow_headers=ALLOWED_HEADERS,
                expose_headers=EXPOSED_HEADERS,
                max_age=MAX_AGE_SECONDS,
            )
            for path, methods in CORS_PATHS.items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Through the path's CORS middleware, or straight on."""
        cors = self._by_path.get(scope["path"]) if scope["type"] == "http" else None
        await (cors or self._app)(scope, receive, send)


def cors_middleware(origins_setting: str) -> list[Middleware]:
    """The middleware for ``CREDIT_CORS_ORIGINS``: none when it lists no origin."""
    origins = parse_origins(origins_setting)
    return [Middleware(PathCORSMiddleware, origins=origins)] if origins else []

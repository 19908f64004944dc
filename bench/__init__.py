"""Benchmarks: the app against a bare Starlette + asyncpg ceiling (see README.md)."""

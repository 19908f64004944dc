"""Bulk operations: a partner's export of one connection as JSON Lines, run by the worker."""

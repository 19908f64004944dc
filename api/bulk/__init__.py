"""Bulk operations off the request path: the worker's runner and the signed download links.

This package sits between the composition roots (``api.http``, ``api.cli``) and
``api.graphql``: the runner executes a partner's document through the real schema.
"""

"""The HTTP adapter and composition root: Starlette app, routes, middleware."""

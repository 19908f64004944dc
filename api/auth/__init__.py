"""Partner access: the OAuth 2 authorization server, partner types, scopes and token validation.

- ``scopes``: partner types, scopes, and the one table of which type may hold which scope.
- ``principal``: who is calling, as the resource side sees it.
- ``config``: issuer, audience, lifetimes and refresh interval, from the settings.
- ``client_secrets``, ``signing_keys``, ``tokens``: secrets, keys and access tokens.
- ``trust``: the in-memory keys and deny-list, reloaded from the database every few seconds.
- ``clients``, ``server``: Authlib's core server with our client model (synchronous).
- ``starlette_adapter``, ``endpoints``, ``well_known``: the HTTP side of the server (async).
- ``middleware``: bearer-token validation in front of ``/graphql``.
- ``partners``, ``key_store``: the operator's tasks (create, rotate, disable).
- ``wiring``: all of it assembled for the app.
"""

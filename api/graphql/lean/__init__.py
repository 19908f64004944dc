"""Lean field resolution: plain fields and context-only resolvers without the per-field layers.

For every field, strawberry's resolver wrapper builds an ``Info``, converts the arguments
(renaming each one through the name converter), chains the field extensions with
``functools.reduce``, and only then reads an attribute or calls the resolver; graphql-core's
executor builds a resolve-info object and walks ``complete_value`` down to the leaf coercion.
On a page of 50 enterprises with their records (about 1,650 fields, 1,300 of them a column of
a row) those layers were most of the request's CPU.

``LeanExecutor`` is a graphql-core executor class, given to strawberry through its public
``execution_context_class`` parameter (``lean_executor()`` makes one per schema). It changes
nothing in the schema: from the schema it executes (``Executor.schema``) it derives, once, a
table of the fields for which the layers do nothing, and a direct resolve function for each:

- *plain* fields (strawberry's "basic field": no resolver, no extension, no argument): the
  value is read with the configured default resolver, as strawberry does;
- resolvers marked ``reads_context_only`` (they use nothing of ``info`` but ``info.context``,
  which graphql-core's resolve info has too), whose parameters are the parent (``root``,
  ``parent`` or, on ``Query``, ``self``: the root value), then optionally ``info``, then
  arguments of built-in scalar types or of the schema's scalar registry but ``GlobalID``
  (which strawberry passes through unconverted), and whose only field extension is the
  project's declared permission (``HasScope`` / ``IsAuthenticated``): the permission is
  checked first, exactly where strawberry's ``PermissionExtension`` checks it (inside the
  coroutine for async resolvers, so errors are collected in the same order), then the
  resolver is called.

Fields that do not fit are resolved by strawberry's own resolver. ``execute_field`` calls the
direct function instead of strawberry's; ``execute_fields`` completes plain and context-only
*leaf* fields (scalar or enum, no argument, no permission) inline, as
``Executor.complete_value`` does a leaf, sending any error through ``handle_field_error``;
``complete_object_value``/``complete_list_value`` complete whole selections by a plan
(``api.graphql.lean.plans``). Every value is read once; what is not the plain case is completed by
graphql-core's own methods with that value. When the executor meets a value it cannot complete
(``LeanExecutionError``) the request fails: the failure is counted
(``credit_graphql_fast_path_failures_total{reason}``), logged at error level on the
``api.graphql`` logger, and the response is an internal error; nothing is retried, nothing
falls back. With graphql-core middleware (an extension that wraps resolvers) the executor is
graphql-core's and strawberry's unchanged. ``tests/api/test_lean_execution.py`` compares every
persisted operation with strawberry's stock execution.

Tested with the strawberry-graphql and graphql-core versions pinned in ``pyproject.toml``: the
methods overridden here are graphql-core's executor's, whose signatures a new version may change.
"""

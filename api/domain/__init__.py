"""Pure credit rules and use cases: no framework, no I/O."""

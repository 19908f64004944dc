"""What an operator sees: Prometheus metrics (``metrics``, ``endpoint``) and traces (``tracing``).

Imports nothing from the rest of ``api``, so any layer may call into it.
"""

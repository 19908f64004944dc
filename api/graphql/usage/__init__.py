"""Partners' usage and quotas in the schema: ``myUsage``, ``partnerUsage`` and the overrides."""

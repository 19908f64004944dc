"""The reports context: special credit reports, issued and verified."""

"""Report mutations."""

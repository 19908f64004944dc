"""The access audit: one append-only row per read of personal or non-public data, and its views."""

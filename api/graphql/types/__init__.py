"""GraphQL object types; roots are domain dataclasses, so plain fields cost no resolver code."""

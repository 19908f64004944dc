"""The credit context's GraphQL types."""

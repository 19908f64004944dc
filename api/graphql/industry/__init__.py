"""Industry credit evaluations and graded supervision through GraphQL."""

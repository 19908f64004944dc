"""信易批 in GraphQL: the catalogue of approval matters, commitments and their outcomes."""

"""The GraphQL adapter: Strawberry types, loaders, permissions and the single ``schema``."""

"""Webhook delivery: the outbox deliverer, its signing, and its settings."""

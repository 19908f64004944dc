"""The webhooks context: a bank's webhook, the borrowers it follows, its outbox."""

"""Webhook mutations: a bank's webhook and the borrowers it follows."""

from __future__ import annotations

import strawberry

from api.graphql.webhooks.mutations import subscriptions


@strawberry.type(description="A bank's webhook and the borrowers it follows.")
class WebhookMutation:
    """Merged into the mutation root."""

    register_webhook = subscriptions.register_webhook
    follow_borrower = subscriptions.follow_borrower
    unfollow_borrower = subscriptions.unfollow_borrower

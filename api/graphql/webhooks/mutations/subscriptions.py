"""A bank registers its webhook and follows or unfollows borrowers."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.banking import services
from api.domain.banking.errors import BankingCode
from api.graphql.banking.views import USCC, enterprise_named
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import UnifiedSocialCreditCode
from api.graphql.webhooks.types import WebhookPayload, refused_webhook
from api.webhooks.settings import get_webhook_settings

REGISTER_WEBHOOK, RegisterWebhookPayload = own_payload(
    "RegisterWebhook",
    (BankingCode.INVALID_ARGUMENT,),
    WebhookPayload,
    refused_webhook,
    description="Your webhook after registering it, or why not.",
    field="url",
)


FOLLOW, FollowBorrowerPayload = own_payload(
    "FollowBorrower",
    (BankingCode.NOT_FOUND, BankingCode.WEBHOOK_NOT_REGISTERED, BankingCode.NOT_A_BORROWER),
    WebhookPayload,
    refused_webhook,
    description="A borrower subscription after following, or why not.",
    field="uscc",
)


UNFOLLOW, UnfollowBorrowerPayload = own_payload(
    "UnfollowBorrower",
    (BankingCode.NOT_FOUND,),
    WebhookPayload,
    refused_webhook,
    description="A borrower subscription after unfollowing, or why not.",
    field="uscc",
)


@mutation_field(
    Scope.WEBHOOK_MANAGE,
    description="Register the HTTPS URL post-loan events are POSTed to (JSON, signed "
    "with a detached JWS in X-Credit-Signature, key in the JWKS).",
    graphql_type=RegisterWebhookPayload,
)
@REGISTER_WEBHOOK.performs
async def register_webhook(
    info: Info,
    url: Annotated[str, strawberry.argument(description="Your HTTPS endpoint.")],
) -> WebhookPayload:
    """Register (or replace) the URL your events are POSTed to, signed (X-Credit-Signature)."""
    context = info.context

    stored = await services.register_webhook(
        context.repos,
        bank_id=caller(info).partner_id,
        url=url,
        now=context.now,
        allow_loopback_http=get_webhook_settings().allow_loopback_http,
        resolve=context.resolve_host,
    )
    return RegisterWebhookPayload(url=stored, following=False, errors=[])


@mutation_field(
    Scope.WEBHOOK_MANAGE,
    description="Follow one of your borrowers: a worse grade or green status, or a "
    "new serious record, is POSTed to your webhook.",
    graphql_type=FollowBorrowerPayload,
)
@FOLLOW.performs
async def follow_borrower(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
) -> WebhookPayload:
    """Follow a borrower you reported a line to: worsening is POSTed to your webhook."""
    context = info.context
    bank_id = caller(info).partner_id

    enterprise = await enterprise_named(info, uscc)
    await services.follow_borrower(
        context.repos, bank_id=bank_id, enterprise_id=enterprise.id, now=context.now
    )
    url = await context.repos.webhooks.endpoint(bank_id)
    return FollowBorrowerPayload(url=url, following=True, errors=[])


@mutation_field(
    Scope.WEBHOOK_MANAGE,
    description="Stop following a borrower.",
    graphql_type=UnfollowBorrowerPayload,
)
@UNFOLLOW.performs
async def unfollow_borrower(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
) -> WebhookPayload:
    """Stop following a borrower."""
    context = info.context
    bank_id = caller(info).partner_id

    enterprise = await enterprise_named(info, uscc)
    await context.repos.webhooks.unsubscribe(bank_id, enterprise.id)
    url = await context.repos.webhooks.endpoint(bank_id)
    return UnfollowBorrowerPayload(url=url, following=False, errors=[])

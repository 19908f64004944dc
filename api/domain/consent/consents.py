"""Standing consents: a partner asks, the subject authorises or rejects, and may revoke.

The lifecycle follows open banking (domain.md, "Consent, as open banking does it"). A person
acts through the citizen app; an enterprise through the citizen app's enterprise login. Every
consent returned here carries its effective status (past its expiry it reads as EXPIRED).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from api.domain.consent.model import (
    Accessor,
    Consent,
    ConsentAction,
    ConsentPermission,
    ConsentStatus,
    Purpose,
    SubjectRef,
)
from api.domain.consent.ports import AccessStore
from api.domain.consent.rules import (
    check_consent_expiry,
    check_consent_purpose,
    check_permissions,
    effective_status,
    next_status,
    require_aware,
)
from api.domain.errors import NotFoundError
from api.domain.paging import Page, PageRequest
from api.domain.subjects.model import SubjectKind


def _as_of(consent: Consent, now: datetime) -> Consent:
    status = effective_status(consent, now)
    return consent if status is consent.status else replace(consent, status=status)


def _not_found() -> NotFoundError:
    return NotFoundError("no such consent")


def is_consent_id(value: str) -> bool:
    """Whether ``value`` has the shape of a consent id (a canonical random UUID)."""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


async def subject_exists(store: AccessStore, subject: SubjectRef) -> bool:
    """Whether a person or enterprise with this subject id exists."""
    if subject.kind is SubjectKind.PERSON:
        return subject.id in await store.persons.by_ids([subject.id])
    if subject.kind is SubjectKind.ENTERPRISE:
        return subject.id in await store.enterprises.by_ids([subject.id])
    return False


async def request_consent(
    store: AccessStore,
    *,
    accessor: Accessor,
    subject: SubjectRef,
    permissions: Iterable[ConsentPermission],
    purpose: Purpose,
    expires_at: datetime,
    now: datetime,
) -> Consent:
    """A partner asks a subject for consent; it awaits the subject's authorisation.

    Raises PurposeNotAllowedError, PermissionNotApplicableError, ConsentExpiryError (more than
    180 days or not in the future) or NotFoundError (no such subject).
    """
    require_aware(now)
    granted = frozenset(permissions)
    check_consent_purpose(purpose, accessor.allowed_purposes)
    check_permissions(subject.kind, granted)
    check_consent_expiry(expires_at, now)
    if not await subject_exists(store, subject):
        raise NotFoundError(f"no such {subject.kind.value}")
    consent = Consent(
        id=str(uuid.uuid4()),
        subject=subject,
        partner_id=accessor.partner_id,
        permissions=granted,
        purpose=purpose,
        status=ConsentStatus.AWAITING_AUTHORISATION,
        created_at=now,
        status_updated_at=now,
        expires_at=expires_at,
        created_by_client_id=accessor.client_id,
    )
    await store.consents.add(consent)
    return consent


async def _subjects_consent(store: AccessStore, consent_id: str, subject: SubjectRef) -> Consent:
    consent = await store.consents.get(consent_id) if is_consent_id(consent_id) else None
    if consent is None or consent.subject != subject:
        raise _not_found()
    return consent


async def _act(
    store: AccessStore,
    *,
    consent_id: str,
    subject: SubjectRef,
    action: ConsentAction,
    now: datetime,
) -> Consent:
    require_aware(now)
    consent = await _subjects_consent(store, consent_id, subject)
    current = effective_status(consent, now)
    new = next_status(current, action)
    if not await store.consents.change_status(
        consent.id, expected=consent.status, new=new, now=now
    ):
        # Someone else moved it first: judge the action against the state they left.
        fresh = await _subjects_consent(store, consent_id, subject)
        next_status(effective_status(fresh, now), action)
        raise RuntimeError("the consent changed while it was being updated")  # pragma: no cover
    return replace(consent, status=new, status_updated_at=now)


async def authorise_consent(
    store: AccessStore, *, consent_id: str, subject: SubjectRef, now: datetime
) -> Consent:
    """The subject authorises a consent awaiting authorisation.

    Raises NotFoundError unless it is this subject's consent, ConsentTransitionError (naming
    the current state) unless it is AWAITING_AUTHORISATION and unexpired.
    """
    return await _act(
        store, consent_id=consent_id, subject=subject, action=ConsentAction.AUTHORISE, now=now
    )


async def reject_consent(
    store: AccessStore, *, consent_id: str, subject: SubjectRef, now: datetime
) -> Consent:
    """The subject rejects a consent awaiting authorisation (errors as ``authorise_consent``)."""
    return await _act(
        store, consent_id=consent_id, subject=subject, action=ConsentAction.REJECT, now=now
    )


async def revoke_consent(
    store: AccessStore, *, consent_id: str, subject: SubjectRef, now: datetime
) -> Consent:
    """The subject revokes an authorised consent, with immediate effect.

    Raises NotFoundError unless it is this subject's consent, ConsentTransitionError naming
    the state unless it is AUTHORISED and unexpired.
    """
    return await _act(
        store, consent_id=consent_id, subject=subject, action=ConsentAction.REVOKE, now=now
    )


async def partner_consent(
    store: AccessStore, *, consent_id: str, partner_id: int, now: datetime
) -> Consent:
    """A consent as its partner sees it (to poll its status); NotFoundError for anyone else's."""
    consent = await store.consents.get(consent_id) if is_consent_id(consent_id) else None
    if consent is None or consent.partner_id != partner_id:
        raise _not_found()
    return _as_of(consent, require_aware(now))


async def subject_consent(
    store: AccessStore, *, consent_id: str, subject: SubjectRef, now: datetime
) -> Consent:
    """A consent as its subject sees it; NotFoundError for anyone else's."""
    consent = await _subjects_consent(store, consent_id, subject)
    return _as_of(consent, require_aware(now))


async def subject_consents(
    store: AccessStore, *, subject: SubjectRef, request: PageRequest, now: datetime
) -> Page[Consent]:
    """The subject's consents, newest first, keyset-paged, each with its effective status."""
    require_aware(now)
    page = await store.consents.page_for_subject(subject, request)
    return Page(
        items=[(_as_of(consent, now), key) for consent, key in page.items],
        has_next=page.has_next,
    )


class SubjectAction(Protocol):
    """The shape of authorise_consent, reject_consent and revoke_consent."""

    async def __call__(
        self, store: AccessStore, *, consent_id: str, subject: SubjectRef, now: datetime
    ) -> Consent:
        """Apply the subject's action."""
        ...

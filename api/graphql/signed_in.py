"""The signed-in subject the city app acts for: a person or an enterprise, named exactly once."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.domain.consent.model import SubjectRef
from api.domain.consent.persons import find_person
from api.domain.errors import InvalidArgumentError, NotFoundError
from api.graphql.context import Info
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode

#: The argument naming the signed-in person.
SignedInPerson = Annotated[
    ResidentId | None, strawberry.argument(description="The signed-in person.")
]
#: The argument naming the signed-in enterprise.
SignedInEnterprise = Annotated[
    UnifiedSocialCreditCode | None, strawberry.argument(description="The signed-in enterprise.")
]


def exactly_one(resident_id: str | None, uscc: str | None) -> str:
    """The one identifier given; InvalidArgumentError unless exactly one of the two is."""
    if (resident_id is None) == (uscc is None):
        raise InvalidArgumentError("name residentId or uscc")
    return resident_id or uscc or ""


async def signed_in_subject(info: Info, resident_id: str | None, uscc: str | None) -> SubjectRef:
    """The subject named by exactly one identifier; NotFoundError if there is no such subject."""
    exactly_one(resident_id, uscc)
    repos = info.context.repos
    if resident_id is not None:
        person = await find_person(repos, info.context.crypto, resident_id)
        if person is None:
            raise NotFoundError("no such person")
        return SubjectRef.person(person.id)
    enterprise = await repos.enterprises.by_uscc(uscc or "")
    if enterprise is None:
        raise NotFoundError("no such enterprise")
    return SubjectRef.enterprise(enterprise.id)

"""Credit records and the departments that report them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from api.domain.records.model import (
    CreditRecord,
    Department,
    RecordCategory,
    RecordStatus,
    Severity,
)
from api.graphql.ids import NodeType
from api.graphql.relay import Connection, Node, global_id_field

RecordCategoryEnum = strawberry.enum(
    RecordCategory, name="RecordCategory", description="What a department reported."
)


SeverityEnum = strawberry.enum(
    Severity,
    name="Severity",
    description="Severity of a negative record, per the 2026 credit repair rules.",
)


RecordStatusEnum = strawberry.enum(
    RecordStatus, name="RecordStatus", description="Where a record stands."
)


#: Nested record pages default to 10 rows and are capped like every connection.
DEFAULT_RECORDS_PAGE = 10


@strawberry.type(name="Department", description="A city department that reports credit records.")
class DepartmentType(Node):
    """A data source."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, Department)

    id = global_id_field(NodeType.DEPARTMENT)

    code: str = strawberry.field(description="Stable short code of the department.")
    name: str = strawberry.field(description="English name.")
    name_zh: str = strawberry.field(description="Chinese name.")


@strawberry.type(name="CreditRecord", description="One publishable fact a department reported.")
class CreditRecordType(Node):
    """A credit record; repaired, expired, exempted and minor negative records are never shown."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, CreditRecord)

    id = global_id_field(NodeType.CREDIT_RECORD)

    category: RecordCategoryEnum = strawberry.field(description="What kind of fact this is.")  # type: ignore[valid-type]  # strawberry enum used as a type
    severity: SeverityEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Severity, for negative records only."
    )
    occurred_at: datetime = strawberry.field(description="When it happened (UTC).")
    publicity_until: date | None = strawberry.field(
        description="Last day it may be published; none for records without a publicity period."
    )
    status: RecordStatusEnum = strawberry.field(description="Always ACTIVE for shown records.")  # type: ignore[valid-type]  # strawberry enum used as a type
    summary: str = strawberry.field(description="What the department reported, in a sentence.")

    department: DepartmentType = strawberry.field(
        description="The department that reported it (provenance); read with the record."
    )


def records_listing(subject_id: int) -> str:
    """The cursor namespace of one subject's records (a cursor cannot be used on another)."""
    return f"records:{subject_id}"


#: Records of one subject, newest first.
CreditRecordConnection = Connection[CreditRecordType]

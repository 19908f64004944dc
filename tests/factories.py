"""Test data builders: valid identifiers, subjects and records, inserted through the session."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, literal_column
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import create_partner
from api.auth.purposes import PURPOSES_BY_TYPE
from api.auth.scopes import PartnerType
from api.crypto import Keys, blind_index, encrypt_identifier
from api.db.tables import (
    CreditRecordRow,
    DepartmentRow,
    EnterpriseRow,
    GreenProfileRow,
    HouseholdRow,
    MerchantRow,
    PersonRow,
    SubjectRow,
    TaxCreditRatingRow,
)
from api.db.tables.village import HouseholdMemberRow, VillageRow, VillageRuleRow
from api.domain.consent.model import Accessor
from api.domain.identifiers import make_resident_id, make_uscc, mask_resident_id
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import District, GreenActivityClass, SizeClass, SubjectKind, TaxGrade

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
_counter = itertools.count(1)


def next_uscc() -> str:
    """A fresh valid unified social credit code."""
    return make_uscc("91", "330502", f"{next(_counter):08d}0")


class Factory:
    """Inserts rows for a test; everything is rolled back with the test's transaction."""

    def __init__(self, session: AsyncSession, keys: Keys) -> None:
        self.session = session
        self.keys = keys
        self._department_id: int | None = None

    async def department(self, code: str | None = None) -> int:
        """A department (one per factory unless a code is given)."""
        if code is None and self._department_id is not None:
            return self._department_id
        code = code or f"dept-{next(_counter)}"
        result: Any = await self.session.execute(
            insert(DepartmentRow)
            .values(code=code, name=f"Bureau {code}", name_zh="局")
            .returning(literal_column("id"))
        )
        department_id = int(result.scalar_one())
        self._department_id = self._department_id or department_id
        return department_id

    async def _subject(self, kind: SubjectKind) -> int:
        result: Any = await self.session.execute(
            insert(SubjectRow)
            .values(kind=kind.value, created_at=NOW)
            .returning(literal_column("id"))
        )
        return int(result.scalar_one())

    async def enterprise(
        self,
        *,
        name: str | None = None,
        district: District = District.WUXING,
        size_class: SizeClass = SizeClass.SMALL,
        industry_code: str = "C2611",
        tax_grade: TaxGrade | None = TaxGrade.B,
        green_class: GreenActivityClass | None = None,
        registered_on: date = date(2015, 3, 1),
        uscc: str | None = None,
    ) -> tuple[int, str]:
        """An enterprise (with a tax rating and a green profile when given); returns (id, uscc)."""
        subject_id = await self._subject(SubjectKind.ENTERPRISE)
        uscc = uscc or next_uscc()
        await self.session.execute(
            insert(EnterpriseRow).values(
                subject_id=subject_id,
                uscc=uscc,
                name=name or f"湖州测试企业{subject_id}有限公司",
                industry_code=industry_code,
                district=district.value,
                size_class=size_class.value,
                registered_on=registered_on,
                registered_capital=Decimal("1000000.00"),
                tax_grade=tax_grade.value if tax_grade else None,
                green_class=green_class.value if green_class else None,
            )
        )
        if tax_grade is not None:
            await self.session.execute(
                insert(TaxCreditRatingRow).values(
                    enterprise_id=subject_id, year=2025, grade=tax_grade.value, score=Decimal("85")
                )
            )
        if green_class is not None:
            await self.session.execute(
                insert(GreenProfileRow).values(
                    enterprise_id=subject_id,
                    activity_class=green_class.value,
                    emissions_tonnes=Decimal("120.50"),
                    carbon_intensity=Decimal("0.3100"),
                    carbon_reduction_tonnes=Decimal("40.00"),
                    esg_score=Decimal("78.5"),
                    as_of=date(2026, 6, 30),
                )
            )
        return subject_id, uscc

    async def merchant(
        self, commerce_district: str = "衣裳街", district: District = District.WUXING
    ) -> tuple[int, str]:
        """A merchant; returns (id, uscc)."""
        subject_id = await self._subject(SubjectKind.MERCHANT)
        uscc = make_uscc("92", "330502", f"{next(_counter):08d}0")
        await self.session.execute(
            insert(MerchantRow).values(
                subject_id=subject_id,
                uscc=uscc,
                name=f"个体商户{subject_id}",
                commerce_district=commerce_district,
                district=district.value,
            )
        )
        return subject_id, uscc

    async def person(self, sequence: int | None = None) -> tuple[int, str]:
        """A person; returns (id, resident id)."""
        subject_id = await self._subject(SubjectKind.PERSON)
        resident_id = make_resident_id(
            District.WUXING.value, date(1985, 5, 17), (sequence or next(_counter)) % 1000
        )
        await self.session.execute(
            insert(PersonRow).values(
                subject_id=subject_id,
                name="张三",
                district=District.WUXING.value,
                resident_id_hash=blind_index(self.keys.identifier_index, resident_id),
                resident_id_masked=mask_resident_id(resident_id),
                resident_id_encrypted=encrypt_identifier(
                    self.keys.identifier_encryption, resident_id
                ),
            )
        )
        return subject_id, resident_id

    async def household(
        self, village: str = "余村", number: str | None = None, *, head_id: int | None = None
    ) -> tuple[int, str]:
        """A household with a head (a new person unless given); returns (id, household number)."""
        if head_id is None:
            head_id, _ = await self.person()
        subject_id = await self._subject(SubjectKind.HOUSEHOLD)
        number = number or f"{next(_counter):05d}"
        await self.session.execute(
            insert(HouseholdRow).values(
                subject_id=subject_id,
                village=village,
                household_number=number,
                district=District.ANJI.value,
                head_person_id=head_id,
                member_count=3,
            )
        )
        return subject_id, number

    async def village(
        self,
        name: str = "余村",
        *,
        committee_partner_id: int | None = None,
        district: District = District.ANJI,
        rules: tuple[tuple[str, int, int | None], ...] = (),
    ) -> int:
        """A village keeping civility files (run by a committee partner), with point rules
        ``(code, points, yearly cap)``; returns its id."""
        result: Any = await self.session.execute(
            insert(VillageRow)
            .values(
                name=name,
                name_pinyin=f"village {next(_counter)}",
                district=district.value,
                township="天荒坪镇",
                committee_partner_id=committee_partner_id,
            )
            .returning(literal_column("id"))
        )
        village_id = int(result.scalar_one())
        for code, points, cap in rules:
            await self.session.execute(
                insert(VillageRuleRow).values(
                    village_id=village_id,
                    code=code,
                    version=1,
                    description=f"规则 {code}",
                    points=points,
                    yearly_cap=cap,
                    valid_from=NOW,
                )
            )
        return village_id

    async def member(self, household_id: int, person_id: int, relation: str = "spouse") -> None:
        """Add a person to a household."""
        await self.session.execute(
            insert(HouseholdMemberRow).values(
                household_id=household_id, person_id=person_id, relation=relation
            )
        )

    async def record(
        self,
        subject_id: int,
        *,
        category: RecordCategory = RecordCategory.HONOUR,
        severity: Severity | None = None,
        status: RecordStatus = RecordStatus.ACTIVE,
        occurred_at: datetime | None = None,
        publicity_until: date | None = None,
        summary: str = "test record",
    ) -> int:
        """A credit record about a subject; returns its id."""
        department_id = await self.department()
        result: Any = await self.session.execute(
            insert(CreditRecordRow)
            .values(
                subject_id=subject_id,
                department_id=department_id,
                category=category.value,
                severity=severity.value if severity else None,
                occurred_at=occurred_at or NOW - timedelta(days=next(_counter) % 300),
                publicity_until=publicity_until,
                status=status.value,
                summary=summary,
                created_at=NOW,
            )
            .returning(literal_column("id"))
        )
        return int(result.scalar_one())


async def partner_accessor(session: AsyncSession, partner_type: PartnerType) -> Accessor:
    """A new partner of this type, as the domain sees it behind a token."""
    issued = await create_partner(
        session, partner_type=partner_type, name=f"Test {partner_type} {next(_counter)}", now=NOW
    )
    return Accessor(
        partner_id=issued.partner_id,
        partner_type=partner_type.value,
        client_id=issued.client_id,
        token_id=f"jti-{issued.client_id}",
        allowed_purposes=PURPOSES_BY_TYPE[partner_type],
    )

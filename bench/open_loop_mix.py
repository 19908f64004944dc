"""The partner mix of the open-loop load: who sends which trusted document, how often, with what.

Per 100 requests (a city's working day as we picture it: scans at hospital desks and car
parks dominate, banks look enterprises up and page through candidates, the regulator and the
tax bureau read less often, citizens scan merchants):

========================  =================================  ======
partner type              trusted document                   weight
========================  =================================  ======
hospital                  PayAfterTreatmentEligibility       20
hospital                  PatientEligibility                 5
mobility_operator         MobilityDiscountEligibility        25
bank                      EnterpriseCreditProfile            15
bank                      GreenEnterprises (20 a page)       5
bank                      LoanCandidates (20 a page)         3
regulator                 EnterpriseCreditProfile            4
regulator                 EnterprisesForBulkExport           3
tax_bureau                EnterpriseTaxProfile               4
citizen_app               ScanMerchant                       10
citizen_app               MerchantIndicatorCard              6
========================  =================================  ======

Every request is ``{"documentId": ..., "variables": ...}`` with the partner's own bearer
token, obtained from the running app's ``/oauth/token`` (client credentials), so the load
goes through the real token checks, scopes, trusted-document lookup, quotas, consent gate
and audit. Set-up writes to the target database: one partner per type (``Bench open-loop
<type>``, found again on later runs, its secret rotated), the bank's three published products
(``bench/matching.py``'s), and integrity codes the citizen app issues (60 minutes).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.open_loop import Operation

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "schema" / "operations" / "manifest.json"
PARTNER_PREFIX = "Bench open-loop"

#: (partner type, document name, weight): the proportions stated above.
MIX: tuple[tuple[str, str, int], ...] = (
    ("hospital", "PayAfterTreatmentEligibility", 20),
    ("hospital", "PatientEligibility", 5),
    ("mobility_operator", "MobilityDiscountEligibility", 25),
    ("bank", "EnterpriseCreditProfile", 15),
    ("bank", "GreenEnterprises", 5),
    ("bank", "LoanCandidates", 3),
    ("regulator", "EnterpriseCreditProfile", 4),
    ("regulator", "EnterprisesForBulkExport", 3),
    ("tax_bureau", "EnterpriseTaxProfile", 4),
    ("citizen_app", "ScanMerchant", 10),
    ("citizen_app", "MerchantIndicatorCard", 6),
)


@dataclass(frozen=True)
class Credentials:
    """One partner's client id and a freshly issued secret."""

    partner_type: str
    partner_id: int
    client_id: str
    client_secret: str


@dataclass
class Samples:
    """Rows the bodies draw from: enterprise and merchant USCCs, resident IDs."""

    usccs: list[str]
    merchant_usccs: list[str]
    resident_ids: list[str]


def document_ids() -> dict[tuple[str, str], str]:
    """Trusted document id by (partner type, operation name), from the manifest."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    ids: dict[tuple[str, str], str] = {}
    for document in manifest["documents"]:
        for path in document["paths"]:
            partner_type = path.split("/", 1)[0]
            ids[(partner_type, document["name"])] = document["id"]
    return ids


async def partner_credentials(url: str, partner_types: set[str]) -> dict[str, Credentials]:
    """One bench partner per type with a new secret; the bank is bench/matching.py's bank."""
    from api.auth.partners import create_partner, rotate_client_secret
    from api.auth.scopes import PartnerType
    from api.db.engine import create_engine, session_factory
    from api.db.repositories.partners import PartnerRepository
    from bench.matching import BANK_NAME
    from bench.matching import setup as bank_setup

    await bank_setup(url)  # the bank partner and its published products (idempotent)
    engine = create_engine(url, pool_size=1, max_overflow=0)
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    found: dict[str, Credentials] = {}
    try:
        async with sessions() as session:
            repository = PartnerRepository(session)
            for name in sorted(partner_types):
                kind = PartnerType(name)
                label = BANK_NAME if kind is PartnerType.BANK else f"{PARTNER_PREFIX} {name}"
                existing = await repository.find_partner(name=label, partner_type=name)
                if existing is None or not existing.client_ids:
                    issued = await create_partner(session, partner_type=kind, name=label, now=now)
                    found[name] = Credentials(
                        name, issued.partner_id, issued.client_id, issued.client_secret
                    )
                    continue
                client_id = existing.client_ids[0]
                rotated = await rotate_client_secret(
                    session, client_id, overlap=timedelta(0), now=now
                )
                found[name] = Credentials(name, existing.id, client_id, rotated.client_secret)
            await session.commit()
    finally:
        await engine.dispose()
    return found


async def sample_rows(url: str, master_key: bytes, count: int) -> Samples:
    """A reproducible sample of enterprise and merchant USCCs and (decrypted) resident IDs."""
    from sqlalchemy import text

    from api.crypto import Keys, decrypt_identifier
    from api.db.engine import create_engine

    key = Keys.from_master(master_key).identifier_encryption
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:

            async def pick(table: str, column: str) -> list[Any]:
                total = (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar()  # noqa: S608 - our own table names
                step = max(1, int(total or 1) // count)
                rows = await connection.execute(
                    text(
                        f"SELECT {column} FROM {table} WHERE subject_id % :step = 0 "  # noqa: S608
                        "ORDER BY subject_id LIMIT :n"
                    ),
                    {"step": step, "n": count},
                )
                return [row[0] for row in rows]

            usccs = await pick("enterprises", "uscc")
            merchants = await pick("merchants", "uscc")
            blobs = await pick("persons", "resident_id_encrypted")
    finally:
        await engine.dispose()
    residents = [decrypt_identifier(key, bytes(blob)) for blob in blobs]
    for values in (usccs, merchants, residents):
        random.Random(42).shuffle(values)
    return Samples(usccs, merchants, residents)


async def fetch_tokens(
    client: httpx.AsyncClient, credentials: dict[str, Credentials]
) -> dict[str, str]:
    """A real access token per partner type from the app's token endpoint."""
    tokens: dict[str, str] = {}
    for name, cred in credentials.items():
        response = await client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(cred.client_id, cred.client_secret),
        )
        response.raise_for_status()
        tokens[name] = str(response.json()["access_token"])
    return tokens


async def _call(
    client: httpx.AsyncClient, token: str, document: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"documentId": document, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("errors") or not body.get("data"):
        raise RuntimeError(f"set-up call failed ({response.status_code}): {body}")
    data: dict[str, Any] = body["data"]
    return data


async def build_operations(
    client: httpx.AsyncClient, tokens: dict[str, str], samples: Samples, codes: int
) -> list[Operation]:
    """The mix's operations with their bodies; issues ``codes`` integrity codes per purpose."""
    ids = document_ids()
    citizen = tokens["citizen_app"]
    issued: dict[str, list[str]] = {"PAY_AFTER_TREATMENT": [], "MOBILITY_DISCOUNT": []}
    for purpose, found in issued.items():
        for resident in samples.resident_ids[:codes]:
            data = await _call(
                client,
                citizen,
                ids[("citizen_app", "IssueIntegrityCode")],
                {"residentId": resident, "purpose": purpose},
            )
            payload = data["issueIntegrityCode"]
            if payload.get("code"):
                found.append(payload["code"])
        if not found:
            raise RuntimeError(f"the citizen app got no {purpose} integrity code")
    scenarios = await _call(
        client, tokens["mobility_operator"], ids[("mobility_operator", "MobilityScenarios")], {}
    )
    mobility = [s["code"] for s in scenarios["incentiveScenarios"] if s["active"]]
    products = await _call(client, tokens["bank"], ids[("bank", "LoanProducts")], {"first": 20})
    product_ids = [p["id"] for p in products["loanProducts"]["nodes"] if p["status"] == "PUBLISHED"]
    if not mobility or not product_ids:
        raise RuntimeError("no active mobility scenario or no published loan product")
    pay, move = issued["PAY_AFTER_TREATMENT"], issued["MOBILITY_DISCOUNT"]
    variables: dict[str, list[dict[str, Any]]] = {
        "PayAfterTreatmentEligibility": [{"code": c} for c in pay],
        "PatientEligibility": [{"code": c} for c in pay],
        "MobilityDiscountEligibility": [
            {"scenarioCode": mobility[i % len(mobility)], "mobilityCode": c}
            for i, c in enumerate(move)
        ],
        "EnterpriseCreditProfile": [{"uscc": u} for u in samples.usccs],
        "GreenEnterprises": [
            {"first": 20, "filter": {"districts": [d], "greenClasses": ["CLEAN_ENERGY"]}}
            for d in ("WUXING", "NANXUN", "DEQING", "CHANGXING", "ANJI")
        ]
        + [{"first": 20}],
        "LoanCandidates": [{"productId": p, "first": 20} for p in product_ids],
        "EnterprisesForBulkExport": [{}],
        "EnterpriseTaxProfile": [{"uscc": u} for u in samples.usccs],
        "ScanMerchant": [{"uscc": u} for u in samples.merchant_usccs],
        "MerchantIndicatorCard": [{"uscc": u} for u in samples.merchant_usccs],
    }
    operations = []
    for partner_type, name, weight in MIX:
        document = ids[(partner_type, name)]
        bodies = tuple(
            orjson.dumps({"documentId": document, "variables": v}) for v in variables[name]
        )
        header = f"Authorization: Bearer {tokens[partner_type]}"
        operations.append(Operation(f"{partner_type}/{name}", weight, bodies, (header,)))
    return operations
